// ims_load: a load generator that speaks the IMS Connect protocol as an HWSSMPL1 client.
//
//   ims_load [--connections N] [--size BYTES] [--seconds S | --count N] [--trancode ECHOTXN]
//            [--user U[,U2,...] --password-env VAR | --passticket --db DB --appl APPL]
//            [--tls --ca CA.pem] [--rate MSGS_PER_SEC] HOST:PORT
//   ims_load --drda --psb PSB --pcb PCBNAME [--function GU] [--ssa SSA]... [--user U --password-env VAR]
//            [--connections N] [--seconds S | --count N] [--tls --ca CA.pem] HOST:DRDAPORT
//
// Each connection is a persistent socket with its own thread that sends a send-receive (commit
// mode 1, sync level NONE) of the transaction with a message of the chosen size and waits for
// the reply before sending the next: closed-loop load, so throughput and latency are those of
// N clients each with one message in flight. All connections are opened (TLS handshakes
// included) before the clock starts. Progress is printed every second; at the end,
// throughput, latency p50 / p99 / p99.9 / max and the errors (an RSM, a reply of the wrong
// length, a broken connection).
//
// --rate R paces the load instead (open loop): each connection sends on a fixed schedule of
// R / N messages a second, the connections' schedules staggered evenly, and a message's latency
// counts from when it was due, not from when it went out, so a server that falls behind shows
// the queueing in its latencies (no coordinated omission). Still one message in flight per
// connection: a reply later than the next due time delays that send, and is counted against it.
//
// --drda: IMS Connect's DRDA port (ODACCESS DRDAPORT=) instead, as an IMS Universal driver
// would use it. Each connection signs on (EXCSAT, ACCSEC, SECCHK with --user and
// --password-env; under RACF=N any password) and allocates --psb (ACCRDB) before the clock
// starts; then every iteration is one OPNQRY of --function (GU: one row, one round trip) on PCB
// --pcb with the --ssa SSAs, and its reply (OPNQRYRM, QRYDTA, ENDQRYRM) must hold a row with a
// blank status code. No commit in between: a get call without hold takes no lock.
//
//   ims_load --drda --psb DFSIVP1 --pcb DBPCB01 --ssa 'A1111111(A1111111 =LAST1     )' \
//            --user BENCH01 --password-env PW -c 16 --seconds 5 127.0.0.1:DRDAPORT
//
// The same binary drives zgate and the baselines in bench/, so any cost of the client is the
// same on both sides of a ratio.
#include <CLI/CLI.hpp>
#include <sys/prctl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <latch>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "connect/client.h"
#include "connect/drda_client.h"
#include "connect/doors/irm/irm.h"
#include "connect/doors/irm/rsm.h"
#include "core/text.h"
#include "odbm/code_points.h"
#include "audit/sink.h"
#include "saf/security_manager.h"
#include "saf/store/store.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace connect = zgate::connect;

struct Settings {
  connect::ClientOptions client;
  int connections = 1;
  std::size_t size = 100;
  double seconds = 10;
  std::uint64_t count = 0;  // messages in all; 0 = run for `seconds`
  std::string trancode = "ECHOTXN", datastore = "IMS1";
  std::string data;  // --data: the data after the transaction code instead of --size bytes
  std::vector<std::string> users;
  std::string password;
  bool passticket = false;
  std::string appl;
  double rate = 0;  // messages a second in all (open loop); 0 = closed loop
  // --drda: one OPNQRY per iteration on an allocated PSB.
  bool drda = false;
  std::string psb, pcb, function = "GU";
  std::vector<std::string> ssas;
};

// The data after the transaction code: `size` bytes of printable text, so EBCDIC translation
// has real work to do, as it would for a real client.
std::string payload(std::size_t size) {
  std::string s;
  s.reserve(size);
  for (std::size_t i = 0; i < size; ++i) s.push_back(static_cast<char>('A' + i % 26));
  return s;
}

struct Totals {
  explicit Totals(int connections) : connected(connections) {}
  std::atomic<std::uint64_t> done{0}, errors{0};
  std::atomic<bool> stop{false};
  // Every connection counts down once, connected or not; then main starts the clock and `go`.
  std::latch connected;
  std::atomic<bool> go{false};
  std::atomic<std::size_t> reply_bytes{0};  // a good reply's length (the same for every one)
  Clock::time_point start;  // written by main before `go`
  std::mutex mu;
  Clock::time_point last_end;  // under mu: when the last connection stopped sending (--count)
  std::vector<std::uint32_t> latencies_us;  // merged at the end of each connection
};

// One connection's share of the run: it counts down `connected` once (open or not) and waits for
// the clock, and at the end merges its latencies.
struct ConnectionRun {
  Totals& t;
  std::vector<std::uint32_t> lat;
  bool counted = false;
  explicit ConnectionRun(Totals& totals) : t(totals) { lat.reserve(1 << 16); }
  void ready() {
    if (!counted) t.connected.count_down();
    counted = true;
    t.go.wait(false);
  }
  // One reply: good (its latency kept) or an error.
  void count(bool ok, long long us) {
    if (!ok) {
      t.errors.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    lat.push_back(static_cast<std::uint32_t>(std::min<long long>(us, UINT32_MAX)));
    t.done.fetch_add(1, std::memory_order_relaxed);
  }
  void failed(int index, const std::exception& e) {
    t.errors.fetch_add(1, std::memory_order_relaxed);
    std::fprintf(stderr, "ims_load: connection %d: %s\n", index, e.what());
  }
  void finish() {
    if (!counted) ready();  // failed before connecting (the request could not be built)
    const auto stopped = Clock::now();
    std::lock_guard lk(t.mu);
    t.last_end = std::max(t.last_end, stopped);
    t.latencies_us.insert(t.latencies_us.end(), lat.begin(), lat.end());
  }
};

// The PassTicket generator, shared: one fresh ticket per message (a ticket is good once).
struct Tickets {
  zgate::audit::NullSink sink;  // generating a ticket is not an event worth a record here
  std::unique_ptr<zgate::saf::SecurityManager> sm;
  std::mutex mu;
  std::string next(const std::string& user, const std::string& appl) {
    std::lock_guard lk(mu);
    std::string why;
    auto t = sm->generate_passticket(user, appl, zgate::saf::SecurityManager::TicketKind::Auto, &why);
    if (!t) throw std::runtime_error("no PassTicket for " + user + ": " + why);
    return *t;
  }
};

// --drda: the connection's conversation, signed on and with the PSB allocated; then OPNQRY
// after OPNQRY, one in flight. Closed loop only (main refuses --rate and --passticket with it).
void run_drda_connection(int index, const Settings& s, Totals& t, std::uint64_t quota) {
  namespace cp = zgate::odbm::cp;
  ConnectionRun run(t);
  try {
    connect::DrdaClient c(s.client);
    std::string request;
    try {
      c.connect();
      const std::string user = s.users.empty() ? "BENCH01" : s.users[static_cast<std::size_t>(index) % s.users.size()];
      auto on = c.sign_on(user, zgate::core::SecretString(s.password));
      if (!on.ok) throw std::runtime_error("sign-on refused: SECCHKCD " + std::to_string(on.code) + " " + on.diagnostic);
      auto a = c.allocate(s.psb);
      if (!a.ok) throw std::runtime_error("ACCRDB " + s.psb + " refused: reply X'" + std::to_string(a.reply) + "' " +
                                          a.diagnostic);
      // Built once, as the IRM side's request is: the correlation ID is the same every time.
      request = zgate::odbm::request::opnqry(1000, s.pcb, s.function, s.ssas, false, 0, zgate::core::CodePage::IBM037);
    } catch (...) {
      run.ready();
      throw;
    }
    run.ready();
    std::uint64_t sent = 0;
    while (!t.stop.load(std::memory_order_relaxed) && (quota == 0 || sent < quota)) {
      const auto t0 = Clock::now();
      zgate::odbm::ReplyView v = c.exchange(request);
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
      ++sent;
      bool ok = false;
      if (v.find(cp::OPNQRYRM))
        if (v.find(cp::QRYDTA)) {
          auto rows = zgate::odbm::read_rows(v.query_data(), zgate::core::CodePage::IBM037);
          ok = !rows.empty() && rows[0].pcb.status == "  ";
          if (ok) t.reply_bytes.store(rows[0].data.size(), std::memory_order_relaxed);
        }
      run.count(ok, us);
    }
  } catch (const std::exception& e) {
    run.failed(index, e);
  }
  run.finish();
}

void run_connection(int index, const Settings& s, Totals& t, Tickets* tickets, std::uint64_t quota) {
  ConnectionRun run(t);
  try {
    connect::Client c(s.client);
    try {
      c.connect();
    } catch (...) {
      run.ready();
      throw;
    }
    connect::Request r;
    r.format = connect::ExitFormat::Hwssmpl1;
    r.encoding = connect::Encoding::Ebcdic;
    r.irm.socket_type = connect::irmf::kSoctPersistent;
    r.irm.datastore = s.datastore;
    r.irm.trancode = s.trancode;
    if (!s.users.empty()) r.irm.userid = s.users[static_cast<std::size_t>(index) % s.users.size()];
    r.irm.password = zgate::core::SecretString(s.password);
    // A segment holds at most 32767 bytes with its LLZZ: a larger message is several
    // segments, the first starting with the transaction code, as a multi-segment IMS message.
    const std::string text = s.trancode + " " + (s.data.empty() ? payload(s.size) : s.data);
    constexpr std::size_t kSegmentData = 32000;
    for (std::size_t at = 0; at < text.size(); at += kSegmentData)
      r.segments.push_back(connect::Segment{
          0, connect::encode_chars(std::string_view(text).substr(at, kSegmentData), r.encoding,
                                   zgate::core::CodePage::IBM037)});
    auto encoded = connect::encode_request(r);
    if (!encoded.ok()) throw std::runtime_error("cannot encode the request: " + encoded.error);
    zgate::connect::Bytes wire = std::move(encoded.bytes);
    std::uint64_t sent = 0;
    std::size_t expect = 0;  // the first good reply's length: every later one must match
    run.ready();
    // Open loop: this connection's schedule, offset by its share of the interval.
    const auto interval = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(s.rate > 0 ? s.connections / s.rate : 0));
    if (s.rate > 0) ::prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);  // wake on time, not up to 50 us late
    auto due = t.start + interval * index / s.connections;
    while (!t.stop.load(std::memory_order_relaxed) && (quota == 0 || sent < quota)) {
      if (tickets) {
        r.irm.password = zgate::core::SecretString(tickets->next(r.irm.userid, s.appl));
        wire = connect::encode_request(r).bytes;
      }
      auto t0 = Clock::now();
      if (s.rate > 0) {
        std::this_thread::sleep_until(due);
        if (t.stop.load(std::memory_order_relaxed)) break;
        t0 = due;
        due += interval;
      }
      c.send_bytes(zgate::connect::ByteView(wire.data(), wire.size()));
      auto reply = c.read_reply_bytes(connect::ExitFormat::Hwssmpl1);
      auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
      ++sent;
      // An RSM is 4 + 20 bytes; a data reply is longer. Same length every time for an echo.
      bool ok = reply.size() > 24 && (expect == 0 || reply.size() == expect);
      if (ok && expect == 0) {
        expect = reply.size();
        t.reply_bytes.store(expect, std::memory_order_relaxed);
      }
      run.count(ok, us);
    }
  } catch (const std::exception& e) {
    run.failed(index, e);
  }
  run.finish();
}

double percentile_ms(std::vector<std::uint32_t>& v, double p) {
  if (v.empty()) return 0;
  std::size_t k = std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k] / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Load an IMS Connect (zgate or a baseline) with send-receive transactions."};
  Settings s;
  std::string target, users, password_env, db = "zgate.db";
  bool quiet = false;
  app.add_option("TARGET", target, "HOST:PORT")->required();
  app.add_option("--connections,-c", s.connections, "persistent connections, one message in flight each")->capture_default_str();
  app.add_option("--size", s.size, "bytes of data after the transaction code")->capture_default_str();
  app.add_option("--seconds", s.seconds, "how long to run")->capture_default_str();
  app.add_option("--count", s.count, "messages in all instead of --seconds");
  app.add_option("--trancode", s.trancode, "transaction code")->capture_default_str();
  app.add_option("--data", s.data, "the data after the transaction code (instead of --size bytes of filler)");
  app.add_option("--datastore", s.datastore, "IRM_IMSDESTID")->capture_default_str();
  app.add_option("--user", users, "RACF user ID, or a comma-separated mix (connection i uses user i mod n)");
  app.add_option("--password-env", password_env, "environment variable holding the users' password");
  app.add_flag("--passticket", s.passticket, "a fresh PassTicket for every message, from --db's PTKTDATA key");
  app.add_option("--appl", s.appl, "PassTicket application (IRM_APPL_NM is not sent: the DATASTORE's APPL= applies)");
  app.add_option("--db", db, "security database holding the PTKTDATA key")->capture_default_str();
  app.add_flag("--tls", s.client.tls, "connect with TLS");
  app.add_option("--ca", s.client.ca_file, "CA file (PEM) to verify the server");
  app.add_option("--rate", s.rate, "open loop: messages a second in all, spread evenly over the connections")
      ->check(CLI::PositiveNumber);
  app.add_flag("--drda", s.drda, "IMS Connect's DRDA port: OPNQRY on an allocated PSB (needs --psb, --pcb)");
  app.add_option("--psb", s.psb, "--drda: RDBNAM to allocate, PSBNAME[.ALIAS]");
  app.add_option("--pcb", s.pcb, "--drda: the DB PCB's name (PCBNAME=, or DBPCBnn)");
  app.add_option("--function", s.function, "--drda: the DL/I get call")->capture_default_str();
  app.add_option("--ssa", s.ssas, "--drda: an SSA (repeatable, in order)");
  app.add_flag("--quiet,-q", quiet, "no progress lines");
  CLI11_PARSE(app, argc, argv);

  auto colon = target.rfind(':');
  if (colon == std::string::npos) {
    std::fprintf(stderr, "ims_load: TARGET must be HOST:PORT\n");
    return 2;
  }
  s.client.host = target.substr(0, colon);
  s.client.port = static_cast<std::uint16_t>(std::stoi(target.substr(colon + 1)));
  for (std::size_t at = 0; !users.empty() && at <= users.size();) {
    auto comma = users.find(',', at);
    s.users.push_back(zgate::core::upper(users.substr(at, comma == std::string::npos ? std::string::npos : comma - at)));
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  if (!password_env.empty()) {
    const char* v = std::getenv(password_env.c_str());
    if (!v) {
      std::fprintf(stderr, "ims_load: %s is not set\n", password_env.c_str());
      return 2;
    }
    s.password = v;
  }
  std::unique_ptr<Tickets> tickets;
  if (s.passticket) {
    tickets = std::make_unique<Tickets>();
    tickets->sm = std::make_unique<zgate::saf::SecurityManager>(zgate::saf::store::open_sqlite(db), tickets->sink);
  }

  if (s.drda && (s.psb.empty() || s.pcb.empty() || s.rate > 0 || s.passticket)) {
    std::fprintf(stderr, "ims_load: --drda needs --psb and --pcb, and is closed loop (no --rate, --passticket)\n");
    return 2;
  }
  if (s.connections < 1) {
    std::fprintf(stderr, "ims_load: --connections must be at least 1\n");
    return 2;
  }
  Totals t(s.connections);
  std::vector<std::thread> threads;
  const std::uint64_t quota =
      s.count ? (s.count + static_cast<std::uint64_t>(s.connections) - 1) / static_cast<std::uint64_t>(s.connections) : 0;
  for (int i = 0; i < s.connections; ++i) {
    if (s.drda) threads.emplace_back(run_drda_connection, i, std::cref(s), std::ref(t), quota);
    else threads.emplace_back(run_connection, i, std::cref(s), std::ref(t), tickets.get(), quota);
  }
  // The clock starts once every connection is open (or has failed to open).
  t.connected.wait();
  const auto start = Clock::now();
  t.start = start;
  t.go = true;
  t.go.notify_all();

  std::uint64_t last = 0;
  const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s.seconds));
  for (int sec = 1;; ++sec) {
    const auto tick = start + std::chrono::seconds(sec);
    std::this_thread::sleep_until(s.count == 0 && tick > end ? end : tick);  // --seconds 0.5 is half a second
    std::uint64_t now = t.done.load();
    if (!quiet)
      std::fprintf(stderr, "  %3d s  %9llu msg/s  errors %llu\n", sec, static_cast<unsigned long long>(now - last),
                   static_cast<unsigned long long>(t.errors.load()));
    last = now;
    const bool finished = s.count ? now + t.errors.load() >= s.count : sec >= s.seconds;
    if (finished) break;
  }
  t.stop = true;
  for (auto& th : threads) th.join();
  // With --count the run ends when the last connection has its last reply, not at the
  // progress tick that noticed it (that would round the time up to whole seconds).
  const double elapsed =
      std::chrono::duration<double>((s.count ? t.last_end : Clock::now()) - start).count();
  auto& v = t.latencies_us;
  std::printf("connections %d size %zu messages %llu errors %llu seconds %.2f throughput %.1f msg/s "
              "p50 %.3f ms p99 %.3f ms p99.9 %.3f ms max %.3f ms reply %zu bytes\n",
              s.connections, s.size, static_cast<unsigned long long>(t.done.load()),
              static_cast<unsigned long long>(t.errors.load()), elapsed, static_cast<double>(t.done.load()) / elapsed,
              percentile_ms(v, 0.50), percentile_ms(v, 0.99), percentile_ms(v, 0.999), percentile_ms(v, 1.0),
              t.reply_bytes.load());
  return t.errors.load() ? 1 : 0;
}

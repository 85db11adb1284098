// ims_soak: the soak and abuse cases of docs/ROBUSTNESS.md ("Soak and abuse"), run against a
// real `zgate serve` over real sockets. scripts/soak writes the PROCLIB and the security
// database and runs this program; see that script for the members and the RACF commands.
//
//   ims_soak --zgate BIN --proclib DIR --db DB --programs DIR --logs DIR --port P
//            --timeout CS --idleto CS --maxsoc N --maxsize BYTES --revoke N
//            [--short] [--case N]... [--seed S] [--idle-goal-kib K]
//
// The numbers (--timeout ... --revoke) are the ones scripts/soak wrote into HWSCFG00 and the
// RACF database, so that each case knows what IMS Connect was told. HWSCFG00 is the abuse
// configuration (RACF=Y, UIDCACHE=Y, TIMEOUT, IDLETO, MAXSOC, MAXSIZE); HWSCFG01 is the
// idle-connection one (RACF=N, MAXSOC large); HWSCFG03 is HWSCFG00 with ODACCESS DRDAPORT=
// for case 11 (DRDA abuse, drda_abuse.h). The passwords come in the environment
// (SOAK_PW for USER1 and GOODUSER, SOAK_VICTIM_PW for VICTIM and SPRAY01-10): never on a
// command line, never printed, and removed from the environment before the server is started.
// SOAK_SERVER_PREFIX (diagnostics) runs the server under a wrapper such as heaptrack.
//
// Each case prints one line, PASS or FAIL, with its figures; the exit status is 1 if any case
// failed. The clients are plain blocking sockets (one file descriptor each, so that ten
// thousand of them fit), using zgate's IRM encoder and RSM decoder for the frames and raw
// bytes for the malformed ones. Connections are spread over source addresses 127.1.x.y so
// that tens of thousands of short connections do not run out of ephemeral ports.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "connect/client.h"
#include "drda_abuse.h"
#include "connect/doors/irm/framing.h"
#include "connect/doors/irm/irm.h"
#include "connect/return_codes.h"
#include "connect/doors/irm/rsm.h"

namespace {

namespace connect = zgate::connect;
namespace irmf = connect::irmf;
namespace rc = connect::rc;
using connect::Bytes;
using connect::ByteView;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr auto kCp = zgate::core::CodePage::IBM037;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
int ms_left(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

// ---- settings ---------------------------------------------------------------------------------

struct Config {
  std::string zgate, proclib, db, programs, logs;
  std::uint16_t port = 0;
  int timeout_cs = 0, idleto_cs = 0, maxsoc = 0, revoke = 0;
  std::size_t maxsize = 0;
  bool short_run = false;
  std::set<int> only;
  std::uint64_t seed = 0;
  double idle_goal_kib = 16;
  std::string pw, victim_pw;  // never printed
  std::uint16_t drda_port = 0;  // HWSCFG00 ODACCESS DRDAPORT= (0: case 11 is skipped)
  int porttmot_cs = 0;          // its PORTTMOT=
  std::vector<std::string> server_prefix;  // SOAK_SERVER_PREFIX, e.g. "heaptrack -o FILE"
};

// How hard each case pushes: the long form (the README's figures) and --short (CI, about a
// minute for everything on a 2-core machine).
struct Plan {
  int churn = 100000, churn_threads = 8;
  int slow_fresh = 200, slow_after = 100;
  int huge_reps = 100, huge_hold = 300, huge_threads = 8;
  int garbage = 20000, garbage_threads = 8;
  int flood = 20000, flood_threads = 8;
  int attack_threads = 8;
  double attack_seconds = 10, quiet_seconds = 3;
  int kill_conns = 32, kill_rounds = 3;
  double kill_seconds = 5;
  int mem_rounds = 10, mem_round = 20000;
  int idle = 10000;
  int budget_attackers = 40;
};

Plan short_plan() {
  Plan p;
  p.churn = 10000;
  p.slow_fresh = 30;
  p.slow_after = 10;
  p.huge_reps = 10;
  p.huge_hold = 50;
  p.garbage = 1500;
  p.flood = 1000;
  p.attack_threads = 4;
  p.attack_seconds = 3;
  p.quiet_seconds = 1;
  p.kill_conns = 8;
  p.kill_rounds = 1;
  p.kill_seconds = 2;
  p.mem_rounds = 4;
  p.mem_round = 5000;
  p.idle = 10000;
  return p;
}

// ---- results ----------------------------------------------------------------------------------

bool g_failed = false;

void verdict(int id, std::string_view name, bool pass, const std::string& figures) {
  std::printf("%s  %d %-22s %s\n", pass ? "PASS" : "FAIL", id, std::string(name).c_str(), figures.c_str());
  std::fflush(stdout);
  if (!pass) g_failed = true;
}

// The first few problems of a case, for its FAIL line; counts all of them.
class Problems {
 public:
  void add(std::string what) {
    std::lock_guard lk(mu_);
    if (++count_ <= 3) first_.push_back(std::move(what));
  }
  long count() const {
    std::lock_guard lk(mu_);
    return count_;
  }
  std::string text() const {
    std::lock_guard lk(mu_);
    if (count_ == 0) return "";
    std::string out = fmt::format("; {} problem(s): ", count_);
    for (std::size_t i = 0; i < first_.size(); ++i) out += (i ? " | " : "") + first_[i];
    return out;
  }

 private:
  mutable std::mutex mu_;
  long count_ = 0;
  std::vector<std::string> first_;
};

struct Stats {
  std::vector<double> v;
  void add(double x) { v.push_back(x); }
  double pct(double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    std::size_t k = std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())));
    return v[k];
  }
  double max() { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }
  double min() { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }
};

// ---- the server process -------------------------------------------------------------------

struct Memory {
  long rss_kib = 0, anon_kib = 0;
};

class ServerProc {
 public:
  explicit ServerProc(const Config& c) : c_(c) {}
  ~ServerProc() { stop(); }

  // Starts `zgate serve` on the PROCLIB with HWSCFG member `hwscfg`, and waits for
  // HWSC0000I (IMS Connect ready). The server dies with this program (PR_SET_PDEATHSIG).
  bool start(const std::string& hwscfg) {
    log_ = fmt::format("{}/serve{}-{}.log", c_.logs, ++starts_, hwscfg);
    std::vector<std::string> args = c_.server_prefix;
    for (const char* a : {"serve", "--proclib", c_.proclib.c_str(), "--db", c_.db.c_str(), "--programs",
                          c_.programs.c_str(), "--regions", "2", "--threads", "2", "--hwscfg", hwscfg.c_str()})
      args.push_back(a);
    args.insert(args.begin() + static_cast<std::ptrdiff_t>(c_.server_prefix.size()), c_.zgate);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) return false;
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(127);
      int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (fd < 0) ::_exit(127);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::execvp(argv[0], argv.data());
      ::_exit(127);
    }
    pid_ = target_ = pid;
    for (int i = 0; i < 400; ++i) {
      if (log().find("HWSC0000I") != std::string::npos) {
        if (!c_.server_prefix.empty()) target_ = find_server();
        return true;
      }
      int st;
      if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      std::this_thread::sleep_for(milliseconds(50));
    }
    return false;
  }

  // SIGTERM, as an operator stops IMS Connect; SIGKILL if it has not ended in 10 s.
  void stop() {
    if (pid_ <= 0) return;
    ::kill(target_, SIGTERM);  // the server itself, also under a wrapper
    int st = 0;
    for (int i = 0; i < 200; ++i) {
      if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(milliseconds(50));
    }
    kill9();
  }

  void kill9() {
    if (pid_ <= 0) return;
    if (target_ != pid_) ::kill(target_, SIGKILL);  // under a wrapper: the server itself first
    ::kill(pid_, SIGKILL);
    int st = 0;
    ::waitpid(pid_, &st, 0);
    pid_ = -1;
  }

  bool alive() {
    if (pid_ <= 0) return false;
    int st;
    if (::waitpid(pid_, &st, WNOHANG) == pid_) {
      died_ = fmt::format("the server died ({}{})", WIFSIGNALED(st) ? "signal " : "exit ",
                          WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
      pid_ = -1;
      return false;
    }
    return true;
  }
  const std::string& died() const { return died_; }

  Memory memory() const {
    Memory m;
    std::ifstream in(fmt::format("/proc/{}/status", target_));
    for (std::string line; std::getline(in, line);) {
      if (line.starts_with("VmRSS:")) m.rss_kib = std::atol(line.c_str() + 6);
      if (line.starts_with("RssAnon:")) m.anon_kib = std::atol(line.c_str() + 8);
    }
    return m;
  }

  // Open file descriptors of the server: its listening socket, its store and log files, the
  // region sockets, and one per connection it has accepted.
  int fds() const {
    int n = 0;
    if (DIR* d = ::opendir(fmt::format("/proc/{}/fd", target_).c_str())) {
      while (dirent* e = ::readdir(d))
        if (e->d_name[0] != '.') ++n;
      ::closedir(d);
    }
    return n;
  }

  std::string log() const {
    std::ifstream in(log_);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  int count_in_log(std::string_view what) const {
    std::string text = log();
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }
  const std::string& log_path() const { return log_; }
  pid_t pid() const { return pid_; }

 private:
  // Under SOAK_SERVER_PREFIX the child is the wrapper: the server is the descendant running
  // the zgate binary (the one that is not a region, i.e. the oldest).
  pid_t find_server() const {
    char want[4096];
    if (!::realpath(c_.zgate.c_str(), want)) return pid_;
    std::map<pid_t, pid_t> parent;
    if (DIR* d = ::opendir("/proc")) {
      while (dirent* e = ::readdir(d)) {
        pid_t p = std::atoi(e->d_name);
        if (p <= 0) continue;
        std::ifstream st(fmt::format("/proc/{}/stat", p));
        std::string line;
        std::getline(st, line);
        auto close = line.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(line.substr(close + 2));
        char state;
        pid_t pp = 0;
        rest >> state >> pp;
        parent[p] = pp;
      }
      ::closedir(d);
    }
    pid_t best = pid_;
    for (const auto& [p, pp] : parent) {
      bool below = false;
      for (pid_t a = pp; a > 1 && !below; a = parent.contains(a) ? parent[a] : 0) below = a == pid_;
      char exe[4096];
      ssize_t n = ::readlink(fmt::format("/proc/{}/exe", p).c_str(), exe, sizeof exe - 1);
      if (!below || n <= 0) continue;
      exe[n] = 0;
      if (std::strcmp(exe, want) == 0 && (best == pid_ || p < best)) best = p;
    }
    return best;
  }

  const Config& c_;
  pid_t target_ = -1;  // the zgate serve process (pid_ unless there is a wrapper)
  pid_t pid_ = -1;
  int starts_ = 0;
  std::string log_, died_;
};

// ---- a plain client socket --------------------------------------------------------------------

std::atomic<std::uint32_t> g_source{0};

// 127.1.x.y, y = 1..250: a different source address per connection, each with its own
// ephemeral port range.
in_addr_t next_source() {
  std::uint32_t i = g_source.fetch_add(1, std::memory_order_relaxed) % (250 * 250);
  return htonl((127u << 24) | (1u << 16) | ((i / 250) << 8) | (i % 250 + 1));
}

class Sock {
 public:
  enum class Got { Reply, Closed, Timeout, Malformed };

  Sock() = default;
  Sock(Sock&& o) noexcept : fd_(std::exchange(o.fd_, -1)), pending_(std::move(o.pending_)) {}
  Sock& operator=(Sock&& o) noexcept {
    if (this != &o) {
      close();
      fd_ = std::exchange(o.fd_, -1);
      pending_ = std::move(o.pending_);
    }
    return *this;
  }
  ~Sock() { close(); }

  bool open(std::uint16_t port) {
    close();
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return false;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(fd_, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    timeval tv{10, 0};  // bounds connect() too
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in src{};
    src.sin_family = AF_INET;
    src.sin_addr.s_addr = next_source();
    sockaddr_in dst{};
    dst.sin_family = AF_INET;
    dst.sin_port = htons(port);
    dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0 ||
        ::connect(fd_, reinterpret_cast<sockaddr*>(&dst), sizeof dst) != 0) {
      error_ = errno;
      close();
      return false;
    }
    return true;
  }
  int error() const { return error_; }
  bool is_open() const { return fd_ >= 0; }
  int fd() const { return fd_; }

  bool send(ByteView b) {
    std::size_t off = 0;
    while (off < b.size()) {
      ssize_t n = ::send(fd_, b.data() + off, b.size() - off, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      off += static_cast<std::size_t>(n);
    }
    return true;
  }
  bool send(const Bytes& b) { return send(ByteView(b)); }

  // One whole HWSSMPL1 reply (LLLL-delimited), within timeout_ms.
  Got read(connect::Reply& out, int timeout_ms) {
    const auto deadline = Clock::now() + milliseconds(timeout_ms);
    for (;;) {
      auto len = connect::reply_length(ByteView(pending_), connect::ExitFormat::Hwssmpl1);
      if (len.error) return Got::Malformed;
      if (len.length > 0 && len.length <= pending_.size()) {
        auto d = connect::decode_reply(ByteView(pending_.data(), len.length), connect::ExitFormat::Hwssmpl1);
        pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(len.length));
        if (!d.ok()) return Got::Malformed;
        out = std::move(*d.reply);
        return Got::Reply;
      }
      switch (fill(ms_left(deadline))) {
        case Fill::Data: break;
        case Fill::Closed: return Got::Closed;
        case Fill::Timeout: return Got::Timeout;
      }
    }
  }

  // Whether the server closes the connection (EOF or reset) within timeout_ms; bytes that
  // arrive first are counted in `bytes`.
  bool closed_by_peer(int timeout_ms, std::size_t* bytes = nullptr) {
    const auto deadline = Clock::now() + milliseconds(timeout_ms);
    for (;;) {
      std::size_t before = pending_.size();
      switch (fill(ms_left(deadline))) {
        case Fill::Data:
          if (bytes) *bytes += pending_.size() - before;
          pending_.clear();
          break;
        case Fill::Closed: return true;
        case Fill::Timeout: return false;
      }
    }
  }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    pending_.clear();
  }

 private:
  enum class Fill { Data, Closed, Timeout };
  Fill fill(int timeout_ms) {
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      int r = ::poll(&p, 1, timeout_ms);
      if (r == 0) return Fill::Timeout;
      if (r < 0) {
        if (errno == EINTR) continue;
        return Fill::Closed;
      }
      std::uint8_t buf[16384];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return Fill::Closed;
      pending_.insert(pending_.end(), buf, buf + n);
      return Fill::Data;
    }
  }

  int fd_ = -1;
  int error_ = 0;
  Bytes pending_;
};

// ---- requests -----------------------------------------------------------------------------

connect::Request request(const std::string& user, const std::string& pw, std::uint8_t soct,
                         const std::string& client_id = "") {
  connect::Request r;
  r.format = connect::ExitFormat::Hwssmpl1;
  r.encoding = connect::Encoding::Ebcdic;
  r.irm.userid = user;
  r.irm.password = zgate::core::SecretString(pw);
  r.irm.datastore = "IMS1";
  r.irm.socket_type = soct;
  r.irm.client_id = client_id;
  return r;
}

connect::Request with_text(connect::Request r, const std::string& text) {
  r.irm.trancode = text.substr(0, text.find(' '));
  r.segments.push_back(connect::Segment{0, connect::encode_chars(text, r.encoding, kCp)});
  return r;
}

Bytes encode(const connect::Request& r) {
  auto e = connect::encode_request(r);
  if (!e.ok()) throw std::runtime_error("cannot encode a request: " + e.error);
  return std::move(e.bytes);
}

std::string text_of(const connect::Reply& r) { return connect::reply_text(r, connect::Encoding::Ebcdic); }

std::string describe(const connect::Reply& r) {
  if (r.rsm) return "RSM " + connect::describe_rsm(*r.rsm);
  std::string t = text_of(r);
  if (t.size() > 60) t = t.substr(0, 60) + "...";
  return "DATA '" + t + "'";
}

std::string got_text(Sock::Got g) {
  switch (g) {
    case Sock::Got::Reply: return "a reply";
    case Sock::Got::Closed: return "the connection closed";
    case Sock::Got::Timeout: return "no reply in time";
    case Sock::Got::Malformed: return "a malformed reply";
  }
  return "?";
}

void put_be32(Bytes& b, std::size_t at, std::uint32_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 24);
  b[at + 1] = static_cast<std::uint8_t>(v >> 16);
  b[at + 2] = static_cast<std::uint8_t>(v >> 8);
  b[at + 3] = static_cast<std::uint8_t>(v);
}

// ---- shared by the cases ------------------------------------------------------------------

struct Soak {
  Config c;
  Plan plan;
  ServerProc server;
  explicit Soak(Config cfg) : c(std::move(cfg)), plan(c.short_run ? short_plan() : Plan{}), server(c) {}

  // ECHOTXN <tag> as USER1: the reply must be <tag>.
  Bytes echo(const std::string& tag, std::uint8_t soct = irmf::kSoctTransaction, const std::string& user = "USER1",
             const std::string& client_id = "") const {
    const bool target = user == "VICTIM" || user.starts_with("SPRAY");  // case 6's users
    return encode(with_text(request(user, target ? c.victim_pw : c.pw, soct, client_id), "ECHOTXN " + tag));
  }

  // One send-receive on a new transaction socket: the echo, within 10 s.
  bool exchange_ok(const std::string& tag, std::string* why = nullptr) {
    Sock s;
    if (!s.open(c.port)) {
      if (why) *why = fmt::format("connect: {}", std::strerror(s.error()));
      return false;
    }
    connect::Reply r;
    auto got = s.send(echo(tag)) ? s.read(r, 10000) : Sock::Got::Closed;
    if (got == Sock::Got::Reply && !r.rsm && text_of(r) == tag) return true;
    if (why) *why = got == Sock::Got::Reply ? describe(r) : got_text(got);
    return false;
  }

  // Runs `body(i)` for i in [0, n) on `threads` threads.
  static void parallel(int n, int threads, const std::function<void(int)>& body) {
    std::atomic<int> next{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
      ts.emplace_back([&] {
        for (int i; (i = next.fetch_add(1)) < n;) body(i);
      });
    for (auto& t : ts) t.join();
  }

  // Waits until the server's descriptor count is at or below `target` (connections the
  // clients closed are closed by the server too), or stops falling for half a second, or
  // `wait_ms` passes. Returns the count.
  int settle_fds(int target, int wait_ms) {
    auto deadline = Clock::now() + milliseconds(wait_ms);
    int last = server.fds();
    auto last_change = Clock::now();
    while (last > target && Clock::now() < deadline && seconds_since(last_change) < 0.5) {
      std::this_thread::sleep_for(milliseconds(50));
      int now = server.fds();
      if (now != last) last_change = Clock::now();
      last = now;
    }
    return last;
  }

  int baseline_fds = 0;  // the server's descriptors with no client connected
};

// ---- the mixed churn (cases 1 and 8) --------------------------------------------------------

// One connection of the churn; `kind` picks what it does. With `abuse`, a sixth of the
// connections send a huge length and a sixth garbage segments, so that the error paths are
// churned as well.
void churn_one(Soak& s, int i, bool abuse, Problems& p, std::atomic<long>& messages) {
  const int kind = i % (abuse ? 6 : 4);
  Sock sock;
  if (!sock.open(s.c.port)) {
    p.add(fmt::format("connect: {}", std::strerror(sock.error())));
    return;
  }
  connect::Reply r;
  const std::string tag = fmt::format("CHURN{}", i);
  switch (kind) {
    case 0:  // connect and hang up at once, no message
      return;
    case 1: {  // a transaction socket: one message, and IMS Connect closes it after the reply
      auto got = sock.send(s.echo(tag)) ? sock.read(r, 10000) : Sock::Got::Closed;
      if (got != Sock::Got::Reply || r.rsm || text_of(r) != tag) {
        p.add(fmt::format("transaction socket: {}", got == Sock::Got::Reply ? describe(r) : got_text(got)));
        return;
      }
      messages++;
      if (!sock.closed_by_peer(5000)) p.add("transaction socket left open after the reply");
      return;
    }
    case 2: {  // a persistent socket: one to three messages, then the client hangs up
      for (int k = 0; k <= i % 3; ++k) {
        const std::string t = tag + "P" + std::to_string(k);
        auto got = sock.send(s.echo(t, irmf::kSoctPersistent)) ? sock.read(r, 10000) : Sock::Got::Closed;
        if (got != Sock::Got::Reply || r.rsm || text_of(r) != t) {
          p.add(fmt::format("persistent socket: {}", got == Sock::Got::Reply ? describe(r) : got_text(got)));
          return;
        }
        messages++;
      }
      return;
    }
    case 3: {  // half a message, then the client hangs up
      Bytes m = s.echo(tag);
      m.resize(m.size() / 2);
      sock.send(m);
      return;
    }
    case 4: {  // a total length of 1 GiB: RSM RC 8 RSN 4, and IMS Connect disconnects
      Bytes m = s.echo(tag);
      put_be32(m, 0, 0x40000000);
      auto got = sock.send(m) ? sock.read(r, 5000) : Sock::Got::Closed;
      if (got != Sock::Got::Reply || !r.rsm || r.rsm->return_code != rc::kConnectError ||
          r.rsm->reason_code != rc::kInputExceedsBuffer)
        p.add(fmt::format("1 GiB length: {}", got == Sock::Got::Reply ? describe(r) : got_text(got)));
      else if (!sock.closed_by_peer(5000))
        p.add("1 GiB length: connection left open after the RSM");
      return;
    }
    case 5: {  // the segments replaced by bytes that are not segments: RC 8, and disconnect
      Bytes m = s.echo(tag);
      for (std::size_t k = 4 + connect::kIrmLenArch0; k < m.size(); ++k) m[k] = static_cast<std::uint8_t>(0x7F + k * 13);
      auto got = sock.send(m) ? sock.read(r, 5000) : Sock::Got::Closed;
      if (got != Sock::Got::Reply || !r.rsm || r.rsm->return_code != rc::kConnectError)
        p.add(fmt::format("garbage segments: {}", got == Sock::Got::Reply ? describe(r) : got_text(got)));
      else if (!sock.closed_by_peer(5000))
        p.add("garbage segments: connection left open after the RSM");
      return;
    }
  }
}

struct ChurnResult {
  double seconds = 0;
  long messages = 0;
};

ChurnResult churn(Soak& s, int n, int offset, bool abuse, Problems& p) {
  std::atomic<long> messages{0};
  auto t0 = Clock::now();
  Soak::parallel(n, s.plan.churn_threads, [&](int i) { churn_one(s, offset + i, abuse, p, messages); });
  return {seconds_since(t0), messages.load()};
}

// ---- case 1 -----------------------------------------------------------------------------------

void case_churn(Soak& s) {
  Problems p;
  const int n = s.plan.churn;
  ChurnResult r = churn(s, n, 0, false, p);
  std::string why;
  const bool after = s.exchange_ok("AFTERCHURN", &why);
  if (!after) p.add("a transaction after the churn: " + why);
  if (!s.server.alive()) p.add(s.server.died());
  verdict(1, "connection churn", p.count() == 0,
          fmt::format("{} connections in {:.1f} s ({:.0f}/s) on {} threads: a quarter each hung up at once, "
                      "sent one message on a transaction socket (closed by IMS Connect), 1-3 on a persistent "
                      "socket, or half a message; {} messages echoed{}",
                      n, r.seconds, n / r.seconds, s.plan.churn_threads, r.messages, p.text()));
}

// ---- case 2 -----------------------------------------------------------------------------------

// Slow clients. IBM: TCPIP TIMEOUT= is how long IMS Connect keeps a connection open when the
// client has not sent its input after connecting; IDLETO= how long a connection may wait in
// RECV state after an interaction. A client that drips one byte a second never completes a
// message, so the server must close it at TIMEOUT (fresh) or IDLETO (after a message).
void case_slowloris(Soak& s) {
  Problems p;
  struct Slow {
    Sock sock;
    bool after = false;   // completed one message before dripping
    bool silent = false;  // sends nothing at all
    Clock::time_point since;
    std::size_t sent = 0, bytes_back = 0;
    bool closed = false;
    double closed_after = 0;
  };
  const double timeout = s.c.timeout_cs / 100.0, idleto = s.c.idleto_cs / 100.0;
  const Bytes drip = s.echo("SLOWLORISSLOWLORISSLOWLORISSLOWLORISSLOWLORIS", irmf::kSoctPersistent);
  std::vector<Slow> slow(static_cast<std::size_t>(s.plan.slow_fresh + s.plan.slow_after));
  for (std::size_t i = 0; i < slow.size(); ++i) {
    Slow& c = slow[i];
    c.after = static_cast<int>(i) >= s.plan.slow_fresh;
    c.silent = !c.after && i % 3 == 0;
    if (!c.sock.open(s.c.port)) {
      p.add(fmt::format("connect: {}", std::strerror(c.sock.error())));
      c.closed = true;
      continue;
    }
    if (c.after) {
      connect::Reply r;
      const std::string tag = fmt::format("SLOW{}", i);
      auto got = c.sock.send(s.echo(tag, irmf::kSoctPersistent)) ? c.sock.read(r, 10000) : Sock::Got::Closed;
      if (got != Sock::Got::Reply || r.rsm || text_of(r) != tag) {
        p.add(fmt::format("first message: {}", got == Sock::Got::Reply ? describe(r) : got_text(got)));
        c.closed = true;
        continue;
      }
    }
    c.since = Clock::now();
  }
  // One byte a second to every connection still open; watch for the server closing them.
  const double limit = std::max(timeout, idleto) + 5;
  const auto start = Clock::now();
  int served_meanwhile = 0;
  for (int tick = 0; seconds_since(start) < limit; ++tick) {
    bool any_open = false;
    for (auto& c : slow) {
      if (c.closed) continue;
      any_open = true;
      if (!c.silent && c.sent < drip.size() && c.sock.send(ByteView(&drip[c.sent], 1))) ++c.sent;
    }
    if (!any_open) break;
    if (tick == 1) {  // the server goes on serving others while the slow ones hang on
      std::string why;
      if (s.exchange_ok("WHILESLOW", &why)) ++served_meanwhile;
      else p.add("a transaction while the slow clients hang on: " + why);
    }
    const auto next = start + milliseconds(1000 * (tick + 1));
    while (Clock::now() < next) {
      std::vector<pollfd> fds;
      std::vector<Slow*> who;
      for (auto& c : slow)
        if (!c.closed) {
          fds.push_back({c.sock.fd(), POLLIN, 0});
          who.push_back(&c);
        }
      if (fds.empty()) break;
      int r = ::poll(fds.data(), fds.size(), std::max(1, ms_left(next)));
      if (r <= 0) continue;
      for (std::size_t k = 0; k < fds.size(); ++k) {
        if (!fds[k].revents) continue;
        Slow& c = *who[k];
        std::uint8_t buf[512];
        ssize_t n = ::recv(c.sock.fd(), buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0) {
          c.bytes_back += static_cast<std::size_t>(n);
          continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        c.closed = true;
        c.closed_after = seconds_since(c.since);
        c.sock.close();
      }
    }
  }
  Stats fresh, after;
  int fresh_open = 0, after_open = 0, early = 0, late = 0;
  std::size_t replies = 0;
  for (auto& c : slow) {
    if (!c.since.time_since_epoch().count()) continue;  // never got going
    const double bound = c.after ? idleto : timeout;
    replies += c.bytes_back;
    if (!c.closed) {
      (c.after ? after_open : fresh_open)++;
      continue;
    }
    (c.after ? after : fresh).add(c.closed_after);
    if (c.closed_after < bound - 0.1) ++early;
    if (c.closed_after > bound + 1.5) ++late;
  }
  if (fresh_open) p.add(fmt::format("{} fresh slow clients still connected after {:.0f} s (TIMEOUT={:.2f} s)", fresh_open, limit, timeout));
  if (after_open) p.add(fmt::format("{} slow clients after a message still connected after {:.0f} s (IDLETO={:.2f} s)", after_open, limit, idleto));
  if (late) p.add(fmt::format("{} closed more than 1.5 s after their timeout", late));
  if (early) p.add(fmt::format("{} closed before their timeout", early));
  if (!s.server.alive()) p.add(s.server.died());
  std::string why;
  if (!s.exchange_ok("AFTERSLOW", &why)) p.add("a transaction after the slow clients: " + why);
  verdict(2, "slowloris", p.count() == 0,
          fmt::format("{} fresh clients (a third silent, the rest dripping 1 byte/s) closed by the server after "
                      "{:.2f}/{:.2f}/{:.2f} s (min/median/max; TIMEOUT={:.2f} s); {} dripping after one message closed "
                      "after {:.2f}/{:.2f}/{:.2f} s (IDLETO={:.2f} s); {} bytes sent back to them{}",
                      s.plan.slow_fresh, fresh.min(), fresh.pct(0.5), fresh.max(), timeout, s.plan.slow_after,
                      after.min(), after.pct(0.5), after.max(), idleto, replies, p.text()));
}

// ---- case 3 -----------------------------------------------------------------------------------

// Length fields that lie. IBM: a total length over the maximum is RSM RC 8 RSN 4 (input
// exceeds buffer), a negative one RC 8 RSN 5, one below X'58' RC 8 RSN 7, and RC 8 means the
// socket is disconnected by IMS Connect. The IRM_LEN and segment LL cases get the codes
// zgate's decoder documents (connect/doors/irm/irm.h, connect/doors/irm/framing.h). The server must answer at
// once, without waiting for (or allocating) the bytes the length claims.
void case_huge(Soak& s) {
  Problems p;
  const Bytes good = s.echo("HUGELENGTH");
  struct Variant {
    const char* name;
    std::function<Bytes()> make;
    std::uint32_t rc, rsn;
  };
  auto llll = [&](std::uint32_t v) {
    return [&good, v] {
      Bytes m = good;
      put_be32(m, 0, v);
      return m;
    };
  };
  const std::size_t seg = 4 + connect::kIrmLenArch0;  // the first segment's LL
  const std::vector<Variant> variants = {
      {"LLLL X'7FFFFFFF'", llll(0x7FFFFFFF), rc::kConnectError, rc::kInputExceedsBuffer},
      {"LLLL 1 GiB", llll(0x40000000), rc::kConnectError, rc::kInputExceedsBuffer},
      {"LLLL MAXSIZE+1", llll(static_cast<std::uint32_t>(s.c.maxsize + 1)), rc::kConnectError, rc::kInputExceedsBuffer},
      {"LLLL X'FFFFFFFF'", llll(0xFFFFFFFF), rc::kConnectError, rc::kNegativeLength},
      {"LLLL X'80000000'", llll(0x80000000), rc::kConnectError, rc::kNegativeLength},
      {"LLLL 0", llll(0), rc::kConnectError, rc::kTotalLengthInvalid},
      {"IRM_LEN X'FFFF'",
       [&] {
         Bytes m = good;
         m[4] = 0xFF;
         m[5] = 0xFF;
         return m;
       },
       rc::kExitError, rc::kIrmLengthInvalid},
      {"segment LL X'FFFF'",
       [&] {
         Bytes m = good;
         m[seg] = 0xFF;
         m[seg + 1] = 0xFF;
         return m;
       },
       rc::kConnectError, rc::kSegmentLengthError},
      {"segment LL X'7FFF'",
       [&] {
         Bytes m = good;
         m[seg] = 0x7F;
         m[seg + 1] = 0xFF;
         return m;
       },
       rc::kConnectError, rc::kIncorrectLength},
  };
  const Memory before = s.server.memory();
  Stats answer_ms;
  std::mutex mu;
  const int n = static_cast<int>(variants.size()) * s.plan.huge_reps;
  Soak::parallel(n, s.plan.huge_threads, [&](int i) {
    const Variant& v = variants[static_cast<std::size_t>(i) % variants.size()];
    Sock sock;
    if (!sock.open(s.c.port)) {
      p.add(fmt::format("connect: {}", std::strerror(sock.error())));
      return;
    }
    connect::Reply r;
    auto t0 = Clock::now();
    auto got = sock.send(v.make()) ? sock.read(r, 5000) : Sock::Got::Closed;
    const double took = seconds_since(t0) * 1000;
    if (got != Sock::Got::Reply || !r.rsm || r.rsm->return_code != v.rc || r.rsm->reason_code != v.rsn) {
      p.add(fmt::format("{}: expected RSM RC {} RSN {}, got {}", v.name, v.rc, v.rsn,
                        got == Sock::Got::Reply ? describe(r) : got_text(got)));
      return;
    }
    if (!sock.closed_by_peer(5000)) p.add(fmt::format("{}: connection left open after the RSM", v.name));
    std::lock_guard lk(mu);
    answer_ms.add(took);
  });
  const Memory after_answers = s.server.memory();

  // Lengths the server accepts (exactly MAXSIZE) on connections that then send nothing more:
  // the server holds what it was sent, not what was claimed.
  std::vector<Sock> held(static_cast<std::size_t>(s.plan.huge_hold));
  Bytes claim(good.begin(), good.begin() + 64);
  put_be32(claim, 0, static_cast<std::uint32_t>(s.c.maxsize));
  const Memory hold0 = s.server.memory();
  for (auto& h : held) {
    if (!h.open(s.c.port) || !h.send(claim)) p.add("a MAXSIZE claim: cannot connect or send");
  }
  std::this_thread::sleep_for(milliseconds(500));
  const Memory hold1 = s.server.memory();
  const double per_claim_kib = static_cast<double>(hold1.rss_kib - hold0.rss_kib) / held.size();
  held.clear();
  std::string why;
  if (!s.exchange_ok("AFTERHUGE", &why)) p.add("a transaction afterwards: " + why);
  if (!s.server.alive()) p.add(s.server.died());
  const double max_ms = answer_ms.max();
  if (max_ms > 2000) p.add(fmt::format("the slowest refusal took {:.0f} ms", max_ms));
  const long growth = after_answers.rss_kib - before.rss_kib;
  if (growth > 16 * 1024) p.add(fmt::format("RSS grew {} KiB over the refusals", growth));
  // A claim that allocated its length would cost MAXSIZE each; the session's own buffers are
  // far below an eighth of it.
  if (per_claim_kib * 1024 > static_cast<double>(s.c.maxsize) / 8)
    p.add(fmt::format("{:.0f} KiB of RSS per held MAXSIZE claim", per_claim_kib));
  verdict(3, "huge lengths", p.count() == 0,
          fmt::format("{} variants x {} ({}): each refused with its RSM and disconnected, answer p50 {:.2f} ms, "
                      "max {:.2f} ms; server RSS {:+} KiB over the {} refusals; {} connections claiming "
                      "MAXSIZE={} and sending 64 bytes cost {:.1f} KiB RSS each{}",
                      variants.size(), s.plan.huge_reps,
                      "LLLL 2 GiB-1, 1 GiB, MAXSIZE+1, negative x2, 0; IRM_LEN X'FFFF'; segment LL X'FFFF', X'7FFF'",
                      answer_ms.pct(0.5), max_ms, growth, n, s.plan.huge_hold, s.c.maxsize, per_claim_kib, p.text()));
}

// ---- case 4 -----------------------------------------------------------------------------------

// Garbage after a valid header. What the server must answer is what zgate's own decoder (the
// one the server runs) says of the bytes: the RSM of the first error, then the disconnect
// (RC 4 and RC 8 end the connection, IBM). A message the decoder accepts may get any answer
// (the random fields make it a random request); the server must not fall over or hang.
void case_garbage(Soak& s) {
  Problems p;
  const Bytes good = s.echo("GARBAGE", irmf::kSoctPersistent);
  const std::uint64_t seed = s.c.seed;
  std::atomic<long> rsm_as_decoded{0}, accepted{0}, after_valid{0};
  connect::DecodeOptions opt{kCp, s.c.maxsize};
  Soak::parallel(s.plan.garbage, s.plan.garbage_threads, [&](int i) {
    std::mt19937_64 rng(seed * 1000003 + static_cast<std::uint64_t>(i));
    auto byte = [&] { return static_cast<std::uint8_t>(rng()); };
    const int kind = i % 3;
    Bytes m;
    std::optional<std::string> first_tag;
    if (kind == 0) {  // the whole IRM valid, the segments random
      m.assign(good.begin(), good.begin() + 4 + connect::kIrmLenArch0);
      const std::size_t n = 1 + rng() % 3000;
      for (std::size_t k = 0; k < n; ++k) m.push_back(byte());
    } else if (kind == 1) {  // LLLL, IRM_LEN and IRM_ID valid, every other IRM byte random
      m.assign(good.begin(), good.begin() + 4 + connect::kIrmLenArch0);
      for (std::size_t k = 6; k < m.size(); ++k)
        if (k < 8 || k >= 16) m[k] = byte();
      const std::size_t n = rng() % 200;
      for (std::size_t k = 0; k < n; ++k) m.push_back(byte());
      m.insert(m.end(), {0x00, 0x04, 0x00, 0x00});
    } else {  // a valid message, then garbage in the same write
      m = good;
      first_tag = "GARBAGE";
      const std::size_t n = 4 + rng() % 500;
      for (std::size_t k = 0; k < n; ++k) m.push_back(byte());
    }
    if (kind != 2) put_be32(m, 0, static_cast<std::uint32_t>(m.size()));

    Sock sock;
    if (!sock.open(s.c.port)) {
      p.add(fmt::format("connect: {}", std::strerror(sock.error())));
      return;
    }
    if (!sock.send(m)) {
      p.add("send failed");
      return;
    }
    connect::Reply r;
    ByteView rest(m);
    if (first_tag) {
      auto got = sock.read(r, 10000);
      if (got != Sock::Got::Reply || r.rsm || text_of(r) != *first_tag) {
        p.add(fmt::format("the valid message before the garbage: {}", got == Sock::Got::Reply ? describe(r) : got_text(got)));
        return;
      }
      after_valid++;
      rest = rest.subspan(good.size());
      // What follows is a frame only if its 4 bytes are a length the server accepts and the
      // bytes are all there; otherwise the server waits for the rest or refuses the length.
      const std::uint32_t len = (std::uint32_t{rest[0]} << 24) | (std::uint32_t{rest[1]} << 16) |
                                (std::uint32_t{rest[2]} << 8) | rest[3];
      if (auto e = connect::check_total_length(len, s.c.maxsize)) {
        got = sock.read(r, 5000);
        if (got != Sock::Got::Reply || !r.rsm || r.rsm->return_code != e->return_code || r.rsm->reason_code != e->reason_code)
          p.add(fmt::format("garbage length X'{:08X}': expected RSM RC {} RSN {}, got {}", len, e->return_code,
                            e->reason_code, got == Sock::Got::Reply ? describe(r) : got_text(got)));
        else if (!sock.closed_by_peer(5000))
          p.add("connection left open after the RSM for a garbage length");
        else
          rsm_as_decoded++;
        return;
      }
      if (len > rest.size()) {  // a partial message: nothing to answer yet
        if (sock.read(r, 200) == Sock::Got::Reply) p.add("a reply to a partial message: " + describe(r));
        else accepted++;
        return;
      }
      rest = rest.subspan(0, len);
    }
    connect::DecodeResult d = connect::decode_request(rest, opt);
    auto got = sock.read(r, d.ok() ? 2000 : 5000);
    if (!d.ok()) {
      if (got != Sock::Got::Reply || !r.rsm || r.rsm->return_code != d.error->return_code ||
          r.rsm->reason_code != d.error->reason_code)
        p.add(fmt::format("expected RSM RC {} RSN {} ({}), got {}", d.error->return_code, d.error->reason_code,
                          d.error->detail, got == Sock::Got::Reply ? describe(r) : got_text(got)));
      else if (!sock.closed_by_peer(5000))
        p.add(fmt::format("connection left open after RSM RC {}", r.rsm->return_code));
      else
        rsm_as_decoded++;
      return;
    }
    if (got == Sock::Got::Malformed) p.add("a malformed reply to a random request");
    accepted++;  // a random but well-formed request: any answer, or none, will do
  });
  std::string why;
  if (!s.exchange_ok("AFTERGARBAGE", &why)) p.add("a transaction afterwards: " + why);
  if (!s.server.alive()) p.add(s.server.died());
  verdict(4, "garbage after header", p.count() == 0,
          fmt::format("{} connections (seed {}): valid IRM + random segments, valid LLLL/IRM_LEN/IRM_ID + random "
                      "IRM, valid message + random bytes; {} got exactly the RSM zgate's decoder gives and were "
                      "disconnected, {} valid messages before garbage echoed, {} well-formed or partial{}",
                      s.plan.garbage, seed, rsm_as_decoded.load(), after_valid.load(), accepted.load(), p.text()));
}

// ---- case 5 -----------------------------------------------------------------------------------

// MAXSOC. IMS Connect counts every socket it holds, the listening port included; past MAXSOC
// it refuses a connection (HWSS0771W) and goes on serving the ones it has.
void case_maxsoc(Soak& s) {
  Problems p;
  const int limit = s.c.maxsoc - 1;  // one listening port
  s.settle_fds(s.baseline_fds, 5000);
  std::vector<Sock> held;
  auto hold_one = [&]() -> bool {
    Sock sock;
    if (!sock.open(s.c.port)) return false;
    connect::Reply r;
    const std::string tag = fmt::format("HELD{}", held.size());
    if (!sock.send(s.echo(tag, irmf::kSoctPersistent)) || sock.read(r, 10000) != Sock::Got::Reply || r.rsm ||
        text_of(r) != tag)
      return false;
    held.push_back(std::move(sock));
    return true;
  };
  // Fill up to MAXSOC: every connection carries a transaction. A connection refused before
  // the limit can only be one whose predecessor the server has not finished closing: retry.
  auto fill_deadline = Clock::now() + std::chrono::seconds(20);
  while (static_cast<int>(held.size()) < limit && Clock::now() < fill_deadline)
    if (!hold_one()) std::this_thread::sleep_for(milliseconds(100));
  if (static_cast<int>(held.size()) < limit) p.add(fmt::format("only {} of {} connections could be held", held.size(), limit));
  const int warned_before = s.server.count_in_log("HWSS0771W");

  std::atomic<int> refused{0}, answered{0}, still_open{0};
  Stats refuse_ms;
  std::mutex mu;
  auto t0 = Clock::now();
  Soak::parallel(s.plan.flood, s.plan.flood_threads, [&](int) {
    Sock sock;
    auto c0 = Clock::now();
    if (!sock.open(s.c.port)) {  // a refused connection may already be gone: that counts too
      refused++;
      return;
    }
    std::size_t bytes = 0;
    if (sock.closed_by_peer(5000, &bytes)) {
      refused++;
      if (bytes) answered++;
      std::lock_guard lk(mu);
      refuse_ms.add(seconds_since(c0) * 1000);
    } else {
      still_open++;
    }
  });
  const double flood_s = seconds_since(t0);
  // The connections held all along are served.
  int served = 0;
  for (std::size_t k = 0; k < held.size(); ++k) {
    connect::Reply r;
    const std::string tag = fmt::format("STILL{}", k);
    auto got = held[k].send(s.echo(tag, irmf::kSoctPersistent)) ? held[k].read(r, 10000) : Sock::Got::Closed;
    if (got == Sock::Got::Reply && !r.rsm && text_of(r) == tag) ++served;
    else if (p.count() < 3) p.add(fmt::format("held connection {}: {}", k, got == Sock::Got::Reply ? describe(r) : got_text(got)));
  }
  const int warned = s.server.count_in_log("HWSS0771W") - warned_before;
  // Below the limit again, new connections are accepted.
  held.resize(held.size() / 2);
  std::this_thread::sleep_for(milliseconds(200));
  std::string why;
  bool again = false;
  for (int k = 0; k < 20 && !again; ++k) {
    again = s.exchange_ok("AFTERFLOOD", &why);
    if (!again) std::this_thread::sleep_for(milliseconds(100));
  }
  if (!again) p.add("a new connection once below MAXSOC: " + why);
  held.clear();
  if (refused != s.plan.flood) p.add(fmt::format("{} flood connections were not closed by the server", still_open.load()));
  if (answered) p.add(fmt::format("{} refused connections got bytes before the close", answered.load()));
  if (warned < s.plan.flood) p.add(fmt::format("{} HWSS0771W lines for {} refusals", warned, s.plan.flood));
  if (!s.server.alive()) p.add(s.server.died());
  verdict(5, "MAXSOC flood", p.count() == 0,
          fmt::format("MAXSOC={}: {} connections held (each with a transaction); {} more in {:.2f} s from {} threads: {} "
                      "closed at once (p50 {:.2f} ms, max {:.1f} ms), {} HWSS0771W; then all {} held connections served "
                      "({} ok), and a new one accepted once below the limit{}",
                      s.c.maxsoc, limit, s.plan.flood, flood_s, s.plan.flood_threads, refused.load(), refuse_ms.pct(0.5),
                      refuse_ms.max(), warned, limit, served, p.text()));
}

// ---- case 6 -----------------------------------------------------------------------------------

// Password guessing. RACF counts failed sign-ons and revokes the user at SETROPTS
// PASSWORD(REVOKE(n)); from then on even the right password gets RACF RC X'1C' (IMS Connect:
// RSM RC 8 RSN 40, RSM_RACFRC X'1C'). The attack must not stall the other users. Two
// attacks: one user at the highest rate the clients manage (after n guesses every attempt is
// refused as revoked, cheaply), then a spray over several users, where every guess until each
// is revoked costs a full password hash.
std::string run_capture(const std::vector<std::string>& args) {
  std::string cmd;
  for (const auto& a : args) {
    std::string q = "'";
    for (char ch : a) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    cmd += q + "' ";
  }
  cmd += "2>&1 </dev/null";
  std::string out;
  if (FILE* f = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    ::pclose(f);
  }
  return out;
}

std::string read_whole(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Attack {
  std::atomic<long> attempts{0}, bad_pw{0}, revoked{0}, got_in{0}, other{0};
  std::atomic<double> first_revoked_s{-1};
  double seconds = 0;
};

// Wrong passwords for `users` (round robin) from `threads` connections at a time, each on a
// new transaction socket, until `seconds` pass or (with `until_revoked`) every attempt is
// refused as revoked. `guesses` keeps some of them, to look for in the logs.
void attack(Soak& s, const std::vector<std::string>& users, double seconds, bool until_revoked, Attack& a,
            std::vector<std::string>& guesses, std::mutex& mu) {
  const auto start = Clock::now();
  std::atomic<long> revoked_in_a_row{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < s.plan.attack_threads; ++t)
    ts.emplace_back([&, t] {
      std::mt19937_64 rng(s.c.seed + 77 + static_cast<std::uint64_t>(t));
      for (std::size_t k = static_cast<std::size_t>(t); seconds_since(start) < seconds; ++k) {
        if (until_revoked && revoked_in_a_row > static_cast<long>(users.size()) * 3) break;
        std::string guess = "W";
        for (int j = 0; j < 7; ++j) guess += "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[rng() % 36];
        if (guess == s.c.victim_pw) continue;
        {
          std::lock_guard lk(mu);
          if (guesses.size() < 400) guesses.push_back(guess);
        }
        Sock sock;
        if (!sock.open(s.c.port)) {
          a.other++;
          continue;
        }
        connect::Reply r;
        const std::string& user = users[k % users.size()];
        auto got = sock.send(encode(with_text(request(user, guess, irmf::kSoctTransaction), "ECHOTXN GUESS")))
                       ? sock.read(r, 30000)
                       : Sock::Got::Closed;
        a.attempts++;
        if (got != Sock::Got::Reply) {
          a.other++;
        } else if (!r.rsm) {
          a.got_in++;
        } else if (r.rsm->return_code == rc::kConnectError && r.rsm->reason_code == rc::kSecurityViolation &&
                   r.rsm->racf_rc == 0x08) {
          a.bad_pw++;
          revoked_in_a_row = 0;
        } else if (r.rsm->return_code == rc::kConnectError && r.rsm->reason_code == rc::kSecurityViolation &&
                   r.rsm->racf_rc == 0x1C) {
          double none = -1;
          a.first_revoked_s.compare_exchange_strong(none, seconds_since(start));
          a.revoked++;
          revoked_in_a_row++;
        } else {
          a.other++;
        }
      }
    });
  for (auto& t : ts) t.join();
  a.seconds = seconds_since(start);
}

void case_passwords(Soak& s) {
  Problems p;
  // The account works before the attack: the revoke below is the attack's doing.
  auto right_password = [&](const std::string& user) {
    Sock sock;
    connect::Reply r;
    if (!sock.open(s.c.port) || !sock.send(s.echo("RIGHT", irmf::kSoctTransaction, user)) ||
        sock.read(r, 10000) != Sock::Got::Reply)
      return std::string("no reply");
    if (!r.rsm) return std::string("ok");
    if (r.rsm->return_code == rc::kConnectError && r.rsm->reason_code == rc::kSecurityViolation && r.rsm->racf_rc == 0x1C)
      return std::string("revoked");
    return describe(r);
  };
  std::vector<std::string> spray;
  for (int k = 1; k <= 10; ++k) spray.push_back(fmt::format("SPRAY{:02d}", k));
  for (const auto& u : std::vector<std::string>{"VICTIM", spray.front(), spray.back()})
    if (auto r = right_password(u); r != "ok") p.add(u + "'s right password before the attack: " + r);

  std::atomic<int> phase{0};  // 0 quiet, 1 one user, 2 spray, 3 after
  std::atomic<bool> stop_good{false};
  Stats good[3];
  std::atomic<long> good_errors{0};
  std::thread good_user([&] {
    Sock sock;
    if (!sock.open(s.c.port)) {
      good_errors++;
      return;
    }
    for (long k = 0; !stop_good; ++k) {
      const std::string tag = fmt::format("GOOD{}", k);
      const int ph = phase.load();
      auto t0 = Clock::now();
      connect::Reply r;
      auto got = sock.send(s.echo(tag, irmf::kSoctPersistent, "GOODUSER")) ? sock.read(r, 30000) : Sock::Got::Closed;
      const double ms = seconds_since(t0) * 1000;
      if (got != Sock::Got::Reply || r.rsm || text_of(r) != tag) {
        good_errors++;
        p.add("GOODUSER: " + (got == Sock::Got::Reply ? describe(r) : got_text(got)));
        if (got != Sock::Got::Reply && !sock.open(s.c.port)) return;
        continue;
      }
      if (ph < 3) good[ph].add(ms);
      std::this_thread::sleep_for(milliseconds(5));
    }
  });
  std::this_thread::sleep_for(std::chrono::duration<double>(s.plan.quiet_seconds));

  std::mutex mu;
  std::vector<std::string> guesses;  // to make sure none reaches a log
  Attack one, many;
  phase = 1;
  attack(s, {"VICTIM"}, s.plan.attack_seconds, false, one, guesses, mu);
  phase = 2;
  attack(s, spray, 30, true, many, guesses, mu);
  phase = 3;
  std::this_thread::sleep_for(milliseconds(300));
  stop_good = true;
  good_user.join();

  // Revoked, and it stays so: the right password is refused with RACF RC X'1C', now and a
  // second later (past the server's 500 ms database poll), and LISTUSER says REVOKED.
  std::string first = right_password("VICTIM");
  std::this_thread::sleep_for(milliseconds(1200));
  std::string later = right_password("VICTIM");
  if (first != "revoked") p.add("VICTIM's right password after the attack: " + first);
  if (later != "revoked") p.add("VICTIM's right password a second later: " + later);
  const std::string listing = run_capture({s.c.zgate, "racf", "--db", s.c.db, "LISTUSER VICTIM"});
  if (listing.find("ATTRIBUTES=REVOKED") == std::string::npos) p.add("LISTUSER VICTIM does not show REVOKED");
  int spray_revoked = 0;
  for (const auto& u : spray) spray_revoked += right_password(u) == "revoked";
  if (spray_revoked != static_cast<int>(spray.size()))
    p.add(fmt::format("{} of {} sprayed users revoked", spray_revoked, spray.size()));

  // RACF counts every failure, but attempts already past the revoked check when the revoke
  // lands still finish as bad passwords: between n and n + attackers - 1 per user.
  const long n = s.c.revoke, extra = s.plan.attack_threads - 1;
  if (one.bad_pw < n || one.bad_pw > n + extra)
    p.add(fmt::format("{} bad-password answers for REVOKE({}) with {} attackers", one.bad_pw.load(), n, s.plan.attack_threads));
  const long m = static_cast<long>(spray.size());
  if (many.bad_pw < n * m || many.bad_pw > (n + extra) * m)
    p.add(fmt::format("{} bad-password answers over {} sprayed users", many.bad_pw.load(), m));
  if (one.got_in + many.got_in) p.add(fmt::format("{} wrong passwords got in", one.got_in + many.got_in));
  if (one.other + many.other) p.add(fmt::format("{} attempts got another answer or none", one.other + many.other));
  if (good_errors) p.add(fmt::format("{} of GOODUSER's messages failed", good_errors.load()));
  if (good[1].v.empty() || good[2].v.empty()) p.add("GOODUSER got nothing through during an attack");
  const double worst = std::max(good[1].max(), good[2].max());
  if (worst > 5000) p.add(fmt::format("GOODUSER waited {:.0f} ms for a reply during an attack", worst));
  // Never a password in the server's log nor in the audit trail.
  const std::string logs = s.server.log() + read_whole(s.c.db + "-audit.jsonl");
  int leaked = 0;
  for (const auto& g : guesses) leaked += logs.find(g) != std::string::npos;
  leaked += logs.find(s.c.victim_pw) != std::string::npos;
  leaked += logs.find(s.c.pw) != std::string::npos;
  if (leaked) p.add(fmt::format("{} passwords found in the server log or audit trail", leaked));
  if (!s.server.alive()) p.add(s.server.died());
  auto lat = [](Stats& st) {
    return fmt::format("p50 {:.2f} / p99 {:.2f} / max {:.2f} ms ({})", st.pct(0.5), st.pct(0.99), st.max(), st.v.size());
  };
  verdict(6, "wrong passwords", p.count() == 0,
          fmt::format("REVOKE({}), {} connections at a time. One user: {} wrong passwords in {:.1f} s ({:.0f}/s), {} "
                      "refused as bad (RACF RC 8), revoked after {:.2f} s, {} refused as revoked (X'1C'), the right "
                      "password then refused as revoked. Spray over {} users: {} attempts in {:.2f} s, {} bad, all "
                      "revoked. GOODUSER send-receive latency quiet {}, one-user attack {}, spray {}; no password in "
                      "the log or audit trail{}",
                      n, s.plan.attack_threads, one.attempts.load(), one.seconds, one.attempts / one.seconds,
                      one.bad_pw.load(), one.first_revoked_s.load(), one.revoked.load(), m, many.attempts.load(),
                      many.seconds, many.bad_pw.load(), lat(good[0]), lat(good[1]), lat(good[2]), p.text()));
}

// ---- case 10 ----------------------------------------------------------------------------------

// Sign-ons under a password attack that never gets cheaper (issue 14, hole 8). SOAKSPEC is
// SPECIAL, and RACF does not revoke a SPECIAL user for failed attempts, so every wrong password
// for it costs a full Argon2id hash. Many connections send them as fast as they can; GOODUSER
// signs on again and again (HWSCFG02: no UIDCACHE, so each of its messages is a VERIFY). The
// verify queue serves whoever has nothing waiting first, and refuses an attacker past its
// budget before any hash: GOODUSER's sign-on p99 under attack should stay within 2x of its
// p99 when quiet. That goal is printed, met or missed, and does not fail the case: on these
// shared 2-core machines a build next door moves it more than the attack does. The case fails
// when a wrong password gets in, GOODUSER is refused, or the server dies.
void case_signon_budget(Soak& s) {
  Problems p;
  s.server.stop();
  if (!s.server.start("HWSCFG02")) {
    verdict(10, "sign-on under attack", false, "zgate serve did not start with HWSCFG02: " + s.server.log());
    return;
  }
  std::atomic<bool> stop_attack{false};
  std::atomic<long> attempts{0}, hashed{0}, budget{0}, got_in{0}, other{0};
  auto signon = [&](Stats& st, int n) {
    for (int k = 0; k < n; ++k) {
      Sock sock;
      connect::Reply r;
      const std::string tag = fmt::format("SIGNON{}", k);
      auto t0 = Clock::now();
      auto got = sock.open(s.c.port) && sock.send(s.echo(tag, irmf::kSoctTransaction, "GOODUSER"))
                     ? sock.read(r, 30000)
                     : Sock::Got::Closed;
      const double ms = seconds_since(t0) * 1000;
      if (got != Sock::Got::Reply || r.rsm || text_of(r) != tag) {
        p.add("GOODUSER: " + (got == Sock::Got::Reply ? describe(r) : got_text(got)));
        continue;
      }
      st.add(ms);
    }
  };
  const int rounds = s.c.short_run ? 40 : 200;
  Stats quiet, attacked;
  signon(quiet, rounds);
  std::vector<std::thread> attackers;
  for (int t = 0; t < s.plan.budget_attackers; ++t)
    attackers.emplace_back([&, t] {
      for (long k = 0; !stop_attack; ++k) {
        Sock sock;
        connect::Reply r;
        const std::string guess = fmt::format("W{:03d}{:04d}", t, k % 10000);
        if (!sock.open(s.c.port) ||
            !sock.send(encode(with_text(request("SOAKSPEC", guess, irmf::kSoctTransaction), "ECHOTXN GUESS")))) {
          other++;
          continue;
        }
        attempts++;
        if (sock.read(r, 30000) != Sock::Got::Reply) other++;
        else if (!r.rsm) got_in++;
        else if (r.rsm->reason_code == rc::kSecurityViolation && r.rsm->racf_rc == 0x08) hashed++;
        else if (r.rsm->reason_code == rc::kSecurityViolation && r.rsm->racf_rc == 0) budget++;
        else other++;
      }
    });
  std::this_thread::sleep_for(milliseconds(500));  // the attack under way first
  signon(attacked, rounds);
  stop_attack = true;
  for (auto& t : attackers) t.join();

  if (got_in) p.add(fmt::format("{} wrong passwords got in", got_in.load()));
  if (hashed == 0) p.add("no wrong password was ever hashed: the attack did not reach VERIFY");
  const double q99 = quiet.pct(0.99), a99 = attacked.pct(0.99);
  const double ratio = q99 > 0 ? a99 / q99 : 0;
  if (!s.server.alive()) p.add(s.server.died());
  verdict(10, "sign-on under attack", p.count() == 0,
          fmt::format("{} connections sending wrong passwords for a SPECIAL user: {} attempts, {} hashed (RACF RC 8), "
                      "{} refused before any hash (over budget), {} other. GOODUSER sign-on (a VERIFY each) quiet "
                      "p50 {:.1f} / p99 {:.1f} ms, under attack p50 {:.1f} / p99 {:.1f} ms: {:.2f}x (goal 2x: {}){}",
                      s.plan.budget_attackers, attempts.load(), hashed.load(), budget.load(), other.load(),
                      quiet.pct(0.5), q99, attacked.pct(0.5), a99, ratio, ratio <= 2 ? "met" : "missed", p.text()));
  s.server.stop();
  if (!s.server.start("HWSCFG00")) throw std::runtime_error("zgate serve did not restart with HWSCFG00");
}

// ---- case 7 -----------------------------------------------------------------------------------

// Nothing lost, nothing twice, across kill -9. IMS keeps what it ACKed: a SENDONLYA's CSM
// means the message (and so its output, on the client ID's tpipe) is IMS's; commit mode 0
// output is committed on the tpipe until the client ACKs it. After the restart every tpipe is
// drained with RESUME TPIPE (each message ACKed) and counted.
void case_kill9(Soak& s) {
  Problems p;
  enum class State : std::uint8_t { Sent, Acked, Cm0Received, Cm0Consumed };
  std::mutex mu;
  std::map<std::string, State> states;
  auto set = [&](const std::string& tag, State st) {
    std::lock_guard lk(mu);
    states[tag] = st;
  };
  std::vector<std::string> tpipes;
  for (int k = 0; k < s.plan.kill_conns; ++k) tpipes.push_back(fmt::format("{}{:04d}", k % 2 ? "SKC" : "SKS", k));
  std::atomic<long> refused{0};
  long load_messages = 0;
  std::vector<double> round_seconds;

  for (int round = 0; round < s.plan.kill_rounds; ++round) {
    std::atomic<bool> stop{false};
    std::atomic<long> done{0};
    std::vector<std::thread> load;
    for (int k = 0; k < s.plan.kill_conns; ++k)
      load.emplace_back([&, k, round] {
        const bool cm0 = k % 2;
        const std::string& cid = tpipes[static_cast<std::size_t>(k)];
        Sock sock;
        if (!sock.open(s.c.port)) return;
        for (long seq = 0; !stop; ++seq) {
          const std::string tag = fmt::format("R{}C{}N{}", round, k, seq);
          auto req = with_text(request("USER1", s.c.pw, irmf::kSoctPersistent, cid), "ECHOTXN " + tag);
          req.irm.f3 |= irmf::kF3CancelClientId;  // after a restart the old holder may linger
          if (cm0) {
            req.irm.f2 = irmf::kF2Cm0;
            req.irm.f3 |= irmf::kF3SyncConfirm;
            req.irm.timer = 0x2D;  // 6 s
          } else {
            req.irm.type = connect::MessageType::SendOnlyA;
          }
          set(tag, State::Sent);
          connect::Reply r;
          if (!sock.send(encode(req)) || sock.read(r, 15000) != Sock::Got::Reply) return;  // killed
          done++;
          if (!cm0) {
            if (r.csm && !r.rsm) set(tag, State::Acked);
            else refused++;
            continue;
          }
          if (r.rsm) {  // the timer ran out: the output, if any, waits on the tpipe
            if (r.rsm->return_code != rc::kTimerExpiredKept) refused++;
            continue;
          }
          if (text_of(r) != tag || !r.csm || !r.csm->ack_required()) {
            p.add(fmt::format("CM0 {}: {}", tag, describe(r)));
            continue;
          }
          set(tag, State::Cm0Received);
          auto ack = request("USER1", s.c.pw, irmf::kSoctPersistent, cid);
          ack.irm.type = connect::MessageType::Ack;
          ack.irm.timer = 0x01;
          if (!sock.send(encode(ack)) || sock.read(r, 15000) != Sock::Got::Reply) return;
          if (r.rsm && r.rsm->return_code == rc::kTimerExpiredKept) set(tag, State::Cm0Consumed);
          else p.add(fmt::format("CM0 {} ACK answered with {}", tag, describe(r)));
        }
      });
    auto t0 = Clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(s.plan.kill_seconds));
    s.server.kill9();
    round_seconds.push_back(seconds_since(t0));
    stop = true;
    for (auto& t : load) t.join();
    load_messages += done;
    if (!s.server.start("HWSCFG00")) {
      p.add("the server does not restart on its queue store: " + s.server.log().substr(0, 300));
      verdict(7, "kill -9 under load", false, p.text());
      return;
    }
  }

  // Drain every tpipe. Recovered input runs again after the restart, so go round until two
  // passes in a row find nothing.
  std::map<std::string, int> collected;
  std::atomic<int> reader{0};
  int empty_passes = 0, passes = 0;
  for (; passes < 30 && empty_passes < 2; ++passes) {
    std::this_thread::sleep_for(milliseconds(passes ? 500 : 1000));
    std::atomic<int> got_any{0};
    Soak::parallel(static_cast<int>(tpipes.size()), 8, [&](int k) {
      Sock sock;
      if (!sock.open(s.c.port)) {
        p.add("RESUME TPIPE: cannot connect");
        return;
      }
      const std::string cid = fmt::format("SKR{:05d}", reader++ % 100000);
      auto rt = request("USER1", s.c.pw, irmf::kSoctPersistent, cid);
      rt.irm.type = connect::MessageType::ResumeTpipe;
      rt.irm.alt_client_id = tpipes[static_cast<std::size_t>(k)];
      rt.irm.arch = 1;
      rt.irm.f5 = irmf::kF5NoAuto;  // drain what is there, then time out
      rt.irm.timer = 0x0A;          // 0.1 s
      if (!sock.send(encode(rt))) return;
      for (int m = 0; m < 100000; ++m) {
        connect::Reply r;
        auto got = sock.read(r, 10000);
        if (got != Sock::Got::Reply) {
          p.add(fmt::format("RESUME TPIPE of {} after {} message(s): {} ({})", tpipes[static_cast<std::size_t>(k)], m,
                            got_text(got), std::strerror(errno)));
          return;
        }
        if (r.rsm) return;  // the timeout: drained
        {
          std::lock_guard lk(mu);
          collected[text_of(r)]++;
        }
        got_any++;
        if (!r.csm || !r.csm->ack_required()) return;
        auto ack = request("USER1", s.c.pw, irmf::kSoctPersistent, cid);
        ack.irm.type = connect::MessageType::Ack;
        ack.irm.timer = 0x01;
        if (!sock.send(encode(ack))) return;
      }
    });
    empty_passes = got_any ? 0 : empty_passes + 1;
  }

  long acked = 0, acked_lost = 0, consumed = 0, consumed_again = 0, received = 0, redelivered = 0, sent = 0,
       sent_found = 0, twice = 0, unknown = 0;
  for (const auto& [tag, st] : states) {
    auto it = collected.find(tag);
    const int n = it == collected.end() ? 0 : it->second;
    if (n > 1) ++twice;
    switch (st) {
      case State::Acked:
        ++acked;
        if (n == 0) ++acked_lost;
        break;
      case State::Cm0Consumed:
        ++consumed;
        if (n > 0) ++consumed_again;
        break;
      case State::Cm0Received:
        ++received;
        if (n > 0) ++redelivered;
        break;
      case State::Sent:
        ++sent;
        if (n > 0) ++sent_found;
        break;
    }
  }
  for (const auto& [text, n] : collected)
    if (!states.contains(text)) ++unknown;
  if (acked_lost) p.add(fmt::format("{} SENDONLYA messages ACKed by IMS Connect were lost", acked_lost));
  if (consumed_again) p.add(fmt::format("{} CM0 outputs ACKed by the client (and confirmed) were delivered again", consumed_again));
  if (twice) p.add(fmt::format("{} messages delivered twice by RESUME TPIPE", twice));
  if (unknown) p.add(fmt::format("{} outputs that no client sent", unknown));
  if (refused) p.add(fmt::format("{} messages refused under load", refused.load()));
  if (acked == 0 || consumed == 0) p.add("the load did not get going (nothing ACKed or consumed)");
  std::string why;
  if (!s.exchange_ok("AFTERKILL", &why)) p.add("a transaction after the restart: " + why);
  long total_collected = 0;
  for (const auto& [text, n] : collected) total_collected += n;
  verdict(7, "kill -9 under load", p.count() == 0,
          fmt::format("{} round(s) of {} connections ({} SENDONLYA, {} CM0) killed after {:.1f} s, {} messages "
                      "answered; after the restart RESUME TPIPE drained {} messages in {} passes: all {} ACKed "
                      "SENDONLYA there once, none of {} consumed CM0 outputs again, {} of {} CM0 outputs whose ACK "
                      "was cut off redelivered, {} of {} unanswered messages ran; none twice{}",
                      s.plan.kill_rounds, s.plan.kill_conns, (s.plan.kill_conns + 1) / 2, s.plan.kill_conns / 2,
                      round_seconds.empty() ? 0 : round_seconds.back(), load_messages, total_collected, passes, acked,
                      consumed, redelivered, received, sent_found, sent, p.text()));
}

// ---- case 8 -----------------------------------------------------------------------------------

// Memory over time: rounds of the churn (with huge lengths and garbage mixed in). The first
// round is the warm-up: it brings the allocator's arenas, the thread caches and the queue
// store's page cache to their working size. After it, RSS must stay flat: growth over the
// remaining rounds under kMemBoundKib, which a leak of 280 bytes per connection passes in the
// short form (15,000 connections after the warm-up) and of 23 bytes in the long one (180,000).
constexpr long kMemBoundKib = 4096;

void case_memory(Soak& s) {
  Problems p;
  std::vector<long> rss;
  long messages = 0;
  double seconds = 0;
  for (int round = 0; round < s.plan.mem_rounds; ++round) {
    ChurnResult r = churn(s, s.plan.mem_round, 1000000 + round * s.plan.mem_round, true, p);
    messages += r.messages;
    seconds += r.seconds;
    s.settle_fds(s.baseline_fds, 5000);
    std::this_thread::sleep_for(milliseconds(200));
    rss.push_back(s.server.memory().rss_kib);
  }
  const long growth = rss.back() - rss.front();
  const long conns = static_cast<long>(s.plan.mem_round) * (s.plan.mem_rounds - 1);
  if (growth > kMemBoundKib) p.add(fmt::format("RSS grew {} KiB after the warm-up (bound {} KiB)", growth, kMemBoundKib));
  if (!s.server.alive()) p.add(s.server.died());
  std::string series;
  for (std::size_t i = 0; i < rss.size(); ++i) series += fmt::format("{}{}", i ? " " : "", rss[i] / 1024);
  verdict(8, "memory flat", p.count() == 0,
          fmt::format("{} rounds x {} connections ({} messages, {:.1f} s), RSS after each round [{}] MiB: {:+} KiB "
                      "after the warm-up round, bound {} KiB (a leak of {} bytes per connection would pass it){}",
                      s.plan.mem_rounds, s.plan.mem_round, messages, seconds, series, growth, kMemBoundKib,
                      kMemBoundKib * 1024 / std::max(1L, conns), p.text()));
}

// ---- case 9 -----------------------------------------------------------------------------------

// What an idle persistent connection costs the server: RSS before and after opening N
// connections, and after each of them has done one transaction and sits in RECV state. Then
// all are closed and N opened again: a second round that needs more memory than the first
// would be a leak; one that needs none shows that the first round's memory stayed with the
// allocator for reuse.
void case_idle(Soak& s) {
  Problems p;
  s.server.stop();
  if (!s.server.start("HWSCFG01")) {
    verdict(9, "idle connections", false, "the server does not start on HWSCFG01: " + s.server.log().substr(0, 300));
    return;
  }
  const int n = s.plan.idle;
  // Warm-up: the allocator's arenas and caches at their working size.
  Problems warm;
  std::atomic<long> ignore{0};
  Soak::parallel(2000, 4, [&](int i) { churn_one(s, 2000000 + i, false, warm, ignore); });
  const int base_fds = s.settle_fds(0, 5000);
  const Memory m0 = s.server.memory();

  struct Round {
    int opened = 0, accepted = 0;
    long answered = 0;
    Memory connected, idle, closed;
  };
  auto round = [&](bool last) {
    Round r;
    std::vector<Sock> conns(static_cast<std::size_t>(n));
    for (auto& c : conns) {
      if (!c.open(s.c.port)) {
        p.add(fmt::format("connection {}: {}", r.opened, std::strerror(c.error())));
        break;
      }
      ++r.opened;
    }
    auto deadline = Clock::now() + std::chrono::seconds(30);
    while (s.server.fds() < base_fds + r.opened && Clock::now() < deadline) std::this_thread::sleep_for(milliseconds(50));
    std::this_thread::sleep_for(milliseconds(500));
    r.connected = s.server.memory();
    r.accepted = s.server.fds() - base_fds;
    std::atomic<long> done{0};
    Soak::parallel(r.opened, 4, [&](int i) {
      connect::Reply reply;
      const std::string tag = fmt::format("IDLE{}", i);
      Sock& c = conns[static_cast<std::size_t>(i)];
      auto got = c.send(s.echo(tag, irmf::kSoctPersistent)) ? c.read(reply, 30000) : Sock::Got::Closed;
      if (got == Sock::Got::Reply && !reply.rsm && text_of(reply) == tag) done++;
      else p.add(fmt::format("idle connection {}: {}", i, got == Sock::Got::Reply ? describe(reply) : got_text(got)));
    });
    r.answered = done;
    std::this_thread::sleep_for(milliseconds(500));
    r.idle = s.server.memory();
    if (last && !s.c.server_prefix.empty()) {
      // Under a memory profiler: end the server now, with the connections open, so that what
      // it reports as not freed is what they hold.
      s.server.kill9();
      return r;
    }
    conns.clear();
    s.settle_fds(base_fds, 30000);
    std::this_thread::sleep_for(milliseconds(500));
    r.closed = s.server.memory();
    return r;
  };
  if (!s.c.server_prefix.empty()) {
    Round only = round(true);
    verdict(9, "idle connections", true,
            fmt::format("(under {}) {} connections, RSS {} -> {} -> {} KiB; the server was killed with them open",
                        s.c.server_prefix.front(), only.opened, m0.rss_kib, only.connected.rss_kib, only.idle.rss_kib));
    return;
  }
  // Three rounds: the first is measured. The second may take more RSS than the first without
  // any leak: the connections are made on either I/O thread, and glibc gives each thread its
  // own arena, so a round can land in an arena the first one used less; after two rounds each
  // arena has held a full round. The third must fit in what the second left.
  Round first = round(false);
  Round second = round(false);
  Round third = round(false);
  const int opened = first.opened;
  const double per_connect = static_cast<double>(first.connected.rss_kib - m0.rss_kib) / std::max(1, opened);
  const double per_idle = static_cast<double>(first.idle.rss_kib - m0.rss_kib) / std::max(1, opened);
  const double per_idle_anon = static_cast<double>(first.idle.anon_kib - m0.anon_kib) / std::max(1, opened);
  const long again = third.idle.rss_kib - second.idle.rss_kib;
  // A leak costs every round the same again; arena placement moves a few MiB either way. The
  // bound: a fifth of what the first round cost (a leak of a fifth of a connection's own
  // footprint), and at least kMemBoundKib.
  const long again_bound = std::max(kMemBoundKib, (first.idle.rss_kib - m0.rss_kib) / 5);
  for (const Round* r : {&first, &second, &third}) {
    if (r->opened < n) p.add(fmt::format("only {} of {} connections opened", r->opened, n));
    if (r->accepted < r->opened) p.add(fmt::format("the server holds {} of {} connections", r->accepted, r->opened));
    if (r->answered != r->opened) p.add(fmt::format("{} of {} transactions answered", r->answered, r->opened));
  }
  if (per_idle > s.c.idle_goal_kib)
    p.add(fmt::format("{:.1f} KiB per idle connection, over the goal of {:.0f} KiB", per_idle, s.c.idle_goal_kib));
  if (again > again_bound) p.add(fmt::format("the third {} connections took {} KiB more than the second", n, again));
  if (!s.server.alive()) p.add(s.server.died());
  verdict(9, "idle connections", p.count() == 0,
          fmt::format("{} persistent connections: RSS {} -> {} KiB connected ({:.1f} KiB each), -> {} KiB after one "
                      "transaction each, idle in RECV: {:.1f} KiB per connection ({:.1f} KiB anonymous), goal {:.0f} "
                      "KiB; {} KiB once all closed (kept by the allocator); two more rounds peaked at {} and {} KiB "
                      "({:+} KiB, bound {} KiB){}",
                      opened, m0.rss_kib, first.connected.rss_kib, per_connect, first.idle.rss_kib, per_idle,
                      per_idle_anon, s.c.idle_goal_kib, first.closed.rss_kib, second.idle.rss_kib, third.idle.rss_kib,
                      again, again_bound, p.text()));
}

// ---- main ---------------------------------------------------------------------------------------

ServerProc* g_server = nullptr;

extern "C" void on_signal(int sig) {
  if (g_server && g_server->pid() > 0) g_server->kill9();
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

std::string take_env(const char* name) {
  const char* v = std::getenv(name);
  std::string out = v ? v : "";
  ::unsetenv(name);  // the server and `zgate racf` are started without it
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Soak and abuse cases against a real zgate serve (run by scripts/soak)."};
  Config c;
  std::vector<int> only;
  app.add_option("--zgate", c.zgate, "the zgate binary")->required();
  app.add_option("--proclib", c.proclib, "PROCLIB directory with HWSCFG00 to HWSCFG03")->required();
  app.add_option("--db", c.db, "security database")->required();
  app.add_option("--programs", c.programs, "program library")->required();
  app.add_option("--logs", c.logs, "directory for the server logs")->required();
  app.add_option("--port", c.port, "the port in HWSCFG00 and HWSCFG01")->required();
  app.add_option("--timeout", c.timeout_cs, "HWSCFG00 TCPIP TIMEOUT= (hundredths of a second)")->required();
  app.add_option("--idleto", c.idleto_cs, "HWSCFG00 TCPIP IDLETO= (hundredths of a second)")->required();
  app.add_option("--maxsoc", c.maxsoc, "HWSCFG00 TCPIP MAXSOC=")->required();
  app.add_option("--maxsize", c.maxsize, "HWSCFG00 TCPIP MAXSIZE=")->required();
  app.add_option("--revoke", c.revoke, "SETROPTS PASSWORD(REVOKE(n))")->required();
  app.add_option("--drda-port", c.drda_port, "HWSCFG00 ODACCESS DRDAPORT= (case 11)");
  app.add_option("--porttmot", c.porttmot_cs, "HWSCFG00 ODACCESS PORTTMOT= (hundredths of a second)");
  app.add_flag("--short", c.short_run, "the CI form: fewer connections, shorter runs");
  app.add_option("--case", only, "run only these cases (repeatable)");
  app.add_option("--seed", c.seed, "seed for the random garbage (default: from the clock)");
  app.add_option("--idle-goal-kib", c.idle_goal_kib, "case 9 fails above this many KiB per idle connection")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  c.only.insert(only.begin(), only.end());
  if (c.seed == 0) c.seed = static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) % 1000000007;
  c.pw = take_env("SOAK_PW");
  c.victim_pw = take_env("SOAK_VICTIM_PW");
  // Diagnostics only: run the server under a wrapper, e.g. SOAK_SERVER_PREFIX="heaptrack -o
  // /tmp/ht" (case 9 then ends the server with SIGKILL while the idle connections are open, so
  // that heaptrack's "leaked" figure is what they hold).
  std::istringstream prefix(take_env("SOAK_SERVER_PREFIX"));
  for (std::string w; prefix >> w;) c.server_prefix.push_back(w);
  if (c.pw.empty() || c.victim_pw.empty()) {
    std::fprintf(stderr, "ims_soak: SOAK_PW and SOAK_VICTIM_PW must be set (scripts/soak sets them)\n");
    return 2;
  }
  // Ten thousand connections need as many descriptors here and in the server (which inherits
  // the limit): raise the soft limit to the hard one.
  rlimit rl{};
  ::getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &rl) != 0) {  // an unlimited hard limit is above nr_open
    rl.rlim_cur = 65536;
    ::setrlimit(RLIMIT_NOFILE, &rl);
  }
  ::getrlimit(RLIMIT_NOFILE, &rl);
  ::signal(SIGPIPE, SIG_IGN);

  Soak s(c);
  if (rl.rlim_cur < static_cast<rlim_t>(s.plan.idle) + 200) {
    s.plan.idle = static_cast<int>(rl.rlim_cur) - 200;
    std::printf("note: RLIMIT_NOFILE hard limit %llu: case 9 opens %d connections\n",
                static_cast<unsigned long long>(rl.rlim_cur), s.plan.idle);
  }
  g_server = &s.server;
  ::signal(SIGINT, on_signal);
  ::signal(SIGTERM, on_signal);
  auto want = [&](int id) { return s.c.only.empty() || s.c.only.contains(id); };
  const auto t0 = Clock::now();
  std::printf("zgate soak (%s): server logs in %s\n", c.short_run ? "--short" : "long", c.logs.c_str());
  std::fflush(stdout);
  if (!s.server.start("HWSCFG00")) {
    std::fprintf(stderr, "ims_soak: zgate serve did not start:\n%s\n", s.server.log().c_str());
    return 1;
  }
  if (!s.exchange_ok("WARMUP")) std::printf("note: the first transaction failed\n");
  s.baseline_fds = s.settle_fds(0, 2000);
  try {
    if (want(1)) case_churn(s);
    if (want(2)) case_slowloris(s);
    if (want(3)) case_huge(s);
    if (want(4)) case_garbage(s);
    if (want(5)) case_maxsoc(s);
    if (want(6)) case_passwords(s);
    if (want(10)) case_signon_budget(s);
    if (want(11) && c.drda_port) {
      zgate::soak::DrdaAbuse d;
      d.port = c.drda_port;
      d.porttmot_cs = c.porttmot_cs;
      d.user = "USER1";
      d.password = c.pw;
      d.rounds = c.short_run ? 20 : 100;
      std::string figures;
      s.server.stop();
      if (!s.server.start("HWSCFG03")) throw std::runtime_error("zgate serve did not start with HWSCFG03");
      const bool ok = zgate::soak::run_drda_abuse(d, figures);
      verdict(11, "DRDA abuse", ok, figures);
      s.server.stop();
      if (!s.server.start("HWSCFG00")) throw std::runtime_error("zgate serve did not restart with HWSCFG00");
    }
    if (want(8)) case_memory(s);  // before 7: the kill would reset the figures
    if (want(7)) case_kill9(s);
    if (want(9)) case_idle(s);
  } catch (const std::exception& e) {
    std::printf("FAIL  the soak stopped: %s\n", e.what());
    g_failed = true;
  }
  s.server.stop();
  std::printf("%s in %.1f s\n", g_failed ? "FAILED" : "all passed", seconds_since(t0));
  return g_failed ? 1 : 0;
}

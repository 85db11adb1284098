// Case 11 of ims_soak: the DRDA port attacked (issue 16's abuse cases), while a well-behaved
// client reads the phone book through ODBM the whole time:
//   - clients that send EXCSAT and never SECCHK: IMS Connect ends them at PORTTMOT=;
//   - a signed-on client that floods ACCRDB: the first allocates, every other one gets
//     RDBACCRM, and only one PSB is ever allocated for it;
//   - clients that claim 2 GB (a DSS continued past 32 KB, an extended object length of
//     X'7FFFFFFF'): SYNTAXRM and the conversation ends, nothing is read or allocated for it;
//   - clients that drop in the middle of a query holding a record (GHN, one row a block) and
//     of a unit of work (an ISRT never committed).
// Afterwards: the good client never failed; a GHU of every record the dropped clients held
// gets it (their locks went with them); their uncommitted ISRTs are not there; and ODBM's
// whole thread limit can be allocated at once (no PSB was left allocated).
#include "drda_abuse.h"

#include <fmt/format.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "connect/drda_client.h"
#include "odbm/code_points.h"
#include "odbm/ddm.h"
#include "odbm/dli_requests.h"

namespace zgate::soak {

namespace {

namespace cp = odbm::cp;
using Clock = std::chrono::steady_clock;
constexpr auto kCp = core::CodePage::IBM037;

connect::ClientOptions options(const DrdaAbuse& a) {
  connect::ClientOptions o;
  o.port = a.port;
  o.timeout = std::chrono::milliseconds(15000);
  return o;
}

int raw_connect(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

void send_all(int fd, const std::string& b) {
  std::size_t at = 0;
  while (at < b.size()) {
    ssize_t n = ::send(fd, b.data() + at, b.size() - at, MSG_NOSIGNAL);
    if (n <= 0) return;
    at += static_cast<std::size_t>(n);
  }
}

// Reads until the server closes the connection or `limit` passes; true when it closed.
bool closed_within(int fd, std::chrono::milliseconds limit) {
  timeval tv{};
  tv.tv_sec = 0;
  tv.tv_usec = 200000;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  const auto end = Clock::now() + limit;
  char buf[4096];
  while (Clock::now() < end) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n == 0) return true;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return true;
  }
  return false;
}

std::string person(const std::string& last) {
  std::string s = last;
  s.resize(40, ' ');
  return s;
}

}  // namespace

bool run_drda_abuse(const DrdaAbuse& a, std::string& figures) {
  std::vector<std::string> problems;
  auto problem = [&problems](std::string p) {
    if (problems.size() < 5) problems.push_back(std::move(p));
  };

  // The well-behaved client, all along.
  std::atomic<bool> stop{false};
  std::atomic<long> good_calls{0}, good_failures{0};
  std::thread good([&] {
    try {
      connect::DrdaClient c(options(a));
      c.connect();
      if (!c.sign_on(a.user, core::SecretString(a.password)).ok || !c.allocate("PSB1").ok) {
        ++good_failures;
        return;
      }
      while (!stop) {
        auto rows = c.query("PHONE", "GU", {"A1111111(A1111111 =LAST1     )"});
        if (rows.size() != 1 || rows[0].pcb.status != "  ") ++good_failures;
        ++good_calls;
      }
      c.deallocate();
    } catch (const std::exception&) {
      ++good_failures;
    }
  });

  // 1. EXCSAT and then nothing: ended at PORTTMOT=.
  std::vector<int> silent;
  for (int i = 0; i < a.rounds; ++i) {
    int fd = raw_connect(a.port);
    if (fd < 0) continue;
    send_all(fd, odbm::request::excsat(1, "SILENT"));
    silent.push_back(fd);
  }
  const auto porttmot = std::chrono::milliseconds(a.porttmot_cs * 10);
  int silent_closed = 0;
  for (int fd : silent) {
    if (closed_within(fd, porttmot + std::chrono::seconds(5))) ++silent_closed;
    ::close(fd);
  }
  if (silent_closed != static_cast<int>(silent.size()))
    problem(fmt::format("{} of {} silent clients were not ended at PORTTMOT=", silent.size() - silent_closed, silent.size()));

  // 2. An ACCRDB flood on one signed-on conversation.
  int accrdbrm = 0, rdbaccrm = 0;
  try {
    connect::DrdaClient c(options(a));
    c.connect();
    if (c.sign_on(a.user, core::SecretString(a.password)).ok) {
      for (int i = 0; i < a.rounds * 4; ++i) {
        odbm::ReplyView v = c.exchange(odbm::request::accrdb(static_cast<std::uint16_t>(i + 1), "PSB1", kCp));
        if (v.find(cp::ACCRDBRM)) ++accrdbrm;
        if (v.find(cp::RDBACCRM)) ++rdbaccrm;
      }
    }
  } catch (const std::exception& e) {
    problem(std::string("ACCRDB flood: ") + e.what());
  }
  if (accrdbrm != 1 || rdbaccrm != a.rounds * 4 - 1)
    problem(fmt::format("ACCRDB flood: {} allocated, {} RDBACCRM (want 1 and {})", accrdbrm, rdbaccrm, a.rounds * 4 - 1));

  // 3. Claims of 2 GB.
  int huge_refused = 0;
  for (int i = 0; i < a.rounds; ++i) {
    int fd = raw_connect(a.port);
    if (fd < 0) continue;
    std::string claim;
    if (i % 2 == 0) {
      claim = "\xFF\xFF\xD0\x41\x00\x01";  // a DSS continued past 32 KB
    } else {
      // An EXCSAT whose object claims an extended length of X'7FFFFFFF'.
      claim = std::string("\x00\x0E\xD0\x41\x00\x01", 6) + std::string("\x80\x08\x10\x41\x7F\xFF\xFF\xFF", 8);
    }
    send_all(fd, claim);
    if (closed_within(fd, std::chrono::seconds(5))) ++huge_refused;
    ::close(fd);
  }
  if (huge_refused != a.rounds) problem(fmt::format("{} of {} 2 GB claims not refused", a.rounds - huge_refused, a.rounds));

  // 4. Dropped in the middle of a query holding a record, and of a unit of work.
  int dropped = 0;
  for (int i = 0; i < a.rounds; ++i) {
    try {
      connect::DrdaClient c(options(a));
      c.connect();
      if (!c.sign_on(a.user, core::SecretString(a.password)).ok || !c.allocate("PSB1").ok) continue;
      c.update("PHONE", "ISRT", {"A1111111 "}, person(fmt::format("GHOST{:04}", i)));
      c.exchange(odbm::request::opnqry(1, "PHONE", "GHN", {}, true, 1, kCp));  // holds LAST1's record
      ++dropped;
      c.close();  // no CLSQRY, no RDBCMM, no DEALLOCDB
    } catch (const std::exception& e) {
      problem(std::string("drop mid-query: ") + e.what());
    }
  }

  stop = true;
  good.join();
  if (good_failures) problem(fmt::format("the well-behaved client failed {} times", good_failures.load()));

  // Afterwards: the held record is free, the ghosts are not there, the thread limit is whole.
  try {
    connect::DrdaClient c(options(a));
    c.connect();
    c.sign_on(a.user, core::SecretString(a.password));
    c.allocate("PSB1");
    auto held = c.query("PHONE", "GHU", {"A1111111(A1111111 =LAST1     )"});
    if (held.size() != 1 || held[0].pcb.status != "  ") problem("LAST1's record is still held by a dropped client");
    auto ghost = c.query("PHONE", "GU", {"A1111111(A1111111 =GHOST0000 )"});
    if (ghost.size() != 1 || ghost[0].pcb.status != "GE") problem("a dropped client's uncommitted ISRT is there");
    c.rollback();
    c.deallocate();
  } catch (const std::exception& e) {
    problem(std::string("afterwards: ") + e.what());
  }
  int allocated = 0;
  {
    std::vector<std::unique_ptr<connect::DrdaClient>> all;
    for (int i = 0; i < a.max_threads; ++i) {
      try {
        auto c = std::make_unique<connect::DrdaClient>(options(a));
        c->connect();
        if (c->sign_on(a.user, core::SecretString(a.password)).ok && c->allocate("PSB1").ok) ++allocated;
        all.push_back(std::move(c));
      } catch (const std::exception&) {
      }
    }
  }
  if (allocated != a.max_threads)
    problem(fmt::format("only {} of ODBM's {} threads could be allocated afterwards", allocated, a.max_threads));

  figures = fmt::format("{} GU by the good client; {} silent ended at PORTTMOT; ACCRDB flood 1+{} RDBACCRM; "
                        "{} 2 GB claims refused; {} dropped mid-query; {} of {} threads free after",
                        good_calls.load(), silent_closed, rdbaccrm, huge_refused, dropped, allocated, a.max_threads);
  for (const auto& p : problems) figures += "; " + p;
  return problems.empty();
}

}  // namespace zgate::soak

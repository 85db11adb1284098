// echo_baseline: the physical limit of this machine for the IMS Connect echo exchange. It reads
// the same HWSSMPL1 frames zgate reads and answers the same bytes zgate's ECHOTXN answers
// (LLLL, the data segments with the transaction code taken off the first, the CSM), with no
// security, no OTMA, no queues, no regions and no translation: plain epoll, non-blocking
// sockets, one event loop per thread on an SO_REUSEPORT listener of its own, no framework.
//
//   echo_baseline [--port 9998] [--threads 2] [--region-hop]
//
// --region-hop adds what zgate's architecture cannot do without: each event loop has a child
// process (its "region", forked at start) and every message makes a round trip to it over a
// socketpair before it is answered, as a message goes to a dependent region and back. The
// ratio of zgate to this baseline is what zgate's own code costs; the ratio of this baseline
// to the plain one is what isolating programs in processes costs on this machine.
//
// Only for measuring: it trusts its client (ims_load) and drops a connection at the first
// frame it does not understand.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

constexpr std::uint8_t kEbcdicBlank = 0x40;
// CSM: LL X'000C', CSM_FLG1 X'10' (protocol level valid), level X'03', "*CSMOKY*" in EBCDIC:
// what zgate sends after a CM1 reply with sync level NONE.
constexpr std::uint8_t kCsm[12] = {0x00, 0x0C, 0x10, 0x03, 0x5C, 0xC3, 0xE2, 0xD4, 0xD6, 0xD2, 0xE8, 0x5C};
constexpr std::size_t kMaxMessage = 10 * 1024 * 1024;

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
void put16(std::vector<std::uint8_t>& out, std::size_t at, std::size_t v) {
  out[at] = static_cast<std::uint8_t>(v >> 8);
  out[at + 1] = static_cast<std::uint8_t>(v);
}

struct Conn {
  std::vector<std::uint8_t> in, out;
  std::size_t out_at = 0;
};

// One whole request (LLLL included) -> the echo reply appended to `out`. false: not understood.
bool answer(const std::uint8_t* m, std::size_t n, std::vector<std::uint8_t>& out) {
  if (n < 8) return false;
  std::size_t pos = 4 + be16(m + 4);  // segments start after LLLL + IRM
  const std::size_t start = out.size();
  out.resize(start + 4);
  bool first = true;
  while (pos + 4 <= n) {
    std::size_t ll = be16(m + pos);
    if (ll == 4) break;  // X'00040000': end of message
    if (ll < 4 || pos + ll > n) return false;
    const std::uint8_t* data = m + pos + 4;
    std::size_t len = ll - 4;
    if (first) {  // the transaction code and its blank are not echoed
      const void* blank = std::memchr(data, kEbcdicBlank, len);
      std::size_t skip = blank ? static_cast<std::size_t>(static_cast<const std::uint8_t*>(blank) - data) + 1 : len;
      data += skip;
      len -= skip;
      first = false;
    }
    const std::size_t at = out.size();
    out.resize(at + 4 + len);
    put16(out, at, 4 + len);
    out[at + 2] = out[at + 3] = 0;
    std::memcpy(&out[at + 4], data, len);
    pos += ll;
  }
  out.insert(out.end(), kCsm, kCsm + sizeof kCsm);
  const std::size_t total = out.size() - start;
  out[start] = static_cast<std::uint8_t>(total >> 24);
  out[start + 1] = static_cast<std::uint8_t>(total >> 16);
  out[start + 2] = static_cast<std::uint8_t>(total >> 8);
  out[start + 3] = static_cast<std::uint8_t>(total);
  return true;
}

int listener(int port) {
  int s = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  ::setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(s, 4096) != 0) {
    std::perror("echo_baseline: bind/listen");
    std::exit(8);
  }
  return s;
}

// Writes what is pending; false when the peer is gone.
bool flush(int fd, Conn& c) {
  while (c.out_at < c.out.size()) {
    ssize_t w = ::send(fd, c.out.data() + c.out_at, c.out.size() - c.out_at, MSG_NOSIGNAL);
    if (w < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    c.out_at += static_cast<std::size_t>(w);
  }
  c.out.clear();
  c.out_at = 0;
  return true;
}

bool read_exact(int fd, std::uint8_t* p, std::size_t n) {
  while (n > 0) {
    ssize_t r = ::read(fd, p, n);
    if (r <= 0) {
      if (r < 0 && errno == EINTR) continue;
      return false;
    }
    p += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

bool write_exact(int fd, const std::uint8_t* p, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0) {
      if (w < 0 && errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

// The "region": gives back every frame (4-byte length, then the bytes) it is sent.
[[noreturn]] void region(int fd) {
  std::vector<std::uint8_t> m;
  for (;;) {
    std::uint8_t hdr[4];
    if (!read_exact(fd, hdr, 4)) _exit(0);
    std::uint32_t len;
    std::memcpy(&len, hdr, 4);
    m.resize(4 + len);
    std::memcpy(m.data(), hdr, 4);
    if (!read_exact(fd, m.data() + 4, len) || !write_exact(fd, m.data(), m.size())) _exit(0);
  }
}

// The request to the region and back (same bytes), before it is answered.
bool hop(int region_fd, const std::uint8_t* m, std::size_t n, std::vector<std::uint8_t>& back) {
  back.resize(4 + n);
  auto len = static_cast<std::uint32_t>(n);
  std::memcpy(back.data(), &len, 4);
  std::memcpy(back.data() + 4, m, n);
  if (!write_exact(region_fd, back.data(), back.size())) return false;
  return read_exact(region_fd, back.data(), back.size());
}

void loop(int port, int region_fd) {
  int lfd = listener(port);
  int ep = ::epoll_create1(0);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = lfd;
  ::epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
  std::unordered_map<int, Conn> conns;
  std::vector<epoll_event> events(256);
  std::uint8_t buf[65536];
  std::vector<std::uint8_t> back;
  for (;;) {
    int n = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), -1);
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == lfd) {
        for (;;) {
          int c = ::accept4(lfd, nullptr, nullptr, SOCK_NONBLOCK);
          if (c < 0) break;
          int one = 1;
          ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          epoll_event cev{};
          cev.events = EPOLLIN | EPOLLOUT | EPOLLET;
          cev.data.fd = c;
          ::epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
          conns[c];
        }
        continue;
      }
      Conn& c = conns[fd];
      bool alive = flush(fd, c);
      while (alive) {
        ssize_t r = ::recv(fd, buf, sizeof buf, 0);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) alive = false;
        if (r <= 0) break;
        c.in.insert(c.in.end(), buf, buf + r);
        std::size_t at = 0;
        while (alive && c.in.size() - at >= 4) {
          std::size_t len = be32(&c.in[at]);
          if (len < 8 || len > kMaxMessage) alive = false;
          if (!alive || c.in.size() - at < len) break;
          if (region_fd >= 0) {
            alive = hop(region_fd, &c.in[at], len, back) && answer(back.data() + 4, len, c.out);
          } else {
            alive = answer(&c.in[at], len, c.out);
          }
          at += len;
        }
        c.in.erase(c.in.begin(), c.in.begin() + static_cast<std::ptrdiff_t>(at));
        if (alive) alive = flush(fd, c);
      }
      if (!alive) {
        ::close(fd);
        conns.erase(fd);
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  int port = 9998, threads = 2;
  bool region_hop = false;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    if (k == "--port" && i + 1 < argc) port = std::atoi(argv[++i]);
    else if (k == "--threads" && i + 1 < argc) threads = std::atoi(argv[++i]);
    else if (k == "--region-hop") region_hop = true;
    else {
      std::fprintf(stderr, "usage: echo_baseline [--port 9998] [--threads 2] [--region-hop]\n");
      return 2;
    }
  }
  // The regions are forked before any thread exists.
  std::vector<int> region_fds(static_cast<std::size_t>(threads), -1);
  if (region_hop) {
    for (auto& fd : region_fds) {
      int sv[2];
      if (::socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
        std::perror("echo_baseline: socketpair");
        return 8;
      }
      pid_t pid = ::fork();
      if (pid == 0) {
        ::close(sv[0]);
        region(sv[1]);
      }
      ::close(sv[1]);
      fd = sv[0];
    }
  }
  std::fprintf(stderr, "echo_baseline: port %d, %d threads%s\n", port, threads,
               region_hop ? ", a region hop per message" : "");
  std::vector<std::thread> t;
  for (int i = 0; i < threads; ++i) t.emplace_back(loop, port, region_fds[static_cast<std::size_t>(i)]);
  for (auto& x : t) x.join();
}

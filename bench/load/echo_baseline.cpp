// echo_baseline: the physical limit of this machine for the IMS Connect echo exchange. It reads
// the same HWSSMPL1 frames zgate reads and answers the same bytes zgate's ECHOTXN answers
// (LLLL, the data segments with the transaction code taken off the first, the CSM), with no
// security, no OTMA, no queues, no regions and no translation: plain epoll, non-blocking
// sockets, one event loop per thread on an SO_REUSEPORT listener of its own, no framework.
//
//   echo_baseline [--port 9998] [--threads 2]
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

void loop(int port) {
  int lfd = listener(port);
  int ep = ::epoll_create1(0);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = lfd;
  ::epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
  std::unordered_map<int, Conn> conns;
  std::vector<epoll_event> events(256);
  std::uint8_t buf[65536];
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
          alive = answer(&c.in[at], len, c.out);
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
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--port") port = std::atoi(argv[i + 1]);
    else if (k == "--threads") threads = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: echo_baseline [--port 9998] [--threads 2]\n");
      return 2;
    }
  }
  std::fprintf(stderr, "echo_baseline: port %d, %d threads\n", port, threads);
  std::vector<std::thread> t;
  for (int i = 0; i < threads; ++i) t.emplace_back(loop, port);
  for (auto& x : t) x.join();
}

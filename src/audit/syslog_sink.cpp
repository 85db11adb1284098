#include "audit/syslog_sink.h"

#include <fcntl.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <stdexcept>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace zgate::audit {
namespace {

using Clock = std::chrono::steady_clock;

std::string ssl_error() {
  unsigned long e = ERR_get_error();
  if (e == 0) return "unknown TLS error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

void set_timeouts(int fd, std::chrono::milliseconds t) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(t.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((t.count() % 1000) * 1000);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

// A TCP connection to host:port within `timeout`, blocking afterwards (with the I/O timeouts);
// -1 on failure, or as soon as `cancel` is set (the sink is stopping).
int tcp_connect(const std::string& host, int port, std::chrono::milliseconds timeout, std::chrono::milliseconds io,
                const std::atomic<bool>& cancel) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = res; a; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) continue;
    int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      auto deadline = Clock::now() + timeout;
      pollfd p{fd, POLLOUT, 0};
      int ready = 0;
      while (ready == 0 && !cancel && Clock::now() < deadline) ready = ::poll(&p, 1, 100);
      int err = 0;
      socklen_t len = sizeof err;
      if (ready == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) rc = 0;
    }
    if (rc == 0) {
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
      set_timeouts(fd, io);
      break;
    }
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(res);
  return fd;
}

}  // namespace

struct SyslogSink::TlsContext {
  SSL_CTX* ctx = nullptr;
  ~TlsContext() {
    if (ctx) SSL_CTX_free(ctx);
  }
};

struct SyslogSink::Connection {
  int fd = -1;
  SSL* ssl = nullptr;
  ~Connection() {
    if (ssl) {
      SSL_shutdown(ssl);  // close_notify, best effort
      SSL_free(ssl);
    }
    if (fd >= 0) ::close(fd);
  }
  bool send_all(const std::string& data) {
    std::size_t off = 0;
    while (off < data.size()) {
      if (ssl) {
        int n = SSL_write(ssl, data.data() + off, static_cast<int>(std::min<std::size_t>(data.size() - off, 1 << 30)));
        if (n <= 0) {
          ERR_clear_error();
          return false;
        }
        off += static_cast<std::size_t>(n);
      } else {
        ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        off += static_cast<std::size_t>(n);
      }
    }
    return true;
  }
  // Still open: nothing to read (a syslog receiver never writes; a FIN, an RST or a TLS
  // close_notify all mean it is going away).
  bool alive() const {
    char c;
    ssize_t n = ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
};

SyslogSink::SyslogSink(SyslogSinkOptions opt) : opt_(std::move(opt)) {
  if (opt_.spool.name.empty()) opt_.spool.name = opt_.name;
  if (opt_.transport == SyslogSinkOptions::Transport::Tls) {
    tls_ = std::make_unique<TlsContext>();
    tls_->ctx = SSL_CTX_new(TLS_client_method());
    if (!tls_->ctx) throw std::runtime_error("syslog sink " + opt_.name + ": " + ssl_error());
    SSL_CTX_set_min_proto_version(tls_->ctx, TLS1_2_VERSION);
    SSL_CTX_set_mode(tls_->ctx, SSL_MODE_AUTO_RETRY);
    SSL_CTX_set_verify(tls_->ctx, SSL_VERIFY_PEER, nullptr);
    if (opt_.ca_file.empty())
      throw std::runtime_error("syslog sink " + opt_.name + ": TLS needs ca_file to verify the receiver");
    if (SSL_CTX_load_verify_locations(tls_->ctx, opt_.ca_file.c_str(), nullptr) != 1)
      throw std::runtime_error("syslog sink " + opt_.name + ": cannot load CA file " + opt_.ca_file + ": " + ssl_error());
    if (!opt_.cert_file.empty() || !opt_.key_file.empty()) {
      if (opt_.cert_file.empty() || opt_.key_file.empty())
        throw std::runtime_error("syslog sink " + opt_.name + ": a client certificate needs both cert_file and key_file");
      if (SSL_CTX_use_certificate_chain_file(tls_->ctx, opt_.cert_file.c_str()) != 1 ||
          SSL_CTX_use_PrivateKey_file(tls_->ctx, opt_.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
          SSL_CTX_check_private_key(tls_->ctx) != 1)
        throw std::runtime_error("syslog sink " + opt_.name + ": cannot load client certificate " + opt_.cert_file +
                                 " and key: " + ssl_error());
    }
  }
  spool_ = std::make_unique<Spool>(opt_.spool);
  sender_ = std::thread([this] { run(); });
}

SyslogSink::~SyslogSink() {
  std::unique_lock lk(mu_);
  stop_ = true;
  stop_requested_ = true;
  stop_deadline_ = Clock::now() + opt_.stop_timeout;
  wake_.notify_all();
  // A send blocked past the deadline (a receiver that stopped reading) is cut, not waited for.
  if (!progress_.wait_until(lk, stop_deadline_, [&] { return exited_; }))
    if (int fd = live_fd_.load(); fd >= 0) ::shutdown(fd, SHUT_RDWR);
  lk.unlock();
  sender_.join();
}

void SyslogSink::deliver(const Event& e) {
  try {
    if (spool_->append(to_syslog(e, opt_.format))) {
      { std::lock_guard lk(mu_); }  // the sender is either before its check or waiting: no lost wake-up
      wake_.notify_one();
    }
  } catch (...) {
    ++format_failures_;  // out of memory formatting: counted, never thrown into the writer
  }
}

std::unique_ptr<SyslogSink::Connection> SyslogSink::connect_once(std::string& why) {
  auto c = std::make_unique<Connection>();
  c->fd = tcp_connect(opt_.host, opt_.port, opt_.connect_timeout, opt_.io_timeout, stop_requested_);
  if (c->fd < 0) {
    why = "no TCP connection";
    return nullptr;
  }
  if (!tls_) return c;
  // The handshake may hang on a receiver that accepted and says nothing: the destructor may cut
  // it, as it cuts a send.
  live_fd_ = c->fd;
  auto fail = [&](std::string reason) -> std::unique_ptr<Connection> {
    why = std::move(reason);
    ERR_clear_error();
    {
      std::lock_guard lk(mu_);
      live_fd_ = -1;
    }
    return nullptr;
  };
  c->ssl = SSL_new(tls_->ctx);
  if (!c->ssl) return fail(ssl_error());
  SSL_set_fd(c->ssl, c->fd);
  const std::string& name = opt_.server_name.empty() ? opt_.host : opt_.server_name;
  // The certificate must name the receiver: a DNS name as RFC 6125 says (no partial
  // wildcards), or an IP address in its IP SANs. SNI carries a DNS name only (RFC 6066).
  unsigned char addr[16];
  bool ip = ::inet_pton(AF_INET, name.c_str(), addr) == 1 || ::inet_pton(AF_INET6, name.c_str(), addr) == 1;
  X509_VERIFY_PARAM* param = SSL_get0_param(c->ssl);
  if (ip) {
    if (X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str()) != 1) return fail("TLS: bad address " + name);
  } else {
    SSL_set_tlsext_host_name(c->ssl, name.c_str());
    SSL_set_hostflags(c->ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (SSL_set1_host(c->ssl, name.c_str()) != 1) return fail("TLS: bad server name " + name);
  }
  if (SSL_connect(c->ssl) != 1) {
    long v = SSL_get_verify_result(c->ssl);
    return fail(v != X509_V_OK ? std::string("TLS: the receiver's certificate: ") + X509_verify_cert_error_string(v)
                               : "TLS handshake: " + ssl_error());
  }
  return c;
}

void SyslogSink::run() {
  // OpenSSL writes with write(2): a receiver gone raises SIGPIPE on this thread, which must
  // not end the process. Blocked here, the write fails with EPIPE instead.
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, nullptr);

  struct Sent {
    std::uint64_t end;
    std::size_t records;
    Clock::time_point at;
  };
  std::unique_ptr<Connection> conn;
  std::deque<Sent> unacked;
  std::uint64_t sent_to = 0;  // how far this connection has been sent
  auto backoff = opt_.backoff_min;
  Clock::time_point retry_at{};
  bool ever_connected = false;
  bool announced_down = false;
  bool stopping = false;

  // The destructor may cut live_fd_ (under mu_): it is unset under mu_ before it is closed.
  auto close_connection = [&] {
    {
      std::lock_guard lk(mu_);
      live_fd_ = -1;
    }
    conn.reset();
  };
  auto drop = [&] {
    close_connection();
    connected_ = false;
    unacked.clear();  // not acknowledged: sent again on the next connection
    sent_to = 0;
    retry_at = Clock::now() + backoff;
    backoff = std::min(backoff * 2, opt_.backoff_max);
  };

  for (;;) {
    {
      std::unique_lock lk(mu_);
      auto now = Clock::now();
      if (stop_ && (now >= stop_deadline_ || (spool_->empty() && unacked.empty()))) break;
      // Work now: records not yet sent and a connection (or the time to try one).
      auto unsent = [&] { return spool_->end() > std::max(sent_to, spool_->committed()); };
      auto until = now + std::chrono::milliseconds(500);
      if (!unacked.empty()) until = std::min(until, unacked.front().at + opt_.ack_grace);
      if (!conn && !spool_->empty()) until = std::min(until, std::max(retry_at, now));
      if (stop_) until = std::min(until, stop_deadline_);
      // The stop wakes the thread once; after that it waits as before, up to the deadline.
      wake_.wait_until(lk, until, [&] { return (stop_ && !stopping) || (unsent() && (conn || Clock::now() >= retry_at)); });
      stopping = stop_;
    }
    // Commit what has been in a connection that is still open after the grace.
    if (conn && !unacked.empty()) {
      if (!conn->alive()) {
        drop();
        continue;
      }
      auto now = Clock::now();
      while (!unacked.empty() && now - unacked.front().at >= opt_.ack_grace) {
        const std::uint64_t shift = spool_->commit(unacked.front().end);
        sent_ += unacked.front().records;
        unacked.pop_front();
        if (shift > 0) {
          // The spool cut or compacted its file: every offset held here moves down with it.
          for (auto& u : unacked) u.end = u.end > shift ? u.end - shift : 0;
          sent_to = sent_to > shift ? sent_to - shift : spool_->committed();
        }
      }
      { std::lock_guard lk(mu_); }  // flush() is either before its check or waiting
      progress_.notify_all();
    }
    if (!conn) {
      if (spool_->empty() || Clock::now() < retry_at) continue;
      std::string why;
      conn = connect_once(why);
      if (!conn) {
        // Said once when the receiver becomes unreachable, not at every retry.
        if (!announced_down) {
          std::fprintf(stderr, "zgate: syslog sink %s: cannot deliver to %s:%d (%s); events are spooled in %s and sent when it is back\n",
                       opt_.name.c_str(), opt_.host.c_str(), opt_.port, why.c_str(), spool_->path().c_str());
          announced_down = true;
        }
        ++connect_failures_;
        retry_at = Clock::now() + backoff;
        backoff = std::min(backoff * 2, opt_.backoff_max);
        continue;
      }
      if (ever_connected) ++reconnects_;
      if (announced_down)
        std::fprintf(stderr, "zgate: syslog sink %s: delivering to %s:%d again\n", opt_.name.c_str(), opt_.host.c_str(), opt_.port);
      announced_down = false;
      ever_connected = true;
      backoff = opt_.backoff_min;
      live_fd_ = conn->fd;
      connected_ = true;
      sent_to = spool_->committed();
    }
    if (spool_->end() <= std::max(sent_to, spool_->committed())) continue;
    if (!conn->alive()) {
      drop();
      continue;
    }
    Spool::Batch b = spool_->read(sent_to, 512, 1 << 20);
    if (b.end <= sent_to) continue;
    std::string data;
    for (const auto& r : b.records) data += octet_frame(r);
    if (!data.empty() && !conn->send_all(data)) {
      drop();
      continue;
    }
    sent_to = b.end;
    unacked.push_back({b.end, b.records.size(), Clock::now()});
  }
  // Stopping: what is not acknowledged stays in the spool and is sent again at the next start.
  close_connection();
  connected_ = false;
  std::lock_guard lk(mu_);
  exited_ = true;
  progress_.notify_all();
}

SyslogSink::Stats SyslogSink::stats() const {
  Stats s;
  auto sp = spool_->stats();
  s.sent = sent_;
  s.spooled_bytes = sp.backlog_bytes;
  s.reconnects = reconnects_;
  s.connect_failures = connect_failures_;
  s.dropped = sp.dropped;
  s.failed = sp.failed + format_failures_;
  s.connected = connected_;
  return s;
}

bool SyslogSink::flush(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  std::unique_lock lk(mu_);
  wake_.notify_all();
  return progress_.wait_until(lk, deadline, [&] { return spool_->empty(); });
}

}  // namespace zgate::audit

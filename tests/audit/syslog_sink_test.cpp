// SyslogSink against an in-process receiver that parses octet-counted frames, and against no
// receiver at all: the writer never waits, the spool keeps what could not be sent (across a
// restart of the sink too), the bound drops with one alert, and stopping takes bounded time.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "audit/syslog_sink.h"
#include "temp_dir.h"

namespace zgate::audit {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;
using Clock = std::chrono::steady_clock;

// Accepts connections one at a time and splits what arrives into octet-counted frames.
class Receiver {
 public:
  Receiver() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 4) != 0) throw std::runtime_error("listen");
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~Receiver() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }
  std::vector<std::string> messages() {
    std::lock_guard lk(mu_);
    return messages_;
  }
  bool malformed() const { return malformed_; }
  bool wait_for(std::size_t n, std::chrono::milliseconds t) {
    auto deadline = Clock::now() + t;
    while (Clock::now() < deadline) {
      if (messages().size() >= n) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

 private:
  void run() {
    while (!stop_) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string buf;
      char chunk[4096];
      for (;;) {
        ssize_t n = ::recv(c, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        buf.append(chunk, static_cast<std::size_t>(n));
        for (;;) {  // "LEN SP MSG"
          auto sp = buf.find(' ');
          if (sp == std::string::npos) break;
          std::size_t len = 0;
          for (std::size_t i = 0; i < sp; ++i) {
            if (buf[i] < '0' || buf[i] > '9') malformed_ = true;
            len = len * 10 + static_cast<std::size_t>(buf[i] - '0');
          }
          if (buf.size() < sp + 1 + len) break;
          std::lock_guard lk(mu_);
          messages_.push_back(buf.substr(sp + 1, len));
          buf.erase(0, sp + 1 + len);
        }
      }
      ::close(c);
    }
  }
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false}, malformed_{false};
  std::mutex mu_;
  std::vector<std::string> messages_;
  std::thread thread_;
};

Event event(int i) {
  Event e;
  e.time = 1765161018;
  e.code = EventCode::Access;
  e.user = "U" + std::to_string(i);
  e.detail = "line one\nline two";  // a frame, not a newline, ends the message
  return e;
}

SyslogSinkOptions options(const TempDir& d, int port) {
  SyslogSinkOptions o;
  o.name = "test";
  o.host = "127.0.0.1";
  o.port = port;
  o.format.hostname = "h";
  o.spool.dir = d.file("spool");
  o.spool.fsync = FsyncPolicy::None;
  o.backoff_min = 10ms;
  o.backoff_max = 100ms;
  o.stop_timeout = 500ms;
  return o;
}

// A port nothing listens on: bound, never listened.
class DeadPort {
 public:
  DeadPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  ~DeadPort() { ::close(fd_); }
  int port() const { return port_; }

 private:
  int fd_;
  int port_;
};

TEST(AuditSyslogSink, FramesArriveWholeAndInOrder) {
  TempDir d;
  Receiver r;
  SyslogSinkOptions o = options(d, r.port());
  SyslogSink s(o);
  for (int i = 0; i < 100; ++i) s.write(event(i));
  ASSERT_TRUE(s.flush(10s));
  ASSERT_TRUE(r.wait_for(100, 5s));
  auto m = r.messages();
  ASSERT_EQ(m.size(), 100u);  // no duplicates while nothing fails
  for (int i = 0; i < 100; ++i) EXPECT_EQ(m[static_cast<std::size_t>(i)], to_syslog(event(i), o.format));
  EXPECT_FALSE(r.malformed());
  EXPECT_EQ(s.stats().sent, 100u);
  EXPECT_TRUE(s.stats().connected);
}

TEST(AuditSyslogSink, WithTheReceiverDownTheWriterNeverWaitsAndStoppingIsBounded) {
  TempDir d;
  DeadPort dead;
  auto t0 = Clock::now();
  {
    SyslogSink s(options(d, dead.port()));
    for (int i = 0; i < 2000; ++i) s.write(event(i));
    EXPECT_LT(Clock::now() - t0, 2s);
    EXPECT_FALSE(s.flush(100ms));
    auto st = s.stats();
    EXPECT_EQ(st.sent, 0u);
    EXPECT_GT(st.spooled_bytes, 0u);
    EXPECT_FALSE(st.connected);
  }
  EXPECT_LT(Clock::now() - t0, 4s);  // the destructor gave up after stop_timeout
}

TEST(AuditSyslogSink, WhatWasSpooledBeforeARestartOfZgateIsSentAfterIt) {
  TempDir d;
  DeadPort dead;
  {
    SyslogSink s(options(d, dead.port()));
    for (int i = 0; i < 5; ++i) s.write(event(i));
  }
  Receiver r;
  SyslogSink s(options(d, r.port()));
  ASSERT_TRUE(s.flush(10s));
  ASSERT_TRUE(r.wait_for(5, 5s));
  auto m = r.messages();
  ASSERT_EQ(m.size(), 5u);
  EXPECT_NE(m[4].find("\"user\":\"U4\""), std::string::npos);
}

TEST(AuditSyslogSink, AtTheSpoolsBoundOneAlertAndTheRestCounted) {
  TempDir d;
  DeadPort dead;
  std::mutex mu;
  std::vector<Event> alerts;
  SyslogSinkOptions o = options(d, dead.port());
  o.spool.max_bytes = 4096;
  o.spool.alert = [&](const Event& e) {
    std::lock_guard lk(mu);
    alerts.push_back(e);
  };
  SyslogSink s(o);
  for (int i = 0; i < 100; ++i) s.write(event(i));
  auto st = s.stats();
  EXPECT_GT(st.dropped, 80u);
  EXPECT_LE(st.spooled_bytes, 4096u);
  std::lock_guard lk(mu);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].component_code, "SPOOL_FULL");
  EXPECT_EQ(alerts[0].severity, 8);
  EXPECT_NE(alerts[0].detail.find("test"), std::string::npos);
}

TEST(AuditSyslogSink, TlsWithoutACaFileIsRefusedAtConstruction) {
  TempDir d;
  SyslogSinkOptions o = options(d, 1);
  o.transport = SyslogSinkOptions::Transport::Tls;
  EXPECT_THROW(SyslogSink{o}, std::runtime_error);
  o.ca_file = d.file("missing.pem");
  EXPECT_THROW(SyslogSink{o}, std::runtime_error);
}

}  // namespace
}  // namespace zgate::audit

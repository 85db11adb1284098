#pragma once
// A real rsyslogd for the tests that deliver to one (tests/audit/rsyslog_test.cpp, the serve
// tests in tests/apps): Debian's rsyslogd with imtcp (and the gtls driver for TLS), started on a
// free port with a configuration of its own, writing what it receives to a file; and the
// certificates for it, made with the openssl CLI.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "audit/temp_dir.h"

namespace zgate::audit::testing {

using namespace std::chrono_literals;

inline constexpr const char* kRsyslogd = "/usr/sbin/rsyslogd";

inline sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// A port below 32768 (outside Linux's ephemeral range, so no outgoing connection takes it
// meanwhile) that nothing listens on: found by binding it.
inline int free_port() {
  std::mt19937 rng(static_cast<unsigned>(::getpid()) ^ static_cast<unsigned>(std::random_device{}()));
  for (int tries = 0; tries < 200; ++tries) {
    int port = 20000 + static_cast<int>(rng() % 12000);
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a = loopback(port);
    bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    if (ok) return port;
  }
  throw std::runtime_error("no free port");
}

inline bool can_connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = loopback(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

inline void run(const std::string& cmd) {
  ASSERT_EQ(std::system((cmd + " >/dev/null 2>&1").c_str()), 0) << cmd;
}

// A CA, and a server certificate for "localhost" signed by it, made with the openssl CLI.
inline void make_certs(const TempDir& d) {
  std::string p = d.file("");
  run("cd " + p + " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
      "-keyout ca.key -out ca.pem -days 2 -subj /CN=zgate-test-ca");
  run("cd " + p + " && openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
      "-keyout server.key -out server.csr -subj /CN=localhost");
  std::ofstream(d.file("ext.cnf")) << "subjectAltName=DNS:localhost,IP:127.0.0.1\n";
  run("cd " + p + " && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
      "-out server.pem -days 2 -extfile ext.cnf");
  // zgate's own, for a receiver that authenticates its senders.
  run("cd " + p + " && openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
      "-keyout client.key -out client.csr -subj /CN=zgate-client");
  std::ofstream(d.file("client.cnf")) << "extendedKeyUsage=clientAuth\n";
  run("cd " + p + " && openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
      "-out client.pem -days 2 -extfile client.cnf");
}

class Rsyslog {
 public:
  // auth: the gtls driver's AuthMode for TLS ("anon": any client; "x509/certvalid": a client
  // certificate signed by the CA).
  Rsyslog(const TempDir& d, bool tls, const std::string& auth = "anon") : d_(d), port_(free_port()) {
    std::filesystem::create_directories(d.file("work"));
    std::ofstream c(d.file("rsyslog.conf"));
    c << "global(workDirectory=\"" << d.file("work") << "\"";
    if (tls)
      c << " DefaultNetstreamDriver=\"gtls\" DefaultNetstreamDriverCAFile=\"" << d.file("ca.pem")
        << "\" DefaultNetstreamDriverCertFile=\"" << d.file("server.pem") << "\" DefaultNetstreamDriverKeyFile=\""
        << d.file("server.key") << "\"";
    c << ")\n";
    c << "module(load=\"imtcp\"";
    if (tls) c << " StreamDriver.Name=\"gtls\" StreamDriver.Mode=\"1\" StreamDriver.AuthMode=\"" << auth << "\"";
    c << ")\n";
    c << "input(type=\"imtcp\" port=\"" << port_ << "\" address=\"127.0.0.1\")\n";
    c << "template(name=\"raw\" type=\"string\" string=\"%rawmsg%\\n\")\n";
    c << "action(type=\"omfile\" file=\"" << out() << "\" template=\"raw\")\n";
  }
  ~Rsyslog() { stop(); }
  int port() const { return port_; }
  std::string out() const { return d_.file("received.log"); }

  void start() {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::string conf = d_.file("rsyslog.conf"), pid = d_.file("rsyslog.pid");
      // Its own complaints (the readiness probe's handshake it never finishes) to a file.
      if (FILE* log = std::fopen(d_.file("rsyslogd.stderr").c_str(), "a")) ::dup2(::fileno(log), 2);
      ::execl(kRsyslogd, kRsyslogd, "-n", "-f", conf.c_str(), "-i", pid.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + 15s;
    while (!can_connect(port_)) {
      int status;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("rsyslogd exited at start");
      }
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("rsyslogd did not listen");
      std::this_thread::sleep_for(50ms);
    }
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  const TempDir& d_;
  int port_;
  pid_t pid_ = -1;
};

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Waits until rsyslog has written `marker` `n` times (omfile writes as it receives).
inline std::string wait_for(const std::string& path, const std::string& marker, std::size_t n) {
  auto deadline = std::chrono::steady_clock::now() + 20s;
  std::string text;
  while (std::chrono::steady_clock::now() < deadline) {
    text = read_all(path);
    if (count(text, marker) >= n) break;
    std::this_thread::sleep_for(50ms);
  }
  return text;
}

}  // namespace zgate::audit::testing

#pragma once
// Integration-test harness: a real `zgate serve` process on a free port, with its own PROCLIB
// directory and security database in a temporary directory, set up with real RACF commands
// (`zgate racf`), and a real IMS Connect client talking to it over a socket.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "connect/client.h"
#include "connect/doors/irm/irm.h"
#include "connect/return_codes.h"
#include "connect/doors/irm/rsm.h"

extern char** environ;

namespace zgate::testing {

namespace fs = std::filesystem;

// A port nobody listens on right now (bound to 0, read back, released).
inline std::uint16_t free_port() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(s);
  return ntohs(a.sin_port);
}

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline fs::path programs_dir() {
  return fs::path(ZGATE_BINARY).parent_path().parent_path().parent_path() / "programs";
}

struct RunResult {
  int status = -1;
  std::string out;
};

// Runs the zgate binary with `args` and `input` on stdin; stdout+stderr captured.
inline RunResult run_zgate(const std::vector<std::string>& args, const std::string& input = "") {
  fs::path in = fs::temp_directory_path() / ("zgate-it-in-" + std::to_string(::getpid()));
  { std::ofstream(in) << input; }
  std::string cmd = std::string(ZGATE_BINARY);
  for (const auto& a : args) {
    std::string q = "'";
    for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    cmd += " " + q + "'";
  }
  cmd += " <" + in.string() + " 2>&1";
  RunResult r;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  fs::remove(in);
  return r;
}

class ZgateServer {
 public:
  explicit ZgateServer(const std::string& name) {
    dir_ = fs::temp_directory_path() / ("zgate-it-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "proclib");
    port_ = free_port();
  }
  ~ZgateServer() {
    stop();
    fs::remove_all(dir_);
  }

  const fs::path& dir() const { return dir_; }
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }  // -1 when not running
  std::string db() const { return (dir_ / "zgate.db").string(); }

  void member(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / "proclib" / name) << text;
  }

  // RACF commands, one per line, issued by IBMUSER against this server's database.
  RunResult racf(const std::string& commands) {
    return run_zgate({"racf", "--db", db()}, commands);
  }

  // Starts `zgate serve` and waits until IMS Connect says it is ready (or exits).
  bool start(std::vector<std::string> extra = {}) {
    log_ = dir_ / ("serve" + std::to_string(starts_++) + ".log");
    std::vector<std::string> args = {ZGATE_BINARY, "serve", "--proclib", (dir_ / "proclib").string(),
                                     "--db", db(), "--programs", programs_dir().string(),
                                     "--regions", "2", "--threads", "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    int rc = posix_spawn(&pid_, ZGATE_BINARY, &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return false;
    for (int i = 0; i < 400; ++i) {
      if (log().find("HWSC0000I") != std::string::npos) return true;
      int st;
      if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        exit_status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        pid_ = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  // SIGTERM and wait; the exit status, or -1.
  int stop() {
    if (pid_ <= 0) return exit_status_;
    ::kill(pid_, SIGTERM);
    int st = 0;
    for (int i = 0; i < 200; ++i) {
      if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        pid_ = -1;
        exit_status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        return exit_status_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &st, 0);
    pid_ = -1;
    return -1;
  }

  // kill -9, as a crash: nothing gets to clean up. The next start() uses the same files.
  void kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int st = 0;
    ::waitpid(pid_, &st, 0);
    pid_ = -1;
  }

  bool running() {
    if (pid_ <= 0) return false;
    int st;
    return ::waitpid(pid_, &st, WNOHANG) == 0;
  }

  std::string log() const { return read_file(log_); }

  // The audit trail once the server's audit bus has delivered what it had: zgate serve writes
  // through a queue (audit/bus.h), so a record may reach the file just after the client got
  // its reply. Read until the file has not changed for 200 ms (at most 10 s).
  std::string trail() const {
    const fs::path p = db() + "-audit.jsonl";
    std::string last = read_file(p);
    for (int quiet = 0, waited = 0; quiet < 4 && waited < 200; ++waited) {
      ::usleep(50'000);
      std::string now = read_file(p);
      quiet = now == last ? quiet + 1 : 0;
      last = std::move(now);
    }
    return last;
  }

  connect::ClientOptions client_options() const {
    connect::ClientOptions o;
    o.port = port_;
    o.timeout = std::chrono::milliseconds(20000);
    return o;
  }

 private:
  fs::path dir_, log_;
  int starts_ = 0;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
  int exit_status_ = -1;
};

// The lines of an audit trail that contain `needle`.
inline std::vector<std::string> trail_lines(const std::string& trail, const std::string& needle) {
  std::vector<std::string> out;
  std::istringstream in(trail);
  for (std::string line; std::getline(in, line);)
    if (line.find(needle) != std::string::npos) out.push_back(line);
  return out;
}

// One HWSSMPL1 send-receive request, EBCDIC, commit mode 1, sync level NONE.
inline connect::Request transaction(const std::string& trancode, const std::string& data,
                                    const std::string& user = "", const std::string& password = "",
                                    const std::string& datastore = "IMS1") {
  connect::Request r;
  r.format = connect::ExitFormat::Hwssmpl1;
  r.encoding = connect::Encoding::Ebcdic;
  r.irm.userid = user;
  r.irm.password = core::SecretString(password);
  r.irm.datastore = datastore;
  r.irm.trancode = trancode.starts_with("/") ? "" : trancode;
  std::string text = data.empty() ? trancode : trancode + " " + data;
  r.segments.push_back(connect::Segment{0, connect::encode_chars(text, r.encoding, core::CodePage::IBM037)});
  return r;
}

// Sends one request on a new connection and returns the reply.
inline connect::Reply exchange(const ZgateServer& s, const connect::Request& r) {
  connect::Client c(s.client_options());
  c.connect();
  c.send(r);
  return c.read_reply(r.format);
}

inline std::string text_of(const connect::Reply& r) {
  return connect::reply_text(r, connect::Encoding::Ebcdic);
}

inline std::string describe(const connect::Reply& r) {
  if (r.rsm) return "RSM " + connect::describe_rsm(*r.rsm);
  return "DATA '" + text_of(r) + "'";
}

}  // namespace zgate::testing

#include "demo_support.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace zgate::app {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::uint16_t free_loopback_port() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) throw std::runtime_error("cannot create a socket");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  bool ok = ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
            ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0;
  ::close(s);
  if (!ok) throw std::runtime_error("cannot find a free TCP port on 127.0.0.1");
  return ntohs(a.sin_port);
}

// HWSCFG reads columns 1-72 and silently continues a longer line; DFSPB reads 1-71; in STAGE1 a
// non-blank column 72 continues the statement. So nothing here may reach column 72.
void write_member(const fs::path& proclib, const std::string& name, const std::vector<std::string>& lines) {
  std::ofstream out(proclib / name);
  std::cout << "--- " << name << "\n";
  for (const auto& l : lines) {
    if (l.size() > 71) throw std::logic_error(name + ": line longer than 71 columns: " + l);
    out << l << "\n";
    std::cout << "  " << l << "\n";
  }
  if (!out.flush()) throw std::runtime_error("cannot write " + (proclib / name).string());
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void show_log_lines(const std::string& log, const std::string& id) {
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);)
    if (line.find(id) != std::string::npos) std::cout << "server: " << line << "\n";
}

namespace {

// This binary as a child with `args` (args[0] is its name), no input, its output (both streams)
// in `output`. Throws when it cannot be started.
pid_t spawn_self(std::vector<std::string> args, const std::string& output, int open_flags) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, output.c_str(), open_flags, 0600);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  // /proc/self/exe is resolved by the child: the zgate binary this demo runs from.
  pid_t pid = -1;
  int rc = posix_spawn(&pid, "/proc/self/exe", &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error(std::string("cannot start zgate ") + args.at(1) + ": " + std::strerror(rc));
  return pid;
}

}  // namespace

int run_self(const std::vector<std::string>& args, std::string& out) {
  char tmpl[] = "/tmp/zgate-run-XXXXXX";
  int fd = ::mkstemp(tmpl);
  if (fd < 0) throw std::runtime_error("cannot make a temporary file");
  ::close(fd);
  std::vector<std::string> all{"zgate"};
  all.insert(all.end(), args.begin(), args.end());
  pid_t pid = -1;
  try {
    pid = spawn_self(all, tmpl, O_WRONLY | O_TRUNC);
  } catch (...) {
    ::unlink(tmpl);
    throw;
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  out = slurp(tmpl);
  ::unlink(tmpl);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

ServerProcess::ServerProcess(std::vector<std::string> args, fs::path log)
    : log_(std::move(log)), pid_(spawn_self(std::move(args), log_.string(), O_WRONLY | O_CREAT | O_TRUNC)) {}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop(2s);
}

std::string ServerProcess::log() const { return slurp(log_); }

bool ServerProcess::wait_ready(std::chrono::milliseconds limit) {
  for (auto end = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < end;) {
    if (log().find("HWSC0000I") != std::string::npos) return true;
    if (reaped()) return false;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

int ServerProcess::stop(std::chrono::milliseconds limit) {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    for (auto end = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < end;) {
      if (reaped()) return status_;
      std::this_thread::sleep_for(20ms);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
    status_ = -1;
  }
  return status_;
}

bool ServerProcess::reaped() {
  int st = 0;
  if (pid_ <= 0) return true;
  if (::waitpid(pid_, &st, WNOHANG) != pid_) return false;
  pid_ = -1;
  status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return true;
}

}  // namespace zgate::app

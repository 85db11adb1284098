#include "tm/region_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <string_view>

extern char** environ;

namespace zgate::tm {

namespace {

// What a child keeps of the server's environment: the time zone and locale its programs
// format with, the library path the binary was started with, and the sanitizers' options.
// Nothing else: the server's environment may hold secrets (zgate send's password variable,
// a database URL) and is none of a program's business.
bool kept(std::string_view var) {
  for (std::string_view name : {"TZ=", "LANG=", "LC_ALL=", "LD_LIBRARY_PATH=", "UBSAN_OPTIONS="})
    if (var.starts_with(name)) return true;
  return false;
}

}  // namespace

std::unique_ptr<RegionProcess> RegionProcess::spawn(const std::vector<std::string>& command,
                                                    const std::vector<std::string>& environment,
                                                    std::string* error) {
  auto fail = [&](const std::string& what, int err) -> std::unique_ptr<RegionProcess> {
    if (error) *error = what + ": " + std::strerror(err);
    return nullptr;
  };
  if (command.empty()) {
    if (error) *error = "no region command configured";
    return nullptr;
  }
  int sv[2];
  // CLOEXEC on both ends: only the dup2 below makes the child's end survive exec, so a region
  // never inherits another region's socket (which would keep that one's EOF from arriving).
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) return fail("socketpair", errno);
  int child = sv[1];
  if (child == 3) {
    // dup2(3, 3) would keep FD_CLOEXEC set; move it out of the way first.
    int moved = ::fcntl(child, F_DUPFD_CLOEXEC, 4);
    ::close(child);
    child = moved;
    if (child < 0) {
      int e = errno;
      ::close(sv[0]);
      return fail("fcntl", e);
    }
  }

  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_adddup2(&fa, child, 3);
  // Descriptors the server opened without CLOEXEC (listeners, client sockets) must not leak
  // into programs.
  posix_spawn_file_actions_addclosefrom_np(&fa, 4);
  // A clean signal state: the spawning thread may block signals, and the server may ignore
  // some; a region starts with the defaults (it sets SIGPIPE itself).
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> argv;
  for (const auto& a : command) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  // A program's abend must reach the control process as the signal it is (S0C4 for SIGSEGV):
  // in a sanitizer build AddressSanitizer would otherwise catch the signal in the region and
  // exit with its own code. LeakSanitizer is off in the child: it stops the world with ptrace,
  // which the child's sandbox refuses (tm/region_sandbox.h), and would turn every clean exit
  // into a LeakSanitizer failure. The variable means nothing to a normal build.
  std::vector<std::string> env_text = environment;
  std::string asan = "ASAN_OPTIONS=";
  for (char** e = environ; *e; ++e) {
    if (std::string_view(*e).starts_with("ASAN_OPTIONS=")) asan = std::string(*e) + ":";
    else if (kept(*e)) env_text.emplace_back(*e);
  }
  env_text.push_back(asan +
                     "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0:handle_abort=0:"
                     "detect_leaks=0");
  std::vector<char*> envp;
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  int rc = ::posix_spawn(&pid, argv[0], &fa, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  ::close(child);
  if (rc != 0) {
    ::close(sv[0]);
    return fail("posix_spawn " + command[0], rc);
  }
  return std::unique_ptr<RegionProcess>(new RegionProcess(pid, sv[0]));
}

RegionProcess::~RegionProcess() {
  if (!reaped_) {
    kill_now();
    reap();
  }
  if (fd_ >= 0) ::close(fd_);
}

bool RegionProcess::looks_dead() const {
  pollfd pfd{fd_, POLLIN, 0};
  if (::poll(&pfd, 1, 0) <= 0) return false;
  // An idle region never writes: anything readable is EOF, an error, or a broken region.
  return true;
}

void RegionProcess::kill_now() {
  if (!reaped_) ::kill(pid_, SIGKILL);
}

int RegionProcess::reap() {
  if (reaped_) return status_;
  int st = 0;
  while (::waitpid(pid_, &st, 0) < 0) {
    if (errno != EINTR) break;
  }
  reaped_ = true;
  status_ = st;
  return st;
}

int RegionProcess::end(std::chrono::milliseconds grace) {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (reaped_) return status_;
  auto deadline = std::chrono::steady_clock::now() + grace;
  for (;;) {
    int st = 0;
    pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_ || (r < 0 && errno != EINTR)) {
      reaped_ = true;
      status_ = st;
      return st;
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill_now();
  return reap();
}

}  // namespace zgate::tm

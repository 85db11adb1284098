#pragma once
// One dependent region as the control process sees it: a child process started with
// posix_spawn (never fork without exec: the server is multithreaded) and the control end of a
// socketpair whose other end is the child's fd 3. The owner reaps it; nothing here installs a
// SIGCHLD handler, so the server's own child handling (if any) is undisturbed.
#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace zgate::tm {

class RegionProcess {
 public:
  // nullptr, with `error` set, when the process cannot be started. The child's environment is
  // `environment` ("NAME=value" each) and a few variables kept from ours (time zone, locale,
  // library path, sanitizer options): never the whole of the server's.
  static std::unique_ptr<RegionProcess> spawn(const std::vector<std::string>& command,
                                              const std::vector<std::string>& environment,
                                              std::string* error);
  ~RegionProcess();  // kills and reaps the child if it is still there

  RegionProcess(const RegionProcess&) = delete;
  RegionProcess& operator=(const RegionProcess&) = delete;

  int fd() const { return fd_; }
  pid_t pid() const { return pid_; }

  // Whether the socket shows the region gone (EOF or error) without blocking: a region that
  // died while idle is restarted before it is given a message.
  bool looks_dead() const;

  void kill_now();  // SIGKILL (processing limit, shutdown that did not end in time)
  // Closes the socket (the region exits on EOF) and waits up to `grace` before SIGKILL.
  // Returns the waitpid status.
  int end(std::chrono::milliseconds grace);
  // Waits for a child that is already ending (its socket reported EOF).
  int reap();

 private:
  RegionProcess(pid_t pid, int fd) : pid_(pid), fd_(fd) {}
  pid_t pid_;
  int fd_;
  bool reaped_ = false;
  int status_ = 0;
};

}  // namespace zgate::tm

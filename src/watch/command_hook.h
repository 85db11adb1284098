#pragma once
// The alert command hook: a program the site names (an argv, no shell) run once per alert with
// the alert as one JSON line (the trail's format) on its standard input, its standard output
// thrown away and its standard error the server's.
//
// It never holds up the caller: run() starts the program (posix_spawn), hands it the line
// without waiting (a socket buffer holds it; a line that does not fit is dropped) and returns.
// A reaper thread collects the programs that finish and kills (SIGKILL) those still running
// after `timeout`. At most `max_running` run at once; an alert that finds them all busy does
// not start one (counted in dropped). The destructor waits for the running ones, each at
// most until its timeout.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <sys/types.h>

namespace zgate::watch {

class CommandHook {
 public:
  struct Options {
    std::vector<std::string> argv;  // argv[0]: the program's path (no PATH search)
    std::chrono::milliseconds timeout{10000};
    std::size_t max_running = 4;
  };
  struct Stats {
    std::uint64_t started = 0, dropped = 0, failed = 0, killed = 0, finished = 0;
  };

  explicit CommandHook(Options opt);
  ~CommandHook();
  CommandHook(const CommandHook&) = delete;
  CommandHook& operator=(const CommandHook&) = delete;

  // Starts the program with `line` (and a newline) on its stdin; false when it was not started.
  bool run(std::string_view line);
  Stats stats() const;
  // Returns when no program runs (tests).
  void wait_idle();

 private:
  struct Child {
    pid_t pid;
    std::chrono::steady_clock::time_point deadline;
    bool killed = false;
  };
  void reap();

  Options opt_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::vector<Child> running_;
  Stats stats_;
  bool closing_ = false;
  std::thread reaper_;  // last: started when the rest exists
};

}  // namespace zgate::watch

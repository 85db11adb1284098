#pragma once
// A tm thread for completions that need no region (DFS064, DFS065, shutdown): submit()'s caller
// may hold locks of its own, so `done` is never called on the caller's stack.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace zgate::tm {

class Completer {
 public:
  Completer();
  ~Completer();  // runs what is queued, then ends
  void post(std::function<void()> f);

 private:
  void run();
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> work_;
  bool ending_ = false;
  std::thread thread_;
};

}  // namespace zgate::tm

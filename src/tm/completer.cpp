#include "tm/completer.h"

namespace zgate::tm {

Completer::Completer() : thread_([this] { run(); }) {}

Completer::~Completer() {
  {
    std::lock_guard lk(mu_);
    ending_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Completer::post(std::function<void()> f) {
  {
    std::lock_guard lk(mu_);
    work_.push_back(std::move(f));
  }
  cv_.notify_one();
}

void Completer::run() {
  std::unique_lock lk(mu_);
  for (;;) {
    cv_.wait(lk, [this] { return ending_ || !work_.empty(); });
    if (work_.empty()) return;  // ending, and nothing left
    auto f = std::move(work_.front());
    work_.pop_front();
    lk.unlock();
    try {
      f();
    } catch (...) {
    }
    lk.lock();
  }
}

}  // namespace zgate::tm

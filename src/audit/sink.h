#pragma once
// Where audit events go. saf, connect and otma write through this interface only; which sinks
// are wired (JSON lines, syslog, SMF-80 files) is the application's choice.
#include <memory>
#include <mutex>
#include <vector>

#include "audit/event.h"

namespace zgate::audit {

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void write(const Event& e) = 0;
};

// Drops everything: for tools that must not audit (benchmarks of the pure decision).
class NullSink final : public Sink {
 public:
  void write(const Event&) override {}
};

// Keeps events in memory: tests assert on what was audited.
class MemorySink final : public Sink {
 public:
  void write(const Event& e) override {
    std::lock_guard lk(mu_);
    events_.push_back(e);
  }
  std::vector<Event> events() const {
    std::lock_guard lk(mu_);
    return events_;
  }
  void clear() {
    std::lock_guard lk(mu_);
    events_.clear();
  }

 private:
  mutable std::mutex mu_;
  std::vector<Event> events_;
};

}  // namespace zgate::audit

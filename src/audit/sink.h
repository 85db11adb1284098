#pragma once
// Where audit events go. Every component writes through this interface only; which sinks are
// wired (the bus, JSON lines, syslog, LEEF, CEF) is the application's choice.
//
// write() is the one entry point: it completes the event from the calling thread's
// audit::Context (context.h: the connection's correlation ID, source, door, ...) where the
// component left a field empty, then hands it to deliver(). So a check deep in saf, called for
// IMS Connect, is recorded with the client's address and correlation ID without saf knowing
// about either.
#include <memory>
#include <mutex>
#include <vector>

#include "audit/event.h"

namespace zgate::audit {

class Sink {
 public:
  virtual ~Sink() = default;
  void write(const Event& e);

 protected:
  virtual void deliver(const Event& e) = 0;
};

// Drops everything: for tools that must not audit (benchmarks of the pure decision).
class NullSink final : public Sink {
 protected:
  void deliver(const Event&) override {}
};

// Keeps events in memory: tests assert on what was audited.
class MemorySink final : public Sink {
 public:
  std::vector<Event> events() const {
    std::lock_guard lk(mu_);
    return events_;
  }
  void clear() {
    std::lock_guard lk(mu_);
    events_.clear();
  }

 protected:
  void deliver(const Event& e) override {
    std::lock_guard lk(mu_);
    events_.push_back(e);
  }

 private:
  mutable std::mutex mu_;
  std::vector<Event> events_;
};

}  // namespace zgate::audit

#include "audit/bus.h"

#include <cstdio>
#include <exception>

namespace zgate::audit {
namespace {
thread_local const Bus* t_delivering = nullptr;  // the bus whose delivery thread this is
}

Bus::Bus(core::Clock& clock, Options opt) : clock_(clock), opt_(opt), thread_([this] { run(); }) {}

Bus::~Bus() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  has_work_.notify_all();
  thread_.join();
}

void Bus::add_sink(Sink& s) {
  std::lock_guard lk(mu_);
  sinks_.push_back(&s);
}

void Bus::subscribe(Subscriber s) {
  std::lock_guard lk(mu_);
  subscribers_.push_back(std::move(s));
}

void Bus::deliver(const Event& e) {
  Event stamped = e;
  if (stamped.time == 0) stamped.time = clock_.now();
  std::unique_lock lk(mu_);
  if (t_delivering != this && queue_.size() >= opt_.capacity) {
    ++stats_.waits;
    has_room_.wait(lk, [&] { return queue_.size() < opt_.capacity || stop_; });
  }
  const bool was_empty = queue_.empty();
  queue_.push_back(std::move(stamped));
  ++stats_.written;
  const bool full_batch = queue_.size() >= opt_.batch;
  lk.unlock();
  // The delivery thread waits for the first record, then lingers for more: only the first one
  // (or a full batch) needs to wake it.
  if (was_empty || full_batch) has_work_.notify_one();
}

void Bus::flush() {
  std::unique_lock lk(mu_);
  const std::uint64_t target = stats_.written;
  if (t_delivering == this) return;  // a subscriber cannot wait for its own thread
  flush_wanted_ = std::max(flush_wanted_, target);
  has_work_.notify_one();
  drained_.wait(lk, [&] { return stats_.delivered >= target; });
}

void Bus::end_subscriptions() {
  for (int i = 0; i < 4; ++i) flush();  // alerts raise offenses' records, which are delivered too
  std::lock_guard lk(mu_);
  subscribers_.clear();
}

Bus::Stats Bus::stats() const {
  std::lock_guard lk(mu_);
  Stats s = stats_;
  s.backlog = queue_.size() + in_flight_;
  return s;
}

void Bus::run() {
  t_delivering = this;
  std::unique_lock lk(mu_);
  for (;;) {
    has_work_.wait(lk, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything delivered
    // Let records gather (one wake-up per `linger`, not per record), unless someone waits.
    has_work_.wait_for(lk, opt_.linger, [&] {
      return stop_ || queue_.size() >= opt_.batch || flush_wanted_ > stats_.delivered + in_flight_;
    });
    // Take what is there in one go: one lock per batch, not per event.
    std::deque<Event> batch;
    batch.swap(queue_);
    in_flight_ = batch.size();
    const std::vector<Sink*> sinks = sinks_;
    const std::vector<Subscriber> subscribers = subscribers_;
    lk.unlock();
    has_room_.notify_all();
    for (const Event& e : batch) {
      for (Sink* s : sinks) {
        try {
          s->write(e);
        } catch (const std::exception& x) {
          std::fprintf(stderr, "zgate: audit sink failed, event %s for %s not delivered to it: %s\n",
                       event_name(e.code), e.user.c_str(), x.what());
        }
      }
      for (const auto& sub : subscribers) {
        try {
          sub(e);
        } catch (const std::exception& x) {
          std::fprintf(stderr, "zgate: audit subscriber failed: %s\n", x.what());
        }
      }
    }
    lk.lock();
    stats_.delivered += batch.size();
    in_flight_ = 0;
    drained_.notify_all();
  }
}

}  // namespace zgate::audit

#pragma once
// The audit bus: the one Sink every component of a running zgate writes to. write() completes
// the event from the caller's context (Sink::write), stamps the time if the writer left none,
// and queues it; one delivery thread hands each event, in the order written, to every sink
// (JSON lines, syslog, LEEF, CEF: each already bounded and spooled by itself) and then to every
// subscriber (the alert rules, the offenses). So no transaction waits for a file system or a
// network: the I/O threads and regions only queue.
//
// Nothing is lost: the queue is bounded (`capacity` events) and a writer that finds it full
// waits for room (the trail is the record; an event dropped to go faster is a hole in it), and
// counts the wait. Events written from the delivery thread itself (an alert a subscriber
// raises) are queued whatever the bound, since that thread cannot wait for itself.
// The destructor delivers what is queued before it returns.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "audit/sink.h"
#include "core/clock.h"

namespace zgate::audit {

class Bus final : public Sink {
 public:
  struct Options {
    std::size_t capacity = 65536;
    // How long the delivery thread lets records gather before it takes them, unless a flush,
    // the end, or `batch` records call for them sooner. Waking once per record would put a
    // thread switch on every message's path (on 2 cores, measurably: bench/compare's
    // "before" rows); records reach the sinks at most this much later.
    std::chrono::milliseconds linger{10};
    std::size_t batch = 1024;
  };
  using Subscriber = std::function<void(const Event&)>;

  explicit Bus(core::Clock& clock, Options opt);
  explicit Bus(core::Clock& clock) : Bus(clock, Options{}) {}
  ~Bus() override;
  Bus(const Bus&) = delete;
  Bus& operator=(const Bus&) = delete;

  // Before the first write, or at any time: later events go to it too. The sink must outlive
  // the bus.
  void add_sink(Sink& s);
  // Called on the delivery thread for every event, after the sinks; may write to the bus.
  // A subscriber that throws is reported on stderr and the others still run.
  void subscribe(Subscriber s);

  // Returns when every event written before the call has been delivered.
  void flush();
  // Delivers what is queued (and what subscribers write meanwhile), then drops every
  // subscriber: for a server ending, before what the subscribers use goes away. Sinks stay.
  void end_subscriptions();

  struct Stats {
    std::uint64_t written = 0, delivered = 0, waits = 0;
    std::size_t backlog = 0;
  };
  Stats stats() const;

 protected:
  void deliver(const Event& e) override;

 private:
  void run();

  core::Clock& clock_;
  Options opt_;
  mutable std::mutex mu_;
  std::condition_variable has_work_, has_room_, drained_;
  std::deque<Event> queue_;
  std::vector<Sink*> sinks_;
  std::vector<Subscriber> subscribers_;
  Stats stats_;
  std::uint64_t in_flight_ = 0;  // taken off the queue, not yet delivered
  std::uint64_t flush_wanted_ = 0;  // flush() is waiting for records up to this count
  bool stop_ = false;
  std::thread thread_;  // last: started when everything above exists
};

}  // namespace zgate::audit

// The audit bus: every component writes to it; it delivers, in order and off the writer's
// thread, to every sink and subscriber, and loses nothing when a sink is slow.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "audit/bus.h"
#include "audit/context.h"
#include "core/clock.h"

namespace zgate::audit {
namespace {

Event named(const std::string& user) {
  Event e;
  e.time = 1;
  e.code = EventCode::JobInit;
  e.user = user;
  return e;
}

// A sink that holds each delivery until released, and notes the thread it ran on.
class SlowSink final : public Sink {
 public:
  std::atomic<bool> release{false};
  std::atomic<int> seen{0};
  std::atomic<std::thread::id> thread{};

 protected:
  void deliver(const Event&) override {
    thread = std::this_thread::get_id();
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ++seen;
  }
};

class ThrowingSink final : public Sink {
 protected:
  void deliver(const Event&) override { throw std::runtime_error("disk full"); }
};

TEST(AuditBus, DeliversEveryEventInOrderToEverySinkAndSubscriber) {
  core::ManualClock clock(100);
  MemorySink a, b;
  std::vector<std::string> subscribed;
  {
    Bus bus(clock);
    bus.add_sink(a);
    bus.add_sink(b);
    bus.subscribe([&](const Event& e) { subscribed.push_back(e.user); });
    for (int i = 0; i < 1000; ++i) bus.write(named("U" + std::to_string(i)));
    bus.flush();
    EXPECT_EQ(bus.stats().delivered, 1000u);
    EXPECT_EQ(bus.stats().backlog, 0u);
  }
  ASSERT_EQ(a.events().size(), 1000u);
  ASSERT_EQ(b.events().size(), 1000u);
  ASSERT_EQ(subscribed.size(), 1000u);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(a.events()[i].user, "U" + std::to_string(i));
    EXPECT_EQ(subscribed[i], "U" + std::to_string(i));
  }
}

TEST(AuditBus, TheWriterDoesNotWaitForASlowSinkAndDestructionDeliversTheRest) {
  core::ManualClock clock(100);
  SlowSink slow;
  {
    Bus bus(clock);
    bus.add_sink(slow);
    for (int i = 0; i < 10; ++i) bus.write(named("U"));  // returns although the sink is stuck
    EXPECT_EQ(slow.seen.load(), 0);
    EXPECT_GT(bus.stats().backlog, 0u);
    slow.release = true;
  }  // the destructor delivers what is queued
  EXPECT_EQ(slow.seen.load(), 10);
  EXPECT_NE(slow.thread.load(), std::this_thread::get_id());
}

TEST(AuditBus, AFullQueueMakesTheWriterWaitRatherThanDropAnEvent) {
  core::ManualClock clock(100);
  SlowSink slow;
  Bus bus(clock, Bus::Options{.capacity = 4});
  bus.add_sink(slow);
  std::thread writer([&] {
    for (int i = 0; i < 20; ++i) bus.write(named("U"));
  });
  while (bus.stats().waits == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  slow.release = true;
  writer.join();
  bus.flush();
  EXPECT_EQ(slow.seen.load(), 20);
  EXPECT_GE(bus.stats().waits, 1u);
}

TEST(AuditBus, ASinkThatThrowsDoesNotKeepTheEventFromTheOthers) {
  core::ManualClock clock(100);
  ThrowingSink bad;
  MemorySink good;
  Bus bus(clock);
  bus.add_sink(bad);
  bus.add_sink(good);
  bus.write(named("U1"));
  bus.flush();
  EXPECT_EQ(good.events().size(), 1u);
}

TEST(AuditBus, ASubscriberMayWriteToTheBusWithoutDeadlockEvenWhenTheQueueIsFull) {
  core::ManualClock clock(100);
  MemorySink trail;
  Bus bus(clock, Bus::Options{.capacity = 1});
  bus.add_sink(trail);
  bus.subscribe([&](const Event& e) {
    if (e.component != "WATCH") {
      Event alert;
      alert.component = "WATCH";
      alert.component_code = "ALERT";
      alert.user = e.user;
      bus.write(alert);
      bus.write(alert);
    }
  });
  for (int i = 0; i < 5; ++i) bus.write(named("U"));
  bus.flush();
  bus.flush();  // the alerts written during the first flush
  EXPECT_EQ(trail.events().size(), 15u);
}

TEST(AuditBus, StampsTheTimeWhenTheWriterLeftNone) {
  core::ManualClock clock(1'790'000'000);
  MemorySink trail;
  Bus bus(clock);
  bus.add_sink(trail);
  Event e = named("U");
  e.time = 0;
  bus.write(e);
  bus.flush();
  EXPECT_EQ(trail.events().at(0).time, 1'790'000'000);
}

TEST(AuditContext, EventsWrittenUnderAScopeCarryItsFieldsUnlessTheWriterSetThem) {
  MemorySink sink;
  Context c;
  c.correlation = "IC0000000000000001";
  c.source_ip = "127.0.0.66";
  c.source_port = 40000;
  c.door = "IRM";
  c.datastore = "IMS1";
  {
    Scope s(c);
    sink.write(named("APPSRV1"));
    Event own = named("APPSRV1");
    own.source_ip = "10.0.0.1";
    sink.write(own);
    {
      Context inner;
      inner.correlation = "IC0000000000000001.2";
      Scope nested(inner);
      sink.write(named("APPSRV1"));
    }
  }
  sink.write(named("AFTER"));
  auto ev = sink.events();
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[0].correlation, "IC0000000000000001");
  EXPECT_EQ(ev[0].source_ip, "127.0.0.66");
  EXPECT_EQ(ev[0].source_port, 40000);
  EXPECT_EQ(ev[0].door, "IRM");
  EXPECT_EQ(ev[0].datastore, "IMS1");
  EXPECT_EQ(ev[1].source_ip, "10.0.0.1");  // the writer's own value stands
  EXPECT_EQ(ev[2].correlation, "IC0000000000000001.2");
  EXPECT_EQ(ev[2].source_ip, "127.0.0.66");  // inherited from the outer scope
  EXPECT_TRUE(ev[3].correlation.empty());    // no scope, nothing added
  EXPECT_TRUE(ev[3].source_ip.empty());
}

TEST(AuditContext, AScopeIsPerThread) {
  MemorySink sink;
  Context c;
  c.correlation = "IC1";
  Scope s(c);
  std::thread([&] { sink.write(named("OTHER")); }).join();
  EXPECT_TRUE(sink.events().at(0).correlation.empty());
}

TEST(AuditContext, CorrelationIdsAreUniqueAndNameTheirDoor) {
  std::string a = new_correlation("IC"), b = new_correlation("IC");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.substr(0, 2), "IC");
  EXPECT_EQ(a.size(), 18u);
}

TEST(AuditFields, EveryFieldHasTheTrailsNameAndText) {
  Event e = named("JOEADMIN");
  e.source_ip = "127.0.0.66";
  e.source_port = 1234;
  e.violation = true;
  EXPECT_EQ(field(e, "user"), "JOEADMIN");
  EXPECT_EQ(field(e, "event_name"), "JOBINIT");
  EXPECT_EQ(field(e, "source_port"), "1234");
  EXPECT_EQ(field(e, "violation"), "true");
  EXPECT_EQ(field(e, "severity"), "6");
  EXPECT_EQ(field(e, "no_such_field"), "");
  EXPECT_EQ(field_names().front(), "time");
}

}  // namespace
}  // namespace zgate::audit

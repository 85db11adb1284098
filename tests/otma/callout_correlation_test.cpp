// Synchronous callout requests on the hold queues: the correlation token is a random
// capability, and only the client that took a request (over RESUME TPIPE, and ACKed it) may
// answer it. A response that comes first, or from anyone else, finds no ICAL to complete.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "otma/hold_queues.h"

namespace zgate::otma {
namespace {

using namespace std::chrono_literals;

// An ICAL on its own thread (call_out blocks until the response or the timeout).
struct Ical {
  HoldQueues& q;
  std::future<tm::CalloutResult> result;
  explicit Ical(HoldQueues& queues, std::chrono::milliseconds timeout = 5s) : q(queues) {
    tm::CalloutRequest r;
    r.userid = "CLERK01";
    r.segments = {"HELLO"};
    r.timeout = timeout;
    result = std::async(std::launch::async, [this, r] { return q.call_out("HWSMEM1", "CALLOUT1", r); });
  }
};

HeldMessage take_request(HoldQueues& q) {
  for (int i = 0; i < 500; ++i) {
    if (auto m = q.take("HWSMEM1", "CALLOUT1", Want::SyncOnly)) return *m;
    std::this_thread::sleep_for(2ms);
  }
  ADD_FAILURE() << "the ICAL's request never reached the queue";
  return {};
}

const CalloutTaker kService{"SERVICE1", "USER2"};

TEST(CalloutCorrelation, OnlyTheClientThatTookAndAckedTheRequestCanAnswerIt) {
  HoldQueues q;
  Ical ical(q);
  HeldMessage m = take_request(q);
  // Taken but not ACKed yet: nobody's answer counts.
  EXPECT_FALSE(q.respond(m.correlation, kService, {"TOO SOON"}));
  q.ack(m, kService);
  EXPECT_FALSE(q.respond(m.correlation, CalloutTaker{"EVIL1", "TEMP01"}, {"EVIL"}));
  EXPECT_FALSE(q.respond(m.correlation, CalloutTaker{"SERVICE1", "TEMP01"}, {"EVIL"}))
      << "the taker's client ID with another user ID is not the taker";
  EXPECT_FALSE(q.respond(m.correlation, CalloutTaker{"EVIL1", "USER2"}, {"EVIL"}))
      << "the taker's user ID on another client is not the taker";
  ASSERT_TRUE(q.respond(m.correlation, kService, {"WORLD"}));
  auto r = ical.result.get();
  EXPECT_EQ(r.status, tm::CalloutResult::Status::Ok);
  ASSERT_EQ(r.segments.size(), 1u);
  EXPECT_EQ(r.segments[0], "WORLD");
}

TEST(CalloutCorrelation, ARequestStillOnTheQueueHasNoTakerAndCannotBeAnswered) {
  HoldQueues q;
  Ical ical(q, 300ms);
  HeldMessage m = take_request(q);
  q.put_back(m);  // not delivered: back on the queue
  auto holder = q.callout_holder(m.correlation);
  ASSERT_TRUE(holder);
  EXPECT_FALSE(holder->taker);
  EXPECT_EQ(holder->tpipe, "CALLOUT1");
  EXPECT_FALSE(q.respond(m.correlation, kService, {"GUESS"}));
  EXPECT_EQ(ical.result.get().status, tm::CalloutResult::Status::TimedOut);
  EXPECT_FALSE(q.callout_holder(m.correlation)) << "a timed-out ICAL leaves nothing to answer";
}

TEST(CalloutCorrelation, TokensCarry160RandomBitsTheTpipeAndTheOriginatingUser) {
  HoldQueues q;
  Correlation first{};
  for (int i = 0; i < 2; ++i) {
    Ical ical(q);
    HeldMessage m = take_request(q);
    EXPECT_EQ(std::string(m.correlation.begin(), m.correlation.begin() + 4), "ZGCO");
    EXPECT_EQ(std::string(m.correlation.begin() + 24, m.correlation.begin() + 32), "CALLOUT1");
    EXPECT_EQ(std::string(m.correlation.begin() + 32, m.correlation.end()), "CLERK01 ");
    if (i == 0) {
      first = m.correlation;
    } else {
      int same = 0;
      for (std::size_t b = 4; b < 24; ++b) same += first[b] == m.correlation[b];
      EXPECT_LE(same, 8) << "two tokens in a row share most of their random part";
    }
    q.ack(m, kService);
    ASSERT_TRUE(q.respond(m.correlation, kService, {"OK"}));
    ical.result.get();
  }
}

}  // namespace
}  // namespace zgate::otma

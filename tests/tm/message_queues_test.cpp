// The message queues and the hand-off to an idle region: a message that arrives while a region
// waits goes to that region at once (sent on the submitter's thread); otherwise it waits in
// its transaction's queue, and a stopped transaction's messages wait until /STA TRAN.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/proclib.h"
#include "tm/message_queues.h"
#include "tm/transaction_table.h"

namespace zgate::tm {
namespace {

TransactionTable two_transactions() {
  auto parsed = core::parse_member("STAGE1",
                                   "         APPLCTN PSB=ECHOPGM\n"
                                   "         TRANSACT CODE=ECHOTXN\n"
                                   "         APPLCTN PSB=PAYPGM\n"
                                   "         TRANSACT CODE=PAYTXN\n"
                                   "         IMSGEN\n",
                                   core::MemberFormat::Stage1);
  EXPECT_TRUE(parsed.ok());
  TransactionTable t;
  t.add_stage1(parsed.member);
  return t;
}

InputMessage message(const std::string& code, const std::string& data) {
  InputMessage m;
  m.trancode = code;
  m.segments = {data};
  return m;
}

// A region as the queues see it, recording what it was given and when it was woken.
struct FakeRegion final : RegionSlot {
  std::vector<std::string> sent;
  int wakes = 0;
  void start(QueuedMessage q) override { sent.push_back(q.message.segments.front()); }
  void wake() override { ++wakes; }
};

// Two transactions, their queues, and one region that has found them empty and waits.
class MessageQueuesTest : public ::testing::Test {
 protected:
  TransactionTable table = two_transactions();
  MessageQueues queues{table};
  FakeRegion region;
  std::optional<QueuedMessage> got;
  void region_waits() { ASSERT_EQ(queues.take(region, got), MessageQueues::Take::Idle); }
};

TEST_F(MessageQueuesTest, AMessageForAnIdleRegionIsGivenToItAtOnceWithoutWakingItsThread) {
  region_waits();

  ASSERT_TRUE(queues.push(message("ECHOTXN", "HELLO"), nullptr));
  EXPECT_EQ(region.sent, std::vector<std::string>{"HELLO"});
  EXPECT_EQ(region.wakes, 0);  // the region process's answer is what wakes the control process
  EXPECT_EQ(queues.counts("ECHOTXN").enqueued, 1u);
  EXPECT_EQ(queues.counts("ECHOTXN").dequeued, 1u);
  // It is no longer idle: withdrawing tells its thread that a message came meanwhile.
  EXPECT_FALSE(queues.withdraw(region));

  // While it is busy, the next message waits in the queue for it.
  ASSERT_TRUE(queues.push(message("ECHOTXN", "AGAIN"), nullptr));
  EXPECT_EQ(region.sent.size(), 1u);
  ASSERT_EQ(queues.take(region, got), MessageQueues::Take::Message);
  EXPECT_EQ(got->message.segments.front(), "AGAIN");
}

TEST_F(MessageQueuesTest, ARegionThatStopsWaitingIsGivenNothingAndFindsTheMessageQueued) {
  region_waits();
  EXPECT_TRUE(queues.withdraw(region));  // e.g. its process died while idle
  ASSERT_TRUE(queues.push(message("ECHOTXN", "LATER"), nullptr));
  EXPECT_TRUE(region.sent.empty());
  ASSERT_EQ(queues.take(region, got), MessageQueues::Take::Message);
  EXPECT_EQ(got->message.segments.front(), "LATER");
}

TEST_F(MessageQueuesTest, AStoppedTransactionsMessageWaitsInItsQueueEvenWithARegionIdle) {
  ASSERT_TRUE(table.set_stopped("PAYTXN", true));
  region_waits();
  ASSERT_TRUE(queues.push(message("PAYTXN", "PAY"), nullptr));
  EXPECT_TRUE(region.sent.empty());
  EXPECT_TRUE(queues.withdraw(region));  // still idle: nothing was given to it

  // /STA TRAN: the region finds it on its next look at the queues.
  ASSERT_TRUE(table.set_stopped("PAYTXN", false));
  ASSERT_EQ(queues.take(region, got), MessageQueues::Take::Message);
  EXPECT_EQ(got->message.segments.front(), "PAY");
}

TEST_F(MessageQueuesTest, ClosingWakesIdleRegionsAndReturnsWhatWasQueued) {
  ASSERT_TRUE(table.set_stopped("PAYTXN", true));
  region_waits();
  ASSERT_TRUE(queues.push(message("PAYTXN", "ONE"), nullptr));
  ASSERT_TRUE(queues.push(message("PAYTXN", "TWO"), nullptr));
  auto left = queues.close();
  EXPECT_EQ(region.wakes, 1);
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0].message.segments.front(), "ONE");
  EXPECT_EQ(left[1].message.segments.front(), "TWO");
  EXPECT_FALSE(queues.push(message("ECHOTXN", "LATE"), nullptr));
  EXPECT_EQ(queues.take(region, got), MessageQueues::Take::Closed);
}

}  // namespace
}  // namespace zgate::tm

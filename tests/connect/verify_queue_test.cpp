// The verify queue's fairness and budgets: an attacker's wrong passwords, however many
// connections send them, cannot put another user's sign-on behind more than the hash already
// running, and once its VERIFYs keep failing it is refused past its budget before any hash.
// Sign-ons that succeed are never refused, however many wait.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "connect/verify_queue.h"

namespace zgate::connect {
namespace {

// Queues a VERIFY that records `name` when it runs and answers `ok`.
bool queue(VerifyQueue& q, const std::string& source, const std::string& user, std::vector<std::string>& ran,
           const std::string& name, bool ok = true) {
  return q.push(source, user, [&ran, name, ok] {
    ran.push_back(name);
    return ok;
  });
}

std::vector<std::string> drain(VerifyQueue& q, std::vector<std::string>& ran) {
  while (auto job = q.pop()) (*job)();
  return ran;
}

// Makes (source, user) failing: `n` wrong passwords that have run.
void fail(VerifyQueue& q, const std::string& source, const std::string& user, int n) {
  std::vector<std::string> ran;
  for (int i = 0; i < n; ++i) ASSERT_TRUE(queue(q, source, user, ran, "wrong", false));
  drain(q, ran);
}

TEST(VerifyQueue, AUserWhoHasNothingWaitingGoesAheadOfAnAttackersQueue) {
  VerifyQueue q;
  std::vector<std::string> ran;
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(queue(q, "10.0.0.9", "SPECIAL", ran, "attack" + std::to_string(i), false));
  ASSERT_TRUE(queue(q, "10.0.0.9", "GOODUSER", ran, "good"));
  auto order = drain(q, ran);
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(order[0], "good") << "the good user waits for no attacker's hash";
}

TEST(VerifyQueue, AFailingUserHasABudgetAndTheRefusalCostsNothing) {
  VerifyQueue q(VerifyQueue::Limits{.per_user = 2, .per_source = 10, .failing_after = 3});
  fail(q, "A", "SPECIAL", 3);
  std::vector<std::string> ran;
  EXPECT_TRUE(queue(q, "A", "SPECIAL", ran, "1", false));
  EXPECT_TRUE(queue(q, "A", "SPECIAL", ran, "2", false));
  EXPECT_FALSE(queue(q, "A", "SPECIAL", ran, "3", false)) << "third waiting VERIFY for a failing user";
  EXPECT_TRUE(queue(q, "A", "OTHER", ran, "4")) << "another user has its own budget";
  EXPECT_TRUE(queue(q, "B", "SPECIAL", ran, "5")) << "the same user from another address too";
  EXPECT_EQ(drain(q, ran).size(), 4u);
  EXPECT_TRUE(queue(q, "A", "SPECIAL", ran, "6", false)) << "budgets come back when the VERIFYs have run";
  EXPECT_EQ(q.pending("A"), 1u);
}

TEST(VerifyQueue, SignOnsThatSucceedAreNeverRefusedHoweverManyWait) {
  // A pool of connections signing on as one service user (a gateway): no budget applies.
  VerifyQueue q(VerifyQueue::Limits{.per_user = 2, .per_source = 3, .failing_after = 3});
  std::vector<std::string> ran;
  for (int i = 0; i < 16; ++i) EXPECT_TRUE(queue(q, "A", "SERVICE", ran, std::to_string(i)));
  EXPECT_EQ(drain(q, ran).size(), 16u);
}

TEST(VerifyQueue, OneSuccessEndsAUsersFailingStreak) {
  VerifyQueue q(VerifyQueue::Limits{.per_user = 1, .per_source = 10, .failing_after = 3});
  fail(q, "A", "U", 3);
  std::vector<std::string> ran;
  ASSERT_TRUE(queue(q, "A", "U", ran, "right"));
  EXPECT_FALSE(queue(q, "A", "U", ran, "more")) << "still failing while the right one waits";
  drain(q, ran);
  EXPECT_TRUE(queue(q, "A", "U", ran, "1"));
  EXPECT_TRUE(queue(q, "A", "U", ran, "2")) << "no budget once a sign-on succeeded";
}

TEST(VerifyQueue, AFailingSourceHasABudgetAcrossItsUsers) {
  VerifyQueue q(VerifyQueue::Limits{.per_user = 4, .per_source = 3, .failing_after = 3});
  fail(q, "A", "U0", 3);
  std::vector<std::string> ran;
  EXPECT_TRUE(queue(q, "A", "U1", ran, "1", false));
  EXPECT_TRUE(queue(q, "A", "U2", ran, "2", false));
  EXPECT_TRUE(queue(q, "A", "U3", ran, "3", false));
  EXPECT_FALSE(queue(q, "A", "U4", ran, "4", false)) << "rotating user IDs from one failing address";
  EXPECT_TRUE(queue(q, "B", "U4", ran, "5"));
}

TEST(VerifyQueue, SourcesAndUsersTakeTurns) {
  VerifyQueue q;
  std::vector<std::string> ran;
  ASSERT_TRUE(queue(q, "A", "U1", ran, "A1"));
  ASSERT_TRUE(queue(q, "A", "U1", ran, "A2"));
  ASSERT_TRUE(queue(q, "A", "U1", ran, "A3"));
  ASSERT_TRUE(queue(q, "B", "U2", ran, "B1"));
  ASSERT_TRUE(queue(q, "B", "U2", ran, "B2"));
  auto order = drain(q, ran);
  const std::vector<std::string> expected{"B1", "A1", "B2", "A2", "A3"};
  EXPECT_EQ(order, expected);
}

TEST(VerifyQueue, AJobThatThrowsStillGivesItsBudgetBackAndCountsAsAFailure) {
  VerifyQueue q(VerifyQueue::Limits{.per_user = 1, .per_source = 1, .failing_after = 1});
  ASSERT_TRUE(q.push("A", "U", []() -> bool { throw std::runtime_error("hash failed"); }));
  auto job = q.pop();
  ASSERT_TRUE(job);
  EXPECT_THROW((*job)(), std::runtime_error);
  EXPECT_EQ(q.pending("A"), 0u);
  EXPECT_TRUE(q.push("A", "U", [] { return false; }));
  EXPECT_FALSE(q.push("A", "U", [] { return true; })) << "failing after one throw: budget of one";
}

}  // namespace
}  // namespace zgate::connect

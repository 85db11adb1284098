// The verify queue's fairness and budgets: an attacker's wrong passwords, however many
// connections send them, cannot put another user's sign-on behind more than the hash already
// running, and past its budget an attacker is refused before any hash.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "connect/verify_queue.h"

namespace zgate::connect {
namespace {

// Queues a job that records `name` when it runs.
bool queue(VerifyQueue& q, const std::string& source, const std::string& user, std::vector<std::string>& ran,
           const std::string& name) {
  return q.push(source, user, [&ran, name] { ran.push_back(name); });
}

std::vector<std::string> drain(VerifyQueue& q, std::vector<std::string>& ran) {
  while (auto job = q.pop()) (*job)();
  return ran;
}

TEST(VerifyQueue, AUserWhoHasNothingWaitingGoesAheadOfAnAttackersQueue) {
  VerifyQueue q;
  std::vector<std::string> ran;
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(queue(q, "10.0.0.9", "SPECIAL", ran, "attack" + std::to_string(i)));
  ASSERT_TRUE(queue(q, "10.0.0.9", "GOODUSER", ran, "good"));
  auto order = drain(q, ran);
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(order[0], "good") << "the good user waits for no attacker's hash";
}

TEST(VerifyQueue, EachUserHasABudgetAndTheRefusalCostsNothing) {
  VerifyQueue q(VerifyQueue::Limits{.per_user = 2, .per_source = 10});
  std::vector<std::string> ran;
  EXPECT_TRUE(queue(q, "A", "SPECIAL", ran, "1"));
  EXPECT_TRUE(queue(q, "A", "SPECIAL", ran, "2"));
  EXPECT_FALSE(queue(q, "A", "SPECIAL", ran, "3")) << "third waiting VERIFY for one user";
  EXPECT_TRUE(queue(q, "A", "OTHER", ran, "4")) << "another user has its own budget";
  EXPECT_TRUE(queue(q, "B", "SPECIAL", ran, "5")) << "the same user from another address too";
  EXPECT_EQ(drain(q, ran).size(), 4u);
  EXPECT_TRUE(queue(q, "A", "SPECIAL", ran, "6")) << "budgets come back when the VERIFYs have run";
  EXPECT_EQ(q.pending("A"), 1u);
}

TEST(VerifyQueue, ASourceHasABudgetAcrossItsUsers) {
  VerifyQueue q(VerifyQueue::Limits{.per_user = 4, .per_source = 3});
  std::vector<std::string> ran;
  EXPECT_TRUE(queue(q, "A", "U1", ran, "1"));
  EXPECT_TRUE(queue(q, "A", "U2", ran, "2"));
  EXPECT_TRUE(queue(q, "A", "U3", ran, "3"));
  EXPECT_FALSE(queue(q, "A", "U4", ran, "4")) << "rotating user IDs from one address";
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

TEST(VerifyQueue, AJobThatThrowsStillGivesItsBudgetBack) {
  VerifyQueue q(VerifyQueue::Limits{.per_user = 1, .per_source = 1});
  ASSERT_TRUE(q.push("A", "U", [] { throw std::runtime_error("hash failed"); }));
  auto job = q.pop();
  ASSERT_TRUE(job);
  EXPECT_THROW((*job)(), std::runtime_error);
  EXPECT_EQ(q.pending("A"), 0u);
  EXPECT_TRUE(q.push("A", "U", [] {}));
}

}  // namespace
}  // namespace zgate::connect

// Client IDs: IBM's rules (IBM "Client ID (clientID)", ICO0053E) and *GENCID* generation.
#include <gtest/gtest.h>

#include <set>

#include "connect/client_id.h"

namespace zgate::connect {
namespace {

TEST(ClientId, IbmRulesAcceptOneToEightOfAToZDigitsAtHashDollar) {
  EXPECT_TRUE(valid_client_id("CLIENT01"));
  EXPECT_TRUE(valid_client_id("A"));
  EXPECT_TRUE(valid_client_id("@#$9"));
  EXPECT_EQ(check_client_id(""), ClientIdProblem::Empty);
  EXPECT_EQ(check_client_id("CLIENT012"), ClientIdProblem::TooLong);
  EXPECT_EQ(check_client_id("client01"), ClientIdProblem::BadCharacter);
  EXPECT_EQ(check_client_id("CL-1"), ClientIdProblem::BadCharacter);
}

TEST(ClientId, TheHwsPrefixIsReservedForGeneratedIds) {
  EXPECT_EQ(check_client_id("HWS12345"), ClientIdProblem::ReservedPrefix);
  EXPECT_TRUE(valid_client_id("HWS12345", /*user_chosen=*/false));
  EXPECT_TRUE(valid_client_id("HW12345"));
}

TEST(ClientId, AnImsConnectPortNumberIsNotAClientId) {
  const std::uint16_t ports[] = {9999, 7001};
  EXPECT_EQ(check_client_id("9999", true, ports), ClientIdProblem::PortNumber);
  EXPECT_EQ(check_client_id("09999", true, ports), ClientIdProblem::PortNumber);
  EXPECT_TRUE(valid_client_id("9998", true, ports));
  EXPECT_FALSE(to_string(ClientIdProblem::PortNumber).empty());
}

TEST(ClientIdGenerator, GeneratedIdsAreHwsPlusFiveCharactersAndDoNotRepeat) {
  ClientIdGenerator g(12345);
  std::set<std::string> seen;
  for (int i = 0; i < 100000; ++i) {
    auto id = g.next();
    ASSERT_EQ(id.size(), 8u);
    ASSERT_TRUE(id.starts_with("HWS"));
    ASSERT_TRUE(valid_client_id(id, /*user_chosen=*/false)) << id;
    ASSERT_TRUE(seen.insert(id).second) << id;
  }
}

TEST(ClientIdGenerator, TwoGeneratorsStartAtDifferentPoints) {
  ClientIdGenerator a, b;
  EXPECT_NE(a.next() + a.next(), b.next() + b.next());
}

// A generated ID must not tell a client the IDs given to others: with a counter stepped by
// a constant, anyone who got two IDs knew every other client's next one.
TEST(ClientIdGenerator, OneIdSaysNothingAboutTheNext) {
  ClientIdGenerator g;
  auto value = [](const std::string& id) {
    std::uint64_t v = 0;
    for (char c : id.substr(3)) v = v * 36 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'A' + 10);
    return v;
  };
  std::set<std::uint64_t> steps;
  std::uint64_t prev = value(g.next());
  for (int i = 0; i < 50; ++i) {
    std::uint64_t v = value(g.next());
    steps.insert((v + ClientIdGenerator::kSpace - prev) % ClientIdGenerator::kSpace);
    prev = v;
  }
  EXPECT_GT(steps.size(), 45u) << "consecutive IDs are a fixed distance apart";
}

}  // namespace
}  // namespace zgate::connect

// The policy file: TOML [[rule]] tables; every mistake named with its line, nothing half-read.
#include <gtest/gtest.h>

#include "guard/policy.h"

namespace zgate::guard {
namespace {

constexpr const char* kScenario = R"(
# The seed's attack: the application's ID from anywhere but its server, and card numbers in bulk.
[[rule]]
name = "AppID outside the application server"
kind = "access"
users = ["APPSRV1"]
not_sources = ["127.0.0.10/32"]
action = "alert"
severity = 7

[[rule]]
name = "Card numbers in volume"
kind = "extrusion"
transactions = ["CARDINQ"]
pattern = "card-number"
count = 10
window = 60
action = "block"

[[rule]]
name = "Mask PANs for everyone but the application"
kind = "extrusion"
pattern = "card-number"
not_sources = ["127.0.0.10"]
action = "mask"
)";

TEST(Policy, TheScenariosRulesReadAsWritten) {
  Policy p = parse_policy(kScenario, "scenario.toml");
  ASSERT_EQ(p.rules.size(), 3u);
  EXPECT_EQ(p.rules[0].kind, RuleKind::Access);
  EXPECT_EQ(p.rules[0].action, Action::Alert);
  EXPECT_EQ(p.rules[0].effective_severity(), 7);
  EXPECT_EQ(p.rules[0].users, std::vector<std::string>{"APPSRV1"});
  ASSERT_EQ(p.rules[0].not_sources.size(), 1u);
  EXPECT_TRUE(p.rules[0].not_sources[0].contains("127.0.0.10"));
  EXPECT_FALSE(p.rules[0].not_sources[0].contains("127.0.0.66"));
  EXPECT_EQ(p.rules[1].count, 10);
  EXPECT_EQ(p.rules[1].pattern.kind, Pattern::Kind::CardNumber);
  EXPECT_EQ(p.rules[1].effective_severity(), 8);
  EXPECT_EQ(p.rules[2].action, Action::Mask);
  EXPECT_EQ(p.rules[0].line, 3);  // its [[rule]] header
}

void expect_error(const std::string& text, const std::string& needle) {
  try {
    parse_policy(text, "p.toml");
    ADD_FAILURE() << "accepted: " << text;
  } catch (const PolicyError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("p.toml:", 0), 0u) << e.what();
  }
}

TEST(Policy, EveryMistakeIsRefusedWithItsLineAndNothingIsHalfRead) {
  expect_error("[[rule]]\nname='a'\nkind='access'\naction='log'\nuser=['X']\n", "unknown key 'user'");
  expect_error("[[rule]]\nname='a'\nkind='acces'\naction='log'\n", "'kind' must be");
  expect_error("[[rule]]\nname='a'\nkind='access'\naction='drop'\n", "'action' must be");
  expect_error("[[rule]]\nname='a'\nkind='access'\n", "needs an action");
  expect_error("[[rule]]\nkind='access'\naction='log'\n", "needs a name");
  expect_error("[[rule]]\nname='a'\nkind='access'\naction='log'\nsources=['10.0.0.300']\n", "not an address");
  expect_error("[[rule]]\nname='a'\nkind='access'\naction='log'\nsources=['10.0.0.0/33']\n", "not an address");
  expect_error("[[rule]]\nname='a'\nkind='access'\naction='mask'\n", "needs a pattern");
  expect_error("[[rule]]\nname='a'\nkind='access'\naction='log'\npattern='card-number'\n", "for extrusion rules");
  expect_error("[[rule]]\nname='a'\nkind='extrusion'\naction='log'\npattern='regex:(['\n", "does not compile");
  expect_error("[[rule]]\nname='a'\nkind='access'\naction='log'\ncount=0\n", "'count' must be");
  expect_error("[[rule]]\nname='a'\nkind='access'\naction='log'\n[[rule]]\nname='a'\nkind='access'\naction='log'\n",
               "two rules are named 'a'");
  expect_error("[rules]\n", "unknown key 'rules'");
  expect_error("[[rule]\n", "p.toml:1");
  expect_error("[[rule]]\nname='a'\nkind='access'\naction='log'\nseverity=11\n", "'severity' must be");
}

TEST(Policy, NetworksMatchByPrefixForIpv4AndIpv6) {
  auto n = parse_network("10.1.0.0/16");
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->contains("10.1.200.3"));
  EXPECT_FALSE(n->contains("10.2.0.1"));
  EXPECT_FALSE(n->contains("::1"));
  EXPECT_FALSE(n->contains("not an address"));
  auto v6 = parse_network("fd00::/8");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->contains("fd12::1"));
  EXPECT_FALSE(v6->contains("10.1.200.3"));
  auto any = parse_network("0.0.0.0/0");
  ASSERT_TRUE(any);
  EXPECT_TRUE(any->contains("192.0.2.1"));
}

TEST(Policy, GenericNamesEndInAStarAsRacfsDo) {
  EXPECT_TRUE(name_matches({"APP*"}, "APPSRV1"));
  EXPECT_TRUE(name_matches({"appsrv1"}, "APPSRV1"));
  EXPECT_FALSE(name_matches({"APP*"}, "AP"));
  EXPECT_FALSE(name_matches({"APPSRV1"}, "APPSRV10"));
  EXPECT_TRUE(name_matches({"*"}, "ANYONE"));
}

TEST(CardNumbers, LuhnValidRunsOf13To19DigitsAreFoundAndOthersAreNot) {
  EXPECT_TRUE(luhn_valid("4111111111111111"));
  EXPECT_TRUE(luhn_valid("5555555555554444"));
  EXPECT_FALSE(luhn_valid("4111111111111112"));
  EXPECT_FALSE(luhn_valid("411111111111"));  // 12 digits
  // The CARDINQ reply's line and the CARD segment as stored (PAN then MMYY in one digit run).
  auto m = find_card_numbers("CARD 4111111111111111 1228 VISA A");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].begin, 5u);
  EXPECT_EQ(m[0].end, 21u);
  auto stored = find_card_numbers("41111111111111111228VISA    A");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].end, 16u) << "the PAN, not the expiry after it";
  EXPECT_EQ(find_card_numbers("4111 1111 1111 1111 and 5555-5555-5555-4444").size(), 2u);
  EXPECT_TRUE(find_card_numbers("CUSTOMER C000000001 ORDER 1234567890123").empty()) << "fails Luhn";
  EXPECT_TRUE(find_card_numbers("").empty());
}

TEST(CardNumbers, MaskingKeepsOnlyTheLastFourDigits) {
  Pattern p;
  p.kind = Pattern::Kind::CardNumber;
  std::string s = "CARD 4111 1111 1111 1111 1228 VISA";
  mask(p, s, find(p, s));
  EXPECT_EQ(s, "CARD **** **** **** 1111 1228 VISA");
  std::string stored = "41111111111111111228VISA";
  mask(p, stored, find(p, stored));
  EXPECT_EQ(stored, "************11111228VISA");
}

}  // namespace
}  // namespace zgate::guard

namespace zgate::guard {
namespace {

// Found by fuzz_policy: in a long run of digits (one number right after another), the four
// digits a masked number keeps begin a new run with what follows; masking goes on until nothing
// in the text reads as a card number.
TEST(CardNumbers, MaskingALongDigitRunLeavesNoCardNumberBehind) {
  Pattern p;
  p.kind = Pattern::Kind::CardNumber;
  std::string s = "X" + std::string(28, '4') + std::string(14, '5') + " 1228 VISA 5555-5555-5555-4444";
  mask(p, s, find(p, s));
  EXPECT_TRUE(find_card_numbers(s).empty()) << s;
  EXPECT_NE(s.find("1228 VISA"), std::string::npos) << s;
  std::string two = "41111111111111115555555555554444";  // two PANs run together
  auto m = find_card_numbers(two);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[1].begin, 16u);
}

}  // namespace
}  // namespace zgate::guard

namespace zgate::guard {
namespace {

// An IPv4 client reached over a dual-stack socket is seen as ::ffff:a.b.c.d: it is the same
// address, and a rule naming the IPv4 network must not be evaded by the other spelling.
TEST(Policy, AnIpv4MappedAddressIsTheIpv4AddressItMaps) {
  auto rogue = parse_network("127.0.0.66/32");
  ASSERT_TRUE(rogue);
  EXPECT_TRUE(rogue->contains("::ffff:127.0.0.66"));
  EXPECT_FALSE(rogue->contains("::ffff:127.0.0.67"));
  EXPECT_FALSE(rogue->contains("::127.0.0.66")) << "not a mapped address";
}

}  // namespace
}  // namespace zgate::guard

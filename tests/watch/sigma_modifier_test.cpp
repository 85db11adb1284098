// Value matching: case, wildcards and their escapes, null, and each modifier.
#include <gtest/gtest.h>

#include "watch/sigma_file.h"
#include "watch_fixture.h"

namespace zgate::watch {
namespace {

using testing::signon;

// A rule with one selection `sel: {<field_test>}`.
SigmaRule rule(const std::string& field_test) {
  auto f = parse_sigma("title: T\nlogsource: {product: zgate, service: audit}\ndetection:\n  sel:\n    " +
                           field_test + "\n  condition: sel\n",
                       "m.yml");
  return f.rules.at(0);
}

audit::Event with_detail(std::string detail) {
  auto e = signon("JOE", 0);
  e.detail = std::move(detail);
  return e;
}

TEST(SigmaModifier, PlainValuesAreWholeAndCaseInsensitive) {
  auto r = rule("user: joe");
  EXPECT_TRUE(r.matches(signon("JOE", 0)));
  EXPECT_FALSE(r.matches(signon("JOEY", 0)));
  EXPECT_FALSE(r.matches(signon("XJOE", 0)));
}

TEST(SigmaModifier, CasedMatchesCaseSensitively) {
  auto r = rule("user|cased: joe");
  EXPECT_FALSE(r.matches(signon("JOE", 0)));
  EXPECT_TRUE(r.matches(signon("joe", 0)));
}

TEST(SigmaModifier, WildcardsAndTheirEscapes) {
  auto star = rule("user: 'FIRE*'");
  EXPECT_TRUE(star.matches(signon("FIRECALL1", 0)));
  EXPECT_TRUE(star.matches(signon("FIRE", 0)));
  EXPECT_FALSE(star.matches(signon("XFIRE", 0)));
  auto q = rule("user: 'J?E'");
  EXPECT_TRUE(q.matches(signon("JOE", 0)));
  EXPECT_FALSE(q.matches(signon("JOOE", 0)));
  auto mid = rule("detail: '*CLASS(*)*'");
  EXPECT_TRUE(mid.matches(with_detail("PERMIT X CLASS(TIMS) ID(*)")));
  auto escaped = rule("detail: 'ID(\\*)'");
  EXPECT_TRUE(escaped.matches(with_detail("ID(*)")));
  EXPECT_FALSE(escaped.matches(with_detail("ID(JOE)")));
  auto backslash = rule("detail: 'A\\\\B'");
  EXPECT_TRUE(backslash.matches(with_detail("A\\B")));
  // A backtracking case: the first '*' must give back what the literal needs.
  auto back = rule("detail: '*AB*ABC'");
  EXPECT_TRUE(back.matches(with_detail("XABYABABC")));
  EXPECT_FALSE(back.matches(with_detail("XABYABAB")));
}

TEST(SigmaModifier, ContainsStartsWithEndsWith) {
  EXPECT_TRUE(rule("detail|contains: special").matches(with_detail("ALTUSER JOE SPECIAL")));
  EXPECT_FALSE(rule("detail|contains: special").matches(with_detail("ALTUSER JOE")));
  EXPECT_TRUE(rule("detail|startswith: altuser").matches(with_detail("ALTUSER JOE")));
  EXPECT_FALSE(rule("detail|startswith: joe").matches(with_detail("ALTUSER JOE")));
  EXPECT_TRUE(rule("detail|endswith: '->NONE'").matches(with_detail("CHECK->NONE")));
  EXPECT_FALSE(rule("detail|endswith: '->NONE'").matches(with_detail("NONE->CHECK")));
  // Wildcards still work inside contains.
  EXPECT_TRUE(rule("detail|contains: 'CLASS(?IMS)'").matches(with_detail("PE X CLASS(CIMS) ID(*)")));
}

TEST(SigmaModifier, NullMatchesAnEmptyField) {
  auto r = rule("cert_subject: null");
  EXPECT_TRUE(r.matches(signon("JOE", 0)));
  auto e = signon("JOE", 0);
  e.cert_subject = "CN=x";
  EXPECT_FALSE(r.matches(e));
}

TEST(SigmaModifier, Exists) {
  auto yes = rule("cert_subject|exists: true");
  auto no = rule("cert_subject|exists: false");
  auto e = signon("JOE", 0);
  EXPECT_FALSE(yes.matches(e));
  EXPECT_TRUE(no.matches(e));
  e.cert_subject = "CN=x";
  EXPECT_TRUE(yes.matches(e));
  EXPECT_FALSE(no.matches(e));
}

TEST(SigmaModifier, RegularExpressionsSearchAndTakeI) {
  auto r = rule("detail|re: '\\bSPECIAL\\b'");
  EXPECT_TRUE(r.matches(with_detail("ALTUSER JOE SPECIAL")));
  EXPECT_FALSE(r.matches(with_detail("ALTUSER JOE NOSPECIAL")));
  EXPECT_FALSE(r.matches(with_detail("altuser joe special")));  // re is case-sensitive...
  EXPECT_TRUE(rule("detail|re|i: '\\bSPECIAL\\b'").matches(with_detail("altuser joe special")));  // ...unless i
}

TEST(SigmaModifier, RegularExpressionsOnLongFieldsSearchTheirStart) {
  // std::regex recurses per character: a long field is searched in its first 2048 characters.
  auto r = rule("detail|re: '^[ab]*$'");
  EXPECT_TRUE(r.matches(with_detail(std::string(2048, 'a'))));
  EXPECT_TRUE(r.matches(with_detail(std::string(100000, 'a'))));
  EXPECT_TRUE(rule("detail|re: 'SPECIAL'").matches(with_detail(std::string(1000, ' ') + "SPECIAL")));
  EXPECT_FALSE(rule("detail|re: 'SPECIAL'").matches(with_detail(std::string(3000, ' ') + "SPECIAL")));
}

TEST(SigmaModifier, CidrMatchesV4V6AndMappedAddresses) {
  auto r = rule("source_ip|cidr: [10.1.0.0/16, 'fd00::/8']");
  EXPECT_TRUE(r.matches(signon("J", 0, "10.1.200.3")));
  EXPECT_FALSE(r.matches(signon("J", 0, "10.2.0.1")));
  EXPECT_TRUE(r.matches(signon("J", 0, "fd12::1")));
  EXPECT_FALSE(r.matches(signon("J", 0, "fe80::1")));
  EXPECT_TRUE(r.matches(signon("J", 0, "::ffff:10.1.2.3")));
  EXPECT_FALSE(r.matches(signon("J", 0, "not-an-address")));
  EXPECT_FALSE(r.matches(signon("J", 0, "")));
  auto host = rule("source_ip|cidr: 127.0.0.10");  // no prefix: the one address
  EXPECT_TRUE(host.matches(signon("J", 0, "127.0.0.10")));
  EXPECT_FALSE(host.matches(signon("J", 0, "127.0.0.11")));
  auto odd = rule("source_ip|cidr: 192.168.4.0/22");
  EXPECT_TRUE(odd.matches(signon("J", 0, "192.168.7.255")));
  EXPECT_FALSE(odd.matches(signon("J", 0, "192.168.8.0")));
}

TEST(SigmaModifier, NumericComparisons) {
  auto e = signon("J", 0);
  e.racf_rc = 8;
  EXPECT_TRUE(rule("racf_rc|gte: 8").matches(e));
  EXPECT_FALSE(rule("racf_rc|gt: 8").matches(e));
  EXPECT_TRUE(rule("racf_rc|lt: 12").matches(e));
  EXPECT_TRUE(rule("racf_rc|lte: 8").matches(e));
  EXPECT_FALSE(rule("user|gt: 1").matches(e));  // not a number: no match
}

TEST(SigmaModifier, FieldRefComparesTwoFields) {
  auto r = rule("access_granted|fieldref: access_requested");
  auto e = signon("J", 0);
  e.access_requested = "READ";
  e.access_granted = "read";
  EXPECT_TRUE(r.matches(e));
  e.access_granted = "UPDATE";
  EXPECT_FALSE(r.matches(e));
}

TEST(SigmaModifier, NumbersAndBooleansMatchAsTheTrailWritesThem) {
  auto e = testing::access_violation("JOE", "10.1.1.1");
  EXPECT_TRUE(rule("violation: true").matches(e));
  EXPECT_TRUE(rule("violation: 'TRUE'").matches(e));
  EXPECT_FALSE(rule("violation: false").matches(e));
  EXPECT_TRUE(rule("event: 2").matches(e));
  EXPECT_TRUE(rule("qualifier: [0, 1]").matches(e));
}

}  // namespace
}  // namespace zgate::watch

// UTOKEN and RACO: the portable forms of a verified identity.
#include <gtest/gtest.h>

#include "saf/tokens.h"

namespace zgate::saf {
namespace {

const std::string kKey = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF";

Acee alice() {
  Acee a;
  a.user = "ALICE";
  a.group = "PAYROLL";
  a.groups = {"AUDITG", "PAYROLL"};
  a.name = "ALICE ADAMS";
  a.appl = "IMSAPPL";
  a.terminal = "10.1.2.3";
  a.restricted = true;
  a.created = 1000;
  a.user_version = 7;
  return a;
}

TEST(Utoken, IsEightyBytesWithUserAndGroupInEbcdic) {
  Utoken t = make_utoken(alice());
  EXPECT_EQ(t[0], 80);
  EXPECT_EQ(t[rutkn::kUser], 0xC1);  // 'A' in EBCDIC
  auto f = parse_utoken(t);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->user, "ALICE");
  EXPECT_EQ(f->group, "PAYROLL");
  EXPECT_FALSE(f->undefined_user);
}

TEST(Utoken, MalformedTokensAreRefused) {
  Utoken t = make_utoken(alice());
  EXPECT_FALSE(parse_utoken(std::span<const std::uint8_t>(t.data(), 79)));
  Utoken bad_len = t;
  bad_len[0] = 79;
  EXPECT_FALSE(parse_utoken(bad_len));
  Utoken bad_user = t;
  bad_user[rutkn::kUser] = 0x40;  // blank user
  EXPECT_FALSE(parse_utoken(bad_user));
}

TEST(Raco, RoundTripsEveryAceeField) {
  core::Bytes r = seal_raco(alice(), kKey, 1000);
  auto opened = open_raco(r, kKey, 1010, 60);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->sealed, 1000);
  AceeRef a = opened->acee;
  EXPECT_EQ(a->user, "ALICE");
  EXPECT_EQ(a->group, "PAYROLL");
  EXPECT_EQ(a->groups, alice().groups);
  EXPECT_EQ(a->name, "ALICE ADAMS");
  EXPECT_EQ(a->appl, "IMSAPPL");
  EXPECT_EQ(a->terminal, "10.1.2.3");
  EXPECT_TRUE(a->restricted);
  EXPECT_FALSE(a->special);
  EXPECT_EQ(a->user_version, 7u);
}

TEST(Raco, AnyAlteredByteBreaksTheSeal) {
  core::Bytes r = seal_raco(alice(), kKey, 1000);
  for (std::size_t i = 0; i < r.size(); ++i) {
    core::Bytes t = r;
    t[i] ^= 0x01;
    EXPECT_FALSE(open_raco(t, kKey, 1010, 60)) << "byte " << i;
  }
}

TEST(Raco, AnotherInstallationsKeyCannotOpenIt) {
  std::string other = kKey;
  other[0] = 'F';
  EXPECT_FALSE(open_raco(seal_raco(alice(), kKey, 1000), other, 1010, 60));
}

TEST(Raco, OldOrFutureRacosAreRefused) {
  core::Bytes r = seal_raco(alice(), kKey, 1000);
  EXPECT_FALSE(open_raco(r, kKey, 1000 + 61, 60));
  EXPECT_FALSE(open_raco(r, kKey, 1000 - 61, 60));
  EXPECT_TRUE(open_raco(r, kKey, 1000 + 60, 60));
}

TEST(Raco, EachSealHasItsOwnNonceSoAReceiverCanTellAReplay) {
  auto one = open_raco(seal_raco(alice(), kKey, 1000), kKey, 1010, 60);
  auto two = open_raco(seal_raco(alice(), kKey, 1000), kKey, 1010, 60);
  ASSERT_TRUE(one && two);
  EXPECT_NE(one->nonce, two->nonce);
}

TEST(Raco, TheAgeCountsFromTheSealNotFromTheAcee) {
  // An ACEE from UIDCACHE may be hours old; the RACO made from it now is fresh.
  auto opened = open_raco(seal_raco(alice(), kKey, 5000), kKey, 5010, 60);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->acee->created, alice().created);
}

TEST(Raco, TruncatedOrEmptyInputIsRefused) {
  core::Bytes r = seal_raco(alice(), kKey, 1000);
  for (std::size_t n : {std::size_t{0}, std::size_t{5}, r.size() / 2, r.size() - 1})
    EXPECT_FALSE(open_raco(std::span<const std::uint8_t>(r.data(), n), kKey, 1010, 60));
}

}  // namespace
}  // namespace zgate::saf

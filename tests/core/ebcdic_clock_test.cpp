// EBCDIC tables (built from iconv, checked against bytes verified on this machine type in
// reference gateways-and-deps.md §1.10) and RACF's date forms.
#include <gtest/gtest.h>

#include "core/bytes.h"
#include "core/clock.h"
#include "core/ebcdic.h"
#include "core/secret.h"

namespace zgate::core {
namespace {

std::string hex(const std::string& s) {
  return to_hex(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

TEST(Ebcdic, Ibm037AndIbm1047DifferOnBrackets) {
  EXPECT_EQ(hex(to_ebcdic("HELLO[]", CodePage::IBM037)), "C8C5D3D3D6BABB");
  EXPECT_EQ(hex(to_ebcdic("HELLO[]", CodePage::IBM1047)), "C8C5D3D3D6ADBD");
}

TEST(Ebcdic, LineFeedIsX25AndBlankIsX40) {
  EXPECT_EQ(hex(to_ebcdic("\n ", CodePage::IBM037)), "2540");
}

TEST(Ebcdic, RoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (auto cp : {CodePage::IBM037, CodePage::IBM1047}) EXPECT_EQ(from_ebcdic(to_ebcdic(all, cp), cp), all);
}

TEST(Ebcdic, NameFieldsAreBlankPaddedAndTrimmedBack) {
  std::uint8_t f[8];
  put_ebcdic_padded(f, 8, "TOM");
  EXPECT_EQ(to_hex(f), "E3D6D44040404040");
  EXPECT_EQ(get_ebcdic_trimmed(f, 8), "TOM");
  put_ebcdic_padded(f, 8, "TOOLONGNAME");
  EXPECT_EQ(get_ebcdic_trimmed(f, 8), "TOOLONGN");
}

TEST(Hex, RejectsOddLengthAndNonHex) {
  Bytes b;
  EXPECT_TRUE(from_hex("0aFF", b));
  EXPECT_EQ(b, (Bytes{0x0A, 0xFF}));
  EXPECT_FALSE(from_hex("ABC", b));
  EXPECT_TRUE(b.empty());
  EXPECT_FALSE(from_hex("GG", b));
}

TEST(RacfDates, TwoDigitYearsFollowRacf) {
  EXPECT_EQ(racf_julian_date(parse_racf_date("01/01/71")), "71.001");
  EXPECT_EQ(racf_julian_date(parse_racf_date("12/31/70")), "70.365");  // 2070
  EXPECT_EQ(racf_julian_date(parse_racf_date("02/29/24")), "24.060");
  EXPECT_EQ(parse_racf_date("02/30/24"), -1);
  EXPECT_EQ(parse_racf_date("13/01/24"), -1);
  EXPECT_EQ(parse_racf_date("1/1/24"), -1);
}

TEST(Secret, CompareIsExactAndWipeClears) {
  EXPECT_TRUE(secure_equal("ABC", "ABC"));
  EXPECT_FALSE(secure_equal("ABC", "ABD"));
  EXPECT_FALSE(secure_equal("ABC", "ABCD"));
  SecretString s("SECRET1");
  s.wipe();
  EXPECT_TRUE(s.empty());
}

}  // namespace
}  // namespace zgate::core

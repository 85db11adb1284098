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

TEST(Ebcdic, EveryLengthAndOffsetTranslatesEachByteThroughTheTable) {
  // translate() goes 64 bytes at a time where the CPU has AVX-512 VBMI, with a masked tail, and
  // byte by byte elsewhere: each way, at every misalignment and at lengths around the block
  // size, must give exactly the table's byte for each byte and write nothing outside out[0..n).
  const std::uint8_t* t = ascii_to_ebcdic_table(CodePage::IBM037);
  std::vector<std::uint8_t> src(3 * 64 + 16);
  for (std::size_t i = 0; i < src.size(); ++i) src[i] = static_cast<std::uint8_t>(i * 37 + 11);
  using Way = void (*)(const std::uint8_t*, const std::uint8_t*, std::size_t, std::uint8_t*);
  std::vector<Way> ways{&translate, &detail::translate_bytewise};
  if (detail::have_wide_translate())
    ways.push_back([](const std::uint8_t* tb, const std::uint8_t* in, std::size_t n, std::uint8_t* out) {
      ASSERT_TRUE(detail::translate_wide(tb, in, n, out));
    });
  for (Way way : ways)
    for (std::size_t off = 0; off < 8; ++off)
      for (std::size_t n = 0; n <= 3 * 64 + 8; ++n) {
        std::vector<std::uint8_t> out(n + 2, 0xEE);
        way(t, src.data() + off, n, out.data() + 1);
        for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(out[i + 1], t[src[off + i]]) << off << " " << n << " " << i;
        ASSERT_EQ(out.front(), 0xEE);
        ASSERT_EQ(out.back(), 0xEE);
      }
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

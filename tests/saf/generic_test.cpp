// Generic profile names (reference §1.5): matching rules and RACF's "most specific first" order,
// including IBM's sample table for COPY.PAPER.TEST.
#include <gtest/gtest.h>

#include <algorithm>

#include "saf/snapshot.h"

namespace zgate::saf {
namespace {

TEST(GenericMatch, PercentIsExactlyOneCharacterButNotADot) {
  EXPECT_TRUE(generic_match("PAY%", "PAYX"));
  EXPECT_FALSE(generic_match("PAY%", "PAY"));
  EXPECT_FALSE(generic_match("PAY%", "PAYXY"));
  EXPECT_FALSE(generic_match("A%B", "A.B"));
}

TEST(GenericMatch, TrailingStarRunsToTheEndOfTheName) {
  EXPECT_TRUE(generic_match("PAY*", "PAY"));
  EXPECT_TRUE(generic_match("PAY*", "PAYROLL"));
  EXPECT_TRUE(generic_match("COPY.PAP*", "COPY.PAPER.TEST"));
  EXPECT_FALSE(generic_match("PAY*", "PA"));
}

TEST(GenericMatch, StarAsLastQualifierNeedsAtLeastOneQualifier) {
  EXPECT_TRUE(generic_match("ABC.*", "ABC.DEF"));
  EXPECT_TRUE(generic_match("ABC.*", "ABC.DEF.GHI"));
  EXPECT_FALSE(generic_match("ABC.*", "ABC"));
}

TEST(GenericMatch, StarAsMiddleQualifierIsExactlyOneQualifier) {
  EXPECT_TRUE(generic_match("A.*.C", "A.B.C"));
  EXPECT_FALSE(generic_match("A.*.C", "A.C"));
  EXPECT_FALSE(generic_match("A.*.C", "A.B.X.C"));
}

TEST(GenericMatch, StarEndingAMiddleQualifierStaysInIt) {
  EXPECT_TRUE(generic_match("ABC.DE*.FGH", "ABC.DEXYZ.FGH"));
  EXPECT_TRUE(generic_match("ABC.DE*.FGH", "ABC.DE.FGH"));
  EXPECT_FALSE(generic_match("ABC.DE*.FGH", "ABC.DEX.Y.FGH"));
}

TEST(GenericMatch, DoubleStarIsZeroOrMoreQualifiers) {
  EXPECT_TRUE(generic_match("**", "ANYTHING.AT.ALL"));
  EXPECT_TRUE(generic_match("IMSXCF.**", "IMSXCF"));
  EXPECT_TRUE(generic_match("IMSXCF.**", "IMSXCF.G.M"));
  EXPECT_TRUE(generic_match("A.**.Z", "A.Z"));
  EXPECT_TRUE(generic_match("A.**.Z", "A.B.C.Z"));
  EXPECT_FALSE(generic_match("A.**.Z", "A.B.C"));
}

TEST(MostSpecific, FollowsIbmSampleOrderForCopyPaperTest) {
  // IBM: "Sample general resource profile names in order from most specific to least specific".
  // (COPY.PAPER.% is in IBM's list for its place in the order; % cannot match "TEST".)
  std::vector<std::string> expected = {"COPY.PAPER.%", "COPY.PAPER.*", "COPY.PAPER.**", "COPY.PAPER*", "COPY.PAP*"};
  for (std::size_t i = 1; i < expected.size(); ++i) EXPECT_TRUE(generic_match(expected[i], "COPY.PAPER.TEST")) << expected[i];
  std::vector<std::string> shuffled = {"COPY.PAP*", "COPY.PAPER.**", "COPY.PAPER*", "COPY.PAPER.%", "COPY.PAPER.*"};
  std::sort(shuffled.begin(), shuffled.end(), [](const auto& a, const auto& b) { return more_specific(a, b); });
  EXPECT_EQ(shuffled, expected);
}

TEST(MostSpecific, CicsExampleCedaThenCeStarThenCStarThenDoubleStar) {
  std::vector<std::string> v = {"**", "C*", "CE*"};
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return more_specific(a, b); });
  EXPECT_EQ(v, (std::vector<std::string>{"CE*", "C*", "**"}));
}

TEST(ClassIndexLookup, FindsMostSpecificGenericAmongManyWithoutScanning) {
  Database db;
  auto add = [&](const std::string& name) {
    Profile p;
    p.cls = "TIMS";
    p.name = name;
    db.profiles["TIMS"][name] = p;
  };
  for (int i = 0; i < 5000; ++i) add("T" + std::to_string(i) + "*");
  add("**");
  add("CE*");
  add("C*");
  add("CEDA");
  ClassIndex idx(*find_class("TIMS"), db);
  EXPECT_EQ(idx.find("CEDA", true)->name, "CEDA");
  EXPECT_EQ(idx.find("CEDB", true)->name, "CE*");
  EXPECT_EQ(idx.find("CXYZ", true)->name, "C*");
  EXPECT_EQ(idx.find("T42X", true)->name, "T42*");
  EXPECT_EQ(idx.find("ZZZ", true)->name, "**");
  EXPECT_EQ(idx.find("CEDB", false), nullptr);
}

}  // namespace
}  // namespace zgate::saf

namespace zgate::saf {
namespace {

TEST(PackedNames, EveryDistinctValidIdPacksDistinctly) {
  // Eight-character IDs that differ only in the last character, and prefixes of each other.
  const char* ids[] = {"PAYUSER0", "PAYUSER8", "PAYUSER", "PAYUSE", "P", "A", "AA", "ZZZZZZZZ", "#$@12345"};
  for (const char* a : ids) {
    for (const char* b : ids) {
      if (std::string_view(a) != b) {
        EXPECT_NE(pack_name(a), pack_name(b)) << a << " vs " << b;
      }
    }
  }
  for (const char* a : ids) EXPECT_EQ(unpack_name(pack_name(a)), a);
}

TEST(PackedNames, EmptyLongOrNulNamesMatchNothing) {
  EXPECT_EQ(pack_name(""), 0u);
  EXPECT_EQ(pack_name("NINECHARS"), 0u);
  EXPECT_EQ(pack_name(std::string_view("A\0B", 3)), 0u);
}

}  // namespace
}  // namespace zgate::saf

// DBDLIB and PSBLIB as one set: each deck its own member, every PSB held against its DBDs and
// every HIDAM primary index present, as ACBGEN builds an ACBLIB; and the shipped samples.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "core/library_dir.h"
#include "core/member_error.h"
#include "db/catalog.h"
#include "decks.h"

namespace zgate::db {
namespace {

namespace fs = std::filesystem;
using testing::deck;
using testing::kIvpPsb;
using testing::kPhoneBook;
using testing::kPhoneIndex;

std::string with(std::string text, const std::string& replace, const std::string& by) {
  text.replace(text.find(replace), replace.size(), by);
  return text;
}

struct Refusal {
  std::string member;
  int line = 0;
  std::string keyword;
  std::string what;
};

template <class F>
Refusal refusal_of(F f) {
  try {
    f();
  } catch (const core::MemberError& e) {
    return {e.member, e.line, e.keyword, e.what()};
  }
  ADD_FAILURE() << "accepted";
  return {};
}

Catalog ivp(const std::string& dbd = kPhoneBook, const std::string& index = kPhoneIndex,
            const std::string& psb = kIvpPsb) {
  return build_catalog({deck("DFSIVD1", dbd), deck("DFSIVD1I", index)}, {deck("DFSIVP1", psb)});
}

TEST(Catalog, TheIvpPhoneBookWithItsPrimaryIndexAndPsbIsOneConsistentSet) {
  Catalog c = ivp();
  ASSERT_NE(c.dbd("DFSIVD1"), nullptr);
  EXPECT_EQ(c.dbd("DFSIVD1")->index_dbd, "DFSIVD1I");
  EXPECT_EQ(c.dbd("DFSIVD1I")->index_dbd, "DFSIVD1");
  ASSERT_NE(c.psb("DFSIVP1"), nullptr);
  EXPECT_EQ(c.psb("DFSIVP1")->pcbs.at(0).dbdname, "DFSIVD1");
  EXPECT_EQ(c.dbd("NOSUCH"), nullptr);
  EXPECT_EQ(c.psb("NOSUCH"), nullptr);
}

TEST(Catalog, APsbWhoseDbPcbNamesADbdNotInDbdlibIsRefusedNamingMemberLineAndKeyword) {
  auto r = refusal_of([] { ivp(kPhoneBook, kPhoneIndex, with(kIvpPsb, "DBDNAME=DFSIVD1", "DBDNAME=DFSIVD9")); });
  EXPECT_EQ(r.member, "DFSIVP1");
  EXPECT_EQ(r.line, 1);
  EXPECT_EQ(r.keyword, "DBDNAME");
  EXPECT_NE(r.what.find("DFSIVD9"), std::string::npos) << r.what;
}

TEST(Catalog, ASensegThatIsNotASegmentOfTheDbdIsRefused) {
  auto r = refusal_of([] { ivp(kPhoneBook, kPhoneIndex, with(kIvpPsb, "NAME=A1111111", "NAME=B2222222")); });
  EXPECT_EQ(r.member, "DFSIVP1");
  EXPECT_EQ(r.line, 2);
  EXPECT_EQ(r.keyword, "NAME");
}

TEST(Catalog, AKeylenShorterThanTheConcatenatedKeyIsRefused) {
  auto r = refusal_of([] { ivp(kPhoneBook, kPhoneIndex, with(kIvpPsb, "KEYLEN=10", "KEYLEN=9")); });
  EXPECT_EQ(r.member, "DFSIVP1");
  EXPECT_EQ(r.line, 1);
  EXPECT_EQ(r.keyword, "KEYLEN");
}

TEST(Catalog, ADeckInAMemberOfAnotherNameIsRefused) {
  // DBDGEN stores the DBD under its NAME=; a member called otherwise is a mistake.
  auto r = refusal_of([] { build_catalog({deck("PHONES", kPhoneBook), deck("DFSIVD1I", kPhoneIndex)}, {}); });
  EXPECT_EQ(r.member, "PHONES");
  EXPECT_EQ(r.line, 1);
  EXPECT_EQ(r.keyword, "NAME");
  auto p = refusal_of([] { ivp(kPhoneBook, kPhoneIndex, with(kIvpPsb, "PSBNAME=DFSIVP1", "PSBNAME=DFSIVP2")); });
  EXPECT_EQ(p.member, "DFSIVP1");
  EXPECT_EQ(p.line, 3);
  EXPECT_EQ(p.keyword, "PSBNAME");
}

TEST(Catalog, TheSameDbdTwiceIsRefused) {
  auto r = refusal_of([] {
    build_catalog({deck("DFSIVD1", kPhoneBook), deck("DFSIVD1I", kPhoneIndex), deck("DFSIVD1", kPhoneBook)}, {});
  });
  EXPECT_EQ(r.member, "DFSIVD1");
  EXPECT_NE(r.what.find("defined twice"), std::string::npos) << r.what;
}

TEST(Catalog, AHidamDbdWhosePrimaryIndexIsNotInDbdlibIsRefusedAtItsLchild) {
  auto r = refusal_of([] { build_catalog({deck("DFSIVD1", kPhoneBook)}, {}); });
  EXPECT_EQ(r.member, "DFSIVD1");
  EXPECT_EQ(r.line, 4);
  EXPECT_EQ(r.keyword, "LCHILD");
  EXPECT_NE(r.what.find("DFSIVD1I"), std::string::npos) << r.what;
}

TEST(Catalog, APrimaryIndexThatIndexesAnotherDatabaseIsRefused) {
  auto r = refusal_of([] { ivp(kPhoneBook, with(kPhoneIndex, "(A1111111,DFSIVD1)", "(A1111111,OTHERDB)")); });
  EXPECT_EQ(r.keyword, "LCHILD");
  EXPECT_NE(r.what.find("does not index DFSIVD1"), std::string::npos) << r.what;
}

TEST(Catalog, AHidamLchildNamingASegmentTheIndexDoesNotHaveIsRefused) {
  auto r = refusal_of([] { ivp(with(kPhoneBook, "(A1111111,DFSIVD1I)", "(INDEXSEG,DFSIVD1I)")); });
  EXPECT_EQ(r.member, "DFSIVD1");
  EXPECT_EQ(r.keyword, "LCHILD");
  EXPECT_NE(r.what.find("INDEXSEG"), std::string::npos) << r.what;
}

TEST(Catalog, AnIndexDbdWithoutItsLchildIsRefused) {
  auto r = refusal_of([] {
    build_catalog({deck("DFSIVD1I", with(kPhoneIndex, "         LCHILD NAME=(A1111111,DFSIVD1),INDEX=A1111111\n", ""))},
                  {});
  });
  EXPECT_EQ(r.member, "DFSIVD1I");
  EXPECT_EQ(r.keyword, "LCHILD");
}

TEST(Catalog, AHidamDbdWithoutAPrimaryIndexLchildNeedsNoIndexDbd) {
  const std::string bare = with(kPhoneBook, "         LCHILD NAME=(A1111111,DFSIVD1I),PTR=INDX\n", "");
  Catalog c = build_catalog({deck("DFSIVD1", bare)}, {deck("DFSIVP1", kIvpPsb)});
  EXPECT_TRUE(c.dbd("DFSIVD1")->index_dbd.empty());
}

class CatalogFolders : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("zgate-catalog-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "DBDLIB");
    fs::create_directories(dir_ / "PSBLIB");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& rel, const std::string& text) { std::ofstream(dir_ / rel) << text; }
  fs::path dir_;
};

TEST_F(CatalogFolders, EveryMemberOfDbdlibAndPsblibIsReadFileNamesUpperCased) {
  write("DBDLIB/dfsivd1.dbd", kPhoneBook);
  write("DBDLIB/DFSIVD1I", kPhoneIndex);
  write("DBDLIB/.DFSIVD1.swp", "not a member");
  write("PSBLIB/DFSIVP1.psb", kIvpPsb);
  Catalog c = read_catalog(dir_ / "DBDLIB", dir_ / "PSBLIB");
  EXPECT_EQ(c.dbds.size(), 2u);
  EXPECT_EQ(c.psbs.size(), 1u);
}

TEST_F(CatalogFolders, MissingFoldersAreEmptyLibraries) {
  Catalog c = read_catalog(dir_ / "NODBDLIB", dir_ / "NOPSBLIB");
  EXPECT_TRUE(c.dbds.empty());
  EXPECT_TRUE(c.psbs.empty());
}

TEST_F(CatalogFolders, ASyntaxErrorNamesTheMemberAndLine) {
  write("DBDLIB/DFSIVD1", with(kPhoneBook, "BYTES=40", "BYTES=(40"));
  write("DBDLIB/DFSIVD1I", kPhoneIndex);
  auto r = refusal_of([&] { read_catalog(dir_ / "DBDLIB", dir_ / "PSBLIB"); });
  EXPECT_EQ(r.member, "DFSIVD1");
  EXPECT_EQ(r.line, 2);
}

TEST_F(CatalogFolders, TwoFilesForOneMemberAreRefused) {
  write("PSBLIB/DFSIVP1", kIvpPsb);
  write("PSBLIB/dfsivp1.txt", kIvpPsb);
  EXPECT_THROW(read_catalog(dir_ / "DBDLIB", dir_ / "PSBLIB"), core::LibraryError);
}

TEST(CatalogSample, TheShippedDbdlibAndPsblibAreOneConsistentSet) {
  const fs::path sample = fs::path(ZGATE_SOURCE_DIR) / "docs" / "proclib-sample";
  Catalog c = read_catalog(sample / "DBDLIB", sample / "PSBLIB");
  ASSERT_NE(c.dbd("DFSIVD1"), nullptr);
  const Dbd& phone = *c.dbd("DFSIVD1");
  EXPECT_EQ(phone.access, Access::Hidam);
  ASSERT_EQ(phone.segments.size(), 1u);
  const SegmentDef& a = phone.segments[0];
  EXPECT_EQ(a.name, "A1111111");
  EXPECT_EQ(a.max_bytes, 40);
  ASSERT_NE(a.sequence_field(), nullptr);
  EXPECT_EQ(a.sequence_field()->bytes, 10);
  EXPECT_EQ(a.field("ZIPCODE")->start, 31);
  EXPECT_EQ(a.field("ZIPCODE")->bytes, 7);
  EXPECT_NE(c.dbd("DFSIVD1I"), nullptr);
  const Psb& ivp = *c.psb("DFSIVP1");
  ASSERT_EQ(ivp.pcbs.size(), 1u) << "the I/O PCB is implicit";
  EXPECT_EQ(ivp.pcbs[0].procopt, "A");
  EXPECT_EQ(ivp.pcbs[0].keylen, 10);

  const Dbd& cards = *c.dbd("CARDDB");
  EXPECT_EQ(cards.segment("CARD")->parent, "CUSTOMER");
  EXPECT_EQ(cards.segment("CARD")->field("PAN")->bytes, 16);
  const Psb& inq = *c.psb("CARDINQ");
  EXPECT_EQ(inq.pcbs.at(0).procopt, "G") << "the card inquiry reads only";
  EXPECT_EQ(inq.pcbs.at(0).sensegs.size(), 2u);
}

}  // namespace
}  // namespace zgate::db

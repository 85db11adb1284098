// Stage-1 held against DBDLIB and PSBLIB: DATABASE names a DBD of DBDLIB, a HIDAM database
// comes with its primary index, and every DB PCB of an APPLCTN's PSB names a stage-1 DATABASE.
#include <gtest/gtest.h>

#include "core/member_error.h"
#include "core/proclib.h"
#include "db/catalog.h"
#include "db/decks.h"
#include "tm/stage1_catalog.h"
#include "tm/transaction_table.h"

namespace zgate::tm {
namespace {

using db::testing::deck;

db::Catalog ivp_catalog() {
  return db::build_catalog({deck("DFSIVD1", db::testing::kPhoneBook), deck("DFSIVD1I", db::testing::kPhoneIndex)},
                           {deck("DFSIVP1", db::testing::kIvpPsb)});
}

TransactionTable table(const std::string& text) {
  TransactionTable t;
  t.add_stage1(deck("STAGE1", text));
  return t;
}

core::MemberError refusal(const TransactionTable& t, const db::Catalog& c) {
  try {
    check_stage1(t, c);
  } catch (const core::MemberError& e) {
    return e;
  }
  ADD_FAILURE() << "accepted";
  return core::MemberError("", 0, "", "");
}

TEST(Stage1Catalog, TheIvpApplctnWithBothDatabasesIsAccepted) {
  auto t = table("         DATABASE DBD=(DFSIVD1,DFSIVD1I),ACCESS=UP\n"
                 "         APPLCTN PSB=DFSIVP1\n"
                 "         TRANSACT CODE=IVTNO\n"
                 "         IMSGEN\n");
  EXPECT_TRUE(check_stage1(t, ivp_catalog()).empty());
}

TEST(Stage1Catalog, ServeRefusesAnApplctnWhosePsbHasADbPcbOnADatabaseStage1DoesNotDefine) {
  auto t = table("         DATABASE DBD=DFSIVD1I\n"
                 "         APPLCTN PSB=DFSIVP1\n"
                 "         TRANSACT CODE=IVTNO\n"
                 "         IMSGEN\n");
  auto e = refusal(t, ivp_catalog());
  EXPECT_EQ(e.member, "STAGE1");
  EXPECT_EQ(e.line, 2) << "the APPLCTN";
  EXPECT_EQ(e.keyword, "PSB");
  EXPECT_NE(std::string(e.what()).find("DFSIVD1"), std::string::npos) << e.what();
}

TEST(Stage1Catalog, ServeRefusesADatabaseThatIsNotInDbdlib) {
  auto t = table("         DATABASE DBD=(DFSIVD1,DFSIVD1I)\n"
                 "         DATABASE DBD=PAYDB\n"
                 "         IMSGEN\n");
  auto e = refusal(t, ivp_catalog());
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.keyword, "DBD");
  EXPECT_NE(std::string(e.what()).find("PAYDB is not in DBDLIB"), std::string::npos) << e.what();
}

TEST(Stage1Catalog, AHidamDatabaseNeedsADatabaseForItsPrimaryIndex) {
  // IBM: "Two DATABASE macro instructions are required for a HIDAM database".
  auto t = table("         DATABASE DBD=DFSIVD1\n         IMSGEN\n");
  auto e = refusal(t, ivp_catalog());
  EXPECT_EQ(e.line, 1);
  EXPECT_NE(std::string(e.what()).find("DFSIVD1I"), std::string::npos) << e.what();
}

TEST(Stage1Catalog, ATransactionWhosePsbIsNotInPsblibKeepsWorkingWithAWarning) {
  auto t = table("         APPLCTN PSB=ECHOPGM\n"
                 "         TRANSACT CODE=ECHOTXN\n"
                 "         TRANSACT CODE=ECHOTX2\n"
                 "         APPLCTN PSB=AUTHPGM\n"
                 "         TRANSACT CODE=AUTHTXN\n"
                 "         IMSGEN\n");
  auto w = check_stage1(t, ivp_catalog());
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].find("AUTHPGM,ECHOPGM"), std::string::npos) << w[0];
  EXPECT_NE(w[0].find("not in PSBLIB"), std::string::npos) << w[0];
}

TEST(Stage1Catalog, DefineDatabasesStartsEachStage1DatabaseWithItsAccess) {
  auto t = table("         DATABASE DBD=(DFSIVD1,DFSIVD1I),ACCESS=UP\n         IMSGEN\n");
  db::DatabaseStates s;
  define_databases(t, s);
  ASSERT_EQ(s.all().size(), 2u);
  EXPECT_EQ(s.find("DFSIVD1")->access, db::AccessIntent::Up);
  EXPECT_EQ(s.find("DFSIVD1")->state, db::DatabaseState::Started);
}

}  // namespace
}  // namespace zgate::tm

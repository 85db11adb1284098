// The database commands through OTMA: /DISPLAY DB, /DISPLAY PSB, /START DB, /STOP DB and
// /DBR DB, with IMS's headings and DFS058I answers, and /DBR authorized against CIMS DBR.
#include "otma_fixture.h"

#include "core/proclib.h"
#include "db/catalog.h"
#include "db/decks.h"

namespace zgate::otma::testing {
namespace {

using db::testing::deck;

// The IVP phone book (DFSIVD1 with its index DFSIVD1I, PSB DFSIVP1 for IVTNO) and the card
// inquiry (CARDDB, PSB CARDINQ, PROCOPT=G), defined as stage-1 would define them.
class DatabaseCommandTest : public OtmaTest {
 protected:
  DatabaseCommandTest() {
    tm.set_catalog(db::build_catalog(
        {deck("DFSIVD1", db::testing::kPhoneBook), deck("DFSIVD1I", db::testing::kPhoneIndex),
         deck("CARDDB",
              "         DBD   NAME=CARDDB,ACCESS=HDAM\n"
              "         SEGM  NAME=CUSTOMER,PARENT=0,BYTES=60\n"
              "         FIELD NAME=(CUSTNO,SEQ,U),BYTES=10,START=1\n"
              "         SEGM  NAME=CARD,PARENT=CUSTOMER,BYTES=40\n"
              "         FIELD NAME=(PAN,SEQ,U),BYTES=16,START=1\n"
              "         DBDGEN\n")},
        {deck("DFSIVP1", db::testing::kIvpPsb),
         deck("CARDINQ",
              "         PCB   TYPE=DB,DBDNAME=CARDDB,PROCOPT=G,KEYLEN=26\n"
              "         SENSEG NAME=CUSTOMER,PARENT=0\n"
              "         SENSEG NAME=CARD,PARENT=CUSTOMER\n"
              "         PSBGEN LANG=C,PSBNAME=CARDINQ\n")}));
    tm.databases()->define("DFSIVD1", db::AccessIntent::Up);
    tm.databases()->define("DFSIVD1I", db::AccessIntent::Up);
    tm.databases()->define("CARDDB", db::AccessIntent::Rd);
    tm.define("IVTNO", "DFSIVP1", [](const tm::InputMessage&) { return reply("ENTRY WAS DISPLAYED"); });
    tm.define("CARDINQ", "CARDINQ", [](const tm::InputMessage&) { return reply("CARDS"); });
  }
  std::string row(const std::vector<std::string>& out, const std::string& name) {
    for (const auto& l : out)
      if (l.rfind(" " + name + " ", 0) == 0) return l;
    return "(no row for " + name + ")";
  }
};

TEST_F(DatabaseCommandTest, DisplayDbShowsImsColumnsTypeAccessAndNotopenBeforeFirstUse) {
  start(SecurityLevel::None);
  ASSERT_TRUE(bid().accepted);
  auto out = command("/DIS DB DFSIVD1 CARDDB");
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0], " DATABASE  TYPE  TOTAL UNUSED  TOTAL UNUSED  ACC   CONDITIONS");
  EXPECT_EQ(out[1], " DFSIVD1   DL/I                              UP    NOTOPEN");
  EXPECT_EQ(out[2], " CARDDB    DL/I                              RD    NOTOPEN");
  EXPECT_EQ(out[3].front(), '*') << "ends with the *yyddd/hhmmss* stamp";
  tm.databases()->may_update("DFSIVD1");  // a program used it: IMS opened it
  EXPECT_EQ(row(command("/DISPLAY DATABASE DFSIVD1"), "DFSIVD1"), " DFSIVD1   DL/I                              UP");
  EXPECT_EQ(command("/DIS DB ALL").size(), 5u) << "header, three databases in name order, stamp";
  EXPECT_EQ(command("/DIS DB ALL")[1].substr(0, 8), " CARDDB ");
  EXPECT_NE(row(command("/DIS DB NOSUCH"), "NOSUCH").find("IS INVALID"), std::string::npos);
}

TEST_F(DatabaseCommandTest, DbrDbThenDisplayDbShowsItStoppedAndNotOpenAndStartDbMakesItAvailable) {
  start(SecurityLevel::None);
  ASSERT_TRUE(bid().accepted);
  tm.databases()->may_update("DFSIVD1");
  auto out = command("/DBR DB DFSIVD1");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].rfind("DFS058I ", 0), 0u) << out[0];
  EXPECT_NE(out[0].find("DBRECOVERY COMMAND COMPLETED"), std::string::npos) << out[0];
  EXPECT_EQ(row(command("/DIS DB DFSIVD1"), "DFSIVD1"),
            " DFSIVD1   DL/I                              UP    STOPPED, NOTOPEN");
  EXPECT_FALSE(tm.databases()->may_read("DFSIVD1")) << "a DBR'd database is not used";
  out = command("/START DB DFSIVD1");
  EXPECT_NE(out[0].find("START COMMAND COMPLETED"), std::string::npos) << out[0];
  EXPECT_EQ(out[0].find("EXCEPT"), std::string::npos) << out[0];
  EXPECT_TRUE(tm.databases()->may_update("DFSIVD1"));
}

TEST_F(DatabaseCommandTest, StopDbStopsAnOpenDatabaseWithoutClosingIt) {
  start(SecurityLevel::None);
  ASSERT_TRUE(bid().accepted);
  tm.databases()->may_read("CARDDB");
  EXPECT_NE(command("/STO DB CARDDB")[0].find("STOP COMMAND COMPLETED"), std::string::npos);
  EXPECT_EQ(row(command("/DIS DB CARDDB"), "CARDDB"), " CARDDB    DL/I                              RD    STOPPED");
  EXPECT_FALSE(tm.databases()->may_read("CARDDB"));
  command("/STA DATABASE ALL");
  EXPECT_TRUE(tm.databases()->may_read("CARDDB"));
}

TEST_F(DatabaseCommandTest, DatabaseCommandsOnAnUndefinedDatabaseAnswerExceptDb) {
  start(SecurityLevel::None);
  ASSERT_TRUE(bid().accepted);
  EXPECT_NE(command("/DBR DB NOSUCH DFSIVD1")[0].find("COMMAND COMPLETED EXCEPT DB NOSUCH"), std::string::npos);
  EXPECT_EQ(tm.databases()->find("DFSIVD1")->state, db::DatabaseState::Dbr) << "the others are done";
  EXPECT_NE(command("/STO DB PAYDB")[0].find("EXCEPT DB PAYDB"), std::string::npos);
  EXPECT_EQ(command("/DBR DB ALL DFSIVD1")[0], "DFS122 SPECIFIC PARAMETER MIXED WITH ALL PARAMETER");
  EXPECT_EQ(command("/DBR DB")[0], "DFS128 TOO FEW KEYWORDS");
  EXPECT_EQ(command("/DBR TRAN IVTNO")[0], "DFS110I COMMAND KEYWORD TRAN INVALID FOR DCCTL");
  EXPECT_EQ(command("/STA DB DFSIVD1 ACCESS=RO")[0], "DFS110I COMMAND KEYWORD ACCESS INVALID FOR DCCTL");
  EXPECT_EQ(command("/DBX DB DFSIVD1")[0], "DFS165 COMMAND VERB IS INVALID");
  EXPECT_EQ(command("/DBRX DB DFSIVD1")[0], "DFS105I COMMAND VERB DBRX IS INCORRECT");
  EXPECT_NE(command("/DBRECOVERY DB DFSIVD1")[0].find("DBRECOVERY COMMAND COMPLETED"), std::string::npos);
}

TEST_F(DatabaseCommandTest, DisplayPsbShowsItsTransactionsBesideItsDatabasesAndTheirAccess) {
  start(SecurityLevel::None);
  ASSERT_TRUE(bid().accepted);
  auto out = command("/DIS PSB DFSIVP1 CARDINQ PAYPGM");
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[0], " PSB-NAME  TRAN-CODE  DATABASE  ACCESS");
  EXPECT_EQ(out[1], " DFSIVP1   IVTNO      DFSIVD1   UP") << "PROCOPT=A updates";
  EXPECT_EQ(out[2], " CARDINQ   CARDINQ    CARDDB    RD") << "PROCOPT=G reads";
  EXPECT_EQ(out[3], " PAYPGM    PAYTXN") << "a message-only PSB has no databases";
  auto all = command("/DIS PSB ALL");
  EXPECT_EQ(all.size(), 7u) << "header, CARDINQ DFSIVP1 FREEPGM PAYPGM QUIETPGM, stamp";
  EXPECT_NE(row(command("/DIS PSB NOSUCH"), "NOSUCH").find("IS INVALID"), std::string::npos);
}

TEST_F(DatabaseCommandTest, UnderCheckDbrIsAuthorizedAgainstCimsDbr) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid().accepted);
  OtmaReply r = send("/DBR DB DFSIVD1", "GUEST");
  ASSERT_TRUE(is_nak(r));
  EXPECT_NE(r.message.find("CIMS DBR"), std::string::npos) << r.message;
  EXPECT_EQ(tm.databases()->find("DFSIVD1")->state, db::DatabaseState::Started) << "the refused command did nothing";
  EXPECT_FALSE(is_nak(send("/DBR DB DFSIVD1", "OPER")));
  EXPECT_EQ(tm.databases()->find("DFSIVD1")->state, db::DatabaseState::Dbr);
}

}  // namespace
}  // namespace zgate::otma::testing

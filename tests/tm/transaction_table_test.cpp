// Reading the stage-1 system definition: APPLCTN / TRANSACT as IMS's SYSGEN reads them, and
// the errors a systems programmer gets (member, line and keyword) for a deck IMS would refuse.
#include <gtest/gtest.h>

#include "core/proclib.h"
#include "tm/transaction_table.h"

namespace zgate::tm {
namespace {

core::Member stage1(const std::string& text) {
  auto r = core::parse_member("STAGE1", text, core::MemberFormat::Stage1);
  EXPECT_TRUE(r.ok()) << (r.error ? r.error->to_string() : "");
  return r.member;
}

// A record continued on the next one: operands end with ',' and column 72 is not blank.
std::string continued(std::string record) {
  record.resize(71, ' ');
  return record + "X\n";
}

// The MemberError the deck raises, or a failure.
core::MemberError error_of(const std::string& text) {
  TransactionTable t;
  try {
    t.add_stage1(stage1(text));
  } catch (const core::MemberError& e) {
    return e;
  }
  ADD_FAILURE() << "deck accepted:\n" << text;
  return core::MemberError("", 0, "", "");
}

TEST(Stage1, ReadsApplctnAndItsTransactsWithTheirAttributes) {
  TransactionTable t;
  t.add_stage1(stage1(
      std::string("* a small system definition\n"
      "         IMSCTRL SYSTEM=(VS/2,(ALL,DB/DC)),IMSID=IMSA\n"
      "         DATABASE DBD=PAYDB,ACCESS=UP\n"
      "         APPLCTN PSB=PAYPGM,PGMTYPE=(TP,,2),SCHDTYP=PARALLEL\n")
      + continued("         TRANSACT CODE=(PAYINQ,PAYUPD),") +
      "               MSGTYPE=(MULTSEG,NONRESPONSE,2),PRTY=(7,10,2)\n"
      + continued("         TRANSACT CODE=PAYSPA,SPA=(80,STRUNC),PROCLIM=(5,10),") +
      "               MODE=SNGL,EDIT=(ULC),WFI\n"
      "         APPLCTN GPSB=GENPGM,LANG=COBOL,RESIDENT\n"
      + continued("         TRANSACT CODE=GEN#1,INQUIRY=(YES,NORECOV),") +
      "               MAXRGN=2,SERIAL=NO,AOI=TRAN\n"
      "         IMSGEN\n"
      "         END\n"));
  auto inq = t.find("PAYINQ");
  ASSERT_TRUE(inq);
  EXPECT_EQ(inq->psb, "PAYPGM");
  EXPECT_TRUE(inq->multiseg);
  EXPECT_FALSE(inq->response);
  EXPECT_EQ(inq->priority, 7);
  EXPECT_FALSE(inq->stopped);
  EXPECT_EQ(t.find("PAYUPD")->psb, "PAYPGM");
  EXPECT_TRUE(t.find("PAYSPA")->conversational);
  EXPECT_TRUE(t.find("PAYSPA")->response) << "RESPONSE is the default";
  EXPECT_EQ(t.find("PAYSPA")->priority, 1) << "PRTY's default normal priority";
  EXPECT_EQ(t.find("GEN#1")->psb, "GENPGM");
  EXPECT_FALSE(t.find("NOSUCH"));
  auto all = t.all();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all.front().code, "GEN#1") << "sorted by code";
}

TEST(Stage1, StaAndStoTranChangeTheStatus) {
  TransactionTable t;
  t.add({"ECHOTXN", "ECHOPGM"});
  EXPECT_TRUE(t.set_stopped("ECHOTXN", true));
  EXPECT_TRUE(t.find("ECHOTXN")->stopped);
  EXPECT_TRUE(t.set_stopped("ECHOTXN", false));
  EXPECT_FALSE(t.find("ECHOTXN")->stopped);
  EXPECT_FALSE(t.set_stopped("UNKNOWN", true));
}

TEST(Stage1, ErrorNamesMemberLineAndKeywordOfAnUnknownKeyword) {
  auto e = error_of(
      "         APPLCTN PSB=PAYPGM\n"
      "         TRANSACT CODE=PAYINQ,COLOUR=RED\n"
      "         IMSGEN\n");
  EXPECT_EQ(e.member, "STAGE1");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.keyword, "COLOUR");
  EXPECT_NE(std::string(e.what()).find("STAGE1 line 2 keyword COLOUR"), std::string::npos) << e.what();
}

TEST(Stage1, ErrorForAnUnknownApplctnKeyword) {
  auto e = error_of("         APPLCTN PSB=PAYPGM,PGMTYP=TP\n         IMSGEN\n");
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.keyword, "PGMTYP");
}

TEST(Stage1, ErrorForBadValues) {
  struct Case {
    const char* operands;
    const char* keyword;
  } cases[] = {
      {"CODE=PAYINQ,MSGTYPE=(ONESEG,RESPONSE,1)", "MSGTYPE"},
      {"CODE=PAYINQ,MSGTYPE=(SNGLSEG,RESPONSE,1000)", "MSGTYPE"},
      {"CODE=PAYINQ,PRTY=(15,1,1)", "PRTY"},
      {"CODE=PAYINQ,PRTY=(A)", "PRTY"},
      {"CODE=PAYINQ,MODE=DOUBLE", "MODE"},
      {"CODE=PAYINQ,SPA=(8)", "SPA"},
      {"CODE=PAYINQ,PROCLIM=(1,0)", "PROCLIM"},
      {"CODE=PAYINQ,SERIAL=MAYBE", "SERIAL"},
      {"CODE=PAYINQ,MAXRGN=(1,2)", "MAXRGN"},
      {"CODE=PAYTOOLONG", "CODE"},
      {"CODE=(PAYINQ,pay)", "CODE"},
      // "()" names nothing: the reader took its first element (past the end) before
      // MacroReader::elements refused it (found by fuzz_db_definitions on ACCESS=()).
      {"CODE=PAYINQ,MSGTYPE=()", "MSGTYPE"},
      {"CODE=PAYINQ,PRTY=()", "PRTY"},
  };
  for (const auto& c : cases) {
    auto e = error_of(std::string("         APPLCTN PSB=PAYPGM\n         TRANSACT ") + c.operands +
                      "\n         IMSGEN\n");
    EXPECT_EQ(e.line, 2) << c.operands;
    EXPECT_EQ(e.keyword, c.keyword) << c.operands << ": " << e.what();
  }
}

TEST(Stage1, ErrorForABadPsbName) {
  auto e = error_of("         APPLCTN PSB=PAY-PGM\n         IMSGEN\n");
  EXPECT_EQ(e.keyword, "PSB");
  e = error_of("         APPLCTN PGMTYPE=TP\n         IMSGEN\n");
  EXPECT_EQ(e.keyword, "PSB") << "APPLCTN needs PSB= or GPSB=";
}

TEST(Stage1, ErrorForTransactBeforeAnyApplctn) {
  auto e = error_of(
      "         IMSCTRL IMSID=IMSA\n"
      "         TRANSACT CODE=PAYINQ\n"
      "         IMSGEN\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.keyword, "TRANSACT");
}

TEST(Stage1, ErrorForADuplicateCodeInOneDeckOrAcrossMembers) {
  auto e = error_of(
      "         APPLCTN PSB=PAYPGM\n"
      "         TRANSACT CODE=PAYINQ\n"
      "         APPLCTN PSB=OTHERPGM\n"
      "         TRANSACT CODE=(OTHER,PAYINQ)\n"
      "         IMSGEN\n");
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.keyword, "CODE");

  TransactionTable t;
  t.add_stage1(stage1("         APPLCTN PSB=PAYPGM\n         TRANSACT CODE=PAYINQ\n         IMSGEN\n"));
  EXPECT_THROW(t.add_stage1(stage1("         APPLCTN PSB=X\n         TRANSACT CODE=(NEW,PAYINQ)\n"
                                   "         IMSGEN\n")),
               core::MemberError);
  EXPECT_FALSE(t.find("NEW")) << "a member with an error adds nothing";
}

TEST(Stage1, ErrorForAnUnknownMacroAndForAMissingOrMisplacedImsgen) {
  auto e = error_of("         APPLCTN PSB=PAYPGM\n         TRANSAKT CODE=PAYINQ\n         IMSGEN\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.keyword, "TRANSAKT");
  e = error_of("         APPLCTN PSB=PAYPGM\n         TRANSACT CODE=PAYINQ\n");
  EXPECT_EQ(e.keyword, "IMSGEN");
  e = error_of("         IMSGEN\n         APPLCTN PSB=PAYPGM\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.keyword, "APPLCTN");
}

// ---- DATABASE (IBM, System Definition, "DATABASE macro") -----------------------------------

TEST(Stage1Database, DatabaseDbdWithOneNameOrAListDefinesEachWithItsAccessIntent) {
  TransactionTable t;
  t.add_stage1(stage1("         DATABASE DBD=(DFSIVD1,DFSIVD1I),ACCESS=UP\n"
                      "         DATABASE RESIDENT,DBD=CARDDB,ACCESS=RD\n"
                      "         DATABASE DBD=PAYDB\n"
                      "         IMSGEN\n"));
  auto dbs = t.databases();
  ASSERT_EQ(dbs.size(), 4u);
  EXPECT_EQ(dbs[0].dbd, "DFSIVD1");
  EXPECT_EQ(dbs[0].access, db::AccessIntent::Up);
  EXPECT_EQ(dbs[1].dbd, "DFSIVD1I");
  EXPECT_EQ(dbs[1].access, db::AccessIntent::Up);
  EXPECT_EQ(dbs[2].dbd, "CARDDB");
  EXPECT_EQ(dbs[2].access, db::AccessIntent::Rd);
  EXPECT_EQ(dbs[2].line, 2);
  EXPECT_EQ(dbs[2].member, "STAGE1");
  EXPECT_EQ(dbs[3].access, db::AccessIntent::Ex) << "IBM's default ACCESS is exclusive";
}

TEST(Stage1Database, ApplctnRemembersItsMemberAndLineForItsTransactions) {
  TransactionTable t;
  t.add_stage1(stage1("         DATABASE DBD=DFSIVD1\n"
                      "         APPLCTN PSB=DFSIVP1\n"
                      "         TRANSACT CODE=IVTNO\n"
                      "         IMSGEN\n"));
  auto d = t.find("IVTNO");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->member, "STAGE1");
  EXPECT_EQ(d->line, 2);
}

TEST(Stage1Database, ErrorsNameMemberLineAndKeyword) {
  auto e = error_of("         DATABASE DBD=DFSIVD1,ACCESS=RW\n         IMSGEN\n");
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.keyword, "ACCESS");
  e = error_of("         DATABASE ACCESS=UP\n         IMSGEN\n");
  EXPECT_EQ(e.keyword, "DBD");
  e = error_of("         DATABASE DBD=TOOLONGNAME\n         IMSGEN\n");
  EXPECT_EQ(e.keyword, "DBD");
  e = error_of("         DATABASE DBD=DFSIVD1,INTENT=UP\n         IMSGEN\n");
  EXPECT_EQ(e.keyword, "INTENT");
  e = error_of("         DATABASE DBD=DFSIVD1\n         DATABASE DBD=(CARDDB,DFSIVD1)\n         IMSGEN\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.keyword, "DBD");
  EXPECT_NE(std::string(e.what()).find("defined twice"), std::string::npos) << e.what();
}

TEST(Stage1Database, ADatabaseInAnEarlierMemberCountsAsDefined) {
  TransactionTable t;
  t.add_stage1(stage1("         DATABASE DBD=DFSIVD1\n         IMSGEN\n"));
  EXPECT_THROW(t.add_stage1(stage1("         DATABASE DBD=DFSIVD1\n         IMSGEN\n")), core::MemberError);
  EXPECT_EQ(t.databases().size(), 1u);
}

TEST(Stage1Database, ResidentIsReportedAsHavingNoEffectAndDbdAccessAreKept) {
  auto ig = stage1_ignored(stage1("         DATABASE RESIDENT,DBD=DFSIVD1,ACCESS=UP\n         IMSGEN\n"));
  ASSERT_EQ(ig.size(), 1u);
  EXPECT_EQ(ig[0].what, "DATABASE RESIDENT");
}

}  // namespace
}  // namespace zgate::tm

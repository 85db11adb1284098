// PSBGEN decks, and the PSB checked against its DBDs as ACBGEN checks it.
#include <gtest/gtest.h>

#include "core/member_error.h"
#include "core/proclib.h"
#include "decks.h"
#include "db/psb.h"

namespace zgate::db {
namespace {

using testing::deck;

// IBM's IVP PSB for IVTNO: an alternate PCB, then the phone book with PROCOPT=A.
const char* kDfsivp1 =
    "         PCB   TYPE=TP,MODIFY=YES\n"
    "         PCB   TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=A,KEYLEN=10\n"
    "         SENSEG NAME=A1111111,PARENT=0,PROCOPT=A\n"
    "         PSBGEN LANG=C,PSBNAME=DFSIVP1\n"
    "         END\n";

const char* kCardDbd =
    "         DBD   NAME=CARDDB,ACCESS=HIDAM\n"
    "         SEGM  NAME=CUSTOMER,PARENT=0,BYTES=60\n"
    "         FIELD NAME=(CUSTNO,SEQ,U),BYTES=8,START=1\n"
    "         FIELD NAME=CUSTNAME,BYTES=30,START=9\n"
    "         SEGM  NAME=CARD,PARENT=CUSTOMER,BYTES=40\n"
    "         FIELD NAME=(PAN,SEQ,U),BYTES=16,START=1\n"
    "         DBDGEN\n"
    "         END\n";

const char* kIvpDbd =
    "         DBD   NAME=DFSIVD1,ACCESS=(HIDAM,OSAM)\n"
    "         SEGM  NAME=A1111111,PARENT=0,BYTES=40\n"
    "         FIELD NAME=(A1111111,SEQ,U),BYTES=10,START=1,TYPE=C\n"
    "         DBDGEN\n"
    "         END\n";

std::map<std::string, Dbd, std::less<>> library() {
  std::map<std::string, Dbd, std::less<>> m;
  for (const auto& [n, t] : {std::pair{"DFSIVD1", kIvpDbd}, std::pair{"CARDDB", kCardDbd}}) {
    Dbd d = read_dbd(deck(n, t));
    m.emplace(d.name, std::move(d));
  }
  return m;
}

TEST(Psbgen, TheIvpPsbHasAnAlternatePcbThenThePhoneBook) {
  Psb p = read_psb(deck("DFSIVP1", kDfsivp1));
  EXPECT_EQ(p.name, "DFSIVP1");
  EXPECT_EQ(p.lang, "C");
  ASSERT_EQ(p.pcbs.size(), 2u);
  EXPECT_EQ(p.pcbs[0].type, PcbDef::Type::Tp);
  EXPECT_TRUE(p.pcbs[0].modify);
  EXPECT_EQ(p.pcbs[1].type, PcbDef::Type::Db);
  EXPECT_EQ(p.pcbs[1].dbdname, "DFSIVD1");
  EXPECT_EQ(p.pcbs[1].procopt, "A");
  EXPECT_EQ(p.pcbs[1].keylen, 10);
  ASSERT_EQ(p.pcbs[1].sensegs.size(), 1u);
  EXPECT_NO_THROW(check_psb(p, library()));
}

const char* kCardPsb =
    "         PCB   TYPE=DB,DBDNAME=CARDDB,PROCOPT=G,KEYLEN=24,PCBNAME=CARDS\n"
    "         SENSEG NAME=CUSTOMER,PARENT=0\n"
    "         SENFLD NAME=CUSTNAME,START=1,REPL=NO\n"
    "         SENSEG NAME=CARD,PARENT=CUSTOMER,PROCOPT=G\n"
    "         PSBGEN LANG=COBOL,PSBNAME=CARDINQ\n"
    "         END\n";

TEST(Psbgen, SenfldAndPcbnameAreKeptAndTheKeyFeedbackFitsTheLongestKey) {
  Psb p = read_psb(deck("CARDINQ", kCardPsb));
  const PcbDef& pcb = p.pcbs.at(0);
  EXPECT_EQ(pcb.pcbname, "CARDS");
  ASSERT_EQ(pcb.sensegs.at(0).fields.size(), 1u);
  EXPECT_FALSE(pcb.sensegs[0].fields[0].replace);
  EXPECT_EQ(pcb.sensegs[1].procopt, "G");
  EXPECT_NO_THROW(check_psb(p, library()));  // CUSTNO 8 + PAN 16 = 24
}

std::string with(const char* text, const std::string& replace, const std::string& by) {
  std::string s = text;
  s.replace(s.find(replace), replace.size(), by);
  return s;
}

void expect_refused(const std::string& text, int line, const std::string& keyword, const std::string& says,
                    bool check = false) {
  try {
    Psb p = read_psb(deck("BADPSB", text));
    if (check) check_psb(p, library());
    FAIL() << "accepted";
  } catch (const core::MemberError& e) {
    EXPECT_EQ(e.member, "BADPSB");
    EXPECT_EQ(e.line, line) << e.what();
    EXPECT_EQ(e.keyword, keyword) << e.what();
    EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
  }
}

TEST(Psbgen, APsbNamingADbdThatDoesNotExistIsRefused) {
  expect_refused(with(kDfsivp1, "DBDNAME=DFSIVD1", "DBDNAME=NODBD"), 2, "DBDNAME", "not defined", true);
}

TEST(Psbgen, ASensegThatIsNotASegmentOfTheDbdIsRefused) {
  expect_refused(with(kDfsivp1, "NAME=A1111111", "NAME=B2222222"), 3, "NAME", "not a segment of DBD DFSIVD1", true);
}

TEST(Psbgen, ASensegUnderAnotherParentThanTheDbdsIsRefused) {
  std::string t = with(kCardPsb, "NAME=CARD,PARENT=CUSTOMER", "NAME=CUSTNAMX,PARENT=CUSTOMER");
  expect_refused(t, 4, "NAME", "not a segment", true);
}

TEST(Psbgen, AKeylenShorterThanTheConcatenatedKeyIsRefused) {
  expect_refused(with(kCardPsb, "KEYLEN=24", "KEYLEN=23"), 1, "KEYLEN", "longest concatenated key (24 bytes)", true);
}

TEST(Psbgen, ASenfldThatIsNotAFieldOfItsSegmentIsRefused) {
  expect_refused(with(kCardPsb, "SENFLD NAME=CUSTNAME", "SENFLD NAME=CUSTNAMZ"), 3, "NAME", "not a field", true);
}

TEST(Psbgen, AnInvalidProcoptIsRefused) {
  expect_refused(with(kDfsivp1, "PROCOPT=A,KEYLEN", "PROCOPT=GZ,KEYLEN"), 2, "PROCOPT", "processing option");
}

TEST(Psbgen, ASensegWhoseParentIsNotSensitiveBeforeItIsRefused) {
  expect_refused(with(kCardPsb, "         SENSEG NAME=CUSTOMER,PARENT=0\n         SENFLD NAME=CUSTNAME,START=1,REPL=NO\n", ""),
                 2, "PARENT", "first SENSEG");
}

TEST(Psbgen, AnAlternatePcbAfterADatabasePcbIsRefused) {
  expect_refused(std::string(kCardPsb).insert(std::string(kCardPsb).find("         PSBGEN"), "         PCB   TYPE=TP\n"), 5,
                 "TYPE", "alternate PCBs come first");
}

TEST(Psbgen, ADeckWithoutPsbgenIsRefused) {
  expect_refused(with(kDfsivp1, "         PSBGEN LANG=C,PSBNAME=DFSIVP1\n", ""), 4, "PSBGEN", "must end with PSBGEN");
}

}  // namespace
}  // namespace zgate::db

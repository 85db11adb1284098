// zgate serve with DBDLIB and PSBLIB: the IVP phone book read at start-up, an inconsistent set
// or a stage-1 that does not define a PSB's database refused with member and line, and the
// database commands through IMS Connect.
#include <fstream>

#include "db/decks.h"
#include "zgate_server.h"

namespace zgate::testing {
namespace {

using db::testing::kIvpPsb;
using db::testing::kPhoneBook;
using db::testing::kPhoneIndex;

const char* kStage1 =
    "         DATABASE DBD=(DFSIVD1,DFSIVD1I),ACCESS=UP\n"
    "         APPLCTN PSB=ECHOPGM\n"
    "         TRANSACT CODE=ECHOTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
    "         APPLCTN PSB=DFSIVP1\n"
    "         TRANSACT CODE=IVTNO,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
    "         IMSGEN\n";

void configure(ZgateServer& s, const std::string& stage1 = kStage1, const std::string& psb = kIvpPsb) {
  s.member("HWSCFG00", "HWS (ID=ZGATEHWS,RACF=N)\n"
                       "TCPIP (PORT=(ID=" + std::to_string(s.port()) + "),TIMEOUT=3000,\n"
                       "   EXIT=(HWSSMPL0,HWSSMPL1))\n"
                       "DATASTORE (ID=IMS1,GROUP=XCFGRP,MEMBER=HWSMEM1,TMEMBER=IMS1)\n");
  s.member("DFSPB000", "IMSID=IMS1,GRNAME=XCFGRP,OTMA=Y,OTMANM=IMS1,OTMASE=N\n");
  s.member("STAGE1", stage1);
  fs::create_directories(s.dir() / "proclib" / "DBDLIB");
  fs::create_directories(s.dir() / "proclib" / "PSBLIB");
  std::ofstream(s.dir() / "proclib" / "DBDLIB" / "DFSIVD1") << kPhoneBook;
  std::ofstream(s.dir() / "proclib" / "DBDLIB" / "DFSIVD1I") << kPhoneIndex;
  std::ofstream(s.dir() / "proclib" / "PSBLIB" / "DFSIVP1") << psb;
  auto r = s.racf("ADDUSER ZGATEHWS DFLTGRP(SYS1) NOPASSWORD\nADDUSER IMSREGN DFLTGRP(SYS1) NOPASSWORD\n");
  ASSERT_EQ(r.status, 0) << r.out;
}

TEST(ServeDatabases, ServeRefusesAPsbWhoseDbPcbNamesADbdNotInDbdlibNamingMemberAndLine) {
  ZgateServer s("db-bad-psb");
  std::string psb = kIvpPsb;
  psb.replace(psb.find("DBDNAME=DFSIVD1"), 15, "DBDNAME=PHONEDB");
  configure(s, kStage1, psb);
  EXPECT_FALSE(s.start());
  EXPECT_EQ(s.stop(), 8) << s.log();
  const std::string log = s.log();
  EXPECT_NE(log.find("DFSIVP1 line 1 keyword DBDNAME"), std::string::npos) << log;
  EXPECT_NE(log.find("PHONEDB"), std::string::npos) << log;
}

TEST(ServeDatabases, ServeRefusesAnApplctnWhosePsbUsesADatabaseStage1DoesNotDefine) {
  ZgateServer s("db-no-database");
  std::string stage1 = kStage1;
  stage1.erase(0, stage1.find('\n') + 1);  // no DATABASE macro
  configure(s, stage1);
  EXPECT_FALSE(s.start());
  EXPECT_EQ(s.stop(), 8) << s.log();
  const std::string log = s.log();
  EXPECT_NE(log.find("STAGE1 line 3 keyword PSB"), std::string::npos) << log;
  EXPECT_NE(log.find("DATABASE"), std::string::npos) << log;
}

TEST(ServeDatabases, ThePhoneBookIsReadAtStartUpAndDbrDbShowsInDisplayDb) {
  ZgateServer s("db-commands");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  EXPECT_NE(s.log().find("APPLCTN PSB=ECHOPGM is not in PSBLIB"), std::string::npos) << s.log();
  const std::string target = "127.0.0.1:" + std::to_string(s.port());
  RunResult dbr = run_zgate({"cmd", "--user", "OPER1", target, "/DBR DB DFSIVD1"});
  EXPECT_EQ(dbr.status, 0) << dbr.out;
  EXPECT_NE(dbr.out.find("DBRECOVERY COMMAND COMPLETED"), std::string::npos) << dbr.out;
  RunResult dis = run_zgate({"cmd", "--user", "OPER1", target, "/DIS DB ALL"});
  EXPECT_EQ(dis.status, 0) << dis.out;
  EXPECT_NE(dis.out.find("DATABASE  TYPE  TOTAL UNUSED  TOTAL UNUSED  ACC   CONDITIONS"), std::string::npos) << dis.out;
  EXPECT_NE(dis.out.find("DFSIVD1   DL/I                              UP    STOPPED, NOTOPEN"), std::string::npos)
      << dis.out;
  RunResult psb = run_zgate({"cmd", "--user", "OPER1", target, "/DIS PSB DFSIVP1"});
  EXPECT_NE(psb.out.find("DFSIVP1   IVTNO      DFSIVD1   UP"), std::string::npos) << psb.out;
  // The transactions without a PSB keep working.
  RunResult echo = run_zgate({"send", "--user", "OPER1", target, "ECHOTXN", "HELLO"});
  EXPECT_NE(echo.out.find("HELLO"), std::string::npos) << echo.out;
}

// The IVP's input after the transaction code: command X(8), last name X(10), first name X(10),
// extension X(10), zip code X(7) (the transaction code is X(10): `zgate send` puts one blank
// after it, so the data starts with the other blanks).
std::string ivtno(const std::string& cmd, const std::string& last, const std::string& first = "",
                  const std::string& ext = "", const std::string& zip = "") {
  auto pad = [](std::string v, std::size_t n) {
    v.resize(n, ' ');
    return v;
  };
  return "    " + pad(cmd, 8) + pad(last, 10) + pad(first, 10) + pad(ext, 10) + pad(zip, 7);
}

TEST(ServeDatabases, ThePhoneBookThroughImsConnectAndACommittedAddSurvivesKill9) {
  ZgateServer s("db-kill9");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  const std::string target = "127.0.0.1:" + std::to_string(s.port());
  RunResult add = run_zgate({"send", "--user", "OPER1", target, "IVTNO", ivtno("ADD", "LAST9", "FIRST9", "8-999", "D09/R09")});
  EXPECT_NE(add.out.find("ENTRY WAS ADDED"), std::string::npos) << add.out << s.log();
  // The reply came after the sync point: the entry is committed. A crash loses nothing.
  s.kill_hard();
  ASSERT_TRUE(s.start()) << s.log();
  RunResult dis = run_zgate({"send", "--user", "OPER1", target, "IVTNO", ivtno("DISPLAY", "LAST9")});
  EXPECT_NE(dis.out.find("ENTRY WAS DISPLAYED"), std::string::npos) << dis.out;
  EXPECT_NE(dis.out.find("LAST9     FIRST9    8-999     D09/R09"), std::string::npos) << dis.out;
  RunResult missing = run_zgate({"send", "--user", "OPER1", target, "IVTNO", ivtno("DISPLAY", "NOBODY")});
  EXPECT_NE(missing.out.find("SPECIFIED PERSON WAS NOT FOUND"), std::string::npos) << missing.out;
}

}  // namespace
}  // namespace zgate::testing

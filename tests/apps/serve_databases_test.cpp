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

}  // namespace
}  // namespace zgate::testing

// PSB scheduling security end to end: `zgate serve` with DFSPB ISIS= (and --ras-exit for
// DFSRAS00), a client through IMS Connect, and the refusal IMS's scheduler gives instead of the
// program's reply: DFS2854A with IBM's reason code, audited.
#include "zgate_server.h"

namespace zgate::testing {
namespace {

const char* kStage1 =
    "         APPLCTN PSB=ECHOPGM\n"
    "         TRANSACT CODE=ECHOTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
    "         APPLCTN PSB=LOOPPGM\n"
    "         TRANSACT CODE=LOOPTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
    "         IMSGEN\n";

void configure(ZgateServer& s, const std::string& dfspb_extra) {
  s.member("HWSCFG00", "HWS (ID=ZGATEHWS,RACF=N)\n"
                       "TCPIP (PORT=(ID=" + std::to_string(s.port()) + "),TIMEOUT=3000,\n"
                       "   EXIT=(HWSSMPL0,HWSSMPL1))\n"
                       "DATASTORE (ID=IMS1,GROUP=XCFGRP,MEMBER=HWSMEM1,TMEMBER=IMS1,\n"
                       "   APPL=IMSAPPL)\n");
  s.member("DFSPB000", "IMSID=IMS1,GRNAME=XCFGRP,OTMA=Y,OTMANM=IMS1,OTMASE=N,\n" + dfspb_extra + "\n");
  s.member("STAGE1", kStage1);
  auto r = s.racf("ADDUSER IMSREGN DFLTGRP(SYS1) NOPASSWORD\n"
                  "SETROPTS CLASSACT(IIMS JIMS)\n"
                  "RDEFINE IIMS ECHOPGM UACC(NONE)\n");
  ASSERT_EQ(r.status, 0) << r.out;
}

// ISIS=R: the regions run as IMSREGN, which has no READ to IIMS ECHOPGM; the client gets
// DFS2854A ... 084 instead of the echo, and the trail has the refusal. After a PERMIT the same
// transaction runs.
TEST(PsbScheduling, UnderIsisRARegionWithoutReadToThePsbCannotScheduleItAndTheClientGetsDfs2854a) {
  ZgateServer s("isis-r");
  configure(s, "ISIS=R");
  ASSERT_TRUE(s.start()) << s.log();
  auto refused = exchange(s, transaction("ECHOTXN", "HELLO"));
  ASSERT_FALSE(refused.rsm) << describe(refused);
  EXPECT_NE(text_of(refused).find("DFS2854A"), std::string::npos) << describe(refused);
  EXPECT_NE(text_of(refused).find("084-FAILED SECURITY CHECK, PSB=ECHOPGM, TRAN=ECHOTXN"), std::string::npos)
      << describe(refused);
  const std::string audit = s.trail();
  EXPECT_NE(audit.find("\"IIMS\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("IMSREGN"), std::string::npos) << audit;
  EXPECT_TRUE(s.running());

  ASSERT_EQ(s.racf("PERMIT ECHOPGM CLASS(IIMS) ID(IMSREGN) ACCESS(READ)\n").status, 0);
  // The server catches up with the other process's PERMIT within half a second.
  bool echoed = false;
  for (int i = 0; i < 40 && !echoed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    echoed = text_of(exchange(s, transaction("ECHOTXN", "HELLO"))).find("HELLO") != std::string::npos;
  }
  EXPECT_TRUE(echoed) << s.log();
}

// ISIS=C with the sample DFSRAS00: LOOPPGM is refused for region user IMSREGN before it runs (the
// client is not kept waiting for a program that never ends); ECHOPGM is allowed, its RACF
// profile notwithstanding (RACF is not asked under C).
TEST(PsbScheduling, UnderIsisCTheSampleDfsras00RefusesLooppgmEndToEnd) {
  ZgateServer s("isis-c");
  configure(s, "ISIS=C");
  ASSERT_TRUE(s.start({"--ras-exit", (programs_dir() / "DFSRAS00.so").string(), "--processing-limit", "60000"}))
      << s.log();
  auto refused = exchange(s, transaction("LOOPTXN", "X"));
  EXPECT_NE(text_of(refused).find("088-FAILED SECURITY CHECK, PSB=LOOPPGM"), std::string::npos) << describe(refused);
  auto ok = exchange(s, transaction("ECHOTXN", "HELLO"));
  EXPECT_NE(text_of(ok).find("HELLO"), std::string::npos) << describe(ok);
  const std::string audit = s.trail();
  EXPECT_NE(audit.find("REJECTED BY DFSRAS00"), std::string::npos) << audit;
}

TEST(PsbScheduling, AnInvalidIsisValueStopsStartUpNamingMemberLineAndKeyword) {
  ZgateServer s("isis-bad");
  configure(s, "ISIS=X");
  EXPECT_FALSE(s.start());
  EXPECT_EQ(s.stop(), 8) << s.log();
  const std::string log = s.log();
  EXPECT_NE(log.find("DFSPB000"), std::string::npos) << log;
  EXPECT_NE(log.find("line 2"), std::string::npos) << log;
  EXPECT_NE(log.find("ISIS"), std::string::npos) << log;
}

TEST(PsbScheduling, IsisCWithoutARasExitStopsStartUp) {
  ZgateServer s("isis-c-noexit");
  configure(s, "ISIS=C");
  EXPECT_FALSE(s.start());
  EXPECT_EQ(s.stop(), 8) << s.log();
  EXPECT_NE(s.log().find("--ras-exit"), std::string::npos) << s.log();
}

}  // namespace
}  // namespace zgate::testing

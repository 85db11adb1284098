// A hostile transaction program (programs/HOSTILE.c) run by a real `zgate serve` through IMS
// Connect: the attack of issue 14 (read the server's command line for the database path, run
// `zgate racf` or `zgate passticket`, dump the PTKTDATA keys) fails at every step, and the
// server is neither dumpable nor able to write a core file (hole 13).
#include <gmock/gmock.h>

#include <stdlib.h>

#include "zgate_server.h"

namespace zgate::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

void configure(ZgateServer& s) {
  s.member("HWSCFG00", "HWS (ID=ZGATEHWS,RACF=N)\n"
                       "TCPIP (PORT=(ID=" + std::to_string(s.port()) + "),TIMEOUT=3000,\n"
                       "   EXIT=(HWSSMPL0,HWSSMPL1))\n"
                       "DATASTORE (ID=IMS1,GROUP=XCFGRP,MEMBER=HWSMEM1,TMEMBER=IMS1)\n");
  s.member("DFSPB000", "IMSID=IMS1,GRNAME=XCFGRP,OTMA=Y,OTMANM=IMS1,OTMASE=N\n");
  s.member("STAGE1",
           "         APPLCTN PSB=HOSTILE\n"
           "         TRANSACT CODE=HOSTILE,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
           "         APPLCTN PSB=ECHOPGM\n"
           "         TRANSACT CODE=ECHOTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
           "         IMSGEN\n");
  auto r = s.racf("ADDUSER IMSREGN DFLTGRP(SYS1) NOPASSWORD\n");
  ASSERT_EQ(r.status, 0) << r.out;
}

TEST(ServeHostileProgram, EveryAttackOnTheServerFromARegionIsRefused) {
  ZgateServer s("hostile");
  configure(s);
  ::setenv("ZGATE_HOSTILE_CANARY", "server secret", 1);  // in the server's environment only
  const bool started = s.start();
  ::unsetenv("ZGATE_HOSTILE_CANARY");
  ASSERT_TRUE(started) << s.log();
  const std::string queues = (s.dir() / "zgate-queues.db").string();
  ASSERT_TRUE(fs::exists(s.db()));
  ASSERT_TRUE(fs::exists(queues));

  connect::Reply r = exchange(s, transaction("HOSTILE", s.db() + " " + queues + " " + ZGATE_BINARY));
  ASSERT_FALSE(r.rsm) << describe(r);
  const std::string all = text_of(r);
  for (const char* attempt :
       {"READ-SECURITY-DB", "WRITE-SECURITY-DB", "READ-QUEUE-STORE", "READ-AUDIT-TRAIL",
        "WRITE-AUDIT-TRAIL", "READ-SERVER-CMDLINE", "READ-SERVER-ENVIRON", "OPEN-SERVER-MEM",
        "PTRACE-ATTACH-SERVER", "EXEC-PROC-SELF-EXE", "EXEC-ZGATE", "EXEC-SHELL",
        "WRITE-FILE-TMP", "WRITE-FILE-DB-DIR", "SIGNAL-SERVER", "INHERIT-SERVER-DESCRIPTORS",
        "SEE-SERVER-ENVIRONMENT", "PATH-ON-OWN-COMMAND-LINE", "RUN-AS-ROOT"}) {
    EXPECT_THAT(all, HasSubstr(std::string(attempt) + " REFUSED")) << all;
  }
  EXPECT_THAT(all, Not(HasSubstr("SUCCEEDED"))) << all;

  // The server survived it, and its regions still serve.
  EXPECT_EQ(text_of(exchange(s, transaction("ECHOTXN", "STILL HERE"))), "STILL HERE");
  EXPECT_TRUE(s.running());
}

TEST(ServeHostileProgram, ARegionThatCannotLeaveRootRunsNothingAndSaysWhy) {
  if (::geteuid() != 0) GTEST_SKIP() << "only a root server switches OS users";
  ZgateServer s("noosuser");
  configure(s);
  ASSERT_TRUE(s.start({"--region-os-user", "zgate-no-such-os-user"})) << s.log();
  // Fail closed: the regions refuse to start (the control process keeps retrying), and the
  // log names the reason. Not a timing assertion: the loop only bounds a broken build.
  for (int i = 0; i < 400 && s.log().find("no OS user") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_THAT(s.log(), HasSubstr("zgate region: sandbox: no OS user 'zgate-no-such-os-user'"));
}

TEST(ServeHostileProgram, TheServerWritesNoCoreFile) {
  ZgateServer s("nocore");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  // RLIMIT_CORE 0, soft and hard, set at start-up (with PR_SET_DUMPABLE 0, which /proc does
  // not show to root): a crash of the server leaves no file with passwords or keys in it.
  const std::string limits = read_file("/proc/" + std::to_string(s.pid()) + "/limits");
  EXPECT_THAT(limits, ::testing::ContainsRegex("Max core file size +0 +0 ")) << limits;
}

}  // namespace
}  // namespace zgate::testing

// RDEFINE/RALTER STARTED ... STDATA(...) and RLIST STARTED name STDATA: the started-task
// identity ODBM's job gets (IBM: RDEFINE STARTED ODBM1.* STDATA(USER(ODBMUSR) GROUP(SYS1))).
#include "racf_fixture.h"

namespace zgate::racf::testing {
namespace {

class Stdata : public RacfTest {
 protected:
  Stdata() {
    ok("ADDUSER ODBMUSR DFLTGRP(SYS1) NOPASSWORD");
    ok("SETROPTS GENERIC(STARTED)");
  }
};

TEST_F(Stdata, RdefineStartedWithStdataUserAndGroup) {
  ok("RDEFINE STARTED ODBM1.* STDATA(USER(ODBMUSR) GROUP(SYS1))");
  auto p = sm_.profile("STARTED", "ODBM1.*");
  ASSERT_TRUE(p && p->stdata);
  EXPECT_EQ(p->stdata->user, "ODBMUSR");
  EXPECT_EQ(p->stdata->group, "SYS1");
  EXPECT_FALSE(p->stdata->trusted);
  EXPECT_FALSE(p->stdata->privileged);
}

TEST_F(Stdata, UserEqualsMemberTrustedAndPrivileged) {
  ok("RDEFINE STARTED ODBM1.ODBM1 STDATA(USER(=MEMBER) TRUSTED(YES) "
     "PRIVILEGED(YES) TRACE(YES))");
  auto s = sm_.profile("STARTED", "ODBM1.ODBM1")->stdata;
  ASSERT_TRUE(s);
  EXPECT_EQ(s->user, "=MEMBER");
  EXPECT_EQ(s->group, "");
  EXPECT_TRUE(s->trusted);
  EXPECT_TRUE(s->privileged);
  EXPECT_TRUE(s->trace);
}

TEST_F(Stdata, RalterKeepsWhatItDoesNotName) {
  ok("RDEFINE STARTED ODBM1.* STDATA(USER(ODBMUSR) GROUP(SYS1) TRUSTED(YES))");
  ok("RALTER STARTED ODBM1.* STDATA(NOGROUP PRIVILEGED(YES))");
  auto s = sm_.profile("STARTED", "ODBM1.*")->stdata;
  EXPECT_EQ(s->user, "ODBMUSR");
  EXPECT_EQ(s->group, "");
  EXPECT_TRUE(s->trusted);
  EXPECT_TRUE(s->privileged);
  ok("RALTER STARTED ODBM1.* STDATA(NOTRUSTED NOUSER)");
  s = sm_.profile("STARTED", "ODBM1.*")->stdata;
  EXPECT_FALSE(s->trusted);
  EXPECT_EQ(s->user, "");
  ok("RALTER STARTED ODBM1.* NOSTDATA");
  EXPECT_FALSE(sm_.profile("STARTED", "ODBM1.*")->stdata);
}

TEST_F(Stdata, UndefinedUserOrGroupAndBadValuesAreRefused) {
  EXPECT_EQ(run("RDEFINE STARTED ODBM1.* STDATA(USER(NOSUCH))").rc, 8);
  EXPECT_FALSE(sm_.profile("STARTED", "ODBM1.*"));
  EXPECT_EQ(run("RDEFINE STARTED ODBM1.* STDATA(GROUP(NOGRP) USER(ODBMUSR))").rc, 8);
  EXPECT_EQ(run("RDEFINE STARTED ODBM1.* STDATA(TRUSTED(MAYBE))").rc, 8);
  EXPECT_EQ(run("RDEFINE STARTED ODBM1.* STDATA(USER(TOOLONGID))").rc, 8);
  EXPECT_FALSE(sm_.profile("STARTED", "ODBM1.*"));
}

TEST_F(Stdata, StdataOutsideStartedIsIgnoredWithAWarning) {
  auto r = run("RDEFINE FACILITY X.Y STDATA(USER(ODBMUSR))");
  EXPECT_EQ(r.rc, 4) << r.output;
  EXPECT_NE(r.output.find("STDATA NOT VALID FOR CLASS FACILITY"), std::string::npos) << r.output;
  EXPECT_FALSE(sm_.profile("FACILITY", "X.Y")->stdata);
}

TEST_F(Stdata, RlistShowsStdataWhenAsked) {
  ok("RDEFINE STARTED ODBM1.* STDATA(USER(ODBMUSR) GROUP(SYS1) TRUSTED(YES))");
  auto plain = ok("RLIST STARTED ODBM1.*");
  EXPECT_EQ(plain.output.find("STDATA INFORMATION"), std::string::npos) << plain.output;
  auto r = ok("RLIST STARTED ODBM1.* STDATA");
  EXPECT_NE(r.output.find("STDATA INFORMATION\n------------------\nUSER= ODBMUSR\nGROUP= SYS1\n"
                          "TRUSTED= YES\nPRIVILEGED= NO\nTRACE= NO\n"),
            std::string::npos)
      << r.output;
  ok("RDEFINE STARTED OTHER.* UACC(NONE)");
  EXPECT_NE(ok("RLIST STARTED OTHER.* STDATA").output.find("NO STDATA INFORMATION"),
            std::string::npos);
}

TEST_F(Stdata, SetroptsRaclistStartedThenTheTaskGetsItsIdentity) {
  ok("RDEFINE STARTED ODBM1.* STDATA(USER(ODBMUSR))");
  ok("SETROPTS CLASSACT(STARTED) RACLIST(STARTED)");
  auto id = sm_.started_task("ODBM1", "ODBM1");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->user, "ODBMUSR");
  EXPECT_EQ(id->group, "SYS1");
  ok("RALTER STARTED ODBM1.* STDATA(USER(IBMUSER))");
  EXPECT_EQ(sm_.started_task("ODBM1", "ODBM1")->user, "ODBMUSR");
  ok("SETROPTS RACLIST(STARTED) REFRESH");
  EXPECT_EQ(sm_.started_task("ODBM1", "ODBM1")->user, "IBMUSER");
}

}  // namespace
}  // namespace zgate::racf::testing

// SETROPTS INACTIVE(n) through the commands: the revoke that sign-on takes shows in LISTUSER,
// and ALTUSER RESUME lets the user in again ("RACF resets the effective date with which the
// period of inactivity starts", Security Administrator's Guide, INACTIVE option).
#include <gtest/gtest.h>

#include "racf_fixture.h"

namespace zgate::racf::testing {
namespace {

constexpr std::int64_t kDay = 86400;

class SetroptsInactive : public RacfTest {
 protected:
  void SetUp() override {
    ok("SETROPTS INACTIVE(30) PASSWORD(INTERVAL(254))");
    ok("ADDUSER ALICE DFLTGRP(SYS1)");
    ok("ALTUSER ALICE PASSWORD(SECRET1) NOEXPIRED");
  }
  int signon() {
    saf::VerifyRequest r;
    r.user = "ALICE";
    r.password = core::SecretString("SECRET1");
    return sm_.verify(r).rc;
  }
};

TEST_F(SetroptsInactive, UnderInactive30TheRevokeTakenAtSignOnShowsInListuser) {
  clock_.advance(31 * kDay);
  EXPECT_EQ(signon(), saf::kVerifyRevoked);
  std::string out = ok("LISTUSER ALICE").output;
  EXPECT_NE(out.find("REVOKED"), std::string::npos) << out;
}

TEST_F(SetroptsInactive, AltuserResumeLetsAUserRevokedForInactivitySignOnAgain) {
  clock_.advance(31 * kDay);
  ASSERT_EQ(signon(), saf::kVerifyRevoked);
  ok("ALTUSER ALICE RESUME");
  EXPECT_EQ(signon(), saf::kVerifyOk) << "RESUME restarts the inactive interval";
  EXPECT_EQ(sm_.user("ALICE")->resumed, kNow + 31 * kDay);
}

TEST_F(SetroptsInactive, AltuserResumeWithoutASignOnLeavesTheUserRevokableAfterAnotherInterval) {
  clock_.advance(31 * kDay);
  ASSERT_EQ(signon(), saf::kVerifyRevoked);
  ok("ALTUSER ALICE RESUME");
  clock_.advance(31 * kDay);
  EXPECT_EQ(signon(), saf::kVerifyRevoked) << "31 unused days after the RESUME";
}

TEST_F(SetroptsInactive, ResumeDoesNotPretendTheUserSignedOn) {
  clock_.advance(31 * kDay);
  ASSERT_EQ(signon(), saf::kVerifyRevoked);
  ok("ALTUSER ALICE RESUME");
  EXPECT_EQ(sm_.user("ALICE")->last_access, 0) << "LAST-ACCESS stays UNKNOWN until a sign-on";
}

}  // namespace
}  // namespace zgate::racf::testing

// SETROPTS INACTIVE(n): a user ID unused for more than n days is revoked the next time it tries
// to enter the system (IBM, Security Administrator's Guide, "Revoking unused user IDs
// (INACTIVE option)"), and stays revoked until ALTUSER RESUME (tests/racf/setropts_inactive_test.cpp).
#include <gtest/gtest.h>

#include "saf_fixture.h"

namespace zgate::saf::testing {
namespace {

class Inactive : public SafTest {
 protected:
  void SetUp() override {
    group("PAYROLL");
    User& u = user("ALICE", "PAYROLL", {}, "SECRET1");
    u.created = kT0;
    u.password_interval = 0;  // NOINTERVAL: only the inactive interval is under test
    save("ALICE");
    options([](Options& o) { o.inactive = 30; });
  }
  VerifyResult signon(const std::string& u, const std::string& pw = "SECRET1") {
    VerifyRequest r;
    r.user = u;
    r.password = core::SecretString(pw);
    return sm->verify(r);
  }
};

TEST_F(Inactive, UnderInactive30AUserLastSeen31DaysAgoIsRevokedAtSignOn) {
  ASSERT_EQ(signon("ALICE").rc, kVerifyOk);  // LAST-ACCESS = kT0
  clock.advance(31 * kDay);
  VerifyResult r = signon("ALICE");
  EXPECT_EQ(r.rc, kVerifyRevoked);
  EXPECT_EQ(r.message, "USER ID IS REVOKED") << "the client learns no more than RC X'1C' says";
  EXPECT_TRUE(sm->user("ALICE")->revoked) << "the REVOKE attribute is set and kept";
  const audit::Event e = sink.events().back();  // a copy: events() returns a copy
  EXPECT_EQ(e.qualifier, audit::verify_q::kRevokedUser);
  EXPECT_TRUE(e.violation);
  EXPECT_NE(e.detail.find("INACTIVE"), std::string::npos) << e.detail;
}

TEST_F(Inactive, UnderInactive30AUserLastSeen30DaysAgoSignsOn) {
  ASSERT_EQ(signon("ALICE").rc, kVerifyOk);
  clock.advance(30 * kDay);
  EXPECT_EQ(signon("ALICE").rc, kVerifyOk);
  EXPECT_FALSE(sm->user("ALICE")->revoked);
}

TEST_F(Inactive, UnderInactiveAUserWhoNeverSignedOnCountsFromTheCreationDate) {
  users_["ALICE"].password_date = 0;  // no password change since creation either
  save("ALICE");
  clock.advance(30 * kDay);
  EXPECT_EQ(signon("ALICE").rc, kVerifyOk) << "30 days after creation";
  users_["BOB"] = users_["ALICE"];
  users_["BOB"].id = "BOB";
  users_["BOB"].created = kT0;
  save("BOB");
  clock.advance(kDay);
  EXPECT_EQ(signon("BOB").rc, kVerifyRevoked) << "31 days after creation, never used";
}

TEST_F(Inactive, UnderInactiveAPasswordChangeCountsAsActivity) {
  clock.advance(20 * kDay);
  users_["ALICE"].password_date = clock.now();  // "changed their password ... by any method"
  save("ALICE");
  clock.advance(25 * kDay);
  EXPECT_EQ(signon("ALICE").rc, kVerifyOk) << "25 days after the change, 45 after creation";
}

TEST_F(Inactive, UnderInactiveTheRevokeStaysWhenNoinactiveIsSetAfterwards) {
  clock.advance(31 * kDay);
  ASSERT_EQ(signon("ALICE").rc, kVerifyRevoked);
  options([](Options& o) { o.inactive = 0; });
  EXPECT_EQ(signon("ALICE").rc, kVerifyRevoked) << "revoked until ALTUSER RESUME";
}

TEST_F(Inactive, UnderInactiveTheRevokeIsTakenWithoutLookingAtThePassword) {
  clock.advance(31 * kDay);
  EXPECT_EQ(signon("ALICE", "WRONG").rc, kVerifyRevoked);
  EXPECT_EQ(sm->user("ALICE")->failed_attempts, 0) << "not counted toward REVOKE(n)";
}

TEST_F(Inactive, UnderInactiveAProtectedUserIsNeverRevokedForInactivity) {
  User& p = user("STCUSER", "PAYROLL", {}, "");  // no password, no phrase: PROTECTED
  p.created = kT0;
  save("STCUSER");
  clock.advance(400 * kDay);
  VerifyRequest r;
  r.user = "STCUSER";
  r.check_credential = false;  // a trusted caller (RACFID=, a started task)
  EXPECT_EQ(sm->verify(r).rc, kVerifyOk);
  EXPECT_FALSE(sm->user("STCUSER")->revoked);
}

TEST_F(Inactive, UnderInactiveASpecialUserIsNotRevokedButTheRecordSaysIch303I) {
  users_["ALICE"].special = true;
  save("ALICE");
  clock.advance(31 * kDay);
  EXPECT_EQ(signon("ALICE").rc, kVerifyOk);
  EXPECT_FALSE(sm->user("ALICE")->revoked);
  EXPECT_NE(sink.events().back().detail.find("ICH303I"), std::string::npos) << sink.events().back().detail;
}

TEST_F(Inactive, UnderNoinactiveAnUnusedUserSignsOn) {
  options([](Options& o) { o.inactive = 0; });
  clock.advance(400 * kDay);
  EXPECT_EQ(signon("ALICE").rc, kVerifyOk);
}

TEST_F(Inactive, AResumeDateThatHasArrivedRestartsTheInterval) {
  clock.advance(31 * kDay);
  ASSERT_EQ(signon("ALICE").rc, kVerifyRevoked);
  users_["ALICE"] = *sm->user("ALICE");
  users_["ALICE"].resume_date = clock.now() + 2 * kDay;  // ALTUSER RESUME(date)
  save("ALICE");
  clock.advance(2 * kDay);
  EXPECT_EQ(signon("ALICE").rc, kVerifyOk) << "the interval starts again on the RESUME date";
}

}  // namespace
}  // namespace zgate::saf::testing

// ADDUSER, ALTUSER, DELUSER, LISTUSER against a real security manager.
#include "racf_fixture.h"

namespace zgate::racf::testing {
namespace {

using UserCommands = RacfTest;

TEST_F(UserCommands, AddUserCreatesUserConnectedToDefaultGroup) {
  ok("ADDUSER ALICE NAME('Alice Smith') DFLTGRP(SYS1) OWNER(IBMUSER) DATA('Payroll clerk')");
  auto u = sm_.user("ALICE");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->name, "ALICE SMITH");
  EXPECT_EQ(u->default_group, "SYS1");
  EXPECT_EQ(u->owner, "IBMUSER");
  EXPECT_EQ(u->installation_data, "Payroll clerk");
  ASSERT_NE(u->connect("SYS1"), nullptr);
  EXPECT_EQ(u->connect("SYS1")->authority, saf::GroupAuthority::Use);
  EXPECT_TRUE(u->is_protected());  // no PASSWORD: NOPASSWORD is RACF's default
}

TEST_F(UserCommands, AddUserDefaultGroupIsTheIssuersCurrentGroup) {
  ok("AG PAY SUPGROUP(SYS1)");
  ok("AU BOSS DFLTGRP(PAY) AUTHORITY(JOIN)");
  ok("ALTUSER BOSS CLAUTH(USER)");
  ok("AU CLERK", "BOSS");
  EXPECT_EQ(sm_.user("CLERK")->default_group, "PAY");
  EXPECT_EQ(sm_.user("CLERK")->owner, "BOSS");
}

TEST_F(UserCommands, AddUserRefusesExistingUserOrGroupName) {
  ok("AU ALICE");
  auto r = run("AU ALICE");
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.output.find("ICH01010I ALICE NOT ADDED"), std::string::npos) << r.output;
  r = run("AU SYS1");
  EXPECT_EQ(r.rc, 8);
}

TEST_F(UserCommands, AddUserNeedsAnExistingDefaultGroup) {
  auto r = run("AU BOB DFLTGRP(NOSUCH)");
  EXPECT_EQ(r.rc, 8);
  EXPECT_FALSE(sm_.user("BOB"));
}

TEST_F(UserCommands, AddUserRejectsInvalidUserId) {
  auto r = run("AU 9LIVES");
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.output.find("IKJ56702I INVALID USERID, 9LIVES"), std::string::npos);
}

TEST_F(UserCommands, AddUserListOfIds) {
  ok("ADDUSER (U1 U2,U3)");
  EXPECT_TRUE(sm_.user("U1") && sm_.user("U2") && sm_.user("U3"));
}

TEST_F(UserCommands, AddUserPasswordIsStoredHashedAndExpired) {
  ok("AU ALICE PASSWORD(secret1)");
  auto u = sm_.user("ALICE");
  EXPECT_FALSE(u->password_hash.empty());
  EXPECT_EQ(u->password_hash.find("SECRET1"), std::string::npos);
  EXPECT_TRUE(saf::SecurityManager::secret_matches(u->password_hash, "SECRET1"));  // folded: no MIXEDCASE
  EXPECT_TRUE(u->password_expired);
  EXPECT_EQ(u->password_date, kNow);
}

TEST_F(UserCommands, PasswordKeepsCaseUnderMixedCase) {
  ok("SETROPTS PASSWORD(MIXEDCASE)");
  ok("AU ALICE PASSWORD(SeCreT1)");
  EXPECT_TRUE(saf::SecurityManager::secret_matches(sm_.user("ALICE")->password_hash, "SeCreT1"));
}

TEST_F(UserCommands, PasswordLongerThanEightIsRejected) {
  auto r = run("AU ALICE PASSWORD(NINECHARS)");
  EXPECT_EQ(r.rc, 8);
  EXPECT_FALSE(sm_.user("ALICE"));
}

TEST_F(UserCommands, PhraseMustBeFourteenToHundredCharacters) {
  EXPECT_EQ(run("AU ALICE PHRASE('too short')").rc, 8);
  ok("AU ALICE PHRASE('a long enough pass phrase')");
  EXPECT_TRUE(saf::SecurityManager::secret_matches(sm_.user("ALICE")->phrase_hash, "a long enough pass phrase"));
}

TEST_F(UserCommands, AltUserPasswordIsExpiredUnlessNoExpired) {
  ok("AU ALICE");
  ok("ALU ALICE PASSWORD(NEW1)");
  EXPECT_TRUE(sm_.user("ALICE")->password_expired);
  ok("ALU ALICE PASSWORD(NEW2) NOEXPIRED");
  EXPECT_FALSE(sm_.user("ALICE")->password_expired);
  ok("ALU ALICE NOPASSWORD");
  EXPECT_TRUE(sm_.user("ALICE")->is_protected());
}

TEST_F(UserCommands, AltUserAttributesAndAbbreviations) {
  ok("AU ALICE");
  ok("ALU ALICE SPEC OPER AUDITOR REST");
  auto u = sm_.user("ALICE");
  EXPECT_TRUE(u->special && u->operations && u->auditor && u->restricted);
  ok("ALTUSER ALICE NOSPECIAL NOOPERATIONS NOAUDITOR NORESTRICTED");
  u = sm_.user("ALICE");
  EXPECT_FALSE(u->special || u->operations || u->auditor || u->restricted);
}

// A RESUME(date) that has arrived is spent: it must not cancel a REVOKE issued afterwards (it
// did: revoked_at applied the old RESUME date on top of the new REVOKE, and the user stayed in).
TEST_F(UserCommands, AltuserRevokeAfterAResumeDateHasArrivedRevokes) {
  ok("AU ALICE");
  ok("ALU ALICE REVOKE");
  ok("ALU ALICE RESUME(11/25/26)");
  clock_.advance(5 * 86400);  // 11/26/26: resumed
  ok("ALU ALICE REVOKE");
  saf::User u = *sm_.user("ALICE");
  EXPECT_TRUE(saf::revoked_at(u.revoked, u.revoke_date, u.resume_date, clock_.now()));
  EXPECT_EQ(sm_.acee_for("ALICE"), nullptr);
}

TEST_F(UserCommands, RevokeAndResumeNowAndLater) {
  ok("AU ALICE");
  ok("ALU ALICE REVOKE");
  EXPECT_TRUE(sm_.user("ALICE")->revoked);
  saf::User u = *sm_.user("ALICE");
  u.failed_attempts = 3;
  sm_.put_user(u);
  ok("ALU ALICE RESUME");
  EXPECT_FALSE(sm_.user("ALICE")->revoked);
  EXPECT_EQ(sm_.user("ALICE")->failed_attempts, 0);  // RESUME resets the count
  ok("ALU ALICE REVOKE(12/31/26) RESUME(01/15/27)");
  u = *sm_.user("ALICE");
  EXPECT_FALSE(u.revoked);
  EXPECT_EQ(u.revoke_date, core::parse_racf_date("12/31/26"));
  EXPECT_EQ(u.resume_date, core::parse_racf_date("01/15/27"));
  ok("ALU ALICE NOREVOKE NORESUME");
  EXPECT_EQ(sm_.user("ALICE")->revoke_date, 0);
  EXPECT_EQ(sm_.user("ALICE")->resume_date, 0);
  EXPECT_EQ(run("ALU ALICE REVOKE(13/45/26)").rc, 8);
}

TEST_F(UserCommands, ClauthAndNoclauth) {
  ok("AU ALICE CLAUTH(TIMS FACILITY)");
  EXPECT_EQ(sm_.user("ALICE")->class_authorizations, (std::set<std::string>{"FACILITY", "TIMS"}));
  ok("ALU ALICE NOCLAUTH(TIMS)");
  EXPECT_EQ(sm_.user("ALICE")->class_authorizations, (std::set<std::string>{"FACILITY"}));
}

TEST_F(UserCommands, DefaultGroupChangeNeedsAConnect) {
  ok("AG PAY");
  ok("AU ALICE");
  EXPECT_EQ(run("ALU ALICE DFLTGRP(PAY)").rc, 8);
  ok("CONNECT ALICE GROUP(PAY)");
  ok("ALU ALICE DFLTGRP(PAY)");
  EXPECT_EQ(sm_.user("ALICE")->default_group, "PAY");
}

TEST_F(UserCommands, DelUserDeletesAndReportsUnknown) {
  ok("AU ALICE");
  ok("DU ALICE");
  EXPECT_FALSE(sm_.user("ALICE"));
  EXPECT_EQ(run("DELUSER ALICE").rc, 8);
}

TEST_F(UserCommands, ListUserShowsRacfLayout) {
  ok("AU ALICE NAME('ALICE SMITH') PASSWORD(PW1) DATA('X') CLAUTH(TIMS)");
  ok("ALU ALICE NOEXPIRED PASSWORD(PW2)");
  auto r = ok("LU ALICE");
  const auto& o = r.output;
  EXPECT_NE(o.find("USER=ALICE  NAME=ALICE SMITH           OWNER=IBMUSER   CREATED=26.325"), std::string::npos) << o;
  EXPECT_NE(o.find(" DEFAULT-GROUP=SYS1     PASSDATE=26.325 PASS-INTERVAL= 30 PHRASEDATE=N/A"), std::string::npos) << o;
  EXPECT_NE(o.find(" ATTRIBUTES=NONE"), std::string::npos);
  EXPECT_NE(o.find(" REVOKE DATE=NONE   RESUME DATE=NONE"), std::string::npos) << o;
  EXPECT_NE(o.find(" LAST-ACCESS=UNKNOWN"), std::string::npos);
  EXPECT_NE(o.find(" CLASS AUTHORIZATIONS=TIMS"), std::string::npos);
  EXPECT_NE(o.find(" INSTALLATION-DATA=X"), std::string::npos);
  EXPECT_NE(o.find("  GROUP=SYS1      AUTH=USE      CONNECT-OWNER=IBMUSER   CONNECT-DATE=26.325"), std::string::npos) << o;
  EXPECT_NE(o.find("    CONNECTS=    00  UACC=NONE     LAST-CONNECT=UNKNOWN"), std::string::npos) << o;
  EXPECT_NE(o.find("    CONNECT ATTRIBUTES=NONE"), std::string::npos);
}

TEST_F(UserCommands, ListUserShowsProtectedAndRevoked) {
  ok("AU ALICE");
  ok("ALU ALICE REVOKE SPECIAL");
  auto r = ok("LU ALICE");
  EXPECT_NE(r.output.find(" ATTRIBUTES=SPECIAL REVOKED PROTECTED"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("PASSDATE=N/A    PASS-INTERVAL=N/A"), std::string::npos) << r.output;
}

TEST_F(UserCommands, ListUserWithoutOperandListsYourself) {
  auto r = ok("LISTUSER");
  EXPECT_NE(r.output.find("USER=IBMUSER"), std::string::npos);
  EXPECT_NE(r.output.find("ATTRIBUTES=SPECIAL PROTECTED"), std::string::npos) << r.output;
}

TEST_F(UserCommands, ListUserUnknown) {
  auto r = run("LU NOBODY");
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.output.find("ICH30001I UNABLE TO LOCATE USER ENTRY NOBODY"), std::string::npos);
}

}  // namespace
}  // namespace zgate::racf::testing

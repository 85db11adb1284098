// Who may issue what (RACF's authority rules), the audit record of every command, and that no
// password, phrase or PassTicket key ever appears in output or audit.
#include "racf_fixture.h"

namespace zgate::racf::testing {
namespace {

class Authority : public RacfTest {
 protected:
  Authority() {
    ok("AG PAY");
    ok("AU CLERK DFLTGRP(PAY) PASSWORD(PW1)");
    ok("AU BOSS DFLTGRP(PAY) AUTHORITY(JOIN) CLAUTH(USER TIMS)");
    ok("AU AUD AUDITOR");
    sink_.clear();
  }
};

TEST_F(Authority, UndefinedIssuerCanDoNothing) {
  auto r = run("LISTUSER IBMUSER", "GHOST");
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.output.find("ICH30010I NOT AUTHORIZED TO ISSUE LISTUSER"), std::string::npos);
  r = run("ADDUSER X", "GHOST");
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.output.find("ICH01005I NOT AUTHORIZED TO ISSUE ADDUSER"), std::string::npos);
  EXPECT_FALSE(sm_.user("X"));
  auto ev = sink_.events();
  ASSERT_EQ(ev.size(), 1u);  // LISTUSER writes no SMF record; ADDUSER does
  EXPECT_EQ(ev[0].qualifier, audit::command_q::kInsufficientAuthority);
  EXPECT_TRUE(ev[0].violation);
}

TEST_F(Authority, OrdinaryUserMayListOnlyThemselves) {
  ok("LU", "CLERK");
  ok("LU CLERK", "CLERK");
  auto r = run("LU BOSS", "CLERK");
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.output.find("ICH30002I NOT AUTHORIZED TO LIST BOSS"), std::string::npos);
}

TEST_F(Authority, AuditorListsEverythingButChangesNothing) {
  ok("LU BOSS", "AUD");
  ok("LU *", "AUD");
  ok("SETROPTS LIST", "AUD");
  ok("SETROPTS AUDIT(TIMS)", "AUD");
  EXPECT_EQ(run("SETROPTS CLASSACT(TIMS)", "AUD").rc, 8);
  EXPECT_EQ(run("ALU CLERK SPECIAL", "AUD").rc, 8);
  ok("RDEF TIMS PAY");
  ok("RALTER TIMS PAY AUDIT(ALL(READ))", "AUD");
  EXPECT_EQ(run("RALTER TIMS PAY UACC(READ)", "AUD").rc, 8);
  ok("RLIST TIMS PAY AUTHUSER", "AUD");
}

TEST_F(Authority, SpecialAttributesNeedSpecial) {
  ok("CO BOSS GROUP(SYS1) AUTHORITY(JOIN)");
  auto r = run("AU NEWBIE DFLTGRP(PAY) SPECIAL", "BOSS");
  EXPECT_EQ(r.rc, 4);  // defined, SPECIAL ignored
  EXPECT_NE(r.output.find("ICH01001I NOT AUTHORIZED TO SPECIFY SPECIAL, OPERAND IGNORED"), std::string::npos);
  ASSERT_TRUE(sm_.user("NEWBIE"));
  EXPECT_FALSE(sm_.user("NEWBIE")->special);
}

TEST_F(Authority, JoinAndClauthUserLetAGroupAdministratorAddUsers) {
  ok("AU NEWBIE DFLTGRP(PAY)", "BOSS");
  EXPECT_EQ(sm_.user("NEWBIE")->owner, "BOSS");
  auto r = run("AU OTHER DFLTGRP(SYS1)", "BOSS");  // no JOIN in SYS1
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.output.find("ICH01011I INSUFFICIENT AUTHORITY"), std::string::npos);
  EXPECT_EQ(run("AU OTHER DFLTGRP(PAY)", "CLERK").rc, 8);  // no CLAUTH(USER), no JOIN
  ok("AG PAYSUB SUPGROUP(PAY)", "BOSS");
  EXPECT_EQ(run("AG X SUPGROUP(SYS1)", "BOSS").rc, 8);
}

TEST_F(Authority, ConnectAuthorityLetsAUserConnectAndRemove) {
  ok("AU HELPER DFLTGRP(PAY) AUTHORITY(CONNECT)");
  ok("AU TEMP");
  ok("CO TEMP GROUP(PAY)", "HELPER");
  ok("REMOVE TEMP GROUP(PAY)", "HELPER");
  EXPECT_EQ(run("CO TEMP GROUP(PAY)", "CLERK").rc, 8);
  // Cannot hand out more group authority than they hold.
  auto r = run("CO TEMP GROUP(PAY) AUTHORITY(JOIN)", "HELPER");
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.output.find("ICH02008I"), std::string::npos);
}

TEST_F(Authority, OwnerAdministersUserProfiles) {
  ok("AU NEWBIE DFLTGRP(PAY)", "BOSS");
  ok("ALU NEWBIE NAME('NEW HIRE')", "BOSS");
  ok("LU NEWBIE", "BOSS");
  EXPECT_EQ(run("ALU NEWBIE NAME('X')", "CLERK").rc, 8);
  ok("DU NEWBIE", "BOSS");
}

TEST_F(Authority, ClauthDefinesOnlyInActiveClasses) {
  auto r = run("RDEF TIMS PAY", "BOSS");
  EXPECT_EQ(r.rc, 8);  // ICH10301I: CLAUTH without SPECIAL in an inactive class
  ok("SETROPTS CLASSACT(TIMS)");
  ok("RDEF TIMS PAY", "BOSS");
  EXPECT_EQ(sm_.profile("TIMS", "PAY")->owner, "BOSS");
  EXPECT_EQ(run("RDEF FACILITY X", "BOSS").rc, 8);  // no CLAUTH(FACILITY)
  EXPECT_EQ(run("RDEF TIMS PAY2", "CLERK").rc, 8);
}

TEST_F(Authority, AlterOnDiscreteProfileAllowsPermitAndRalter) {
  ok("RDEF TIMS PAY");
  EXPECT_EQ(run("PE PAY CLASS(TIMS) ID(CLERK) ACCESS(READ)", "CLERK").rc, 8);
  ok("PE PAY CLASS(TIMS) ID(CLERK) ACCESS(ALTER)");
  ok("PE PAY CLASS(TIMS) ID(BOSS) ACCESS(READ)", "CLERK");
  ok("RALT TIMS PAY UACC(READ)", "CLERK");
  // ALTER on a generic profile does not make its holder an administrator.
  ok("SETROPTS GENERIC(TIMS)");
  ok("RDEF TIMS PAY*");
  ok("PE PAY* CLASS(TIMS) ID(CLERK) ACCESS(ALTER)");
  EXPECT_EQ(run("RALT TIMS PAY* UACC(READ)", "CLERK").rc, 8);
  EXPECT_EQ(run("RDEL TIMS PAY*", "CLERK").rc, 8);
}

TEST_F(Authority, SetroptsNeedsSpecial) {
  auto r = run("SETROPTS CLASSACT(TIMS)", "CLERK");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(sm_.options().classact.empty());
  ok("SETROPTS LIST", "CLERK");
}

using Audit = RacfTest;

TEST_F(Audit, EveryChangingCommandWritesOneEvent) {
  ok("AU ALICE");
  ok("ALU ALICE SPECIAL");
  ok("AG PAY");
  ok("CO ALICE GROUP(PAY)");
  ok("RDEF TIMS PAY");
  ok("PE PAY CLASS(TIMS) ID(ALICE)");
  ok("SETR CLASSACT(TIMS)");
  auto ev = sink_.events();
  ASSERT_EQ(ev.size(), 7u);
  EXPECT_EQ(ev[0].code, audit::EventCode::AddUser);
  EXPECT_EQ(ev[1].code, audit::EventCode::AltUser);
  EXPECT_EQ(ev[2].code, audit::EventCode::AddGroup);
  EXPECT_EQ(ev[3].code, audit::EventCode::Connect);
  EXPECT_EQ(ev[4].code, audit::EventCode::RDefine);
  EXPECT_EQ(ev[4].resource_class, "TIMS");
  EXPECT_EQ(ev[4].profile, "PAY");
  EXPECT_EQ(ev[5].code, audit::EventCode::Permit);
  EXPECT_EQ(ev[6].code, audit::EventCode::SetrOpts);
  for (const auto& e : ev) {
    EXPECT_EQ(e.qualifier, audit::command_q::kSuccess);
    EXPECT_EQ(e.user, "IBMUSER");
    EXPECT_EQ(e.time, kNow);
  }
  EXPECT_EQ(ev[1].detail, "ALTUSER ALICE SPECIAL");
}

TEST_F(Audit, KeywordViolationIsQualifierTwo) {
  run("ADDUSER X BOGUSKW");
  run("ADDUSER X NAME(Y");
  auto ev = sink_.events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].qualifier, audit::command_q::kKeywordViolation);
  EXPECT_EQ(ev[1].qualifier, audit::command_q::kKeywordViolation);
}

TEST_F(Audit, UnknownCommandIsReported) {
  auto r = run("FROBNICATE X");
  EXPECT_GE(r.rc, 8);
  EXPECT_NE(r.output.find("IKJ56500I COMMAND FROBNICA NOT FOUND"), std::string::npos) << r.output;
}

// Every secret a command carries, and every place it could leak.
TEST_F(Audit, SecretsNeverAppearInOutputOrAudit) {
  const std::vector<std::string> secrets = {"SEKRIT1", "NEWSEK2", "my very secret phrase", "another secret phrase",
                                            "0123456789ABCDEF", std::string(128, 'C'), "TYPOSEK"};
  std::string out;
  auto take = [&](const CommandResult& r) { out += r.output; };
  take(run("ADDUSER ALICE PASSWORD(SEKRIT1) PHRASE('my very secret phrase')"));
  take(run("ALTUSER ALICE PASSWORD(SEKRIT1) NOEXPIRED"));
  take(run("PASSWORD PASSWORD(SEKRIT1 NEWSEK2)", "ALICE"));
  take(run("PHRASE PHRASE('my very secret phrase' 'another secret phrase')", "ALICE"));
  take(run("PW PASSWORD(WRONGPW NEWSEK2)", "ALICE"));
  take(run("RDEFINE PTKTDATA APPL1 SSIGNON(KEYMASKED(0123456789ABCDEF))"));
  take(run("RALTER PTKTDATA APPL1 SSIGNON(EPTKEYMASKED(" + std::string(128, 'C') + "))"));
  take(run("RLIST PTKTDATA APPL1 ALL"));
  take(run("LISTUSER ALICE"));
  take(run("ALTUSER ALICE PASSWRD(TYPOSEK)"));      // misspelt keyword
  take(run("ALTUSER ALICE PASSWORD(TYPOSEK"));      // syntax error
  take(run("ALTUSER ALICE PASSWORD(NINECHARSX)"));  // invalid password
  for (const auto& s : secrets) {
    EXPECT_EQ(out.find(s), std::string::npos) << "output leaks " << s;
    for (const auto& e : sink_.events()) {
      EXPECT_EQ(e.detail.find(s), std::string::npos) << "audit leaks " << s << ": " << e.detail;
      EXPECT_EQ(e.profile.find(s), std::string::npos);
    }
  }
  for (const auto& e : sink_.events()) EXPECT_EQ(e.detail.find("NINECHARSX"), std::string::npos);
  // The masked form is still useful to an auditor.
  bool seen = false;
  for (const auto& e : sink_.events())
    if (e.detail == "ADDUSER ALICE PASSWORD(********) PHRASE(********)") seen = true;
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace zgate::racf::testing

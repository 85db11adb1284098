// SETROPTS and the PASSWORD / PHRASE commands.
#include "racf_fixture.h"

namespace zgate::racf::testing {
namespace {

using Setropts = RacfTest;
using PasswordCommand = RacfTest;

TEST_F(Setropts, ClassListsAndStarMeansEveryClass) {
  ok("SETROPTS CLASSACT(TIMS GIMS) RACLIST(TIMS) GENERIC(TIMS) GENCMD(CIMS) GRPLIST WHEN(PROGRAM) AUDIT(TIMS)");
  auto o = sm_.options();
  EXPECT_EQ(o.classact, (std::set<std::string>{"GIMS", "TIMS"}));
  EXPECT_EQ(o.raclist, (std::set<std::string>{"TIMS"}));
  EXPECT_EQ(o.generic, (std::set<std::string>{"TIMS"}));
  EXPECT_EQ(o.gencmd, (std::set<std::string>{"CIMS"}));
  EXPECT_EQ(o.audit, (std::set<std::string>{"TIMS"}));
  EXPECT_TRUE(o.grplist && o.when_program);
  ok("SETR NOCLASSACT(*) NORACLIST(TIMS) NOGRPLIST NOWHEN(PROGRAM)");
  o = sm_.options();
  EXPECT_TRUE(o.classact.empty() && o.raclist.empty());
  EXPECT_FALSE(o.grplist || o.when_program);
  ok("SETR CLASSACT(*)");
  EXPECT_EQ(sm_.options().classact.size(), saf::class_table().size());
}

TEST_F(Setropts, UnknownClassIsAWarning) {
  auto r = run("SETROPTS CLASSACT(NOSUCH TIMS)");
  EXPECT_EQ(r.rc, 4);
  EXPECT_TRUE(sm_.options().classact.count("TIMS"));
}

TEST_F(Setropts, PasswordRules) {
  ok("SETROPTS PASSWORD(INTERVAL(60) REVOKE(3) HISTORY(5) WARNING(7) MIXEDCASE MINCHANGE(1)) INACTIVE(90)");
  auto o = sm_.options();
  EXPECT_EQ(o.password.interval, 60);
  EXPECT_EQ(o.password.revoke, 3);
  EXPECT_EQ(o.password.history, 5);
  EXPECT_EQ(o.password.warning, 7);
  EXPECT_EQ(o.password.min_change, 1);
  EXPECT_TRUE(o.password.mixedcase);
  EXPECT_EQ(o.inactive, 90);
  ok("SETR PASSWORD(NOREVOKE NOHISTORY NOWARNING NOMIXEDCASE) NOINACTIVE");
  o = sm_.options();
  EXPECT_EQ(o.password.revoke + o.password.history + o.password.warning + o.inactive, 0);
  EXPECT_EQ(run("SETR PASSWORD(INTERVAL(999))").rc, 8);
}

TEST_F(Setropts, RefreshNeedsARaclistedClass) {
  auto r = run("SETROPTS RACLIST(TIMS) REFRESH");
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.output.find("NOT RACLISTED"), std::string::npos);
  ok("SETROPTS CLASSACT(TIMS) RACLIST(TIMS)");
  ok("RDEF TIMS PAY UACC(NONE)");
  auto before = sm_.snapshot();
  ok("SETROPTS RACLIST(TIMS) REFRESH");
  EXPECT_NE(sm_.snapshot(), before);  // a new snapshot was published
}

TEST_F(Setropts, ListShowsRacfFields) {
  ok("SETROPTS CLASSACT(TIMS) RACLIST(TIMS) GENERIC(TIMS) PASSWORD(HISTORY(3))");
  auto r = ok("SETROPTS LIST");
  const auto& o = r.output;
  EXPECT_NE(o.find("ATTRIBUTES = INITSTATS"), std::string::npos);
  EXPECT_NE(o.find("ACTIVE CLASSES = TIMS\n"), std::string::npos);
  EXPECT_NE(o.find("GENERIC PROFILE CLASSES = TIMS\n"), std::string::npos);
  EXPECT_NE(o.find("SETR RACLIST CLASSES = TIMS\n"), std::string::npos);
  EXPECT_NE(o.find("PASSWORD PROCESSING OPTIONS:"), std::string::npos);
  EXPECT_NE(o.find("  PASSWORD CHANGE INTERVAL IS  30 DAYS."), std::string::npos) << o;
  EXPECT_NE(o.find("  3 GENERATIONS OF PREVIOUS PASSWORDS BEING MAINTAINED."), std::string::npos);
}

TEST_F(PasswordCommand, UserChangesOwnPassword) {
  ok("AU ALICE PASSWORD(OLDPW)");
  ok("PASSWORD PASSWORD(OLDPW NEWPW)", "ALICE");
  auto u = sm_.user("ALICE");
  EXPECT_TRUE(saf::SecurityManager::secret_matches(u->password_hash, "NEWPW"));
  EXPECT_FALSE(u->password_expired);
  auto r = run("PW PASSWORD(WRONG NEWER)", "ALICE");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(saf::SecurityManager::secret_matches(sm_.user("ALICE")->password_hash, "NEWPW"));
}

// One syntax rule (saf/secret_rules.h) in the commands and in VERIFY's change on sign-on: a
// password the commands accept, VERIFY would accept as a new one, and the other way round.
TEST_F(PasswordCommand, CommandsApplyVerifysSyntaxRule) {
  EXPECT_NE(run("AU ALICE PASSWORD(AB-CD)").rc, 0) << "'-' is not a RACF password character";
  EXPECT_NE(run("AU ALICE PASSWORD(TOOLONGPW)").rc, 0);
  ok("AU ALICE PASSWORD(A#$@1)");
  EXPECT_NE(run("ALTUSER ALICE PHRASE('this phrase names alice inside')").rc, 0) << "a phrase may not contain the user ID";
  EXPECT_TRUE(sm_.user("ALICE")->phrase_hash.empty());
  ok("ALTUSER ALICE PHRASE('a phrase of fourteen or more')");
  ok("ALTUSER ALICE PASSWORD(OLDPW) NOEXPIRED");
  EXPECT_NE(run("PW PASSWORD(OLDPW NEW.PW)", "ALICE").rc, 0);
  EXPECT_TRUE(saf::SecurityManager::secret_matches(sm_.user("ALICE")->password_hash, "OLDPW"));
  ok("PW PASSWORD(OLDPW NEWPW#)", "ALICE");
}

TEST_F(PasswordCommand, HistoryRejectsReuse) {
  ok("SETROPTS PASSWORD(HISTORY(2))");
  ok("AU ALICE PASSWORD(PW1)");
  ok("PW PASSWORD(PW1 PW2)", "ALICE");
  ok("PW PASSWORD(PW2 PW3)", "ALICE");
  EXPECT_EQ(run("PW PASSWORD(PW3 PW1)", "ALICE").rc, 8);  // PW1 is in the history
  EXPECT_EQ(run("PW PASSWORD(PW3 PW3)", "ALICE").rc, 8);  // the current one
  EXPECT_EQ(sm_.user("ALICE")->password_history.size(), 2u);
}

TEST_F(PasswordCommand, MinChangeWaitsDays) {
  ok("SETROPTS PASSWORD(MINCHANGE(2))");
  ok("AU ALICE PASSWORD(PW1)");
  ok("PW PASSWORD(PW1 PW2)", "ALICE");  // expired: allowed at once
  EXPECT_EQ(run("PW PASSWORD(PW2 PW3)", "ALICE").rc, 8);
  clock_.advance(2 * 86400);
  ok("PW PASSWORD(PW2 PW3)", "ALICE");
}

TEST_F(PasswordCommand, PhraseChange) {
  ok("AU ALICE PHRASE('the first long phrase')");
  ok("PHRASE PHRASE('the first long phrase' 'a second long phrase')", "ALICE");
  EXPECT_TRUE(saf::SecurityManager::secret_matches(sm_.user("ALICE")->phrase_hash, "a second long phrase"));
  EXPECT_EQ(run("PHRASE PHRASE('a second long phrase' 'short')", "ALICE").rc, 8);
}

TEST_F(PasswordCommand, IntervalForOthersNeedsSpecialOrOwnership) {
  ok("AU ALICE PASSWORD(PW1)");
  ok("AU BOB PASSWORD(PW1)");
  ok("PASSWORD INTERVAL(20)", "ALICE");
  EXPECT_EQ(sm_.user("ALICE")->password_interval, 20);
  auto r = run("PASSWORD USER(BOB) INTERVAL(10)", "ALICE");
  EXPECT_EQ(r.rc, 8);
  EXPECT_EQ(sm_.user("BOB")->password_interval, -1);
  ok("PASSWORD USER(BOB) NOINTERVAL");
  EXPECT_EQ(sm_.user("BOB")->password_interval, 0);
  EXPECT_EQ(run("PASSWORD INTERVAL(200)", "ALICE").rc, 8);  // above SETROPTS INTERVAL(30)
}

}  // namespace
}  // namespace zgate::racf::testing

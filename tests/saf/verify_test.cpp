// RACROUTE REQUEST=VERIFY: every return code RACF gives, REVOKE(n), expiry and change, phrases,
// PassTickets with their replay protection, the APPL class, and that no secret is audited.
#include <gtest/gtest.h>

#include "core/bytes.h"
#include "core/text.h"
#include "saf/passticket.h"
#include "saf_fixture.h"

namespace zgate::saf::testing {
namespace {

class Verify : public SafTest {
 protected:
  void SetUp() override {
    group("PAYROLL");
    group("AUDITG");
    user("ALICE", "PAYROLL", {"AUDITG"}, "SECRET1");
  }
  VerifyResult signon(const std::string& u, const std::string& pw, const std::string& group = {},
                      const std::string& appl = {}, const std::string& newpw = {}) {
    VerifyRequest r;
    r.user = u;
    r.password = core::SecretString(pw);
    r.new_password = core::SecretString(newpw);
    r.group = group;
    r.appl = appl;
    return sm->verify(r);
  }
  VerifyResult signon_phrase(const std::string& u, const std::string& ph, const std::string& newph = {}) {
    VerifyRequest r;
    r.user = u;
    r.phrase = core::SecretString(ph);
    r.new_phrase = core::SecretString(newph);
    return sm->verify(r);
  }
  void set_revoke_limit(int n) {
    options([&](Options& o) { o.password.revoke = n; });
  }
  std::string legacy_key_profile(const std::string& name, const std::string& appldata = {}) {
    Profile& p = profile("PTKTDATA", name);
    p.ssignon = SsignOn{};
    p.ssignon->legacy_key = "0123456789ABCDEF";
    p.appldata = appldata;
    save_profiles();
    options([](Options& o) { o.classact.insert("PTKTDATA"); });
    return p.ssignon->legacy_key;
  }
  std::string ticket_at(const std::string& key_hex, const std::string& u, const std::string& appl, std::int64_t t) {
    core::Bytes key;
    core::from_hex(key_hex, key);
    return passticket::generate_legacy(key, u, appl, t);
  }
};

TEST_F(Verify, UndefinedUserIsRc04AndAuditedAsQualifier9) {
  sink.clear();
  EXPECT_EQ(signon("NOBODY", "X").rc, kVerifyUndefinedUser);
  ASSERT_EQ(sink.events().size(), 1u);
  EXPECT_EQ(sink.events()[0].code, audit::EventCode::JobInit);
  EXPECT_EQ(sink.events()[0].qualifier, audit::verify_q::kUndefinedUser);
}

TEST_F(Verify, CorrectPasswordBuildsAnAceeWithEveryConnectGroup) {
  VerifyResult r = signon("alice", "SECRET1");
  ASSERT_EQ(r.rc, kVerifyOk) << r.message;
  ASSERT_TRUE(r.acee);
  EXPECT_EQ(r.acee->user, "ALICE");
  EXPECT_EQ(r.acee->group, "PAYROLL");
  EXPECT_EQ(r.acee->groups, (std::vector<std::string>{"AUDITG", "PAYROLL"}));
  EXPECT_EQ(sink.events().back().qualifier, audit::verify_q::kSuccess);
}

TEST_F(Verify, PasswordsAreFoldedToUpperCaseWithoutMixedcase) {
  EXPECT_EQ(signon("ALICE", "secret1").rc, kVerifyOk);
}

TEST_F(Verify, MixedcaseMakesCaseSignificantButKeepsOldUpperCasePasswords) {
  options([](Options& o) { o.password.mixedcase = true; });
  EXPECT_EQ(signon("ALICE", "SECRET1").rc, kVerifyOk);
  EXPECT_EQ(signon("ALICE", "secret1").rc, kVerifyOk) << "set before MIXEDCASE: upper-case fallback";
  users_["ALICE"].password_hash = sm->hash_secret("MiXed1");
  save("ALICE");
  EXPECT_EQ(signon("ALICE", "MiXed1").rc, kVerifyOk);
  EXPECT_EQ(signon("ALICE", "MIXED1").rc, kVerifyBadPassword);
}

TEST_F(Verify, WrongPasswordIsRc08AndCountsAFailure) {
  EXPECT_EQ(signon("ALICE", "WRONG").rc, kVerifyBadPassword);
  EXPECT_EQ(sm->user("ALICE")->failed_attempts, 1);
  EXPECT_EQ(sink.events().back().qualifier, audit::verify_q::kInvalidPassword);
}

TEST_F(Verify, SuccessResetsTheFailureCount) {
  signon("ALICE", "WRONG");
  signon("ALICE", "WRONG");
  EXPECT_EQ(signon("ALICE", "SECRET1").rc, kVerifyOk);
  EXPECT_EQ(sm->user("ALICE")->failed_attempts, 0);
}

TEST_F(Verify, RevokeNRevokesOnTheNthConsecutiveFailure) {
  set_revoke_limit(3);
  std::vector<std::string> changed;
  sm->add_user_change_listener([&](const std::string& u) { changed.push_back(u); });
  EXPECT_EQ(signon("ALICE", "W1").rc, kVerifyBadPassword);
  EXPECT_EQ(signon("ALICE", "W2").rc, kVerifyBadPassword);
  EXPECT_FALSE(sm->user("ALICE")->revoked);
  EXPECT_EQ(signon("ALICE", "W3").rc, kVerifyBadPassword);
  EXPECT_TRUE(sm->user("ALICE")->revoked);
  EXPECT_EQ(sink.events().back().qualifier, audit::verify_q::kAutoRevoked);
  EXPECT_NE(std::find(changed.begin(), changed.end(), "ALICE"), changed.end()) << "caches are told";
  EXPECT_EQ(signon("ALICE", "SECRET1").rc, kVerifyRevoked) << "the right password no longer helps";
}

TEST_F(Verify, RevokeNDoesNotRevokeASpecialUser) {
  set_revoke_limit(2);
  users_["ALICE"].special = true;
  save("ALICE");
  signon("ALICE", "W1");
  signon("ALICE", "W2");
  EXPECT_FALSE(sm->user("ALICE")->revoked);
}

TEST_F(Verify, RevokedUserIsRc1CAndAuditedAsQualifier6) {
  users_["ALICE"].revoked = true;
  save("ALICE");
  EXPECT_EQ(signon("ALICE", "SECRET1").rc, kVerifyRevoked);
  EXPECT_EQ(sink.events().back().qualifier, audit::verify_q::kRevokedUser);
}

TEST_F(Verify, RevokeDateTakesEffectOnThatDayAndResumeDateEndsIt) {
  users_["ALICE"].revoke_date = kT0 + 86400;
  users_["ALICE"].resume_date = kT0 + 3 * 86400;
  save("ALICE");
  EXPECT_EQ(signon("ALICE", "SECRET1").rc, kVerifyOk);
  clock.set(kT0 + 86400);
  EXPECT_EQ(signon("ALICE", "SECRET1").rc, kVerifyRevoked);
  clock.set(kT0 + 3 * 86400);
  EXPECT_EQ(signon("ALICE", "SECRET1").rc, kVerifyOk);
}

TEST_F(Verify, GroupNotConnectedIsRc14) {
  group("OTHER");
  EXPECT_EQ(signon("ALICE", "SECRET1", "OTHER").rc, kVerifyNotInGroup);
  EXPECT_EQ(sink.events().back().qualifier, audit::verify_q::kInvalidGroup);
}

TEST_F(Verify, ConnectedGroupBecomesTheCurrentGroup) {
  VerifyResult r = signon("ALICE", "SECRET1", "AUDITG");
  ASSERT_EQ(r.rc, kVerifyOk);
  EXPECT_EQ(r.acee->group, "AUDITG");
}

TEST_F(Verify, RevokedInGroupIsRc24) {
  users_["ALICE"].connect("AUDITG")->revoked = true;
  save("ALICE");
  EXPECT_EQ(signon("ALICE", "SECRET1", "AUDITG").rc, kVerifyRevokedInGroup);
  EXPECT_EQ(signon("ALICE", "SECRET1").rc, kVerifyOk) << "the default group is not revoked";
}

TEST_F(Verify, ExpiredPasswordIsRc0CUntilANewOneIsGiven) {
  users_["ALICE"].password_expired = true;
  save("ALICE");
  EXPECT_EQ(signon("ALICE", "SECRET1").rc, kVerifyExpired);
  EXPECT_EQ(signon("ALICE", "SECRET1", {}, {}, "NEWPW1").rc, kVerifyOk);
  EXPECT_EQ(signon("ALICE", "NEWPW1").rc, kVerifyOk);
  EXPECT_EQ(signon("ALICE", "SECRET1").rc, kVerifyBadPassword);
}

TEST_F(Verify, PhraseOlderThanTheIntervalIsExpired) {
  users_["ALICE"].phrase_hash = sm->hash_secret("correct horse battery");
  save("ALICE");  // PHRASEDATE never set: older than any interval
  EXPECT_EQ(signon_phrase("ALICE", "correct horse battery").rc, kVerifyExpired);
}

TEST_F(Verify, PasswordIntervalExpiresThePassword) {
  options([](Options& o) { o.password.interval = 30; });
  clock.advance(31 * 86400);
  EXPECT_EQ(signon("ALICE", "SECRET1").rc, kVerifyExpired);
}

TEST_F(Verify, NewPasswordMustNotRepeatTheCurrentOrHistoryOrBreakSyntax) {
  options([](Options& o) { o.password.history = 2; });
  EXPECT_EQ(signon("ALICE", "SECRET1", {}, {}, "SECRET1").rc, kVerifyBadNewPassword);
  EXPECT_EQ(signon("ALICE", "SECRET1", {}, {}, "TOOLONGPW").rc, kVerifyBadNewPassword);
  EXPECT_EQ(signon("ALICE", "SECRET1", {}, {}, "BAD PW").rc, kVerifyBadNewPassword);
  ASSERT_EQ(signon("ALICE", "SECRET1", {}, {}, "SECOND2").rc, kVerifyOk);
  EXPECT_EQ(signon("ALICE", "SECOND2", {}, {}, "SECRET1").rc, kVerifyBadNewPassword) << "in history";
}

TEST_F(Verify, ProtectedUserCannotSignOnWithAPassword) {
  user("STC1", "SYS1", {}, "");
  EXPECT_EQ(signon("STC1", "").rc, kVerifyBadPassword);
  EXPECT_EQ(signon("STC1", "ANYTHING").rc, kVerifyBadPassword);
}

// Issue 14 hole 3: IBM, "Defining protected user IDs": a PROTECTED user cannot enter the system
// with a password, phrase or PassTicket, and is never revoked for incorrect attempts. Three
// wrong passwords for IMS Connect's own user ID used to revoke it.
TEST_F(Verify, ProtectedUserIsNeitherCountedNorRevokedByRevokeN) {
  set_revoke_limit(3);
  user("STC1", "SYS1", {}, "");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(signon("STC1", "WRONG" + std::to_string(i)).rc, kVerifyBadPassword);
    EXPECT_EQ(signon_phrase("STC1", "a wrong phrase number " + std::to_string(i)).rc, kVerifyBadPassword);
  }
  EXPECT_EQ(sm->user("STC1")->failed_attempts, 0);
  EXPECT_FALSE(sm->user("STC1")->revoked);
  EXPECT_TRUE(sm->acee_for("STC1")) << "a trusted caller can still build its ACEE";
  EXPECT_EQ(sink.events().back().qualifier, audit::verify_q::kInvalidPassword);
}

// Issue 14 hole 13: a wrong group with a wrong password must not answer RC 14, which told a
// caller without the password which groups a user is connected to.
TEST_F(Verify, WrongGroupWithAWrongPasswordIsRc08NotRc14) {
  group("OTHER");
  EXPECT_EQ(signon("ALICE", "WRONG", "OTHER").rc, kVerifyBadPassword);
  EXPECT_EQ(signon("ALICE", "WRONG", "AUDITG").rc, kVerifyBadPassword);
  EXPECT_EQ(sm->user("ALICE")->failed_attempts, 2);
  EXPECT_EQ(signon("ALICE", "SECRET1", "OTHER").rc, kVerifyNotInGroup) << "with the password, 14";
}

TEST_F(Verify, RevokedInGroupIsOnlyToldToTheRightPassword) {
  for (auto& c : users_["ALICE"].connects)
    if (c.group == "AUDITG") c.revoked = true;
  save("ALICE");
  EXPECT_EQ(signon("ALICE", "WRONG", "AUDITG").rc, kVerifyBadPassword);
  EXPECT_EQ(signon("ALICE", "SECRET1", "AUDITG").rc, kVerifyRevokedInGroup);
}

// Issue 14 hole 12: an undefined user ID is often a password typed into the wrong field; the
// record keeps its length and a keyed hash, the same for the same text, never the text.
TEST_F(Verify, UndefinedUserIdIsMaskedInTheAuditRecordButStillCorrelates) {
  sink.clear();
  signon("SECRETPW", "X");
  signon("SECRETPW", "Y");
  signon("OTHERPW", "X");
  auto ev = sink.events();
  ASSERT_EQ(ev.size(), 3u);
  for (const auto& e : ev) {
    EXPECT_EQ(e.user.find("SECRETPW"), std::string::npos) << e.user;
    EXPECT_EQ(e.user.find("OTHERPW"), std::string::npos) << e.user;
    EXPECT_EQ(e.qualifier, audit::verify_q::kUndefinedUser);
  }
  EXPECT_EQ(ev[0].user, ev[1].user) << "repeated attempts correlate";
  EXPECT_NE(ev[0].user, ev[2].user);
  EXPECT_TRUE(ev[0].user.starts_with("?8:")) << ev[0].user;
  EXPECT_TRUE(ev[2].user.starts_with("?7:")) << ev[2].user;
}

TEST_F(Verify, TrustedCallerCanBuildAnAceeWithoutACredential) {
  VerifyRequest r;
  r.user = "ALICE";
  r.check_credential = false;
  EXPECT_EQ(sm->verify(r).rc, kVerifyOk);
  users_["ALICE"].revoked = true;
  save("ALICE");
  EXPECT_EQ(sm->verify(r).rc, kVerifyRevoked) << "a revoked user stays out";
}

TEST_F(Verify, PasswordPhraseSignOnAndChange) {
  users_["ALICE"].phrase_hash = sm->hash_secret("correct horse battery");
  users_["ALICE"].phrase_date = clock.now();
  save("ALICE");
  EXPECT_EQ(signon_phrase("ALICE", "correct horse battery").rc, kVerifyOk);
  EXPECT_EQ(signon_phrase("ALICE", "CORRECT HORSE BATTERY").rc, kVerifyBadPassword) << "phrases keep case";
  EXPECT_EQ(signon_phrase("ALICE", "correct horse battery", "too short").rc, kVerifyBadNewPassword);
  EXPECT_EQ(signon_phrase("ALICE", "correct horse battery", "phrase with alice inside").rc, kVerifyBadNewPassword);
  EXPECT_EQ(signon_phrase("ALICE", "correct horse battery", "a brand new long phrase").rc, kVerifyOk);
  EXPECT_EQ(signon_phrase("ALICE", "a brand new long phrase").rc, kVerifyOk);
}

TEST_F(Verify, PassTicketSignsOnOnceThenIsAReplay) {
  auto key = legacy_key_profile("IMSAPPL");
  std::string t = ticket_at(key, "ALICE", "IMSAPPL", kT0);
  VerifyResult r = signon("ALICE", t, {}, "IMSAPPL");
  EXPECT_EQ(r.rc, kVerifyOk) << r.message;
  EXPECT_TRUE(r.passticket);
  EXPECT_EQ(signon("ALICE", t, {}, "IMSAPPL").rc, kVerifyBadPassword) << "replayed";
}

TEST_F(Verify, PassTicketWithNoReplayProtectionMayBeUsedTwice) {
  auto key = legacy_key_profile("IMSAPPL", "NO REPLAY PROTECTION");
  std::string t = ticket_at(key, "ALICE", "IMSAPPL", kT0);
  EXPECT_EQ(signon("ALICE", t, {}, "IMSAPPL").rc, kVerifyOk);
  EXPECT_EQ(signon("ALICE", t, {}, "IMSAPPL").rc, kVerifyOk);
}

TEST_F(Verify, LegacyPassTicketWindowIsTenMinutesEitherSide) {
  auto key = legacy_key_profile("IMSAPPL", "NO REPLAY PROTECTION");
  EXPECT_EQ(signon("ALICE", ticket_at(key, "ALICE", "IMSAPPL", kT0 - 600), {}, "IMSAPPL").rc, kVerifyOk);
  EXPECT_EQ(signon("ALICE", ticket_at(key, "ALICE", "IMSAPPL", kT0 + 600), {}, "IMSAPPL").rc, kVerifyOk);
  EXPECT_EQ(signon("ALICE", ticket_at(key, "ALICE", "IMSAPPL", kT0 - 601), {}, "IMSAPPL").rc, kVerifyBadPassword);
  EXPECT_EQ(signon("ALICE", ticket_at(key, "ALICE", "IMSAPPL", kT0 + 601), {}, "IMSAPPL").rc, kVerifyBadPassword);
}

TEST_F(Verify, PassTicketForAnotherApplicationOrUserIsRefused) {
  auto key = legacy_key_profile("IMSAPPL");
  legacy_key_profile("OTHERAPP");
  EXPECT_EQ(signon("ALICE", ticket_at(key, "ALICE", "OTHERAPP", kT0), {}, "IMSAPPL").rc, kVerifyBadPassword);
  user("BOB", "PAYROLL");
  EXPECT_EQ(signon("ALICE", ticket_at(key, "BOB", "IMSAPPL", kT0), {}, "IMSAPPL").rc, kVerifyBadPassword);
}

TEST_F(Verify, PassTicketNeedsThePtktdataClassActive) {
  auto key = legacy_key_profile("IMSAPPL");
  options([](Options& o) { o.classact.erase("PTKTDATA"); });
  EXPECT_EQ(signon("ALICE", ticket_at(key, "ALICE", "IMSAPPL", kT0), {}, "IMSAPPL").rc, kVerifyBadPassword);
}

TEST_F(Verify, PassTicketIgnoresPasswordExpiry) {
  auto key = legacy_key_profile("IMSAPPL");
  users_["ALICE"].password_expired = true;
  save("ALICE");
  EXPECT_EQ(signon("ALICE", ticket_at(key, "ALICE", "IMSAPPL", kT0), {}, "IMSAPPL").rc, kVerifyOk);
}

TEST_F(Verify, PtktdataApplUserProfileBeatsApplProfile) {
  legacy_key_profile("IMSAPPL");
  Profile& p = profile("PTKTDATA", "IMSAPPL.ALICE");
  p.ssignon = SsignOn{};
  p.ssignon->legacy_key = "FEDCBA9876543210";
  save_profiles();
  EXPECT_EQ(signon("ALICE", ticket_at("0123456789ABCDEF", "ALICE", "IMSAPPL", kT0), {}, "IMSAPPL").rc,
            kVerifyBadPassword);
  EXPECT_EQ(signon("ALICE", ticket_at("FEDCBA9876543210", "ALICE", "IMSAPPL", kT0), {}, "IMSAPPL").rc, kVerifyOk);
  EXPECT_EQ(*sm->generate_passticket("ALICE", "IMSAPPL"), ticket_at("FEDCBA9876543210", "ALICE", "IMSAPPL", kT0));
}

TEST_F(Verify, EnhancedMixedCasePassTicketSignsOnAsSent) {
  Profile& p = profile("PTKTDATA", "IMSAPPL");
  p.ssignon = SsignOn{};
  p.ssignon->enhanced_key = std::string(128, 'A');
  p.ssignon->enhanced_type = PassTicketType::Mixed;
  save_profiles();
  options([](Options& o) { o.classact.insert("PTKTDATA"); });
  // Find a second whose ticket has lower-case letters, so folding would break it.
  core::Bytes key;
  core::from_hex(p.ssignon->enhanced_key, key);
  std::string t;
  for (std::int64_t s = 0; s < 60; ++s) {
    t = passticket::generate_enhanced(key, "ALICE", "IMSAPPL", kT0 - s, PassTicketType::Mixed);
    if (t != core::upper(t)) break;
  }
  ASSERT_NE(t, core::upper(t));
  VerifyResult r = signon("ALICE", t, {}, "IMSAPPL");
  EXPECT_EQ(r.rc, kVerifyOk) << r.message;
  EXPECT_TRUE(r.passticket);
}

TEST_F(Verify, GeneratorGivesAnEnhancedTicketWhenTheProfileHasBothKeys) {
  Profile& p = profile("PTKTDATA", "IMSAPPL");
  p.ssignon = SsignOn{};
  p.ssignon->legacy_key = "0123456789ABCDEF";
  p.ssignon->enhanced_key = std::string(128, 'B');
  save_profiles();
  core::Bytes key;
  core::from_hex(p.ssignon->enhanced_key, key);
  EXPECT_EQ(*sm->generate_passticket("ALICE", "IMSAPPL"),
            passticket::generate_enhanced(key, "ALICE", "IMSAPPL", kT0, PassTicketType::Upper));
  EXPECT_EQ(*sm->generate_passticket("ALICE", "IMSAPPL", SecurityManager::TicketKind::Legacy),
            ticket_at("0123456789ABCDEF", "ALICE", "IMSAPPL", kT0));
}

TEST_F(Verify, ApplClassRefusesUsersWithoutReadToTheApplication) {
  options([](Options& o) { o.classact.insert("APPL"); });
  profile("APPL", "IMSAPPL");
  save_profiles();
  EXPECT_EQ(signon("ALICE", "SECRET1", {}, "IMSAPPL").rc, kVerifyNotAuthorizedToAppl);
  permit("APPL", "IMSAPPL", "PAYROLL", Access::Read);
  save_profiles();
  EXPECT_EQ(signon("ALICE", "SECRET1", {}, "IMSAPPL").rc, kVerifyOk);
}

TEST_F(Verify, NoSecretEverReachesAnAuditRecord) {
  auto key = legacy_key_profile("IMSAPPL");
  std::string t = ticket_at(key, "ALICE", "IMSAPPL", kT0);
  signon("ALICE", "SECRET1");
  signon("ALICE", "WRONGPW");
  signon("ALICE", t, {}, "IMSAPPL");
  signon("ALICE", "SECRET1", {}, {}, "NEWPW9");
  for (const auto& e : sink.events()) {
    for (const std::string* f : {&e.user, &e.group, &e.component, &e.appl, &e.terminal, &e.resource, &e.profile, &e.detail}) {
      for (const std::string& secret : {std::string("SECRET1"), std::string("WRONGPW"), t, std::string("NEWPW9"), key})
        EXPECT_EQ(f->find(secret), std::string::npos) << "secret in audit field: " << *f;
    }
  }
}

}  // namespace
}  // namespace zgate::saf::testing

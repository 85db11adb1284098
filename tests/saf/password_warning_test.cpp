// SETROPTS PASSWORD(WARNING(n)): a sign-on with a password or phrase that expires within n days
// succeeds (RC 0) and carries RACF's ICH70002I YOUR PASSWORD [PHRASE] WILL EXPIRE IN n DAYS
// (IBM, Security Administrator's Guide, "PASSWORD option": "RACF issues a message each time a
// user logs on ... with an expiring password or password phrase, beginning the specified number
// of days before expiration"; RACF Messages and Codes, ICH70002I).
#include <gtest/gtest.h>

#include "core/bytes.h"
#include "saf/passticket.h"
#include "saf_fixture.h"

namespace zgate::saf::testing {
namespace {

class PasswordWarning : public SafTest {
 protected:
  void SetUp() override {
    group("PAYROLL");
    User& u = user("ALICE", "PAYROLL", {}, "SECRET1");  // PASSDATE = kT0
    u.phrase_hash = sm->hash_secret("correct horse battery");
    u.phrase_date = kT0;
    save("ALICE");
    options([](Options& o) {
      o.password.interval = 30;
      o.password.warning = 5;
    });
  }
  // The SMF event 1 record of the last VERIFY (a sign-on also writes statistics, not audited
  // here, and profile changes have their own events).
  audit::Event last_verify() {
    auto events = sink.events();
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (it->code == audit::EventCode::JobInit) return *it;
    ADD_FAILURE() << "no VERIFY record";
    return {};
  }
  VerifyResult signon(const std::string& pw = "SECRET1", const std::string& newpw = {}) {
    VerifyRequest r;
    r.user = "ALICE";
    r.password = core::SecretString(pw);
    r.new_password = core::SecretString(newpw);
    return sm->verify(r);
  }
};

TEST_F(PasswordWarning, UnderWarning5APasswordExpiringIn5DaysSignsOnWithIch70002I) {
  clock.set(kT0 + 25 * kDay);
  VerifyResult r = signon();
  ASSERT_EQ(r.rc, kVerifyOk) << "a warning, not a refusal";
  EXPECT_EQ(r.expires_in_days, 5);
  EXPECT_EQ(r.warning, "ICH70002I YOUR PASSWORD WILL EXPIRE IN 5 DAYS");
  const audit::Event& e = last_verify();
  EXPECT_EQ(e.qualifier, audit::verify_q::kSuccess);
  EXPECT_NE(e.detail.find("ICH70002I YOUR PASSWORD WILL EXPIRE IN 5 DAYS"), std::string::npos) << e.detail;
}

TEST_F(PasswordWarning, UnderWarning5APasswordExpiringIn6DaysHasNoWarning) {
  clock.set(kT0 + 24 * kDay);
  VerifyResult r = signon();
  ASSERT_EQ(r.rc, kVerifyOk);
  EXPECT_EQ(r.expires_in_days, -1);
  EXPECT_TRUE(r.warning.empty()) << r.warning;
  EXPECT_EQ(last_verify().detail, "SUCCESSFUL INITIATION");
}

TEST_F(PasswordWarning, TheWarningCountsDownToTheLastDay) {
  clock.set(kT0 + 29 * kDay + 3600);
  EXPECT_EQ(signon().expires_in_days, 1);
  clock.set(kT0 + 30 * kDay + 1);
  EXPECT_EQ(signon().rc, kVerifyExpired) << "and then the password has expired";
}

TEST_F(PasswordWarning, APhraseExpiringWithinTheWarningSaysPasswordPhrase) {
  clock.set(kT0 + 27 * kDay);
  VerifyRequest r;
  r.user = "ALICE";
  r.phrase = core::SecretString("correct horse battery");
  VerifyResult v = sm->verify(r);
  ASSERT_EQ(v.rc, kVerifyOk);
  EXPECT_EQ(v.warning, "ICH70002I YOUR PASSWORD PHRASE WILL EXPIRE IN 3 DAYS");
}

TEST_F(PasswordWarning, TheUsersOwnPassintervalDecides) {
  users_["ALICE"].password_interval = 60;  // PASSWORD USER(ALICE) INTERVAL(60)
  save("ALICE");
  clock.set(kT0 + 25 * kDay);
  EXPECT_EQ(signon().expires_in_days, -1);
  clock.set(kT0 + 56 * kDay);
  EXPECT_EQ(signon().expires_in_days, 4);
}

TEST_F(PasswordWarning, UnderNowarningThereIsNoWarning) {
  options([](Options& o) { o.password.warning = 0; });
  clock.set(kT0 + 29 * kDay);
  VerifyResult r = signon();
  ASSERT_EQ(r.rc, kVerifyOk);
  EXPECT_TRUE(r.warning.empty());
}

TEST_F(PasswordWarning, ANoIntervalPasswordNeverWarns) {
  users_["ALICE"].password_interval = 0;  // NOINTERVAL
  save("ALICE");
  clock.set(kT0 + 400 * kDay);
  EXPECT_TRUE(signon().warning.empty());
}

TEST_F(PasswordWarning, ASignOnThatChangesThePasswordHasNoWarning) {
  clock.set(kT0 + 28 * kDay);
  VerifyResult r = signon("SECRET1", "NEWPW1");
  ASSERT_EQ(r.rc, kVerifyOk);
  EXPECT_TRUE(r.warning.empty()) << "the new password starts a new interval";
}

TEST_F(PasswordWarning, APassTicketSignOnHasNoWarning) {
  Profile& p = profile("PTKTDATA", "IMSAPPL");
  p.ssignon = SsignOn{};
  p.ssignon->legacy_key = "0123456789ABCDEF";
  save_profiles();
  options([](Options& o) { o.classact.insert("PTKTDATA"); });
  clock.set(kT0 + 28 * kDay);
  core::Bytes key;
  core::from_hex("0123456789ABCDEF", key);
  VerifyRequest r;
  r.user = "ALICE";
  r.appl = "IMSAPPL";
  r.password = core::SecretString(passticket::generate_legacy(key, "ALICE", "IMSAPPL", clock.now()));
  VerifyResult v = sm->verify(r);
  ASSERT_EQ(v.rc, kVerifyOk);
  ASSERT_TRUE(v.passticket);
  EXPECT_TRUE(v.warning.empty()) << "a PassTicket sign-on does not look at the password's age";
}

}  // namespace
}  // namespace zgate::saf::testing

// Issue 14 hole 5: with a full disk, a failed VERIFY threw while writing the failure count,
// before its audit record, and the right password then signed on with the count never raised:
// unlimited, unaudited guessing. A failure the store cannot record now refuses the user's
// sign-ons until it is written, and the audit record says so. The full disk is a store that
// throws on demand, so the test is deterministic.
#include <gtest/gtest.h>

#include "failing_store.h"

#include <stdexcept>

#include "audit/sink.h"
#include "core/clock.h"
#include "saf/bootstrap.h"
#include "saf/security_manager.h"
#include "saf_fixture.h"

namespace zgate::saf::testing {
namespace {

class VerifyFailClosed : public ::testing::Test {
 protected:
  // Declared first: the store the manager is built with holds it.
  std::shared_ptr<Faults> faults = std::make_shared<Faults>();  // writes fail as on a full disk

  VerifyFailClosed()
      : clock(kT0), sm(std::make_unique<FailingStore>(store::open_sqlite(":memory:"), faults), sink, clock, HashCost{1, 8192}) {
    bootstrap_if_empty(sm);
    Group g;
    g.id = "PAYROLL";
    g.superior = "SYS1";
    g.owner = "IBMUSER";
    sm.put_group(g);
    User u;
    u.id = "ALICE";
    u.owner = "IBMUSER";
    u.default_group = "PAYROLL";
    u.password_hash = sm.hash_secret("SECRET1");
    u.password_date = clock.now();
    Connect c;
    c.group = "PAYROLL";
    u.connects.push_back(c);
    sm.put_user(u);
    Options o = sm.options();
    o.password.revoke = 3;
    sm.put_options(o);
  }
  VerifyResult signon(const std::string& pw) {
    VerifyRequest r;
    r.user = "ALICE";
    r.password = core::SecretString(pw);
    return sm.verify(r);
  }

  audit::MemorySink sink;
  core::ManualClock clock;
  SecurityManager sm;
};

TEST_F(VerifyFailClosed, AFailureTheStoreCannotRecordIsRefusedAndAudited) {
  faults->writes = true;
  sink.clear();
  VerifyResult r;
  ASSERT_NO_THROW(r = signon("WRONG1"));
  EXPECT_EQ(r.rc, kVerifyBadPassword);
  ASSERT_EQ(sink.events().size(), 1u) << "the failed attempt is audited";
  EXPECT_EQ(sink.events()[0].qualifier, audit::verify_q::kInvalidPassword);
  EXPECT_NE(sink.events()[0].detail.find("NOT RECORDED"), std::string::npos) << sink.events()[0].detail;
}

TEST_F(VerifyFailClosed, TheRightPasswordIsRefusedWhileAFailureIsUnrecorded) {
  EXPECT_EQ(signon("WRONG1").rc, kVerifyBadPassword);
  EXPECT_EQ(signon("WRONG2").rc, kVerifyBadPassword);
  faults->writes = true;
  for (int i = 3; i < 8; ++i) {
    VerifyResult r;
    ASSERT_NO_THROW(r = signon("WRONG" + std::to_string(i)));
    EXPECT_EQ(r.rc, kVerifyBadPassword);
  }
  VerifyResult r;
  ASSERT_NO_THROW(r = signon("SECRET1"));
  EXPECT_EQ(r.rc, kVerifyBadPassword) << "fail closed: no sign-on while the count cannot be kept";
  EXPECT_FALSE(r.acee);
  EXPECT_NE(sink.events().back().detail.find("NOT YET RECORDED"), std::string::npos) << sink.events().back().detail;

  // Room again: the unrecorded failure (only the first was checked: while refused, a guess is
  // not even looked at) is written at the next attempt, and REVOKE(3) takes effect.
  faults->writes = false;
  EXPECT_EQ(signon("SECRET1").rc, kVerifyRevoked);
  EXPECT_EQ(sm.user("ALICE")->failed_attempts, 3);
  EXPECT_TRUE(sm.user("ALICE")->revoked);
}

TEST_F(VerifyFailClosed, BelowTheLimitTheRightPasswordWorksOnceTheFailureIsWritten) {
  faults->writes = true;
  EXPECT_EQ(signon("WRONG").rc, kVerifyBadPassword);
  faults->writes = false;
  EXPECT_EQ(signon("SECRET1").rc, kVerifyOk);
  EXPECT_EQ(sm.user("ALICE")->failed_attempts, 0) << "written, then reset by the success";
}

// A sink that throws (its disk is full too) does not turn a refusal into an exception: the
// decision stands and the lost record is announced on stderr.
class ThrowingSink final : public audit::Sink {
 public:
  void deliver(const audit::Event&) override { throw std::runtime_error("audit log: No space left on device"); }
};

TEST(VerifyAuditFailure, AThrowingSinkIsAlarmedOnStderrAndTheAnswerStands) {
  ThrowingSink sink;
  core::ManualClock clock(kT0);
  SecurityManager sm(store::open_sqlite(":memory:"), sink, clock, HashCost{1, 8192});
  bootstrap_if_empty(sm);
  VerifyRequest r;
  r.user = "NOBODY";
  r.password = core::SecretString("X");
  ::testing::internal::CaptureStderr();
  VerifyResult res;
  EXPECT_NO_THROW(res = sm.verify(r));
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(res.rc, kVerifyUndefinedUser);
  EXPECT_NE(err.find("AUDIT RECORD LOST"), std::string::npos) << err;
  EXPECT_EQ(err.find("NOBODY"), std::string::npos) << "an undefined ID is masked there too: " << err;
}

}  // namespace
}  // namespace zgate::saf::testing

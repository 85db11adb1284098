// Issue 14 hole 13, the timing oracle: an undefined user answered in 0.2 ms, a wrong password in
// 14 ms. Every VERIFY with a password or phrase now pays for one Argon2id check, against a dummy
// hash when the user has none. Counted, never timed: a unit test has no business with the clock.
#include <gtest/gtest.h>

#include <functional>

#include "saf_fixture.h"

namespace zgate::saf::testing {
namespace {

class VerifyTiming : public SafTest {
 protected:
  void SetUp() override {
    group("PAYROLL");
    user("ALICE", "PAYROLL", {}, "SECRET1");
  }
  VerifyResult signon(const std::string& u, const std::string& pw) {
    VerifyRequest r;
    r.user = u;
    r.password = core::SecretString(pw);
    return sm->verify(r);
  }
  VerifyResult signon_phrase(const std::string& u, const std::string& ph) {
    VerifyRequest r;
    r.user = u;
    r.phrase = core::SecretString(ph);
    return sm->verify(r);
  }
};

TEST_F(VerifyTiming, UndefinedAndProtectedUsersPayForOneHashLikeAWrongPassword) {
  user("STC1", "SYS1", {}, "");
  auto cost = [&](const std::function<void()>& f) {
    std::uint64_t before = sm->credential_hashes();
    f();
    return sm->credential_hashes() - before;
  };
  EXPECT_EQ(cost([&] { signon("ALICE", "WRONG"); }), 1u);
  EXPECT_EQ(cost([&] { signon("NOBODY", "WRONG"); }), 1u);
  EXPECT_EQ(cost([&] { signon("STC1", "WRONG"); }), 1u);
  EXPECT_EQ(cost([&] { signon_phrase("ALICE", "alice has no phrase at all"); }), 1u);
  EXPECT_EQ(cost([&] { signon_phrase("NOBODY", "nobody has no phrase at all"); }), 1u);
  VerifyRequest trusted;
  trusted.user = "STC1";
  trusted.check_credential = false;
  EXPECT_EQ(cost([&] { EXPECT_EQ(sm->verify(trusted).rc, kVerifyOk); }), 0u) << "no credential, no hash";
}

}  // namespace
}  // namespace zgate::saf::testing

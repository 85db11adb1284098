// The IMSLSECX security exit (src/connect/security_exit.cpp) with the sample exit
// programs/exits/IMSLSECX.c, built by the `programs` target into <build>/programs, loaded into
// its real helper process (the built zgate binary, `zgate security-exit-host`), as zgate serve
// runs it; and a failing exit (tests/connect/exits/imslsecx_crash.c) that the helper contains.
#include "connect/security_exit.h"
#include "exit_host.h"
#include "tm/region_protocol.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace zgate::connect {
namespace {

namespace fs = std::filesystem;

using testing::programs_dir;

fs::path sample_exit() { return SecurityExit::default_path(programs_dir()); }

SecurityExit::Host host(std::chrono::milliseconds call_limit = std::chrono::milliseconds(2000)) {
  return testing::exit_host("security-exit-host", call_limit);
}

SecurityExit::Input input(std::string userid, std::string group = "") {
  SecurityExit::Input in;
  in.userid = std::move(userid);
  in.group = std::move(group);
  in.trancode = "ECHOTXN";
  in.datastore = "IMS1";
  in.clientid = "CLIENT01";
  in.credential = SecurityExit::Credential::Password;
  in.peer = "192.0.2.7:41022";
  in.local_port = 9999;
  return in;
}

class SecurityExitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(sample_exit()))
      GTEST_SKIP() << sample_exit() << " is not built (build the `programs` target)";
  }
};

TEST_F(SecurityExitTest, DefaultPathIsImslsecxInTheProgramDirectory) {
  EXPECT_EQ(SecurityExit::default_path("/opt/zgate/programs"), "/opt/zgate/programs/IMSLSECX.so");
}

TEST_F(SecurityExitTest, ContinueLeavesTheUserAlone) {
  SecurityExit exit(sample_exit(), host());
  EXPECT_EQ(exit.path(), sample_exit());
  auto r = exit.call(input("USER1", "SYS1"));
  EXPECT_EQ(r.action, SecurityExit::Action::Continue);
  EXPECT_EQ(r.rc, 0);
  EXPECT_EQ(r.userid, "USER1");
  EXPECT_EQ(r.group, "SYS1");
  EXPECT_TRUE(r.reason.empty());
}

TEST_F(SecurityExitTest, BlankPaddedIrmFieldsAreTrimmed) {
  SecurityExit exit(sample_exit(), host());
  auto r = exit.call(input("BADGUY  ", "GRP     "));
  EXPECT_EQ(r.action, SecurityExit::Action::Reject);  // the exit saw "BADGUY"
  r = exit.call(input("USER2   ", "GRP     "));
  EXPECT_EQ(r.userid, "USER2");
  EXPECT_EQ(r.group, "GRP");
}

TEST_F(SecurityExitTest, RejectsBadguy) {
  SecurityExit exit(sample_exit(), host());
  auto r = exit.call(input("BADGUY"));
  EXPECT_EQ(r.action, SecurityExit::Action::Reject);
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.reason.find("BADGUY"), std::string::npos) << r.reason;
}

TEST_F(SecurityExitTest, MapsAlias1ToUser1KeepingTheGroup) {
  SecurityExit exit(sample_exit(), host());
  auto r = exit.call(input("ALIAS1", "PAYROLL"));
  EXPECT_EQ(r.action, SecurityExit::Action::ChangeUser);
  EXPECT_EQ(r.rc, 4);
  EXPECT_EQ(r.userid, "USER1");
  EXPECT_EQ(r.group, "PAYROLL");
  EXPECT_FALSE(r.reason.empty());
}

TEST_F(SecurityExitTest, InputLongerThanEightIsCutAsTheIrmWould) {
  SecurityExit exit(sample_exit(), host());
  // "ALIAS1XYZ" is not ALIAS1 even though its first 6 characters are; cut to 8 it is ALIAS1XY.
  auto r = exit.call(input("ALIAS1XYZ"));
  EXPECT_EQ(r.action, SecurityExit::Action::Continue);
  EXPECT_EQ(r.userid, "ALIAS1XY");
}

TEST_F(SecurityExitTest, CertificateSubjectAndNoCredential) {
  SecurityExit exit(sample_exit(), host());
  auto in = input("USER1");
  in.credential = SecurityExit::Credential::None;
  in.tls = true;
  in.cert_subject = "CN=user1,O=Example";
  EXPECT_EQ(exit.call(in).action, SecurityExit::Action::Continue);
}

TEST_F(SecurityExitTest, ConcurrentCalls) {
  SecurityExit exit(sample_exit(), host());
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        using A = SecurityExit::Action;
        int kind = (i + t) % 3;
        auto r = exit.call(input(kind == 0 ? "ALIAS1" : kind == 1 ? "BADGUY" : "USERX"));
        bool ok = kind == 0   ? r.action == A::ChangeUser && r.userid == "USER1"
                  : kind == 1 ? r.action == A::Reject
                              : r.action == A::Continue && r.userid == "USERX";
        if (!ok) ++wrong;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

// Found by fuzz_exits: the exit's reason went into zgate's log line and audit record as the
// exit wrote it, line breaks included. It now arrives as one printable line.
TEST(SecurityExitReason, ControlCharactersBecomeQuestionMarks) {
  SecurityExit exit(NOISY_IMSLSECX, host());
  auto r = exit.call(input("NEWLINE"));
  EXPECT_EQ(r.action, SecurityExit::Action::Reject);
  EXPECT_EQ(r.reason, "barred?FAKE LOG LINE?");
  r = exit.call(input("FULL"));  // 80 bytes and no NUL: all 80 read, nothing beyond
  EXPECT_EQ(r.action, SecurityExit::Action::Reject);
  EXPECT_EQ(r.reason, std::string(80, 'R'));
  EXPECT_EQ(exit.call(input("USER1")).action, SecurityExit::Action::Continue);
}

TEST_F(SecurityExitTest, MovedFromExitRejects) {
  SecurityExit a(sample_exit(), host());
  SecurityExit b(std::move(a));
  EXPECT_EQ(b.call(input("USER1")).action, SecurityExit::Action::Continue);
  EXPECT_EQ(a.call(input("USER1")).action, SecurityExit::Action::Reject);  // NOLINT: use after move
}

TEST(SecurityExitLoad, LibraryWithoutEntryPointIsRefused) {
  // The sample DFSCTRN0 is a real shared library with no IMSLSECX symbol. (A bare name such as
  // libm.so.6 is no longer searched for: the helper is given an absolute path.)
  const fs::path lib = programs_dir() / "DFSCTRN0.so";
  try {
    SecurityExit exit(lib, host());
    FAIL() << "loaded";
  } catch (const SecurityExitError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("no entry point IMSLSECX"), std::string::npos) << what;
    EXPECT_NE(what.find("DFSCTRN0.so"), std::string::npos) << what;
  }
}

TEST(SecurityExitLoad, MissingOrInvalidLibraryIsRefused) {
  EXPECT_THROW(SecurityExit("/nonexistent/IMSLSECX.so", host()), SecurityExitError);
  // A file that is not a shared library.
  EXPECT_THROW(SecurityExit(fs::path(ZGATE_SOURCE_DIR) / "docs" / "proclib-sample" / "HWSCFG00", host()),
               SecurityExitError);
}

// ---- containment: the exit runs in its own helper process ----------------------------------

// A crash of the exit is the refusal an exit's RC 8 is (RSM RC 8 RSN 40 at the client), the
// reason says what happened, and the next call gets a new helper.
TEST(SecurityExitContainment, AnExitThatSegfaultsIsARefusalAndTheNextCallWorks) {
  SecurityExit exit(CRASH_IMSLSECX, host());
  auto r = exit.call(input("SEGV"));
  EXPECT_EQ(r.action, SecurityExit::Action::Reject);
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.reason.find("IMSLSECX abended S0C4"), std::string::npos) << r.reason;
  EXPECT_TRUE(r.userid.empty()) << "no identity to go on with";
  auto next = exit.call(input("USER1"));
  EXPECT_EQ(next.action, SecurityExit::Action::Continue) << next.reason;
  EXPECT_EQ(next.userid, "USER1");
}

TEST(SecurityExitContainment, AnExitThatAbortsIsARefusalAndTheNextCallWorks) {
  SecurityExit exit(CRASH_IMSLSECX, host());
  auto r = exit.call(input("ABORT"));
  EXPECT_EQ(r.action, SecurityExit::Action::Reject);
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.reason.find("IMSLSECX abended"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("signal 6"), std::string::npos) << r.reason;
  EXPECT_EQ(exit.call(input("USER1")).action, SecurityExit::Action::Continue);
}

TEST(SecurityExitContainment, AnExitThatHangsIsEndedAtTheCallLimit) {
  SecurityExit exit(CRASH_IMSLSECX, host(std::chrono::milliseconds(300)));
  auto r = exit.call(input("HANG"));
  EXPECT_EQ(r.action, SecurityExit::Action::Reject);
  EXPECT_EQ(r.rc, 8);
  EXPECT_EQ(r.reason, "IMSLSECX did not return within 300 ms");
  EXPECT_EQ(exit.call(input("USER1")).action, SecurityExit::Action::Continue);
}

TEST(SecurityExitContainment, AHelperThatAnswersGarbageIsARefusal) {
  SecurityExit exit(CRASH_IMSLSECX, host());
  auto r = exit.call(input("GARBAGE"));
  EXPECT_EQ(r.action, SecurityExit::Action::Reject);
  EXPECT_EQ(r.reason, "IMSLSECX gave a broken reply");
  EXPECT_EQ(exit.call(input("USER1")).action, SecurityExit::Action::Continue);
}

// Every host of the pool is restarted when it is lost, not only the first.
TEST(SecurityExitContainment, CrashesOnSeveralThreadsAreEachARefusal) {
  SecurityExit exit(CRASH_IMSLSECX, host());
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        bool crash = (i + t) % 2 == 0;
        auto r = exit.call(input(crash ? "SEGV" : "USERX"));
        if (r.action != (crash ? SecurityExit::Action::Reject : SecurityExit::Action::Continue)) ++wrong;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(SecurityExitContainment, AHelperThatCannotStartStopsStartUp) {
  SecurityExit::Host h = host();
  h.command = {"/nonexistent/zgate", "security-exit-host"};
  EXPECT_THROW(SecurityExit(sample_exit(), h), SecurityExitError);
}

// What crosses the socket: the reply a host sends is read by the ABI's rules, whatever it holds.
TEST(SecurityExitFrames, AReplyIsReadByTheAbiRules) {
  namespace f = security_exit_frames;
  const auto in = input("USER1", "STAFF");
  auto reply = [](std::int32_t rc, std::string uid, std::string grp, std::string reason) {
    return tm::proto::Writer().i32(rc).str(uid).str(grp).str(reason).take();
  };
  auto keep = f::decode_reply(in, reply(0, "OTHER", "", "ok"));
  ASSERT_TRUE(keep);
  EXPECT_EQ(keep->action, SecurityExit::Action::Continue);
  EXPECT_EQ(keep->userid, "USER1");  // RC 0: what the exit scribbled is not used
  EXPECT_EQ(keep->group, "STAFF");
  auto bad = f::decode_reply(in, reply(4, "TWO WORDS", "", ""));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->action, SecurityExit::Action::Reject);
  EXPECT_FALSE(f::decode_reply(in, reply(4, std::string(10, 'A'), "", "")));  // longer than the field
  EXPECT_FALSE(f::decode_reply(in, "abc"));
}

}  // namespace
}  // namespace zgate::connect

// The IMS Connect DB security exit, HWSAUTH0 (src/connect/db_security_exit.cpp), in IBM's terms:
// the exit may refuse a DB client's request or change the user ID it goes on with; a crash, a
// hang, garbage, an undefined return code or an unusable changed user ID is a refusal. Run as
// zgate serve runs it: the sample programs/exits/HWSAUTH0.c (built by the `programs` target),
// the failing tests/connect/exits/hwsauth0_crash.c and the echoing hwsauth0_echo.c, each
// loaded into its real helper process (the built zgate binary, `zgate hwsauth0-host`).
#include "connect/db_security_exit.h"
#include "exit_host.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "tm/region_protocol.h"

namespace zgate::connect {
namespace {

namespace fs = std::filesystem;
using Action = DbSecurityExit::Action;

using testing::programs_dir;

fs::path sample_exit() { return DbSecurityExit::default_path(programs_dir()); }

DbSecurityExit::Host host(std::chrono::milliseconds call_limit = std::chrono::milliseconds(2000)) {
  return testing::exit_host("hwsauth0-host", call_limit);
}

DbSecurityExit::Input input(std::string userid, std::string group = "") {
  DbSecurityExit::Input in;
  in.userid = std::move(userid);
  in.group = std::move(group);
  in.credential_given = true;
  in.rdbnam = "PSB1.IMS1";
  in.datastore = "IMS1";
  in.peer = "192.0.2.7:41022";
  in.local_port = 5555;
  in.hws_id = "HWS1";
  return in;
}

// The exit never sees a password or PassTicket: neither zgate's input nor the parameter block
// has anywhere to put one (and the echo test below shows that nothing else rides along).
template <class T>
concept HasPassword = requires(T t) { t.password; };
template <class T>
concept HasPassticket = requires(T t) { t.passticket; };
static_assert(!HasPassword<DbSecurityExit::Input> && !HasPassticket<DbSecurityExit::Input>);
static_assert(!HasPassword<zgate_hwsauth0_parms> && !HasPassticket<zgate_hwsauth0_parms>);

class DbSecurityExitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(sample_exit()))
      GTEST_SKIP() << sample_exit() << " is not built (build the `programs` target)";
  }
};

TEST_F(DbSecurityExitTest, DefaultPathIsHwsauth0InTheProgramDirectory) {
  EXPECT_EQ(DbSecurityExit::default_path("/opt/zgate/programs"), "/opt/zgate/programs/HWSAUTH0.so");
}

// RC 0: the request goes on under the user ID and group the client sent.
TEST_F(DbSecurityExitTest, ContinueLeavesTheUserAlone) {
  DbSecurityExit exit(sample_exit(), host());
  EXPECT_EQ(exit.path(), sample_exit());
  auto r = exit.call(input("USER1", "SYS1"));
  EXPECT_EQ(r.action, Action::Continue);
  EXPECT_EQ(r.rc, 0);
  EXPECT_EQ(r.userid, "USER1");
  EXPECT_EQ(r.group, "SYS1");
  EXPECT_TRUE(r.reason.empty());
}

// RC 8: the exit refuses the request; its reason comes back for the log and the audit record.
TEST_F(DbSecurityExitTest, TheSampleRefusesBatchUserIds) {
  DbSecurityExit exit(sample_exit(), host());
  for (const char* user : {"BATCH", "BATCHJOB", "BATCH01"}) {
    auto r = exit.call(input(user));
    EXPECT_EQ(r.action, Action::Reject) << user;
    EXPECT_EQ(r.rc, 8) << user;
    EXPECT_NE(r.reason.find("batch user IDs"), std::string::npos) << r.reason;
  }
  EXPECT_EQ(exit.call(input("XBATCH")).action, Action::Continue);
}

// RC 4: the request goes on under what the exit wrote; here the sample keeps the user ID and
// puts it in group GUESTS, whatever group the client asked for.
TEST_F(DbSecurityExitTest, TheSampleMapsGuestToGroupGuests) {
  DbSecurityExit exit(sample_exit(), host());
  for (const char* group : {"", "SYS1"}) {
    auto r = exit.call(input("GUEST", group));
    EXPECT_EQ(r.action, Action::ChangeUser);
    EXPECT_EQ(r.rc, 4);
    EXPECT_EQ(r.userid, "GUEST");
    EXPECT_EQ(r.group, "GUESTS");
    EXPECT_NE(r.reason.find("GUESTS"), std::string::npos) << r.reason;
  }
}

TEST_F(DbSecurityExitTest, ConcurrentCalls) {
  DbSecurityExit exit(sample_exit(), host());
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        int kind = (i + t) % 3;
        auto r = exit.call(input(kind == 0 ? "GUEST" : kind == 1 ? "BATCH9" : "USERX"));
        bool ok = kind == 0   ? r.action == Action::ChangeUser && r.group == "GUESTS"
                  : kind == 1 ? r.action == Action::Reject
                              : r.action == Action::Continue && r.userid == "USERX";
        if (!ok) ++wrong;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST_F(DbSecurityExitTest, MovedFromExitRejects) {
  DbSecurityExit a(sample_exit(), host());
  DbSecurityExit b(std::move(a));
  EXPECT_EQ(b.call(input("USER1")).action, Action::Continue);
  auto r = a.call(input("USER1"));  // NOLINT: use after move
  EXPECT_EQ(r.action, Action::Reject);
  EXPECT_EQ(r.reason, "DB security exit not loaded");
}

// ---- what the exit is given ------------------------------------------------------------------

TEST(DbSecurityExitInput, TheExitGetsEveryFieldAndNothingElse) {
  DbSecurityExit exit(ECHO_HWSAUTH0, host());
  auto in = input("ECHO", "GRP");
  in.tls = true;
  in.cert_subject = "CN=u1,O=Ex";
  auto r = exit.call(in);
  EXPECT_EQ(r.action, Action::Reject);
  EXPECT_EQ(r.reason, "ECHO|GRP|1|PSB1.IMS1|IMS1|HWS1|192.0.2.7:41022|5555|1|CN=u1,O=Ex|Z");

  // No credential, no TLS, the RDB name and data store not known yet at the call.
  in = input("ECHO");
  in.credential_given = false;
  in.rdbnam.clear();
  in.datastore.clear();
  r = exit.call(in);
  EXPECT_EQ(r.reason, "ECHO||0|||HWS1|192.0.2.7:41022|5555|0|-|Z");
}

TEST(DbSecurityExitInput, TrailingBlanksAreDropped) {
  DbSecurityExit exit(ECHO_HWSAUTH0, host());
  auto in = input("ECHO    ", "GRP     ");
  in.rdbnam = "PSB1.IMS1   ";
  EXPECT_EQ(exit.call(in).reason, "ECHO|GRP|1|PSB1.IMS1|IMS1|HWS1|192.0.2.7:41022|5555|0|-|Z");
}

// The host's side in this process: the block as an exit receives it.
zgate_hwsauth0_parms seen;
std::string seen_subject;
int record(zgate_hwsauth0_parms* p) {
  seen = *p;
  seen_subject = p->cert_subject ? p->cert_subject : "(null)";
  return ZGATE_HWSAUTH0_CONTINUE;
}

TEST(DbSecurityExitInput, TheHostBuildsTheBlockFromTheCheckedInput) {
  namespace f = db_security_exit_frames;
  auto in = input("USER1   ", "GRP");
  in.peer = std::string(100, '9');  // zgate's own text: cut to the field
  in.tls = true;
  in.cert_subject = "CN=u1";
  auto checked = f::checked_input(in);
  ASSERT_TRUE(std::holds_alternative<DbSecurityExit::Input>(checked));
  f::host_call(&record, f::encode_call(std::get<DbSecurityExit::Input>(checked)));
  EXPECT_EQ(seen.version, 1u);
  EXPECT_EQ(seen.length, sizeof(zgate_hwsauth0_parms));
  EXPECT_STREQ(seen.userid, "USER1");
  EXPECT_STREQ(seen.group, "GRP");
  EXPECT_EQ(seen.credential, ZGATE_HWSAUTH0_CRED_PASSWORD);
  EXPECT_STREQ(seen.rdbnam, "PSB1.IMS1");
  EXPECT_STREQ(seen.datastore, "IMS1");
  EXPECT_STREQ(seen.hws_id, "HWS1");
  EXPECT_EQ(std::string(seen.peer), std::string(63, '9'));
  EXPECT_EQ(seen.local_port, 5555);
  EXPECT_EQ(seen.tls, 1);
  EXPECT_EQ(seen_subject, "CN=u1");
  EXPECT_STREQ(seen.reason, "");
}

// A name the block cannot carry faithfully is a refusal without calling the exit: cut to
// fit, "ADMINISTRATOR" would reach the exit as "ADMINIST", someone else.
TEST(DbSecurityExitInput, NamesTheBlockCannotCarryAreRefusedWithoutCallingTheExit) {
  DbSecurityExit exit(CRASH_HWSAUTH0, host());
  auto refused = [&](DbSecurityExit::Input in, const std::string& what) {
    auto r = exit.call(in);
    EXPECT_EQ(r.action, Action::Reject) << what;
    EXPECT_EQ(r.rc, 8) << what;
    EXPECT_NE(r.reason.find("HWSAUTH0 not called: the " + what), std::string::npos) << r.reason;
  };
  refused(input("ADMINISTRATOR"), "user ID");
  refused(input("US ER"), "user ID");
  refused(input("SEGV", "GROUP1234"), "group");  // had the exit been called, it would have crashed
  auto in = input("USER1");
  in.rdbnam = "PSBNAME1.ALIAS";
  refused(in, "RDB name");
  in = input("USER1");
  in.datastore = "IMS\n";
  refused(in, "data store");
  in = input("USER1");
  in.hws_id = "HWSTOOLONG";
  refused(in, "HWS ID");
  in = input("USER1");
  in.cert_subject = std::string("CN=admin\0,CN=mallory", 20);
  refused(in, "certificate subject");
  EXPECT_EQ(exit.call(input("USER1")).action, Action::Continue);
}

// ---- what the exit hands back ----------------------------------------------------------------

TEST(DbSecurityExitReply, AChangedUserIdIsTakenWhenUsable) {
  DbSecurityExit exit(ECHO_HWSAUTH0, host());
  auto r = exit.call(input("NEWID", "OLDGRP"));
  EXPECT_EQ(r.action, Action::ChangeUser);
  EXPECT_EQ(r.userid, "NEWID");
  EXPECT_EQ(r.group, "");  // the exit emptied the group: no group
}

TEST(DbSecurityExitReply, AChangedUserIdLongerThanEightOrWithBadCharactersIsRefused) {
  DbSecurityExit exit(ECHO_HWSAUTH0, host());
  for (const char* user : {"LONG", "BLANK", "CTRL", "EMPTY", "BADGROUP"}) {
    auto r = exit.call(input(user, "GRP"));
    EXPECT_EQ(r.action, Action::Reject) << user;
    EXPECT_EQ(r.rc, 4) << user;  // what the exit returned, refused by zgate
    EXPECT_TRUE(r.userid.empty()) << user << ": no identity to go on with";
    EXPECT_NE(r.reason.find("DB security exit returned 4 with an unusable user ID or group"), std::string::npos)
        << r.reason;
  }
}

TEST(DbSecurityExitReply, AReturnCodeIbmDoesNotDefineIsARefusal) {
  DbSecurityExit exit(ECHO_HWSAUTH0, host());
  auto r = exit.call(input("RC12"));
  EXPECT_EQ(r.action, Action::Reject);
  EXPECT_EQ(r.rc, 12);
  EXPECT_EQ(r.reason, "DB security exit returned 12, which is not 0, 4 or 8");
}

TEST(DbSecurityExitReply, ReturnCodeZeroIgnoresWhatTheExitWrote) {
  DbSecurityExit exit(ECHO_HWSAUTH0, host());
  auto r = exit.call(input("USER7", "GRP"));  // the exit writes OTHER into the user ID, returns 0
  EXPECT_EQ(r.action, Action::Continue);
  EXPECT_EQ(r.userid, "USER7");
  EXPECT_EQ(r.group, "GRP");
}

// What crosses the socket: a reply is read by the ABI's rules, whatever it holds.
TEST(DbSecurityExitFrames, AReplyIsReadByTheAbiRules) {
  namespace f = db_security_exit_frames;
  const auto in = input("USER1", "STAFF");
  auto reply = [](std::int32_t rc, std::string uid, std::string grp, std::string reason) {
    return tm::proto::Writer().i32(rc).str(uid).str(grp).str(reason).take();
  };
  auto keep = f::decode_reply(in, reply(0, "OTHER", "", "ok"));
  ASSERT_TRUE(keep);
  EXPECT_EQ(keep->action, Action::Continue);
  EXPECT_EQ(keep->userid, "USER1");
  EXPECT_EQ(keep->group, "STAFF");
  auto change = f::decode_reply(in, reply(4, "NEW", "STAFF", ""));
  ASSERT_TRUE(change);
  EXPECT_EQ(change->action, Action::ChangeUser);
  EXPECT_EQ(change->userid, "NEW");
  EXPECT_FALSE(f::decode_reply(in, reply(4, std::string(10, 'A'), "", "")));  // longer than the field
  EXPECT_FALSE(f::decode_reply(in, reply(8, "", "", std::string(81, 'R'))));  // longer than the reason
  EXPECT_FALSE(f::decode_reply(in, "abc"));
}

// ---- containment: the exit runs in its own helper process ----------------------------------

TEST(DbSecurityExitContainment, AnExitThatCrashesCostsOneCallAndTheNextCallWorks) {
  DbSecurityExit exit(CRASH_HWSAUTH0, host());
  auto r = exit.call(input("SEGV"));
  EXPECT_EQ(r.action, Action::Reject);
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.reason.find("HWSAUTH0 abended S0C4"), std::string::npos) << r.reason;
  EXPECT_TRUE(r.userid.empty()) << "no identity to go on with";
  auto next = exit.call(input("USER1"));
  EXPECT_EQ(next.action, Action::Continue) << next.reason;
  EXPECT_EQ(next.userid, "USER1");
  r = exit.call(input("ABORT"));
  EXPECT_EQ(r.action, Action::Reject);
  EXPECT_NE(r.reason.find("signal 6"), std::string::npos) << r.reason;
  EXPECT_EQ(exit.call(input("USER1")).action, Action::Continue);
}

TEST(DbSecurityExitContainment, AnExitThatHangsPastTheCallLimitIsARefusal) {
  DbSecurityExit exit(CRASH_HWSAUTH0, host(std::chrono::milliseconds(300)));
  auto started = std::chrono::steady_clock::now();
  auto r = exit.call(input("HANG"));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(r.action, Action::Reject);
  EXPECT_EQ(r.rc, 8);
  EXPECT_EQ(r.reason, "HWSAUTH0 did not return within 300 ms");
  EXPECT_EQ(exit.call(input("USER1")).action, Action::Continue);
}

TEST(DbSecurityExitContainment, AHelperThatAnswersGarbageIsARefusal) {
  DbSecurityExit exit(CRASH_HWSAUTH0, host());
  auto r = exit.call(input("GARBAGE"));
  EXPECT_EQ(r.action, Action::Reject);
  EXPECT_EQ(r.reason, "HWSAUTH0 gave a broken reply");
  EXPECT_EQ(exit.call(input("USER1")).action, Action::Continue);
}

// ---- loading -------------------------------------------------------------------------------

TEST(DbSecurityExitLoad, ALibraryWithoutTheEntryPointStopsStartUp) {
  // The test IMSLSECX is a real shared library with no HWSAUTH0 symbol.
  try {
    DbSecurityExit exit(CRASH_IMSLSECX, host());
    FAIL() << "loaded";
  } catch (const DbSecurityExitError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("no entry point HWSAUTH0"), std::string::npos) << what;
    EXPECT_NE(what.find("imslsecx_crash"), std::string::npos) << what;
  }
  EXPECT_THROW(DbSecurityExit("/nonexistent/HWSAUTH0.so", host()), DbSecurityExitError);
  DbSecurityExit::Host h = host();
  h.command = {"/nonexistent/zgate", "hwsauth0-host"};
  EXPECT_THROW(DbSecurityExit(ECHO_HWSAUTH0, h), DbSecurityExitError);
}

}  // namespace
}  // namespace zgate::connect

// The OTMA security exits through OtmaExits: the real sample libraries (<build>/programs/*.so,
// built from programs/exits/) loaded into a real helper process (the built zgate binary,
// `zgate exit-host`), as zgate serve runs them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "otma/exits.h"

namespace zgate::otma {
namespace {

namespace fs = std::filesystem;

// <build>/programs, found from the zgate binary's place in the same build tree (as tm's
// fixture finds it).
std::string program_dir() {
  for (fs::path p = fs::path(ZGATE_BINARY).parent_path(); !p.empty() && p != p.root_path();
       p = p.parent_path())
    if (fs::exists(p / "programs" / "DFSCTRN0.so")) return (p / "programs").string();
  ADD_FAILURE() << "no programs/DFSCTRN0.so above " << ZGATE_BINARY
                << " (build the `programs` target)";
  return {};
}

std::string sample(const std::string& name) { return program_dir() + "/" + name + ".so"; }

ExitConfig config(std::map<ExitPoint, std::filesystem::path> libraries) {
  ExitConfig cfg;
  cfg.libraries = std::move(libraries);
  cfg.host_command = {ZGATE_BINARY, "exit-host"};
  return cfg;
}

ExitConfig samples() {
  return config({{ExitPoint::Transaction, sample("DFSCTRN0")},
                 {ExitPoint::Command, sample("DFSCCMD0")},
                 {ExitPoint::ResumeTpipe, sample("DFSYRTUX")}});
}

// A transaction under CHECK after RACF allowed it (DFSCTRN0 is not called otherwise).
ExitCall transaction(const std::string& user, const std::string& trancode) {
  ExitCall c;
  c.point = ExitPoint::Transaction;
  c.tmember = "HWS1";
  c.tpipe = "TPIPE1";
  c.userid = user;
  c.group = "STAFF";
  c.resource = trancode;
  c.level = SecurityLevel::Check;
  c.saf_called = true;
  c.saf_rc = 0;
  return c;
}

ExitCall command(const std::string& user, const std::string& verb, const std::string& text, int saf_rc) {
  ExitCall c;
  c.point = ExitPoint::Command;
  c.tmember = "HWS1";
  c.tpipe = "TPIPE1";
  c.userid = user;
  c.resource = verb;
  c.command = text;
  c.level = SecurityLevel::Check;
  c.saf_called = true;
  c.saf_rc = saf_rc;
  return c;
}

ExitCall resume(const std::string& user, const std::string& tpipe, bool saf_called, int saf_rc) {
  ExitCall c;
  c.point = ExitPoint::ResumeTpipe;
  c.tmember = "HWS1";
  c.tpipe = tpipe;
  c.userid = user;
  c.resource = tpipe;
  c.level = saf_called ? SecurityLevel::Full : SecurityLevel::None;
  c.saf_called = saf_called;
  c.saf_rc = saf_rc;
  return c;
}

TEST(OtmaExits, NamesAreTheIbmExitNames) {
  EXPECT_EQ(exit_name(ExitPoint::Transaction), "DFSCTRN0");
  EXPECT_EQ(exit_name(ExitPoint::Command), "DFSCCMD0");
  EXPECT_EQ(exit_name(ExitPoint::ResumeTpipe), "DFSYRTUX");
}

TEST(OtmaExits, OnlyConfiguredExitsAreCalled) {
  OtmaExits exits(config({{ExitPoint::Transaction, sample("DFSCTRN0")}}));
  EXPECT_TRUE(exits.has(ExitPoint::Transaction));
  EXPECT_FALSE(exits.has(ExitPoint::Command));
  EXPECT_FALSE(exits.has(ExitPoint::ResumeTpipe));

  OtmaExits none(config({}));  // no exit configured: no helper process either
  EXPECT_FALSE(none.has(ExitPoint::Transaction));
}

TEST(OtmaExits, Dfsctrn0RefusesPayrollToTemporaryStaff) {
  OtmaExits exits(samples());
  ExitVerdict temp = exits.call(transaction("TEMP01", "PAYROLL"));
  EXPECT_FALSE(temp.allowed);
  EXPECT_EQ(temp.rc, 8);
  EXPECT_NE(temp.reason.find("payroll"), std::string::npos) << temp.reason;

  ExitVerdict clerk = exits.call(transaction("CLERK01", "PAYROLL"));
  EXPECT_TRUE(clerk.allowed);
  EXPECT_EQ(clerk.rc, 0);

  EXPECT_TRUE(exits.call(transaction("TEMP01", "INVENTRY")).allowed);

  // Under NONE the exit runs without RACF, and the rule holds just the same.
  ExitCall none = transaction("TEMP02", "PAYSLIP");
  none.level = SecurityLevel::None;
  none.saf_called = false;
  EXPECT_FALSE(exits.call(none).allowed);
}

TEST(OtmaExits, Dfsccmd0LetsImsoperDisplayWhenRacfDenied) {
  OtmaExits exits(samples());
  // Overturns RACF's deny for the operator's /DISPLAY ...
  ExitVerdict dis = exits.call(command("IMSOPER", "DIS", "/DIS TMEMBER ALL", 8));
  EXPECT_TRUE(dis.allowed) << dis.reason;
  // ... but not for anything else, nor for anyone else.
  EXPECT_FALSE(exits.call(command("IMSOPER", "STO", "/STO TRAN PAYROLL", 8)).allowed);
  EXPECT_FALSE(exits.call(command("CLERK01", "DIS", "/DIS TMEMBER ALL", 8)).allowed);
  // RACF allowed, or does not protect the command: allowed.
  EXPECT_TRUE(exits.call(command("CLERK01", "DIS", "/DIS OTMA", 0)).allowed);
  EXPECT_TRUE(exits.call(command("CLERK01", "STA", "/STA TRAN PAYROLL", 4)).allowed);
  // Temporary staff never stop anything, whatever RACF said (overturns an allow).
  ExitVerdict sto = exits.call(command("TEMP01", "STO", "/STO TRAN PAYROLL", 0));
  EXPECT_FALSE(sto.allowed);
  EXPECT_NE(sto.reason.find("/STOP"), std::string::npos) << sto.reason;
}

TEST(OtmaExits, DfsyrtuxOverturnsRacfBothWays) {
  OtmaExits exits(samples());
  EXPECT_FALSE(exits.call(resume("CLERK01", "LOCKED01", true, 0)).allowed);  // RACF allowed
  EXPECT_TRUE(exits.call(resume("CLERK01", "OPENQ1", true, 8)).allowed);     // RACF denied
  // A private tpipe: its owner may resume it though RACF denied; others follow RACF.
  EXPECT_TRUE(exits.call(resume("JOE", "PRIVJOE", true, 8)).allowed);
  EXPECT_FALSE(exits.call(resume("ANN", "PRIVJOE", true, 8)).allowed);
  EXPECT_TRUE(exits.call(resume("ANN", "PRIVJOE", true, 0)).allowed);
  // Any other tpipe: RACF's answer stands; without RACF (NONE) it is allowed.
  EXPECT_FALSE(exits.call(resume("CLERK01", "TPIPE9", true, 8)).allowed);
  EXPECT_TRUE(exits.call(resume("CLERK01", "TPIPE9", true, 4)).allowed);
  EXPECT_TRUE(exits.call(resume("CLERK01", "TPIPE9", false, 0)).allowed);
  EXPECT_FALSE(exits.call(resume("CLERK01", "LOCKED01", false, 0)).allowed);
}

TEST(OtmaExits, TheExitSeesTheWholeCall) {
  OtmaExits exits(config({{ExitPoint::Command, sample("CRASHEXT")}}));
  ExitCall c = command("IMSOPER", "ECHO", "/DIS TMEMBER ALL", 4);
  c.group = "OPERS";
  c.tmember = "HWSMEMBER0123456";  // a 16-character XCF member name
  ExitVerdict v = exits.call(c);
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.reason, "1 HWSMEMBER0123456 TPIPE1 IMSOPER OPERS L2 S1/4 [/DIS TMEMBER ALL]");

  // Blank-padded names (as OTMA headers carry them) arrive trimmed.
  c.userid = "IMSOPER ";
  c.tpipe = "TPIPE1  ";
  c.resource = "ECHO    ";
  EXPECT_EQ(exits.call(c).reason, "1 HWSMEMBER0123456 TPIPE1 IMSOPER OPERS L2 S1/4 [/DIS TMEMBER ALL]");
}

TEST(OtmaExits, OnlyDfsccmd0GetsTheCommandText) {
  OtmaExits exits(config({{ExitPoint::Transaction, sample("CRASHEXT")}}));
  ExitCall c = transaction("CLERK01", "ECHO");
  c.command = "/STO TRAN PAYROLL";  // not the transaction exit's business
  c.level = SecurityLevel::Full;
  c.saf_called = false;
  c.saf_rc = 8;  // meaningless when RACF was not called: the exit sees 0
  EXPECT_EQ(exits.call(c).reason, "0 HWS1 TPIPE1 CLERK01 STAFF L3 S0/0 []");
}

TEST(OtmaExits, AnExitThatCrashesIsARefusalAndTheNextCallWorks) {
  OtmaExits exits(config({{ExitPoint::Transaction, sample("CRASHEXT")},
                          {ExitPoint::ResumeTpipe, sample("CRASHEXT")}}));
  ExitVerdict v = exits.call(transaction("CLERK01", "CRASH"));
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.rc, 8);
  EXPECT_NE(v.reason.find("DFSCTRN0 abended"), std::string::npos) << v.reason;
  EXPECT_NE(v.reason.find("S0C4"), std::string::npos) << v.reason;

  // The helper was started again, with the libraries loaded afresh.
  EXPECT_TRUE(exits.call(transaction("CLERK01", "PAYROLL")).allowed);
  ExitVerdict r = exits.call(resume("CLERK01", "CRASH", true, 0));
  EXPECT_FALSE(r.allowed);
  EXPECT_NE(r.reason.find("DFSYRTUX abended"), std::string::npos) << r.reason;
  EXPECT_TRUE(exits.call(resume("CLERK01", "TPIPE1", true, 0)).allowed);
}

TEST(OtmaExits, AnExitThatHangsIsEndedAtTheCallLimit) {
  ExitConfig cfg = config({{ExitPoint::Command, sample("CRASHEXT")}});
  cfg.call_limit = std::chrono::milliseconds(300);
  OtmaExits exits(cfg);
  ExitVerdict v = exits.call(command("IMSOPER", "HANG", "/DIS OTMA", 0));
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.rc, 8);
  EXPECT_EQ(v.reason, "DFSCCMD0 did not return within 300 ms");
  EXPECT_TRUE(exits.call(command("IMSOPER", "DIS", "/DIS OTMA", 0)).allowed);
}

TEST(OtmaExits, AnUndefinedReturnCodeIsARefusal) {
  OtmaExits exits(config({{ExitPoint::ResumeTpipe, sample("CRASHEXT")}}));
  ExitVerdict v = exits.call(resume("CLERK01", "RC12", true, 0));
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.rc, 12);
  EXPECT_NE(v.reason.find("RC 12"), std::string::npos) << v.reason;
  EXPECT_TRUE(exits.call(resume("CLERK01", "TPIPE1", true, 0)).allowed);
}

TEST(OtmaExits, AReasonWithoutItsNulIsCutToTheBuffer) {
  OtmaExits exits(config({{ExitPoint::Transaction, sample("CRASHEXT")}}));
  ExitVerdict v = exits.call(transaction("CLERK01", "NOTERM"));
  EXPECT_FALSE(v.allowed);
  EXPECT_EQ(v.reason, std::string(79, 'X'));
}

TEST(OtmaExits, ANameTheBlockCannotCarryIsRefusedWithoutCallingTheExit) {
  OtmaExits exits(samples());
  // Truncated to 8, "PAYROLL1X" would no longer be what was asked for.
  ExitVerdict v = exits.call(transaction("CLERK01", "PAYROLL1X"));
  EXPECT_FALSE(v.allowed);
  EXPECT_NE(v.reason.find("not called"), std::string::npos) << v.reason;
  EXPECT_FALSE(exits.call(transaction("CLERK 01", "PAYROLL")).allowed);
  EXPECT_TRUE(exits.call(transaction("CLERK01", "PAYROLL")).allowed);
}

TEST(OtmaExits, CallsFromSeveralThreadsEachGetTheirOwnAnswer) {
  OtmaExits exits(samples());
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        bool temp = (i + t) % 2 == 0;
        ExitVerdict v = exits.call(transaction(temp ? "TEMP01" : "CLERK01", "PAYROLL"));
        if (v.allowed == temp) ++wrong;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(OtmaExits, ALibraryWithoutTheEntryPointStopsStartUp) {
  // ECHOPGM is a transaction program: it exports zgate_program, not DFSCCMD0.
  try {
    OtmaExits exits(config({{ExitPoint::Transaction, sample("DFSCTRN0")},
                            {ExitPoint::Command, sample("ECHOPGM")}}));
    FAIL() << "no ExitLoadError";
  } catch (const ExitLoadError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("ECHOPGM.so"), std::string::npos) << what;
    EXPECT_NE(what.find("DFSCCMD0"), std::string::npos) << what;
  }
}

TEST(OtmaExits, AMissingLibraryStopsStartUp) {
  try {
    OtmaExits exits(config({{ExitPoint::ResumeTpipe, "/nonexistent/zgate/DFSYRTUX.so"}}));
    FAIL() << "no ExitLoadError";
  } catch (const ExitLoadError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("/nonexistent/zgate/DFSYRTUX.so"), std::string::npos) << what;
    EXPECT_NE(what.find("No such file"), std::string::npos) << what;  // dlerror()'s text
  }
}

TEST(OtmaExits, AHelperThatCannotStartStopsStartUp) {
  ExitConfig cfg = samples();
  cfg.host_command = {"/nonexistent/zgate", "exit-host"};
  EXPECT_THROW(OtmaExits exits(cfg), ExitLoadError);
}

// An exit is plug-in code like a transaction program, and is confined the same way
// (tm/region_sandbox.h): it reads its own library and the system's, nothing else, and runs
// nothing. CRASHEXT's PROBE reports the errno of an open of the file the command text names
// and of an exec of /bin/true.
TEST(OtmaExits, AnExitCanReadNoOtherFileAndRunNothing) {
  char tmpl[] = "/tmp/zgate-exit-secret-XXXXXX";
  int fd = ::mkstemp(tmpl);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "keys", 4), 4);
  ::close(fd);
  OtmaExits exits(config({{ExitPoint::Command, sample("CRASHEXT")}}));
  ExitVerdict v = exits.call(command("IMSOPER", "PROBE", tmpl, 4));
  ::unlink(tmpl);
  EXPECT_EQ(v.reason, "open " + std::to_string(EACCES) + " exec " + std::to_string(EPERM));
  // The helper is still there and answers.
  EXPECT_EQ(exits.call(command("IMSOPER", "ALLOWED", "/DIS OTMA", 4)).allowed, true);
}

// The helper confines itself before it loads an exit (tm/region_sandbox.h); one that cannot
// (here: a root server whose --region-os-user does not exist) refuses to load any, and start-up
// stops with the reason, rather than run the exits unconfined.
TEST(OtmaExits, AHelperThatCannotConfineItselfStopsStartUp) {
  if (::geteuid() != 0) GTEST_SKIP() << "only a root server switches OS users";
  ExitConfig cfg = samples();
  cfg.os_user = "zgate-no-such-os-user";
  try {
    OtmaExits exits(cfg);
    ADD_FAILURE() << "the exits loaded without a sandbox";
  } catch (const ExitLoadError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("no OS user 'zgate-no-such-os-user'"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace zgate::otma

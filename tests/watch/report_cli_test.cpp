// `zgate report` as an auditor runs it: a database set up with `zgate racf`, the sample
// PROCLIB, the three formats, the exit code. The seed's scenario: the report lists both the
// application ID APPSRV1 and the privileged JOEADMIN, with their fixes.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Ran {
  int rc = -1;
  std::string out;
};

class ReportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("zgate-report-cli-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    db = (dir / "zgate.db").string();
  }
  void TearDown() override { fs::remove_all(dir); }

  // Runs the zgate binary; arguments are single-quoted for the shell (none holds a quote).
  Ran zgate(const std::vector<std::string>& args) {
    std::string cmd = ZGATE_BINARY;
    for (const auto& a : args) cmd += " '" + a + "'";
    fs::path out = dir / "out.txt";
    cmd += " > " + out.string() + " 2>&1";
    Ran r;
    int status = std::system(cmd.c_str());
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in(out, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    r.out = s.str();
    return r;
  }

  void scenario() {
    Ran r = zgate({"racf", "--db", db, "ADDUSER JOEADMIN SPECIAL PASSWORD(JOEPW1)", "ADDUSER APPSRV1 PASSWORD(APPPW1)",
                   "PASSWORD USER(APPSRV1) NOINTERVAL", "SETROPTS CLASSACT(TIMS) GENERIC(TIMS)",
                   "RDEFINE TIMS IVTNO UACC(NONE)", "PERMIT IVTNO CLASS(TIMS) ID(APPSRV1) ACCESS(READ)"});
    ASSERT_EQ(r.rc, 0) << r.out;
  }

  fs::path dir;
  std::string db;
};

TEST_F(ReportCli, ListsTheApplicationIdAndThePrivilegedUserWithTheirFixes) {
  scenario();
  const std::string proclib = std::string(ZGATE_SOURCE_DIR) + "/docs/proclib-sample";
  Ran text = zgate({"report", "--db", db, "--proclib", proclib});
  EXPECT_EQ(text.rc, 4) << "HIGH findings (SPECIAL, RACF=N): exit 4\n" << text.out;
  EXPECT_NE(text.out.find("USER-SPECIAL: JOEADMIN"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("FIX: ALTUSER JOEADMIN NOSPECIAL"), std::string::npos);
  EXPECT_NE(text.out.find("USER-NOINTERVAL: APPSRV1"), std::string::npos);
  EXPECT_NE(text.out.find("FIX: ALTUSER APPSRV1 NOPASSWORD NOPHRASE"), std::string::npos);
  EXPECT_NE(text.out.find("FIX: HWSCFG00: HWS (ID=ZGATEHWS,RACF=Y)"), std::string::npos);
  // IVTNO: APPSRV1 by its own entry (and IBMUSER, who defined the profile, as RACF does).
  EXPECT_NE(text.out.find("APPSRV1 (USER)"), std::string::npos);

  Ran csv = zgate({"report", "--db", db, "--format", "csv"});
  EXPECT_EQ(csv.out.rfind("severity,check,area,subject,finding,fix\r\n", 0), 0u);
  EXPECT_NE(csv.out.find("HIGH,USER-SPECIAL,Privileged users,JOEADMIN,"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("ALTUSER APPSRV1 NOPASSWORD NOPHRASE"), std::string::npos);

  fs::path html = dir / "report.html";
  Ran h = zgate({"report", "--db", db, "--proclib", proclib, "--format", "html", "-o", html.string()});
  EXPECT_EQ(h.rc, 4) << h.out;
  EXPECT_TRUE(h.out.empty()) << h.out;
  std::ifstream in(html);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_NE(s.str().find("ALTUSER JOEADMIN NOSPECIAL"), std::string::npos);
  EXPECT_NE(s.str().find("ALTUSER APPSRV1 NOPASSWORD NOPHRASE"), std::string::npos);
}

TEST_F(ReportCli, NoHighFindingExitsZero) {
  Ran r = zgate({"racf", "--db", db, "SETROPTS PASSWORD(REVOKE(3) HISTORY(10) MINCHANGE(1) WARNING(10) MIXEDCASE)",
                 "SETROPTS INACTIVE(35) CLASSACT(TIMS CIMS RIMS AIMS IIMS)", "ALTUSER IBMUSER NOSPECIAL NOAUDITOR"});
  ASSERT_EQ(r.rc, 0) << r.out;
  Ran rep = zgate({"report", "--db", db});
  EXPECT_EQ(rep.rc, 0) << rep.out;
  EXPECT_NE(rep.out.find("FINDINGS: 0 HIGH"), std::string::npos) << rep.out;
}

TEST_F(ReportCli, ABadProclibIsAnError) {
  Ran none = zgate({"report", "--db", (dir / "nothing.db").string()});
  EXPECT_EQ(none.rc, 8) << none.out;
  EXPECT_FALSE(fs::exists(dir / "nothing.db")) << "the report creates no database";
  ASSERT_EQ(zgate({"racf", "--db", db, "LISTUSER IBMUSER"}).rc, 0);
  Ran r = zgate({"report", "--db", db, "--proclib", (dir / "missing").string()});
  EXPECT_EQ(r.rc, 8) << r.out;
  EXPECT_NE(r.out.find("zgate report:"), std::string::npos) << r.out;
  Ran f = zgate({"report", "--db", db, "--format", "pdf"});
  EXPECT_NE(f.rc, 0);
}

}  // namespace

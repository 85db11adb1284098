// The seed's scenario in CI: `zgate demo attack` runs the AppID attack against a real zgate
// serve and asserts each step itself (exit 0 only when every one behaved as the seed
// describes); this test checks that it did, and that the story it tells names what a security
// team looks for.
#include "zgate_server.h"

namespace zgate::testing {
namespace {

TEST(DemoAttack, TheSeedsAppIdAttackIsMaskedBlockedAlertedCorrelatedTicketedAndReported) {
  const fs::path dir = fs::temp_directory_path() / ("zgate-it-attack-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  RunResult r = run_zgate({"demo", "attack", "--dir", dir.string()});
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("every step behaved as the seed describes"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("NOT AS DESCRIBED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("RSM RC=16"), std::string::npos) << "the blocked client's refusal";
  EXPECT_NE(r.out.find("WATCH ALERT APPSRV1 127.0.0.66"), std::string::npos) << "the alert";
  EXPECT_NE(r.out.find("GUARD POLICY_BLOCK JOEADMIN 127.0.0.66"), std::string::npos) << "the policy's block";
  EXPECT_NE(r.out.find("FIX: ALTUSER JOEADMIN NOSPECIAL"), std::string::npos) << "the report's fix";
  EXPECT_EQ(r.out.find("APPSRV#1"), std::string::npos) << "no password on the screen";
  // The offense as `zgate offenses` reads it back from the trail.
  RunResult list = run_zgate({"offenses", "list", "--db", (dir / "zgate.db").string()});
  EXPECT_EQ(list.status, 0) << list.out;
  EXPECT_NE(list.out.find("APPSRV1,JOEADMIN"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("127.0.0.66"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("1 OFFENSES"), std::string::npos) << list.out;
  // Closed by an analyst: on the trail, and the trail's chain still verifies.
  const std::string id = list.out.substr(list.out.find('\n') + 1, 12);
  RunResult close = run_zgate({"offenses", "close", id, "--db", (dir / "zgate.db").string(), "--by", "secadm",
                               "--note", "AppID password reset, JOEADMIN revoked"});
  EXPECT_EQ(close.status, 0) << close.out;
  EXPECT_NE(run_zgate({"offenses", "list", "--db", (dir / "zgate.db").string()}).out.find("0 OFFENSES"),
            std::string::npos);
  RunResult show = run_zgate({"offenses", "show", id, "--db", (dir / "zgate.db").string()});
  EXPECT_NE(show.out.find("CLOSED by SECADM"), std::string::npos) << show.out;
  EXPECT_EQ(run_zgate({"audit", "verify", "--db", (dir / "zgate.db").string()}).status, 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace zgate::testing

// The zgate binary as a new user drives it (README): RACF commands from arguments and from
// standard input with continuations, "would this user get in?" with its exit code, PassTickets,
// the demo, and that a committed command is there for the next process.
#include <gtest/gtest.h>

#include "zgate_server.h"
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Result = zgate::testing::RunResult;

// Runs the zgate binary with `args`, feeding `input` on standard input; captures stdout+stderr.
Result zgate(const std::vector<std::string>& args, const std::string& input = "") {
  return zgate::testing::run_zgate(args, input);
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() /
          ("zgate-cli-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    db = (dir / "zgate.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  Result racf(std::vector<std::string> commands, const std::string& input = "") {
    commands.insert(commands.begin(), {"racf", "--db", db});
    return zgate(commands, input);
  }
  std::filesystem::path dir;
  std::string db;
};

TEST_F(Cli, HelpListsTheSubcommands) {
  Result r = zgate({"--help"});
  EXPECT_EQ(r.status, 0);
  for (const char* c : {"demo", "racf", "passticket"}) EXPECT_NE(r.out.find(c), std::string::npos) << c;
}

TEST_F(Cli, UnknownSubcommandIsAnErrorNamingIt) {
  Result r = zgate({"frobnicate"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("frobnicate"), std::string::npos);
}

TEST_F(Cli, ANewDatabaseHasIbmuserAsItsFirstSpecialAdministrator) {
  Result r = racf({"LISTUSER IBMUSER"});
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("USER=IBMUSER"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("SPECIAL"), std::string::npos) << r.out;
}

TEST_F(Cli, CommandsDefineAnInstallationAndCheckAnswersWithTheRacfReturnCode) {
  Result r = racf({"SETROPTS CLASSACT(TIMS) GENERIC(TIMS)", "ADDGROUP PAYROLL SUPGROUP(SYS1)",
                "ADDUSER ALICE DFLTGRP(PAYROLL) PASSWORD(WONDER1)", "ADDUSER BOB DFLTGRP(SYS1)",
                "RDEFINE TIMS PAY* UACC(NONE)", "PERMIT PAY* CLASS(TIMS) ID(PAYROLL) ACCESS(READ)"});
  ASSERT_EQ(r.status, 0) << r.out;
  Result allowed = racf({"check", "ALICE", "TIMS", "PAYROLL", "READ"});
  EXPECT_EQ(allowed.status, 0) << allowed.out;
  EXPECT_NE(allowed.out.find("PAY*"), std::string::npos) << allowed.out;
  Result denied = racf({"check", "BOB", "TIMS", "PAYROLL", "READ"});
  EXPECT_EQ(denied.status, 8) << denied.out;
  Result unprotected = racf({"check", "ALICE", "TIMS", "ORDERS", "READ"});
  EXPECT_EQ(unprotected.status, 4) << unprotected.out;
}

TEST_F(Cli, CheckExplainsThatARevokedUserWouldNotGetPastVerify) {
  ASSERT_EQ(racf({"SETROPTS CLASSACT(TIMS)", "ADDUSER ALICE DFLTGRP(SYS1)", "RDEFINE TIMS PAYTX UACC(NONE)",
                  "PERMIT PAYTX CLASS(TIMS) ID(ALICE) ACCESS(READ)", "ALTUSER ALICE REVOKE"})
                .status,
            0);
  Result r = racf({"check", "ALICE", "TIMS", "PAYTX", "READ"});
  EXPECT_EQ(r.status, 0) << r.out;  // the profile would allow her...
  EXPECT_NE(r.out.find("IS REVOKED"), std::string::npos) << r.out;  // ...but VERIFY would not
  Result u = racf({"check", "NOBODY", "TIMS", "PAYTX", "READ"});
  EXPECT_EQ(u.status, 8) << u.out;
  EXPECT_NE(u.out.find("NOT DEFINED"), std::string::npos) << u.out;
}

TEST_F(Cli, CheckAgreesWithTheRaclistCopyNotWithProfilesChangedSinceTheRefresh) {
  ASSERT_EQ(racf({"SETROPTS CLASSACT(TIMS) RACLIST(TIMS)", "ADDUSER ALICE DFLTGRP(SYS1)",
                  "RDEFINE TIMS PAYTX UACC(NONE)"})
                .status,
            0);
  Result r = racf({"check", "ALICE", "TIMS", "PAYTX", "READ"});
  EXPECT_EQ(r.status, 4) << "RDEFINE waits for a REFRESH\n" << r.out;
  ASSERT_EQ(racf({"SETROPTS RACLIST(TIMS) REFRESH"}).status, 0);
  r = racf({"check", "ALICE", "TIMS", "PAYTX", "READ"});
  EXPECT_EQ(r.status, 8) << r.out;
  ASSERT_EQ(racf({"PERMIT PAYTX CLASS(TIMS) ID(ALICE) ACCESS(READ)"}).status, 0);
  r = racf({"check", "ALICE", "TIMS", "PAYTX", "READ"});
  EXPECT_EQ(r.status, 8) << "PERMIT waits for a REFRESH too\n" << r.out;
  ASSERT_EQ(racf({"SETROPTS RACLIST(TIMS) REFRESH"}).status, 0);
  r = racf({"check", "ALICE", "TIMS", "PAYTX", "READ"});
  EXPECT_EQ(r.status, 0) << r.out;
}

TEST_F(Cli, CommandsFromStandardInputJoinTsoContinuations) {
  Result r = racf({}, "ADDGROUP PAYROLL -\n   SUPGROUP(SYS1)\nADDUSER ALICE +\n        DFLTGRP(PAYROLL)\nLISTGRP PAYROLL\n");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("ALICE"), std::string::npos) << r.out;
}

TEST_F(Cli, AFailingCommandMakesTheExitStatusNonZeroWithARacfMessage) {
  Result r = racf({"ADDUSER ALICE DFLTGRP(NOSUCHGP)"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.out.find("ICH"), std::string::npos) << r.out;
}

TEST_F(Cli, ANonSpecialIssuerIsRefused) {
  ASSERT_EQ(racf({"ADDUSER CAROL DFLTGRP(SYS1)"}).status, 0);
  Result r = zgate({"racf", "--db", db, "--as", "CAROL", "ADDUSER MALLORY DFLTGRP(SYS1)"});
  EXPECT_NE(r.status, 0) << r.out;
  EXPECT_NE(racf({"LISTUSER MALLORY"}).status, 0);
}

// `zgate passticket` makes the ticket; `zgate send` signs on with it to a real `zgate serve`
// (RACF=Y, the data store's APPL=IMSAPPL). The second sign-on is refused, and so is a third
// after the server has restarted: the ticket's use is recorded in the security database, not
// in the server's memory.
TEST_F(Cli, PassTicketFromThePtktdataKeyIsAcceptedOnce) {
  zgate::testing::ZgateServer s("cli-passticket");
  s.member("HWSCFG00", "HWS (ID=ZGATEHWS,RACF=Y)\n"
                       "TCPIP (PORT=(ID=" + std::to_string(s.port()) + "),TIMEOUT=3000,\n"
                       "   EXIT=(HWSSMPL0,HWSSMPL1))\n"
                       "DATASTORE (ID=IMS1,GROUP=XCFGRP,MEMBER=HWSMEM1,TMEMBER=IMS1,\n"
                       "   APPL=IMSAPPL)\n");
  s.member("DFSPB000", "IMSID=IMS1,GRNAME=XCFGRP,OTMA=Y,OTMANM=IMS1,OTMASE=N\n");
  s.member("STAGE1", "         APPLCTN PSB=ECHOPGM\n"
                     "         TRANSACT CODE=ECHOTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
                     "         IMSGEN\n");
  Result setup = s.racf("ADDUSER ZGATEHWS DFLTGRP(SYS1) NOPASSWORD\n"
                        "ADDUSER IMSREGN DFLTGRP(SYS1) NOPASSWORD\n"
                        "ADDUSER ALICE DFLTGRP(SYS1) PASSWORD(WONDER1)\n"
                        "ALTUSER ALICE PASSWORD(WONDER1) NOEXPIRED\n"
                        "SETROPTS CLASSACT(PTKTDATA)\n"
                        "RDEFINE PTKTDATA IMSAPPL SSIGNON(KEYMASKED(0123456789ABCDEF))\n");
  ASSERT_EQ(setup.status, 0) << setup.out;
  Result t = zgate({"passticket", "--db", s.db(), "ALICE", "IMSAPPL"});
  ASSERT_EQ(t.status, 0) << t.out;
  std::string ticket = t.out.substr(0, t.out.find('\n'));
  ASSERT_EQ(ticket.size(), 8u) << t.out;
  Result none = zgate({"passticket", "--db", s.db(), "ALICE", "NOAPPL"});
  EXPECT_NE(none.status, 0);
  EXPECT_NE(none.out.find("PTKTDATA"), std::string::npos) << none.out;

  ASSERT_TRUE(s.start()) << s.log();
  const std::string target = "127.0.0.1:" + std::to_string(s.port());
  auto send = [&] {
    return zgate({"send", "--user", "ALICE", "--password", ticket, "--appl", "IMSAPPL", target, "ECHOTXN", "HELLO"});
  };
  Result first = send();
  EXPECT_EQ(first.status, 0) << first.out;
  EXPECT_NE(first.out.find("HELLO"), std::string::npos) << first.out;
  Result second = send();
  EXPECT_EQ(second.status, 8) << second.out;
  EXPECT_NE(second.out.find("security violation"), std::string::npos) << second.out;

  s.stop();
  ASSERT_TRUE(s.start()) << s.log();
  Result after_restart = send();
  EXPECT_EQ(after_restart.status, 8) << after_restart.out;
  EXPECT_NE(after_restart.out.find("security violation"), std::string::npos) << after_restart.out;
  // The ticket never reaches the audit trail.
  EXPECT_EQ(zgate::testing::read_file(s.db() + "-audit.jsonl").find(ticket), std::string::npos);
}

TEST_F(Cli, PasswordsNeverReachTheAuditLogOrTheListing) {
  Result r = racf({"ADDUSER ALICE DFLTGRP(SYS1) PASSWORD(WONDER1)", "LISTUSER ALICE"});
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.find("WONDER1"), std::string::npos) << r.out;
  std::ifstream audit(db + "-audit.jsonl");
  std::stringstream ss;
  ss << audit.rdbuf();
  EXPECT_FALSE(ss.str().empty());
  EXPECT_EQ(ss.str().find("WONDER1"), std::string::npos) << ss.str();
}

// Issue 14 hole 5: the audit trail may live on another file system than the database (a full
// database disk must not silence it too): --audit PATH on every command that opens the database.
TEST_F(Cli, AuditPathPutsTheTrailWhereItIsToldAndRefusesASymbolicLink) {
  std::string elsewhere = (dir / "trail" / "racf-audit.jsonl").string();
  std::filesystem::create_directories(dir / "trail");
  Result r = zgate({"racf", "--db", db, "--audit", elsewhere, "ADDUSER ALICE DFLTGRP(SYS1) PASSWORD(WONDER1)"});
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_FALSE(std::filesystem::exists(db + "-audit.jsonl"));
  std::ifstream audit(elsewhere);
  std::stringstream ss;
  ss << audit.rdbuf();
  EXPECT_NE(ss.str().find("ADDUSER ALICE"), std::string::npos) << ss.str();
  EXPECT_EQ(std::filesystem::status(elsewhere).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  std::filesystem::create_symlink(elsewhere, dir / "link.jsonl");
  r = zgate({"racf", "--db", db, "--audit", (dir / "link.jsonl").string(), "LISTUSER ALICE"});
  EXPECT_NE(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("symbolic link"), std::string::npos) << r.out;
}

// Issue 17: the trail's hash chain, checked by an auditor with `zgate audit verify`. Two zgate
// racf processes append to one trail; an edit to one byte of one record is found and its line
// named.
TEST_F(Cli, AuditVerifyPassesAnIntactTrailAndNamesTheLineOfAnAlteredRecord) {
  ASSERT_EQ(racf({"ADDGROUP PAYROLL SUPGROUP(SYS1)", "ADDUSER ALICE DFLTGRP(PAYROLL) PASSWORD(WONDER1)"}).status, 0);
  ASSERT_EQ(racf({"ADDUSER BOB DFLTGRP(SYS1)", "CONNECT BOB GROUP(PAYROLL)"}).status, 0);
  std::string trail = db + "-audit.jsonl";
  Result ok = zgate({"audit", "verify", "--db", db});
  EXPECT_EQ(ok.status, 0) << ok.out;
  EXPECT_NE(ok.out.find("OK: "), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("HASH CHAIN INTACT"), std::string::npos) << ok.out;
  EXPECT_EQ(zgate({"audit", "verify", trail}).status, 0) << "the file named directly";

  // The record of BOB's CONNECT to PAYROLL made to read as someone else's: one byte changed.
  std::vector<std::string> lines;
  {
    std::ifstream in(trail);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
  }
  std::size_t which = 0;
  while (which < lines.size() && lines[which].find("CONNECT BOB") == std::string::npos) ++which;
  ASSERT_LT(which, lines.size()) << zgate::testing::read_file(trail);
  ASSERT_GT(which, 0u);
  lines[which][lines[which].find("CONNECT BOB") + 8] = 'R';
  {
    std::ofstream out(trail, std::ios::binary | std::ios::trunc);
    for (const auto& l : lines) out << l << "\n";
  }
  Result bad = zgate({"audit", "verify", "--db", db});
  EXPECT_EQ(bad.status, 4) << bad.out;
  EXPECT_NE(bad.out.find("LINE " + std::to_string(which + 1) + ": ALTERED"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("NOT INTACT: 1 PROBLEM"), std::string::npos) << bad.out;

  Result missing = zgate({"audit", "verify", (dir / "no-such-trail.jsonl").string()});
  EXPECT_EQ(missing.status, 8) << missing.out;
  EXPECT_NE(missing.out.find("cannot read"), std::string::npos) << missing.out;
}

// Issue 17: `zgate audit list` reads the trail back with filters, as an auditor asks it: who
// was refused, from where, when.
TEST_F(Cli, AuditListShowsWhatAFilterKeepsAsColumnsOrJson) {
  ASSERT_EQ(racf({"ADDUSER BOB DFLTGRP(SYS1) PASSWORD(BUILDER2)"}).status, 0);
  // BOB is not SPECIAL: his ADDUSER is refused, a violation on record.
  Result refused = zgate({"racf", "--db", db, "--as", "BOB", "ADDUSER EVE"});
  EXPECT_NE(refused.status, 0) << refused.out;
  Result bob = zgate({"audit", "list", "--db", db, "--user", "bob", "--violations"});
  EXPECT_EQ(bob.status, 0) << bob.out;
  EXPECT_NE(bob.out.find("EVT_TYPE"), std::string::npos) << bob.out;
  EXPECT_NE(bob.out.find("VIOLATION"), std::string::npos) << bob.out;
  EXPECT_NE(bob.out.find("ADDUSER EVE"), std::string::npos) << bob.out;
  EXPECT_NE(bob.out.find("1 OF "), std::string::npos) << bob.out;
  Result ibmuser = zgate({"audit", "list", "--db", db, "--user", "IBMUSER", "--violations"});
  EXPECT_NE(ibmuser.out.find("0 OF "), std::string::npos) << ibmuser.out;
  Result json = zgate({"audit", "list", "--db", db, "--user", "BOB", "--json"});
  EXPECT_EQ(json.status, 0);
  EXPECT_EQ(json.out.rfind("{", 0), 0u) << json.out;
  EXPECT_NE(json.out.find("\"user\":\"BOB\""), std::string::npos) << json.out;
  Result later = zgate({"audit", "list", "--db", db, "--since", "2999-01-01"});
  EXPECT_NE(later.out.find("0 OF "), std::string::npos) << later.out;
  Result bad = zgate({"audit", "list", "--db", db, "--since", "yesterday"});
  EXPECT_EQ(bad.status, 2) << bad.out;
}

TEST_F(Cli, DemoRunsOnItsOwnDefaults) {
  Result r = zgate({"demo", "--db", db});
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("RC=0 ALLOWED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("RC=8 DENIED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(PassTicket)"), std::string::npos) << r.out;
  // The secured transaction path: a real zgate serve, and an IMS Connect client's replies.
  EXPECT_NE(r.out.find("HWSC0000I *IMS CONNECT READY* ZGATEHWS"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("server> HELLO FROM ALICE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("RSN=40 (security violation) RACFRC=8"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("RC=16 (OTMA NAK"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(OTMA sense code X'1A')"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("server> HELLO WITH A TICKET"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("-HWSMEM1"), std::string::npos) << "/DIS OTMA: " << r.out;
  EXPECT_NE(r.out.find("server> HELLO FROM BOB"), std::string::npos) << "after PERMIT and REFRESH: " << r.out;
  EXPECT_EQ(r.out.find("UNEXPECTED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("demo: the secured transaction path behaved as IBM documents"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("IMS Connect ZGATEHWS ended"), std::string::npos) << r.out;
  // Passwords are shown masked, never in the clear.
  for (const char* pw : {"WONDER1", "BUILDER2", "GUESS1"}) EXPECT_EQ(r.out.find(pw), std::string::npos) << pw;
  EXPECT_NE(r.out.find("PASSWORD(********)"), std::string::npos) << r.out;
}

}  // namespace

// PSB scheduling security (DFSPB ISIS=, the DFSRAS00 exit) through real regions: whether the
// dependent region's user ID may schedule the PSB of the message it is about to be given.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>

#include "tm/psb_scheduling.h"
#include "tm/ras_exit.h"
#include "tm/region_protocol.h"
#include "tm_fixture.h"

namespace zgate::tm::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class PsbScheduling : public TmTest {
 protected:
  PsbScheduling() {
    saf::Options o = sm->options();
    o.classact.insert("IIMS");
    o.classact.insert("JIMS");
    sm->put_options(o);
    user("USER1");
  }

  void isis(Isis i, const std::string& exit = {}, std::chrono::milliseconds call_limit = std::chrono::seconds(2)) {
    cfg.scheduling.isis = i;
    if (exit.empty()) return;
    RasExit::Host host;
    host.command = {ZGATE_BINARY, "ras-exit-host"};
    host.call_limit = call_limit;
    cfg.scheduling.exit = std::make_shared<RasExit>(program_dir() + "/" + exit + ".so", host);
  }

  // The violation tm wrote (or RACF's record of the check) for the PSB.
  std::vector<audit::Event> psb_events(const std::string& psb) {
    std::vector<audit::Event> out;
    for (const auto& e : sink.events())
      if (e.resource_class == "IIMS" && e.resource == psb && e.violation) out.push_back(e);
    return out;
  }
};

// ---- ISIS=N -----------------------------------------------------------------------------------

TEST_F(PsbScheduling, UnderIsisNNoCheckIsMadeEvenForAProtectedPsb) {
  protect("IIMS", "ECHOPGM");  // UACC(NONE), nobody permitted
  isis(Isis::None);
  start();
  Outcome o = run(message("ECHOTXN", "HELLO"));
  EXPECT_EQ(o.kind, Outcome::Kind::Reply);
  EXPECT_EQ(text(o), "HELLO");
  EXPECT_TRUE(psb_events("ECHOPGM").empty());
}

// ---- ISIS=R -----------------------------------------------------------------------------------

TEST_F(PsbScheduling, UnderIsisRARegionWhoseUserHasNoReadToIimsCannotScheduleThePsb) {
  protect("IIMS", "ECHOPGM");
  isis(Isis::Racf);
  start();
  Outcome o = run(message("ECHOTXN", "HELLO"));
  EXPECT_EQ(o.kind, Outcome::Kind::ImsMessage);
  EXPECT_THAT(text(o), StartsWith("DFS2854A MPR000"));
  EXPECT_THAT(text(o), HasSubstr("084-FAILED SECURITY CHECK, PSB=ECHOPGM, TRAN=ECHOTXN"));
  EXPECT_TRUE(o.abend_code.empty()) << "the program never ran";
  auto ev = psb_events("ECHOPGM");
  ASSERT_EQ(ev.size(), 1u) << "one record: RACF's own (FAILURES(READ)), not a second from tm";
  EXPECT_EQ(ev[0].user, "IMSREGN");
  EXPECT_EQ(ev[0].code, audit::EventCode::Access);
  EXPECT_EQ(ev[0].racf_rc, 8);
  // The message is consumed, not left on the queue.
  EXPECT_EQ(tm->counts("ECHOTXN").queued(), 0u);
  // Other PSBs still schedule.
  EXPECT_EQ(run(message("SWITCHTX", "X")).kind, Outcome::Kind::Reply);
}

TEST_F(PsbScheduling, UnderIsisRTheRegionUserWithReadSchedulesThePsb) {
  protect("IIMS", "ECHOPGM", "IMSREGN");
  isis(Isis::Racf);
  start();
  EXPECT_EQ(text(run(message("ECHOTXN", "HELLO"))), "HELLO");
}

TEST_F(PsbScheduling, UnderIsisRAPsbNoProfileProtectsIsScheduled) {
  isis(Isis::Racf);
  start();
  EXPECT_EQ(text(run(message("ECHOTXN", "HELLO"))), "HELLO");
}

TEST_F(PsbScheduling, UnderIsisRAJimsGroupingProfileProtectsItsMembers) {
  saf::Profile g;
  g.cls = "JIMS";
  g.name = "ECHOGRP";
  g.owner = "IBMUSER";
  g.uacc = saf::Access::None;
  g.members = {"ECHOPGM"};
  sm->put_profile(g);
  isis(Isis::Racf);
  start();
  EXPECT_THAT(text(run(message("ECHOTXN", "HELLO"))), HasSubstr("084-FAILED SECURITY CHECK"));
  g.acl.push_back({"IMSREGN", saf::Access::Read, 0});
  sm->put_profile(g);
  EXPECT_EQ(text(run(message("ECHOTXN", "HELLO"))), "HELLO");
}

// IMS checks the dependent region's user ID when it schedules, also when OTMA FULL will run the
// program under the requester: USER1's READ does not let the region schedule the PSB.
TEST_F(PsbScheduling, UnderIsisRAndOtmaFullTheRegionsOwnUserIdIsCheckedNotTheRequesters) {
  protect("IIMS", "ECHOPGM", "USER1");
  isis(Isis::Racf);
  start();
  Outcome o = run(message("ECHOTXN", "HELLO", MessageSecurity::Full, "USER1"));
  EXPECT_THAT(text(o), HasSubstr("084-FAILED SECURITY CHECK"));
  auto ev = psb_events("ECHOPGM");
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev[0].user, "IMSREGN");
}

TEST_F(PsbScheduling, UnderIsisRARegionUserUnknownToRacfCanScheduleNothing) {
  cfg.userid = "NOSUCHU";
  isis(Isis::Racf);
  start();
  Outcome o = run(message("ECHOTXN", "HELLO"));
  EXPECT_THAT(text(o), HasSubstr("090-FAILED SECURITY CHECK"));
  bool audited = false;
  for (const auto& e : sink.events())
    audited |= e.code == audit::EventCode::JobInit && e.user == "NOSUCHU" && e.resource == "ECHOPGM";
  EXPECT_TRUE(audited);
}

// Commit mode 0: the refusal is the message's output, committed to its tpipe's hold queue at the
// sync point that consumes the input, as a program's reply (or DFS555I) would be.
TEST_F(PsbScheduling, ACommitMode0MessageRefusedAtScheduleGetsItsDfs2854aOnTheHoldQueue) {
  struct Router : OutputRouter {
    std::mutex mu;
    std::vector<OutputMessage> routed;
    std::uint64_t route(const OutputMessage& m) override {
      std::lock_guard lk(mu);
      routed.push_back(m);
      return routed.size();
    }
  } router;
  protect("IIMS", "ECHOPGM");
  isis(Isis::Racf);
  start(&router);
  InputMessage m = message("ECHOTXN", "HELLO");
  m.commit_then_send = true;
  Outcome o = run(std::move(m));
  EXPECT_THAT(text(o), HasSubstr("084-FAILED SECURITY CHECK"));
  EXPECT_NE(o.held_reply, 0u);
  tm.reset();  // before the router goes
  std::lock_guard lk(router.mu);
  ASSERT_EQ(router.routed.size(), 1u);
  EXPECT_EQ(router.routed[0].destination, "TPIPE1");
  EXPECT_THAT(router.routed[0].segments.at(0), StartsWith("DFS2854A"));
}

// ---- ISIS=C: DFSRAS00 alone ---------------------------------------------------------------------

TEST_F(PsbScheduling, UnderIsisCTheExitRefusesAndTheProgramDoesNotRun) {
  protect("IIMS", "ECHOPGM");  // RACF is not asked under C
  isis(Isis::Exit, "DFSRAS00");
  cfg.processing_limit = std::chrono::seconds(60);  // LOOPPGM would run to it, were it scheduled
  start();
  const auto t0 = std::chrono::steady_clock::now();
  Outcome o = run(message("LOOPTX", "X"));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(30)) << "LOOPPGM never started";
  EXPECT_THAT(text(o), HasSubstr("088-FAILED SECURITY CHECK, PSB=LOOPPGM, TRAN=LOOPTX"));
  auto ev = psb_events("LOOPPGM");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].user, "IMSREGN");
  EXPECT_EQ(ev[0].component, "IMS");
  EXPECT_THAT(ev[0].detail, HasSubstr("REJECTED BY DFSRAS00 (REGION USER IMSREGN MAY NOT SCHEDULE LOOPPGM)"));
  // The exit allows the rest, RACF's profile notwithstanding.
  EXPECT_EQ(text(run(message("ECHOTXN", "HELLO"))), "HELLO");
}

TEST_F(PsbScheduling, TheExitIsToldTheRegionsIdentityThePsbAndTheMessage) {
  isis(Isis::Exit, "CRASHRAS");
  start();
  Outcome o = run(message("SWITCHTX", "X", MessageSecurity::Full, "USER1"));
  EXPECT_THAT(text(o), HasSubstr("088-FAILED SECURITY CHECK"));
  auto ev = psb_events("SWITCHPG");
  ASSERT_EQ(ev.size(), 1u);
  // T1 (PSB) IC S0/0 (RACF not called) R<region> ID0 (the region's own user ID) ...
  EXPECT_THAT(ev[0].detail, HasSubstr("(T1 IC S0/0 R"));
  EXPECT_THAT(ev[0].detail, HasSubstr(" ID0 IMSREGN SYS1 IIMS SWITCHPG SWITCHTX USER1)"));
}

// ---- ISIS=A: RACF, then DFSRAS00 ------------------------------------------------------------------

TEST_F(PsbScheduling, UnderIsisARacfAllowsButTheExitRefuses) {
  protect("IIMS", "LOOPPGM", "IMSREGN");
  isis(Isis::Both, "DFSRAS00");
  start();
  Outcome o = run(message("LOOPTX", "X"));
  EXPECT_THAT(text(o), HasSubstr("088-FAILED SECURITY CHECK"));
  EXPECT_EQ(text(run(message("ECHOTXN", "HELLO"))), "HELLO") << "no profile: RACF RC 4, then the exit allows";
}

TEST_F(PsbScheduling, UnderIsisARacfsRefusalStandsAndTheExitIsNotCalled) {
  protect("IIMS", "CRASHPGM");  // CRASHRAS would crash on CRASHPGM, were it called
  protect("IIMS", "SWITCHPG", "IMSREGN");
  isis(Isis::Both, "CRASHRAS");
  start();
  EXPECT_THAT(text(run(message("CRASHTX", "X"))), HasSubstr("084-FAILED SECURITY CHECK"));
  auto ev = psb_events("SWITCHPG");
  EXPECT_TRUE(ev.empty());
  Outcome o = run(message("SWITCHTX", "X"));
  EXPECT_THAT(text(o), HasSubstr("088-FAILED SECURITY CHECK"));
  ev = psb_events("SWITCHPG");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_THAT(ev[0].detail, HasSubstr("(T1 IA S1/0 R")) << "RACF was called and allowed";
}

// ---- a failing exit is a refusal ------------------------------------------------------------------

TEST_F(PsbScheduling, ACrashingDfsras00IsARefusalAndTheNextScheduleGetsANewHelper) {
  isis(Isis::Exit, "CRASHRAS");
  start();
  Outcome o = run(message("CRASHTX", "X"));
  EXPECT_THAT(text(o), HasSubstr("088-FAILED SECURITY CHECK, PSB=CRASHPGM"));
  EXPECT_TRUE(o.abend_code.empty()) << "CRASHPGM itself never ran";
  auto ev = psb_events("CRASHPGM");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_THAT(ev[0].detail, HasSubstr("DFSRAS00 ABENDED S0C4"));
  EXPECT_EQ(text(run(message("ECHOTXN", "HELLO"))), "HELLO");
}

TEST_F(PsbScheduling, AHangingDfsras00IsEndedAtItsCallLimitAndCountsAsARefusal) {
  isis(Isis::Exit, "CRASHRAS", std::chrono::milliseconds(300));
  start();
  EXPECT_THAT(text(run(message("LOOPTX", "X"))), HasSubstr("088-FAILED SECURITY CHECK"));
  auto ev = psb_events("LOOPPGM");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_THAT(ev[0].detail, HasSubstr("DID NOT RETURN WITHIN 300 MS"));
  EXPECT_EQ(text(run(message("ECHOTXN", "HELLO"))), "HELLO");
}

TEST_F(PsbScheduling, AReturnCodeTheAbiDoesNotDefineIsARefusal) {
  isis(Isis::Exit, "CRASHRAS");
  start();
  EXPECT_THAT(text(run(message("AUTHTX", "X"))), HasSubstr("088-FAILED SECURITY CHECK"));
  auto ev = psb_events("AUTHPGM");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_THAT(ev[0].detail, HasSubstr("RETURNED RC 12"));
  EXPECT_EQ(ev[0].racf_rc, 12);
}

TEST_F(PsbScheduling, AnExitThatCannotBeLoadedStopsStartUp) {
  RasExit::Host host;
  host.command = {ZGATE_BINARY, "ras-exit-host"};
  EXPECT_THROW(RasExit(program_dir() + "/ECHOPGM.so", host), RasExitError) << "no DFSRAS00 entry point";
  EXPECT_THROW(RasExit(program_dir() + "/NOSUCH.so", host), RasExitError);
}

// ---- the pieces ---------------------------------------------------------------------------------

TEST(Isis, ValuesAreNRCAAndZeroOneTwoAreReadAsN) {
  EXPECT_EQ(parse_isis("N"), Isis::None);
  EXPECT_EQ(parse_isis("R"), Isis::Racf);
  EXPECT_EQ(parse_isis("C"), Isis::Exit);
  EXPECT_EQ(parse_isis("A"), Isis::Both);
  for (const char* v : {"0", "1", "2"}) EXPECT_EQ(parse_isis(v), Isis::None) << v;
  for (const char* v : {"", "X", "3", "RR", "n", "Y"}) EXPECT_FALSE(parse_isis(v).has_value()) << v;
  EXPECT_TRUE(isis_calls_exit(Isis::Exit));
  EXPECT_TRUE(isis_calls_exit(Isis::Both));
  EXPECT_FALSE(isis_calls_exit(Isis::Racf));
  EXPECT_FALSE(isis_calls_exit(Isis::None));
}

TEST(RasExitFrames, NamesTheBlockCannotCarryAreRefusedWithoutCallingTheExit) {
  RasExit::Call c;
  c.userid = "IMSREGN ";
  c.resource = "ECHOPGM";
  c.trancode = "ECHOTXN";
  auto ok = ras_exit_frames::checked_call(c);
  ASSERT_TRUE(std::holds_alternative<RasExit::Call>(ok));
  EXPECT_EQ(std::get<RasExit::Call>(ok).userid, "IMSREGN");
  c.resource = "TOOLONGPSB";
  EXPECT_TRUE(std::holds_alternative<std::string>(ras_exit_frames::checked_call(c)));
  c.resource = "ECHO\nPGM";
  EXPECT_TRUE(std::holds_alternative<std::string>(ras_exit_frames::checked_call(c)));
  c.resource = "";
  EXPECT_TRUE(std::holds_alternative<std::string>(ras_exit_frames::checked_call(c)));
}

TEST(RasExitFrames, OnlyRcZeroAllowsAndTheReasonIsOnePrintableLine) {
  auto allow = ras_exit_frames::decode_verdict(proto::Writer().i32(0).str("ok").take());
  ASSERT_TRUE(allow);
  EXPECT_TRUE(allow->allowed);
  auto deny = ras_exit_frames::decode_verdict(proto::Writer().i32(8).str("no\nway ").take());
  ASSERT_TRUE(deny);
  EXPECT_FALSE(deny->allowed);
  EXPECT_EQ(deny->reason, "no?way");
  auto odd = ras_exit_frames::decode_verdict(proto::Writer().i32(4).str("").take());
  ASSERT_TRUE(odd);
  EXPECT_FALSE(odd->allowed);
  EXPECT_THAT(odd->reason, HasSubstr("returned RC 4"));
  EXPECT_FALSE(ras_exit_frames::decode_verdict("\x01"));
  EXPECT_FALSE(ras_exit_frames::decode_verdict(proto::Writer().i32(0).str(std::string(200, 'x')).take()));
}

}  // namespace
}  // namespace zgate::tm::testing

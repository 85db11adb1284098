// IMS type-1 commands through OTMA: the OTMA and transaction subset, their output, and their
// authorization against CIMS with the three-character verb.
#include "otma_fixture.h"

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

namespace zgate::otma::testing {
namespace {

TEST_F(OtmaTest, DisplayOtmaListsTheGroupWithTheServerFirst) {
  start(SecurityLevel::Full);
  ASSERT_TRUE(bid("HWS2").accepted);
  ASSERT_TRUE(bid("HWS1").accepted);
  command("/SEC OTMA CHECK TMEMBER HWS2");
  auto out = command("/DIS OTMA");
  ASSERT_GE(out.size(), 6u);
  EXPECT_NE(out[0].find("GROUP/MEMBER"), std::string::npos);
  EXPECT_NE(out[0].find("XCF-STATUS"), std::string::npos);
  EXPECT_NE(out[0].find("USER-STATUS"), std::string::npos);
  EXPECT_NE(out[0].find("SECURITY"), std::string::npos);
  EXPECT_NE(out[0].find("ACEEAGE"), std::string::npos);
  EXPECT_NE(out[0].find("ACEECT"), std::string::npos);
  EXPECT_EQ(out[1], " XCFGRP1");
  EXPECT_EQ(out[2].rfind(" -IMS1", 0), 0u) << "the server is listed first";
  EXPECT_NE(out[2].find("SERVER"), std::string::npos);
  EXPECT_NE(out[2].find("FULL"), std::string::npos);
  EXPECT_EQ(out[3].rfind(" -HWS1", 0), 0u);
  EXPECT_NE(out[3].find("ACCEPT TRAFFIC"), std::string::npos);
  EXPECT_NE(out[3].find("FULL"), std::string::npos);
  EXPECT_EQ(out[4].rfind(" -HWS2", 0), 0u);
  EXPECT_NE(out[4].find("CHECK"), std::string::npos);
  EXPECT_EQ(out.back().front(), '*') << "ends with the *yyddd/hhmmss* stamp";
  EXPECT_EQ(command("/DISPLAY TMEMBER ALL").size(), out.size()) << "/DIS OTMA = /DIS TMEMBER ALL";
}

TEST_F(OtmaTest, DisplayTmemberTpipeAllShowsEnqDeqAndQueueCounts) {
  start(SecurityLevel::None);
  ASSERT_TRUE(bid("HWS1").accepted);
  send("FREETXN", "CLERK", 'F', "HWS1", "CLIENT01");
  send("FREETXN", "CLERK", 'F', "HWS1", "CLIENT01");
  send("FREETXN", "CLERK", 'F', "HWS1", "9999");
  // Alternate-PCB output tm routes to a tpipe waits on its hold queue.
  tm::OutputMessage alt;
  alt.destination = "CLIENT01";
  alt.tmember = "HWS1";
  alt.segments = {"ASYNC OUTPUT"};
  otma->router().route(alt);

  auto out = command("/DIS TMEMBER HWS1 TPIPE ALL", "OPER", "HWS1");
  ASSERT_GE(out.size(), 4u);
  EXPECT_NE(out[0].find("MEMBER/TPIPE"), std::string::npos);
  EXPECT_NE(out[0].find("ENQCT"), std::string::npos);
  EXPECT_NE(out[0].find("DEQCT"), std::string::npos);
  EXPECT_NE(out[0].find("QCT"), std::string::npos);
  EXPECT_EQ(out[1], " HWS1");
  auto row = [&](const std::string& tp) -> std::string {
    for (const auto& l : out)
      if (l.rfind(" -" + tp + " ", 0) == 0) return l;
    return "";
  };
  // CLIENT01: two replies delivered + one held message.
  EXPECT_NE(row("CLIENT01").find("       3        2        1"), std::string::npos) << row("CLIENT01");
  EXPECT_NE(row("9999").find("       1        1        0"), std::string::npos) << row("9999");
  // The command's own reply went out on CLIENT01 after the listing was made.
  auto one = command("/DIS TMEMBER HWS1 TPIPE 9999 NOPIPE");
  EXPECT_TRUE(contains(one, " -9999"));
  EXPECT_FALSE(contains(one, " -CLIENT01"));
  EXPECT_TRUE(contains(one, " -NOPIPE") && contains(one, "IS INVALID"));
  EXPECT_TRUE(contains(command("/DIS TMEMBER HWS9 TPIPE ALL"), "HWS9"));
}

TEST_F(OtmaTest, DisplayTranShowsPsbCountsAndStopStatus) {
  start(SecurityLevel::None);
  ASSERT_TRUE(bid().accepted);
  send("PAYTXN", "CLERK");
  send("PAYTXN", "CLERK");
  auto out = command("/DIS TRAN PAYTXN");
  ASSERT_EQ(out.size(), 3u);
  EXPECT_NE(out[0].find("PSBNAME"), std::string::npos);
  EXPECT_EQ(out[1], " PAYTXN   PAYPGM          2        2        0");
  auto all = command("/DISPLAY TRANSACTION ALL");
  EXPECT_EQ(all.size(), 5u) << "header, FREETXN, PAYTXN, QUIETTXN, stamp";
  EXPECT_TRUE(contains(command("/DIS TRAN NOSUCH"), "NOSUCH   IS INVALID"));
}

TEST_F(OtmaTest, StopTranStopsTheTransactionAndStartTranStartsItAgain) {
  start(SecurityLevel::None);
  ASSERT_TRUE(bid().accepted);
  auto out = command("/STO TRAN PAYTXN");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].rfind("DFS058I ", 0), 0u);
  EXPECT_NE(out[0].find("STOP COMMAND COMPLETED"), std::string::npos) << out[0];
  EXPECT_TRUE(contains(command("/DIS TRAN PAYTXN"), "STOP"));
  EXPECT_TRUE(ran(send("PAYTXN", "CLERK"), "DFS065 TRAN/LTERM STOPPED"));
  out = command("/START TRAN PAYTXN NOSUCH");
  EXPECT_NE(out[0].find("START COMMAND COMPLETED EXCEPT TRAN NOSUCH"), std::string::npos) << out[0];
  EXPECT_TRUE(ran(send("PAYTXN", "CLERK"), "PAID BY CLERK"));
  command("/STOP TRAN ALL");
  EXPECT_TRUE(tm.transactions().find("FREETXN")->stopped);
}

TEST_F(OtmaTest, SecureOtmaSetsTheGlobalLevelAndAnswersDfs058i) {
  start(SecurityLevel::Full);
  ASSERT_TRUE(bid().accepted);
  auto out = command("/SECURE OTMA PROFILE");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find("SECURE COMMAND COMPLETED"), std::string::npos);
  EXPECT_EQ(otma->level_for("HWS1"), SecurityLevel::Profile);
  command("/SEC OTMA JOIN.  a comment after the period");
  EXPECT_EQ(otma->level_for("HWS1"), SecurityLevel::Join);
  command("/sec otma check tmember hws1");
  EXPECT_EQ(otma->level_for("HWS1"), SecurityLevel::Check);
  command("/SEC OTMA ACEEAGE 1200");
  EXPECT_TRUE(contains(command("/DIS OTMA"), "1200"));
  EXPECT_TRUE(contains(command("/SEC OTMA ACEEAGE ABC"), "EXCEPT ACEEAGE ABC"));
}

TEST_F(OtmaTest, CommandErrorsAnswerImsStyleMessages) {
  start(SecurityLevel::None);
  ASSERT_TRUE(bid().accepted);
  EXPECT_EQ(command("/XYZ OTMA")[0], "DFS165 COMMAND VERB IS INVALID");
  EXPECT_EQ(command("/DISPLX OTMA")[0], "DFS105I COMMAND VERB DISPLX IS INCORRECT");
  EXPECT_EQ(command("/DIS FOO")[0], "DFS110I COMMAND KEYWORD FOO INVALID FOR DCCTL");
  EXPECT_EQ(command("/DIS")[0], "DFS107 REQUIRED KEYWORD NOT PRESENT");
  EXPECT_EQ(command("/SEC OTMA C")[0], "DFS110I COMMAND KEYWORD C INVALID FOR DCCTL");
  EXPECT_EQ(command("/SEC OTMA FULL TMEMBER")[0], "DFS128 TOO FEW KEYWORDS");
  EXPECT_EQ(command("/STA TRAN ALL PAYTXN")[0], "DFS122 SPECIFIC PARAMETER MIXED WITH ALL PARAMETER");
  EXPECT_EQ(command("/DIS OTMA EXTRA")[0], "DFS127 TOO MANY KEYWORDS");
}

TEST_F(OtmaTest, UnderCheckACommandIsAuthorizedAgainstCimsWithItsThreeCharacterVerb) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid().accepted);
  // GUEST has no READ to CIMS DIS: /DISPLAY (the long form too) is refused with DFS1292E.
  OtmaReply r = send("/DISPLAY OTMA", "GUEST");
  ASSERT_TRUE(is_nak(r));
  EXPECT_EQ(r.sense, sense::kSecurityViolation);
  EXPECT_NE(r.message.find("CIMS DIS"), std::string::npos) << r.message;
  EXPECT_TRUE(is_nak(send("/SEC OTMA NONE", "GUEST")));
  EXPECT_EQ(otma->level_for("HWS1"), SecurityLevel::Check) << "the refused command did nothing";
  // OPER holds READ to CIMS SEC.
  EXPECT_FALSE(is_nak(send("/SECURE OTMA FULL", "OPER")));
  EXPECT_EQ(otma->level_for("HWS1"), SecurityLevel::Full);
  // A command verb no CIMS profile protects is allowed (RC 4), and then answered.
  EXPECT_EQ(command("/XYZ", "GUEST")[0], "DFS165 COMMAND VERB IS INVALID");
}

TEST_F(OtmaTest, UnderProfileFlagNACommandIsNotChecked) {
  start(SecurityLevel::Profile);
  ASSERT_TRUE(bid().accepted);
  EXPECT_FALSE(is_nak(send("/DIS OTMA", "GUEST", 'N')));
  EXPECT_TRUE(is_nak(send("/DIS OTMA", "GUEST", 'C')));
}


// ---- tpipes: /DISPLAY, /STOP, /START, /DEQUEUE TMEMBER name TPIPE ... -------------------------

class TpipeCommandTest : public OtmaTest {
 protected:
  void SetUp() override {
    start(SecurityLevel::None);
    ASSERT_TRUE(bid("HWS1").accepted);
    ASSERT_TRUE(bid("HWS2").accepted);
  }
  // Asynchronous output held for HWS1 on `tpipe`, as an ISRT to an alternate PCB leaves it.
  // (The commands themselves travel on CLIENT01, whose counts they change.)
  void hold(const std::string& tpipe, const std::string& text = "ASYNC OUTPUT") {
    tm::OutputMessage m;
    m.destination = tpipe;
    m.tmember = "HWS1";
    m.userid = "CLERK";
    m.segments = {text};
    otma->queues().put(m);
  }
  // The /DIS TMEMBER HWS1 TPIPE ALL row of a tpipe ("" when it is not listed).
  std::string row(const std::string& tpipe, const std::string& cmd = "/DIS TMEMBER HWS1 TPIPE ALL") {
    for (const auto& l : command(cmd))
      if (l.rfind(" -" + tpipe + " ", 0) == 0 || l == " -" + tpipe) return l;
    return "";
  }
  static bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
  }
};

TEST_F(TpipeCommandTest, StopTmemberTpipeShowsStoInDisplayTpipeAllAndStartClearsIt) {
  hold("ASYNC01");
  hold("ALTTP");
  auto out = command("/STO TMEMBER HWS1 TPIPE ASYNC01");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].rfind("DFS058I ", 0), 0u);
  EXPECT_NE(out[0].find("STOP COMMAND COMPLETED"), std::string::npos) << out[0];
  EXPECT_EQ(out[0].find("EXCEPT"), std::string::npos) << out[0];

  auto header = command("/DIS TMEMBER HWS1 TPIPE ALL")[0];
  EXPECT_NE(header.find("STATUS"), std::string::npos);
  std::string r = row("ASYNC01");
  EXPECT_TRUE(ends_with(r, "       1        0        1  STO")) << r;
  EXPECT_EQ(r.find("STATUS"), std::string::npos);
  EXPECT_EQ(header.find("STATUS"), r.find("STO")) << "STATUS lines up with its heading";
  EXPECT_EQ(row("ALTTP").find("STO"), std::string::npos) << "only the named tpipe stops";
  // A stopped tpipe keeps its output and delivers none of it.
  EXPECT_TRUE(otma->queues().stopped("HWS1", "ASYNC01"));
  EXPECT_FALSE(otma->queues().take("HWS1", "ASYNC01", Want::Both));

  out = command("/START TMEMBER HWS1 TPIPE ASYNC01");
  EXPECT_NE(out[0].find("START COMMAND COMPLETED"), std::string::npos) << out[0];
  EXPECT_EQ(row("ASYNC01").find("STO"), std::string::npos) << row("ASYNC01");
  auto m = otma->queues().take("HWS1", "ASYNC01", Want::Both);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->segments, std::vector<std::string>{"ASYNC OUTPUT"});
}

TEST_F(TpipeCommandTest, StopTmemberTpipeAllStopsEveryTpipeOfTheMemberOnly) {
  hold("ASYNC01");
  hold("ALTTP");
  tm::OutputMessage other;
  other.destination = "ASYNC01";
  other.tmember = "HWS2";
  other.segments = {"FOR HWS2"};
  otma->queues().put(other);

  command("/STOP TMEMBER HWS1 TPIPE ALL");
  EXPECT_TRUE(otma->queues().stopped("HWS1", "ASYNC01"));
  EXPECT_TRUE(otma->queues().stopped("HWS1", "ALTTP"));
  EXPECT_FALSE(otma->queues().stopped("HWS2", "ASYNC01"));
  EXPECT_NE(row("ALTTP").find("STO"), std::string::npos);
  command("/STA TMEM HWS1 TPIPE ALL");
  EXPECT_FALSE(otma->queues().stopped("HWS1", "ASYNC01"));
  EXPECT_FALSE(otma->queues().stopped("HWS1", "ALTTP"));
}

TEST_F(TpipeCommandTest, StopAndStartTpipeAnswerImsStyleErrors) {
  hold("ASYNC01");
  EXPECT_NE(command("/STO TMEMBER HWS9 TPIPE ASYNC01")[0].find("STOP COMMAND COMPLETED EXCEPT TMEMBER HWS9"),
            std::string::npos);
  EXPECT_NE(command("/STO TMEMBER HWS1 TPIPE ASYNC01 NOPIPE")[0].find("COMPLETED EXCEPT TPIPE NOPIPE"),
            std::string::npos);
  EXPECT_TRUE(otma->queues().stopped("HWS1", "ASYNC01")) << "the tpipes that exist are stopped";
  EXPECT_EQ(command("/STO TMEMBER HWS2 TPIPE ALL")[0], "DFS1268 NO TPIPES ASSOCIATED WITH TMEMBER");
  EXPECT_EQ(command("/STA TMEMBER HWS1")[0], "DFS107 REQUIRED KEYWORD NOT PRESENT");
  EXPECT_EQ(command("/STA TMEMBER HWS1 TPIPE")[0], "DFS128 TOO FEW KEYWORDS");
  EXPECT_EQ(command("/STA TMEMBER")[0], "DFS128 TOO FEW KEYWORDS");
  EXPECT_EQ(command("/STA TMEMBER HWS1 TPIPE ALL ASYNC01")[0], "DFS122 SPECIFIC PARAMETER MIXED WITH ALL PARAMETER");
  EXPECT_EQ(command("/STA TMEMBER HWS1 HWS2 TPIPE ALL")[0], "DFS127 TOO MANY KEYWORDS");
  EXPECT_EQ(command("/STA TMEMBER HWS1 QCNT")[0], "DFS110I COMMAND KEYWORD QCNT INVALID FOR DCCTL");
}

TEST_F(TpipeCommandTest, DequeueDiscardsTheHeldOutputAndQctDropsTo0) {
  hold("ASYNC01", "ONE");
  hold("ASYNC01", "TWO");
  hold("ASYNC01", "THREE");
  hold("ALTTP");
  EXPECT_TRUE(ends_with(row("ASYNC01"), "       3        0        3")) << row("ASYNC01");

  auto out = command("/DEQUEUE TMEMBER HWS1 TPIPE ASYNC01 PURGE");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].rfind("DFS058I ", 0), 0u);
  EXPECT_NE(out[0].find("DEQUEUE COMMAND COMPLETED"), std::string::npos) << out[0];
  EXPECT_EQ(out[1], " 3 MESSAGES DEQUEUED FROM TMEMBER HWS1 TPIPE ASYNC01");
  EXPECT_TRUE(ends_with(row("ASYNC01"), "       3        3        0")) << row("ASYNC01");
  EXPECT_FALSE(otma->queues().take("HWS1", "ASYNC01", Want::Both)) << "the output is gone";
  EXPECT_TRUE(ends_with(row("ALTTP"), "       1        0        1")) << "other tpipes keep theirs";

  // IBM's short forms; an empty tpipe dequeues nothing.
  out = command("/DEQ TMEM HWS1 TPIPE ASYNC01 PURGE");
  EXPECT_EQ(out.at(1), " 0 MESSAGES DEQUEUED FROM TMEMBER HWS1 TPIPE ASYNC01");
  // A stopped tpipe can be emptied too (the usual order: stop it, then dequeue).
  command("/STO TMEMBER HWS1 TPIPE ALTTP");
  EXPECT_EQ(command("/DEQ TMEMBER HWS1 TPIPE ALTTP PURGE").at(1), " 1 MESSAGE DEQUEUED FROM TMEMBER HWS1 TPIPE ALTTP");
}

TEST_F(TpipeCommandTest, DequeuePurge1DiscardsOnlyTheOldestMessage) {
  hold("ASYNC01", "FIRST");
  hold("ASYNC01", "SECOND");
  auto out = command("/DEQUEUE TMEMBER HWS1 TPIPE ASYNC01 PURGE1");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1], " 1 MESSAGE DEQUEUED FROM TMEMBER HWS1 TPIPE ASYNC01");
  auto next = otma->queues().take("HWS1", "ASYNC01", Want::Both);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->segments.at(0), "SECOND") << "the second message is now first";
}

TEST_F(TpipeCommandTest, DequeueEndsTheIcalWhoseCalloutRequestItDiscards) {
  std::optional<tm::CalloutResult> result;
  std::thread ical([&] {
    tm::CalloutRequest r;
    r.destination = "CALLOUT1";
    r.segments = {"REQUEST"};
    r.userid = "CLERK";
    r.timeout = std::chrono::seconds(20);
    result = otma->queues().call_out("HWS1", "CALLOUT1", r);
  });
  // The ICAL's request waits on the tpipe's hold queue (QCT 1) for a RESUME TPIPE.
  for (int i = 0; i < 2000 && !ends_with(row("CALLOUT1"), "       1        0        1"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto out = command("/DEQUEUE TMEMBER HWS1 TPIPE CALLOUT1 PURGE");
  ical.join();
  EXPECT_EQ(out.at(1), " 1 MESSAGE DEQUEUED FROM TMEMBER HWS1 TPIPE CALLOUT1");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, tm::CalloutResult::Status::Unavailable);
}

TEST_F(TpipeCommandTest, DequeueAnswersImsStyleErrors) {
  hold("ASYNC01");
  EXPECT_EQ(command("/DEQ TMEMBER HWS1 TPIPE ASYNC01")[0], "DFS107 REQUIRED KEYWORD NOT PRESENT")
      << "PURGE or PURGE1 is required";
  EXPECT_EQ(command("/DEQ TMEMBER HWS1 PURGE")[0], "DFS107 REQUIRED KEYWORD NOT PRESENT");
  EXPECT_EQ(command("/DEQ TMEMBER HWS1 TPIPE ASYNC01 PURGE PURGE1")[0], "DFS127 TOO MANY KEYWORDS");
  EXPECT_EQ(command("/DEQ TRAN PAYTXN PURGE")[0], "DFS110I COMMAND KEYWORD TRAN INVALID FOR DCCTL");
  EXPECT_EQ(command("/DEQUEUE")[0], "DFS107 REQUIRED KEYWORD NOT PRESENT");
  EXPECT_NE(command("/DEQ TMEMBER HWS9 TPIPE ASYNC01 PURGE")[0].find("DEQUEUE COMMAND COMPLETED EXCEPT TMEMBER HWS9"),
            std::string::npos);
  EXPECT_NE(command("/DEQ TMEMBER HWS1 TPIPE NOPIPE PURGE")[0].find("EXCEPT TPIPE NOPIPE"), std::string::npos);
  EXPECT_EQ(command("/DEQUEX TMEMBER HWS1 TPIPE ASYNC01 PURGE")[0], "DFS105I COMMAND VERB DEQUEX IS INCORRECT");
  EXPECT_TRUE(ends_with(row("ASYNC01"), "       1        0        1")) << "nothing was dequeued";
}

TEST_F(TpipeCommandTest, DisplayShowsATpipeWithAnOutstandingResumeTpipe) {
  hold("ASYNC01");
  std::atomic<bool> woken{false};
  auto h = otma->queues().watch("HWS1", "ALTTP", [&] { woken = true; });
  otma->queues().delivered("HWS1", "ALTTP");
  EXPECT_TRUE(ends_with(row("ALTTP"), "  WAIT_RT")) << row("ALTTP");
  EXPECT_EQ(row("ASYNC01").find("WAIT_RT"), std::string::npos);
  // /STOP ends the RESUME TPIPE that waits on the tpipe.
  command("/STO TMEMBER HWS1 TPIPE ALTTP");
  EXPECT_TRUE(woken);
  otma->queues().unwatch(h);
  EXPECT_TRUE(ends_with(row("ALTTP"), "  STO")) << row("ALTTP");
}

TEST_F(TpipeCommandTest, DisplayTakesGenericTpipeNamesAndSeveralMembers) {
  hold("ASYNC01");
  hold("ASYNC02");
  hold("ALTTP");
  auto out = command("/DIS TMEMBER HWS1 TPIPE ASYNC*");
  EXPECT_TRUE(contains(out, " -ASYNC01"));
  EXPECT_TRUE(contains(out, " -ASYNC02"));
  EXPECT_FALSE(contains(out, " -ALTTP"));
  EXPECT_FALSE(contains(out, "IS INVALID"));
  EXPECT_TRUE(contains(command("/DIS TMEMBER HWS1 TPIPE NOSUCH*"), " HWS1")) << "a generic name may match none";
  EXPECT_EQ(command("/DIS TMEMBER HWS2 TPIPE ALL")[0], "DFS1268 NO TPIPES ASSOCIATED WITH TMEMBER");
  EXPECT_EQ(command("/DIS TMEMBER HWS1 TPIPE ALL ASYNC01")[0], "DFS122 SPECIFIC PARAMETER MIXED WITH ALL PARAMETER");
  out = command("/DIS TMEMBER ALL TPIPE ALL");
  EXPECT_TRUE(contains(out, " HWS1"));
  EXPECT_TRUE(contains(out, " HWS2"));
  EXPECT_TRUE(contains(out, " -ALTTP"));
}

TEST_F(OtmaTest, DequeueIsAuthorizedAgainstCimsDeq) {
  profile("CIMS", "DEQ", {{"OPER", saf::Access::Read}});
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid().accepted);
  OtmaReply r = send("/DEQUEUE TMEMBER HWS1 TPIPE ASYNC01 PURGE", "GUEST");
  ASSERT_TRUE(is_nak(r));
  EXPECT_NE(r.message.find("CIMS DEQ"), std::string::npos) << r.message;
  EXPECT_FALSE(is_nak(send("/DEQ TMEMBER HWS1 TPIPE ASYNC01 PURGE", "OPER")));
}

}  // namespace
}  // namespace zgate::otma::testing

namespace zgate::otma::testing {
namespace {

// Issue 17: the OTMA security level is the door's lock; every change is on the trail with who
// made it, the member, and old -> new, a lowered level with a raised severity (the alert rule
// "OTMA level lowered" reads these).
TEST_F(OtmaTest, SecureOtmaIsAuditedWithTheOldAndNewLevelAndWhoChangedIt) {
  start(SecurityLevel::Full);
  ASSERT_TRUE(bid("HWS1").accepted);
  sink.clear();
  command("/SECURE OTMA NONE TMEMBER HWS2", "OPER", "HWS1");
  command("/SEC OTMA CHECK", "OPER", "HWS1");
  std::vector<audit::Event> changes;
  for (const auto& e : sink.events())
    if (e.component_code == "SECURE_OTMA") changes.push_back(e);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].component, "OTMA");
  EXPECT_EQ(changes[0].user, "OPER");
  EXPECT_EQ(changes[0].resource, "HWS2");
  EXPECT_EQ(changes[0].detail, "FULL->NONE");
  EXPECT_EQ(audit::severity_of(changes[0]), 7);
  EXPECT_EQ(changes[1].resource, "*");
  EXPECT_EQ(changes[1].detail, "FULL->CHECK");
}

}  // namespace
}  // namespace zgate::otma::testing

// IMS type-1 commands through OTMA: the OTMA and transaction subset, their output, and their
// authorization against CIMS with the three-character verb.
#include "otma_fixture.h"

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

}  // namespace
}  // namespace zgate::otma::testing

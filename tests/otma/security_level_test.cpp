// The five OTMA security levels (seeds/racf-security-levels-for-otma.txt), per member and per
// message, against a real security manager.
#include <algorithm>

#include "otma_fixture.h"
#include "saf/tokens.h"

namespace zgate::otma::testing {
namespace {

// ---- the table: every level x {undefined user, user without access, user with access,
//      client-bid without READ on IMSXCF} -------------------------------------------------------

enum class Expect { Runs, Nak };
struct Row {
  SecurityLevel level;
  char flag;  // the message's flag (matters under PROFILE only)
  Expect undefined_user, without_access, with_access;
  bool bid_without_read_accepted;
  tm::MessageSecurity security;  // what tm sees for the user with access
};
void PrintTo(const Row& r, std::ostream* os) { *os << level_name(r.level) << " with flag " << r.flag; }

class LevelTable : public OtmaTest, public ::testing::WithParamInterface<Row> {};

TEST_P(LevelTable, EachLevelDecidesAsTheSeedSays) {
  const Row& row = GetParam();
  start(row.level);
  ASSERT_TRUE(bid().accepted);

  auto check = [&](const char* who, Expect e, const OtmaReply& r) {
    if (e == Expect::Runs) {
      EXPECT_EQ(r.kind, OtmaReply::Kind::Data) << level_name(row.level) << " " << who << ": " << r.message;
    } else {
      ASSERT_TRUE(is_nak(r)) << level_name(row.level) << " " << who;
      EXPECT_EQ(r.sense, sense::kSecurityViolation);
      EXPECT_NE(r.message.find("DFS1292E SECURITY VIOLATION"), std::string::npos) << r.message;
    }
  };
  check("undefined user", row.undefined_user, send("PAYTXN DATA", "NOSUCH", row.flag));
  check("user without access", row.without_access, send("PAYTXN DATA", "GUEST", row.flag));
  OtmaReply ok = send("PAYTXN DATA", "CLERK", row.flag);
  check("user with access", row.with_access, ok);
  ASSERT_TRUE(tm.last());
  EXPECT_EQ(tm.last()->userid, "CLERK");
  EXPECT_EQ(tm.last()->security, row.security);
  if (row.security == tm::MessageSecurity::None) {
    EXPECT_EQ(tm.last()->requester, nullptr);
  } else {
    ASSERT_NE(tm.last()->requester, nullptr);
    EXPECT_EQ(tm.last()->requester->user, "CLERK");
  }

  EXPECT_EQ(bid("HWS2", "NOBID").accepted, row.bid_without_read_accepted) << level_name(row.level);
}

INSTANTIATE_TEST_SUITE_P(
    OtmaSecurityLevels, LevelTable,
    ::testing::Values(
        Row{SecurityLevel::None, 'F', Expect::Runs, Expect::Runs, Expect::Runs, true, tm::MessageSecurity::None},
        Row{SecurityLevel::Join, 'F', Expect::Runs, Expect::Runs, Expect::Runs, false, tm::MessageSecurity::None},
        Row{SecurityLevel::Check, 'N', Expect::Nak, Expect::Nak, Expect::Runs, false, tm::MessageSecurity::Check},
        Row{SecurityLevel::Full, 'N', Expect::Nak, Expect::Nak, Expect::Runs, false, tm::MessageSecurity::Full},
        Row{SecurityLevel::Profile, 'N', Expect::Runs, Expect::Runs, Expect::Runs, false, tm::MessageSecurity::None},
        Row{SecurityLevel::Profile, 'C', Expect::Nak, Expect::Nak, Expect::Runs, false, tm::MessageSecurity::Check},
        Row{SecurityLevel::Profile, 'F', Expect::Nak, Expect::Nak, Expect::Runs, false, tm::MessageSecurity::Full}),
    [](const ::testing::TestParamInfo<Row>& i) {
      std::string n(level_name(i.param.level));
      if (i.param.level == SecurityLevel::Profile) n += std::string("_flag_") + i.param.flag;
      return n;
    });

// ---- single rules, in IMS terms ----------------------------------------------------------------

TEST_F(OtmaTest, UnderCheckAUserWithoutReadToTimsPaytxnIsRefusedWithANakAndDfs1292e) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid().accepted);
  OtmaReply r = send("PAYTXN 100", "GUEST");
  ASSERT_TRUE(is_nak(r));
  EXPECT_EQ(r.sense, sense::kSecurityViolation);
  EXPECT_EQ(r.reason, 8);
  EXPECT_NE(r.message.find("DFS1292E SECURITY VIOLATION"), std::string::npos);
  EXPECT_NE(r.message.find("TIMS PAYTXN"), std::string::npos) << r.message;
  EXPECT_TRUE(tm.received().empty()) << "a refused message never reaches tm";
  // The refusal is audited (SMF ACCESS violation).
  auto ev = sink.events();
  EXPECT_TRUE(std::any_of(ev.begin(), ev.end(), [](const audit::Event& e) {
    return e.code == audit::EventCode::Access && e.violation && e.resource == "PAYTXN" && e.user == "GUEST";
  }));
}

TEST_F(OtmaTest, UnderCheckATransactionNotDefinedToTimsIsAllowed) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid().accepted);
  EXPECT_TRUE(ran(send("FREETXN", "GUEST"), "FREE"));  // FASTAUTH RC 4: not protected
}

TEST_F(OtmaTest, UnderCheckAnUndefinedUserIsRefusedWithTheVerifyReturnCode) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid().accepted);
  OtmaReply r = send("FREETXN", "NOSUCH");
  ASSERT_TRUE(is_nak(r));
  EXPECT_EQ(r.reason, 0x04);
  EXPECT_NE(r.message.find("DFS2469W"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("RC=X'04'"), std::string::npos) << r.message;
}

TEST_F(OtmaTest, UnderFullARevokedUserIsRefusedWithRc1c) {
  start(SecurityLevel::Full);
  ASSERT_TRUE(bid().accepted);
  revoke("CLERK");
  OtmaReply r = send("PAYTXN", "CLERK");
  ASSERT_TRUE(is_nak(r));
  EXPECT_EQ(r.reason, 0x1C);
  EXPECT_NE(r.message.find("RC=X'1C'"), std::string::npos) << r.message;
}

TEST_F(OtmaTest, UnderCheckAMessageWithoutUserIdIsASecurityViolation) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid().accepted);
  OtmaReply r = send("FREETXN", "");
  ASSERT_TRUE(is_nak(r));
  EXPECT_EQ(r.sense, sense::kSecurityViolation);
  EXPECT_NE(r.message.find("NO USER ID"), std::string::npos);
}

TEST_F(OtmaTest, UnderNoneRacfIsNeverCalledNotForTheBidNorTheUserNorTheTransaction) {
  start(SecurityLevel::None);
  EXPECT_TRUE(bid("HWS1", "NOSUCH").accepted) << "an undefined bidder joins under NONE";
  OtmaReply r = send("PAYTXN 1", "NOSUCH");
  EXPECT_TRUE(ran(r, "PAID BY NOSUCH"));
  EXPECT_EQ(tm.last()->security, tm::MessageSecurity::None);
  EXPECT_EQ(tm.last()->requester, nullptr);
  auto lines = command("/DIS OTMA", "NOSUCH");
  EXPECT_TRUE(contains(lines, "GROUP/MEMBER"));
  EXPECT_TRUE(sink.events().empty()) << "no VERIFY, no FASTAUTH, no audit record";
  // and no userid cache is used
  EXPECT_TRUE(contains(command("/DIS OTMA", "NOSUCH"), " -HWS1"));
}

TEST_F(OtmaTest, UnderJoinOnlyTheClientBidIsChecked) {
  start(SecurityLevel::Join);
  EXPECT_FALSE(bid("HWS1", "NOSUCH").accepted) << "bid by an undefined user";
  EXPECT_FALSE(bid("HWS1", "NOBID").accepted) << "bid without READ to IMSXCF.XCFGRP1.HWS1";
  ASSERT_TRUE(bid("HWS1", "HWSUSER").accepted);
  sink.clear();
  EXPECT_TRUE(ran(send("PAYTXN", "GUEST"), "PAID BY GUEST"));
  EXPECT_TRUE(ran(send("PAYTXN", "NOSUCH"), "PAID BY NOSUCH"));
  EXPECT_EQ(verifies(), 0);
  EXPECT_EQ(tm.last()->security, tm::MessageSecurity::None);
}

TEST_F(OtmaTest, UnderProfileTheMessageFlagDecidesNCOrF) {
  start(SecurityLevel::Profile);
  ASSERT_TRUE(bid().accepted);
  EXPECT_TRUE(ran(send("PAYTXN", "GUEST", 'N'), "PAID BY GUEST"));
  EXPECT_EQ(tm.last()->security, tm::MessageSecurity::None);
  EXPECT_TRUE(is_nak(send("PAYTXN", "GUEST", 'C')));
  EXPECT_TRUE(ran(send("PAYTXN", "CLERK", 'C'), "PAID BY CLERK"));
  EXPECT_EQ(tm.last()->security, tm::MessageSecurity::Check);
  EXPECT_TRUE(ran(send("PAYTXN", "CLERK", 'F'), "PAID BY CLERK"));
  EXPECT_EQ(tm.last()->security, tm::MessageSecurity::Full);
  OtmaReply bad = send("PAYTXN", "CLERK", 'X');
  EXPECT_TRUE(is_nak(bad)) << "an unknown flag is refused, not guessed";
}

TEST_F(OtmaTest, UnderProfileTheClientBidIsStillChecked) {
  start(SecurityLevel::Profile);
  EXPECT_FALSE(bid("HWS1", "NOBID").accepted);
  EXPECT_TRUE(bid("HWS1", "HWSUSER").accepted);
}

TEST_F(OtmaTest, SecureOtmaTmemberOverridesTheGlobalLevelForThatClientOnly) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid("HWS1").accepted);
  // Set before HWS2 bids: the bid itself is judged at NONE.
  EXPECT_TRUE(contains(command("/SEC OTMA NONE TMEMBER HWS2", "OPER"), "DFS058I"));
  EXPECT_EQ(otma->level_for("HWS2"), SecurityLevel::None);
  EXPECT_EQ(otma->level_for("HWS1"), SecurityLevel::Check);
  EXPECT_TRUE(bid("HWS2", "NOSUCH").accepted);
  EXPECT_TRUE(ran(send("PAYTXN", "NOSUCH", 'F', "HWS2"), "PAID BY NOSUCH"));
  EXPECT_TRUE(is_nak(send("PAYTXN", "NOSUCH", 'F', "HWS1")));
  // A global change leaves the override in place.
  command("/SECURE OTMA FULL", "OPER");
  EXPECT_EQ(otma->level_for("HWS1"), SecurityLevel::Full);
  EXPECT_EQ(otma->level_for("HWS2"), SecurityLevel::None);
  EXPECT_EQ(otma->level_for("HWS9"), SecurityLevel::Full);
}

TEST_F(OtmaTest, TheClientBidMustNameThisImsGroupAndMember) {
  start(SecurityLevel::Full);
  ClientBid b;
  b.group = "OTHERGRP";
  b.member = "HWS1";
  b.ims_member = "IMS1";
  b.userid = "HWSUSER";
  BidResult r = otma->client_bid(b);
  EXPECT_FALSE(r.accepted);
  EXPECT_EQ(r.sense, sense::kInvalidClientBid);
  EXPECT_NE(r.message.find("OTHERGRP"), std::string::npos);
  b.group = "XCFGRP1";
  b.ims_member = "IMS2";
  r = otma->client_bid(b);
  EXPECT_FALSE(r.accepted);
  EXPECT_EQ(r.sense, sense::kInvalidClientBid);
  b.ims_member = "IMS1";
  EXPECT_TRUE(otma->client_bid(b).accepted);
  EXPECT_TRUE(otma->joined("HWS1"));
}

TEST_F(OtmaTest, ABidWithoutReadOnImsxcfIsRefusedButAnUnprotectedMemberNeedsNone) {
  start(SecurityLevel::Check);
  BidResult r = bid("HWS1", "NOBID");
  EXPECT_FALSE(r.accepted);
  EXPECT_EQ(r.sense, sense::kSecurityViolation);
  EXPECT_NE(r.message.find("IMSXCF.XCFGRP1.HWS1"), std::string::npos) << r.message;
  // No FACILITY profile for HWS3: FASTAUTH RC 4, any defined user may bid.
  EXPECT_TRUE(bid("HWS3", "NOBID").accepted);
  EXPECT_FALSE(bid("HWS4", "NOSUCH").accepted) << "but the bidder must be defined";
}

TEST_F(OtmaTest, AMemberThatHasNotBidGetsANak) {
  start(SecurityLevel::None);
  OtmaReply r = send("PAYTXN", "CLERK", 'F', "HWS7");
  ASSERT_TRUE(is_nak(r));
  EXPECT_EQ(r.sense, sense::kInvalidClientBid);
  ASSERT_TRUE(bid("HWS7").accepted);
  EXPECT_FALSE(is_nak(send("PAYTXN", "CLERK", 'F', "HWS7")));
  otma->leave("HWS7");
  EXPECT_FALSE(otma->joined("HWS7"));
  EXPECT_TRUE(is_nak(send("PAYTXN", "CLERK", 'F', "HWS7")));
}

TEST_F(OtmaTest, AUtokenNamesTheUserAndMustAgreeWithTheUserId) {
  start(SecurityLevel::Full);
  ASSERT_TRUE(bid().accepted);
  saf::AceeRef clerk = sm->acee_for("CLERK");
  OtmaMessage m;
  m.tmember = "HWS1";
  m.tpipe = "CLIENT01";
  m.segments = {"PAYTXN"};
  m.security.flag = 'F';
  m.security.utoken = saf::make_utoken(*clerk);
  EXPECT_TRUE(ran(send(m), "PAID BY CLERK")) << "the UTOKEN supplies the user ID";
  EXPECT_EQ(tm.last()->requester->user, "CLERK");
  m.security.userid = "CLERK";
  EXPECT_TRUE(ran(send(m), "PAID BY CLERK"));
  m.security.userid = "GUEST";
  OtmaReply r = send(m);
  EXPECT_TRUE(is_nak(r)) << "a user ID that disagrees with the UTOKEN";
  m.security.userid.clear();
  m.security.utoken->fill(0);
  EXPECT_TRUE(is_nak(send(m))) << "a malformed UTOKEN";
}

TEST_F(OtmaTest, TheGroupInTheSecurityDataBecomesTheAceeGroup) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid().accepted);
  EXPECT_TRUE(ran(send("PAYTXN", "AUDITOR1", 'F', "HWS1", "CLIENT01", "AUDGRP"), "PAID BY AUDITOR1"));
  EXPECT_EQ(tm.last()->group, "AUDGRP");
  EXPECT_EQ(tm.last()->requester->group, "AUDGRP");
  // In its default group it has no access (SETROPTS NOGRPLIST).
  EXPECT_TRUE(is_nak(send("PAYTXN", "AUDITOR1")));
  // A group the user is not connected to fails VERIFY (RC X'14').
  OtmaReply r = send("PAYTXN", "CLERK", 'F', "HWS1", "CLIENT01", "AUDGRP");
  ASSERT_TRUE(is_nak(r));
  EXPECT_EQ(r.reason, 0x14);
}

TEST_F(OtmaTest, TheInputMessageCarriesTrancodeLtermTmemberAndUser) {
  start(SecurityLevel::Full);
  ASSERT_TRUE(bid().accepted);
  OtmaMessage m;
  m.tmember = "HWS1";
  m.tpipe = "9999";
  m.segments = {"PAYTXN  AMOUNT=100", "SECOND SEGMENT"};
  m.security.flag = 'F';
  m.security.userid = "clerk";
  EXPECT_TRUE(ran(send(m), "PAID BY CLERK"));
  auto in = *tm.last();
  EXPECT_EQ(in.trancode, "PAYTXN");
  EXPECT_EQ(in.lterm, "9999");
  EXPECT_EQ(in.tmember, "HWS1");
  EXPECT_EQ(in.userid, "CLERK");
  EXPECT_EQ(in.group, "PAYGRP");
  EXPECT_EQ(in.segments.size(), 2u);
  // A first word longer than 8 characters is cut at 8, as IMS reads the code.
  send("FREETXNXYZ DATA", "CLERK");
  EXPECT_EQ(tm.last()->trancode, "FREETXNX");
}

TEST_F(OtmaTest, ATransactionThatEndsWithoutReplyAnswersDfs2082) {
  start(SecurityLevel::None);
  ASSERT_TRUE(bid().accepted);
  EXPECT_TRUE(ran(send("QUIETTXN", "CLERK"), "DFS2082 RESPONSE MODE TRANSACTION TERMINATED WITHOUT REPLY"));
  EXPECT_TRUE(ran(send("NOTDEF", "CLERK"), "DFS064 DESTINATION CANNOT BE FOUND OR CREATED"));
}

TEST(OtmaLevels, ParseLevelAcceptsOtmaseLettersAndSecureKeywords) {
  EXPECT_EQ(parse_level("C"), SecurityLevel::Check);
  EXPECT_EQ(parse_level("full"), SecurityLevel::Full);
  EXPECT_EQ(parse_level("J"), SecurityLevel::Join);
  EXPECT_EQ(parse_level("NONE"), SecurityLevel::None);
  EXPECT_EQ(parse_level("P"), SecurityLevel::Profile);
  EXPECT_FALSE(parse_level("X"));
  EXPECT_EQ(level_name(SecurityLevel::Profile), "PROFILE");
}

}  // namespace
}  // namespace zgate::otma::testing

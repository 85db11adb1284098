// Replies: RSM, CSM, RMM, GENCID and data segments as HWSSMPL0/1 clients read them
// (reference §2.1-2.3), and IBM's return/reason codes in words.
#include <gtest/gtest.h>

#include "connect/return_codes.h"
#include "connect/doors/irm/rsm.h"
#include "test_messages.h"

namespace zgate::connect {
namespace {

std::string hex(const Bytes& b) { return core::to_hex(b); }

TEST(Rsm, ASecurityViolationRsmForAnHwssmpl0EbcdicClientIsTwentyBytesOfIbmLayout) {
  auto e = encode_reply(rsm_reply(rc::kConnectError, rc::kSecurityViolation, 8),
                        ExitFormat::Hwssmpl0, Encoding::Ebcdic);
  ASSERT_TRUE(e.ok());
  // LL=X'0014' FLG1 RACFRC *REQSTS* RETCOD RSNCOD
  EXPECT_EQ(hex(e.bytes), "00140008" "5CD9C5D8E2E3E25C" "00000008" "00000028");
}

TEST(Rsm, AnHwssmpl1ReplyIsPrefixedByItsTotalLength) {
  auto e = encode_reply(rsm_reply(rc::kConnectError, rc::kDuplicateClient),
                        ExitFormat::Hwssmpl1, Encoding::Ebcdic);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e.bytes.size(), 24u);
  EXPECT_EQ(core::get_be32(e.bytes.data()), 24u);
  EXPECT_EQ(core::get_be32(&e.bytes[20]), 56u);
}

TEST(Rsm, AnAsciiClientGetsAsciiStructureIds) {
  auto e = encode_reply(rsm_reply(4, 9), ExitFormat::Hwssmpl0, Encoding::Ascii);
  EXPECT_EQ(std::string(e.bytes.begin() + 4, e.bytes.begin() + 12), "*REQSTS*");
  Reply ok;
  ok.csm = Csm{};
  auto c = encode_reply(ok, ExitFormat::Hwssmpl0, Encoding::Ascii);
  EXPECT_EQ(std::string(c.bytes.begin() + 4, c.bytes.begin() + 12), "*CSMOKY*");
}

TEST(Rsm, ASuccessfulReplyCarriesRmmGencidDataAndACsmAskingForAnAck) {
  Reply r;
  r.mod_name = "IVTNOMOD";
  r.generated_client_id = "HWS00A1B";
  r.segments.push_back(
      Segment{0, encode_chars("ENTRY WAS DISPLAYED", Encoding::Ebcdic, core::CodePage::IBM037)});
  r.csm = Csm{replyf::kAckNakNeeded | replyf::kProtocolLevelValid, replyf::kLevelRacfRc};
  auto e = encode_reply(r, ExitFormat::Hwssmpl0, Encoding::Ebcdic);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(hex(Bytes(e.bytes.begin(), e.bytes.begin() + 12)), "00140000" "5CD9C5D8D4D6C45C");
  EXPECT_EQ(hex(Bytes(e.bytes.end() - 12, e.bytes.end())), "000C3003" "5CC3E2D4D6D2E85C");
  auto d = decode_reply(e.bytes, ExitFormat::Hwssmpl0);
  ASSERT_TRUE(d.ok()) << d.error->detail;
  EXPECT_EQ(d.reply->mod_name, "IVTNOMOD");
  EXPECT_EQ(d.reply->generated_client_id, "HWS00A1B");
  EXPECT_EQ(d.reply->segments, r.segments);
  ASSERT_TRUE(d.reply->csm);
  EXPECT_TRUE(d.reply->csm->ack_required());
  EXPECT_EQ(d.reply->csm->protocol_level, replyf::kLevelRacfRc);
}

TEST(Rsm, RepliesRoundTripInBothExitsAndCodePages) {
  for (auto f : {ExitFormat::Hwssmpl0, ExitFormat::Hwssmpl1})
    for (auto enc : {Encoding::Ebcdic, Encoding::Ascii}) {
      Reply r;
      r.generated_client_id = "HWSABCDE";
      r.segments = {Segment{0, testing::bytes_of("ONE")}, Segment{0, Bytes(1000, 0x5A)}};
      r.csm = Csm{replyf::kConversational, 0};
      auto e = encode_reply(r, f, enc);
      ASSERT_TRUE(e.ok());
      auto len = reply_length(e.bytes, f);
      EXPECT_EQ(len.length, e.bytes.size());
      auto d = decode_reply(e.bytes, f);
      ASSERT_TRUE(d.ok());
      EXPECT_EQ(d.encoding, enc);
      EXPECT_FALSE(d.reply->mod_name);
      EXPECT_EQ(d.reply->generated_client_id, "HWSABCDE");
      EXPECT_EQ(d.reply->segments, r.segments);
      EXPECT_EQ(d.reply->csm, r.csm);

      auto rs = encode_reply(rsm_reply(rc::kTimerExpiredKept, 0x2D), f, enc);
      auto dr = decode_reply(rs.bytes, f);
      ASSERT_TRUE(dr.ok());
      EXPECT_EQ(dr.reply->rsm, (Rsm{0, 0, 40, 0x2D}));
    }
}

TEST(Rsm, ReplyLengthWaitsForTheWholeHwssmpl0ReplyUpToTheCsm) {
  Reply r;
  r.segments = {Segment{0, testing::bytes_of("DATA")}};
  r.csm = Csm{};
  auto e = encode_reply(r, ExitFormat::Hwssmpl0, Encoding::Ebcdic).bytes;
  for (std::size_t n = 0; n < e.size(); ++n) {
    auto l = reply_length(ByteView(e.data(), n), ExitFormat::Hwssmpl0);
    EXPECT_FALSE(l.error);
    EXPECT_EQ(l.length, 0u) << n;
  }
  Bytes two = e;
  two.insert(two.end(), e.begin(), e.end());
  EXPECT_EQ(reply_length(two, ExitFormat::Hwssmpl0).length, e.size());
}

TEST(Rsm, MalformedRepliesAreRefused) {
  EXPECT_FALSE(decode_reply(testing::bytes_of("\x00\x06\x00\x00XY"), ExitFormat::Hwssmpl0).ok());
  auto e = encode_reply(rsm_reply(8, 40), ExitFormat::Hwssmpl1, Encoding::Ebcdic).bytes;
  e.push_back(0);
  EXPECT_FALSE(decode_reply(e, ExitFormat::Hwssmpl1).ok());
  const std::uint8_t tiny[] = {0x00, 0x02};
  EXPECT_TRUE(reply_length(tiny, ExitFormat::Hwssmpl0).error);
  Reply both;
  both.csm = Csm{};
  both.rsm = Rsm{};
  EXPECT_FALSE(encode_reply(both, ExitFormat::Hwssmpl0, Encoding::Ebcdic).ok());
}

TEST(Rsm, DescribeRsmUsesIbmWords) {
  EXPECT_EQ(describe_rsm(Rsm{0, 0, 8, 40}),
            "RC=8 (error detected by IMS Connect; socket disconnected) RSN=40 (security violation)");
  EXPECT_NE(describe_rsm(Rsm{0, 0, 8, 56}).find("duplicate client ID"), std::string::npos);
  EXPECT_NE(describe_rsm(Rsm{0, 0, 8, 78}).find("RACF call failed"), std::string::npos);
  EXPECT_NE(describe_rsm(Rsm{0, 0, 8, 72}).find("data store not found"), std::string::npos);
  EXPECT_NE(describe_rsm(Rsm{0, 0, 4, 9}).find("contents of buffer invalid"), std::string::npos);
  EXPECT_NE(describe_rsm(Rsm{0, 0, 0, 97}).find("deallocate confirmed"), std::string::npos);
  EXPECT_NE(describe_rsm(Rsm{0, 8, 8, 40}).find("RACFRC=8"), std::string::npos);
  EXPECT_NE(describe_rsm(Rsm{replyf::kAckNakNeeded, 0, 0, 0}).find("ACK/NAK-REQUIRED"),
            std::string::npos);
}

TEST(Rsm, TimerExpiryReasonIsTheTimerValueInWords) {
  EXPECT_NE(describe_rsm(Rsm{0, 0, 32, 0x2D}).find("timer 6 s"), std::string::npos);
  EXPECT_NE(describe_rsm(Rsm{0, 0, 40, 0x19}).find("timer 0.25 s"), std::string::npos);
  EXPECT_NE(describe_rsm(Rsm{0, 0, 36, 0x64}).find("timer 2 min"), std::string::npos);
  EXPECT_NE(describe_rsm(Rsm{0, 0, 16, 0x1F}).find("sense code X'1F'"), std::string::npos);
}

TEST(ReturnCodes, TimerCodesFollowIbmRanges) {
  EXPECT_EQ(rc::timer_text(0x01), "0.01 s");
  EXPECT_EQ(rc::timer_text(0x1A), "0.30 s");
  EXPECT_EQ(rc::timer_text(0x27), "0.95 s");
  EXPECT_EQ(rc::timer_text(0x28), "1 s");
  EXPECT_EQ(rc::timer_text(0x63), "60 s");
  EXPECT_EQ(rc::timer_text(0x9E), "60 min");
  EXPECT_EQ(rc::timer_text(0xE9), "NO WAIT");
  EXPECT_EQ(rc::timer_text(0xFF), "wait forever");
  EXPECT_EQ(rc::timer_text(0x00), "default");
}

TEST(ReturnCodes, EveryNamedReasonHasIbmText) {
  for (std::uint32_t c : {rc::kInputExceedsBuffer, rc::kNegativeLength, rc::kIrmLengthInvalid,
                          rc::kTotalLengthInvalid, rc::kBufferInvalid, rc::kNoData,
                          rc::kSecurityViolation, rc::kDuplicateClient, rc::kRacfCallFailed,
                          rc::kDatastoreNotFound, rc::kDeallocateConfirmed,
                          rc::kExtensionOffsetZero})
    EXPECT_FALSE(rc::reason_code_text(c).empty()) << c;
  EXPECT_TRUE(rc::reason_code_text(1000).empty());
}

}  // namespace
}  // namespace zgate::connect

// Decoding IRMs as HWSSMPL0/HWSSMPL1 clients send them (reference §1.2-1.6).
#include <gtest/gtest.h>

#include "connect/doors/irm/irm.h"
#include "connect/return_codes.h"
#include "test_messages.h"

namespace zgate::connect {
namespace {

using testing::hand_message;
using testing::HandIrm;

Request decode_ok(const core::Bytes& m) {
  auto r = decode_request(m);
  EXPECT_TRUE(r.ok()) << (r.error ? r.error->detail : "");
  return r.ok() ? std::move(*r.request) : Request{};
}

TEST(IrmDecode, SendRecvFromHwssmpl1ClientInEbcdicDecodesUserGroupPasswordAndTrancode) {
  auto req = decode_ok(hand_message({}));
  EXPECT_EQ(req.format, ExitFormat::Hwssmpl1);
  EXPECT_EQ(req.encoding, Encoding::Ebcdic);
  EXPECT_EQ(req.irm.type, MessageType::SendReceive);
  EXPECT_EQ(req.irm.userid, "USER1");
  EXPECT_EQ(req.irm.group, "GRP1");
  EXPECT_EQ(req.irm.password.reveal(), "PASSW0RD");
  EXPECT_EQ(req.irm.trancode, "IVTNO");
  EXPECT_EQ(req.irm.datastore, "IMS1");
  EXPECT_EQ(req.irm.client_id, "CLIENT01");
  EXPECT_EQ(req.irm.irm_len, 80);
  EXPECT_EQ(req.transaction_code(), "IVTNO");
  ASSERT_EQ(req.segments.size(), 1u);
  EXPECT_EQ(core::from_ebcdic(testing::text_of(req.segments[0].data)), "IVTNO   DISPLAY LAST1");
}

// IMSLSECX and OTMA's TIMS check must judge the same transaction code: IMS reads the first
// blank-delimited word of the first segment (at most 8 characters), leading blanks skipped.
TEST(IrmDecode, TheTransactionCodeIsReadAsOtmaReadsIt) {
  HandIrm h;
  h.data = "  PAYTXN  DATA";
  EXPECT_EQ(decode_ok(hand_message(h)).transaction_code(), "PAYTXN");
  h.data = "LONGTRANCODE X";
  EXPECT_EQ(decode_ok(hand_message(h)).transaction_code(), "LONGTRAN");
}

TEST(IrmDecode, SendRecvFromHwssmpl0ClientInAsciiIsTranslatedFromAscii) {
  HandIrm h;
  h.ascii = true;
  h.id = "*SAMPLE*";
  auto req = decode_ok(hand_message(h));
  EXPECT_EQ(req.format, ExitFormat::Hwssmpl0);
  EXPECT_EQ(req.encoding, Encoding::Ascii);
  EXPECT_EQ(req.irm.userid, "USER1");
  EXPECT_EQ(req.irm.password.reveal(), "PASSW0RD");
  EXPECT_EQ(req.transaction_code(), "IVTNO");
  EXPECT_EQ(testing::text_of(req.segments[0].data), "IVTNO   DISPLAY LAST1");
}

TEST(IrmDecode, BothExitsInBothCodePagesAreRecognisedByIrmId) {
  for (bool ascii : {false, true}) {
    for (std::string_view id : {"*SAMPLE*", "*SAMPL1*"}) {
      HandIrm h;
      h.ascii = ascii;
      h.id = id;
      auto r = decode_request(hand_message(h));
      ASSERT_TRUE(r.ok()) << id << ascii;
      EXPECT_EQ(r.request->format, id == "*SAMPLE*" ? ExitFormat::Hwssmpl0 : ExitFormat::Hwssmpl1);
      EXPECT_EQ(r.request->encoding, ascii ? Encoding::Ascii : Encoding::Ebcdic);
    }
  }
}

TEST(IrmDecode, EveryMessageTypeLetterDecodesInEbcdicAndAscii) {
  struct Case {
    char letter;
    MessageType type;
    std::string_view name;
  };
  const Case cases[] = {{' ', MessageType::SendReceive, "SENDRECV"},
                        {'A', MessageType::Ack, "ACK"},
                        {'C', MessageType::CancelTimer, "CANCEL TIMER"},
                        {'D', MessageType::Deallocate, "DEALLOCATE"},
                        {'J', MessageType::SendOnlyE, "SNDONLYE"},
                        {'K', MessageType::SendOnlyA, "SENDONLYA"},
                        {'L', MessageType::SynRespA, "SYNRESPA"},
                        {'M', MessageType::SynResp, "SYNRESP"},
                        {'N', MessageType::Nak, "NAK"},
                        {'R', MessageType::ResumeTpipe, "RESUME TPIPE"},
                        {'S', MessageType::SendOnly, "SENDONLY"}};
  for (const auto& c : cases) {
    for (bool ascii : {false, true}) {
      HandIrm h;
      h.ascii = ascii;
      h.f4 = c.letter;
      if (!carries_data(c.type)) h.data = "";
      auto r = decode_request(hand_message(h));
      ASSERT_TRUE(r.ok()) << c.letter << " " << (r.error ? r.error->detail : "");
      EXPECT_EQ(r.request->irm.type, c.type);
      EXPECT_EQ(to_string(c.type), c.name);
      EXPECT_EQ(type_letter(c.type), c.letter);
    }
  }
}

TEST(IrmDecode, EbcdicSendReceiveIsX40AndAckIsXC1OnTheWire) {
  auto m = hand_message({});
  EXPECT_EQ(m[35], 0x40);
  HandIrm h;
  h.f4 = 'A';
  h.data = "";
  EXPECT_EQ(hand_message(h)[35], 0xC1);
}

TEST(IrmDecode, AckNakDeallocateCancelTimerAndResumeTpipeCarryNoData) {
  for (char t : {'A', 'N', 'D', 'C', 'R'}) {
    HandIrm h;
    h.f4 = t;
    h.data = "";
    auto m = hand_message(h);
    EXPECT_EQ(m.size(), 88u);  // LLLL + 80-byte IRM + EOM: IBM's X'58' minimum
    auto r = decode_request(m);
    ASSERT_TRUE(r.ok()) << t;
    EXPECT_TRUE(r.request->segments.empty());
    EXPECT_EQ(r.request->transaction_code(), "");
  }
}

TEST(IrmDecode, CommitModeSyncLevelAndSocketTypeComeFromTheFlagBytes) {
  HandIrm h;
  h.f2 = 0x40;  // CM0
  h.f3 = 0x01 | 0x04 | 0x80;  // CONFIRM, purge, cancel duplicate client ID
  h.soct = 0x00;
  auto req = decode_ok(hand_message(h));
  EXPECT_EQ(req.irm.commit_mode(), CommitMode::Cm0);
  EXPECT_EQ(req.irm.sync_level(), SyncLevel::Confirm);
  EXPECT_TRUE(req.irm.f3 & irmf::kF3Purge);
  EXPECT_TRUE(req.irm.f3 & irmf::kF3CancelClientId);
  EXPECT_EQ(req.irm.socket(), SocketType::Transaction);

  h.f2 = 0x20;
  h.f3 = 0x02;
  h.soct = 0x40;
  req = decode_ok(hand_message(h));
  EXPECT_EQ(req.irm.commit_mode(), CommitMode::Cm1);
  EXPECT_EQ(req.irm.sync_level(), SyncLevel::Syncpt);
  EXPECT_EQ(req.irm.socket(), SocketType::NonPersistent);

  h.f3 = 0x00;
  h.soct = 0x10;
  req = decode_ok(hand_message(h));
  EXPECT_EQ(req.irm.sync_level(), SyncLevel::None);
  EXPECT_EQ(req.irm.socket(), SocketType::Persistent);

  h.soct = 0x33;
  EXPECT_FALSE(decode_ok(hand_message(h)).irm.socket().has_value());
}

TEST(IrmDecode, TransactionCodeIsTheFirstEightBytesOfTheFirstSegmentUpToABlank) {
  HandIrm h;
  h.data = "PART AN960C10";
  EXPECT_EQ(decode_ok(hand_message(h)).transaction_code(), "PART");
  h.data = "LONGTRANXDATA";
  EXPECT_EQ(decode_ok(hand_message(h)).transaction_code(), "LONGTRAN");
  h.ascii = true;
  h.data = "IVTCB  X";
  EXPECT_EQ(decode_ok(hand_message(h)).transaction_code(), "IVTCB");
}

TEST(IrmDecode, BlankClientIdMeansGenerateOne) {
  HandIrm h;
  h.client_id = "";
  auto req = decode_ok(hand_message(h));
  EXPECT_EQ(req.irm.client_id, "");
  EXPECT_TRUE(req.irm.wants_generated_client_id());
}

TEST(IrmDecode, NulPaddedFieldsAreTrimmedLikeBlankPaddedOnes) {
  auto m = hand_message({});
  for (std::size_t i = 60 + 5; i < 68; ++i) m[i] = 0x00;  // USER1 + NULs
  EXPECT_EQ(decode_ok(m).irm.userid, "USER1");
}

TEST(IrmDecode, MixedCasePasswordIsKeptAsSent) {
  HandIrm h;
  h.password = "PaSs0rd";
  EXPECT_EQ(decode_ok(hand_message(h)).irm.password.reveal(), "PaSs0rd");
}

TEST(IrmDecode, DescribeForLogsMasksThePassword) {
  auto req = decode_ok(hand_message({}));
  const std::string d = req.describe();
  EXPECT_EQ(d.find("PASSW0RD"), std::string::npos) << d;
  EXPECT_NE(d.find("PW=********"), std::string::npos) << d;
  EXPECT_NE(d.find("USER=USER1"), std::string::npos) << d;
  EXPECT_NE(d.find("SENDRECV *SAMPL1* EBCDIC"), std::string::npos) << d;
  EXPECT_NE(d.find("CM1 SYNC=CONFIRM SOCT=PERSISTENT"), std::string::npos) << d;
}

TEST(IrmDecode, NakCarriesItsReasonCodeWithF0X10) {
  HandIrm h;
  h.f4 = 'N';
  h.f0 = irmf::kF0NakRsn;
  h.data = "";
  auto m = hand_message(h);
  core::put_be16(&m[16], 1234);
  auto req = decode_ok(m);
  EXPECT_EQ(req.irm.type, MessageType::Nak);
  EXPECT_EQ(req.irm.nak_reason, 1234);
  EXPECT_TRUE(req.irm.f0 & irmf::kF0NakRsn);
}

TEST(IrmDecode, ArchZeroWithIrmLen88CarriesTheApplicationName) {
  // The FISC client: ARCH0, IRM_LEN X'58', IRM_APPL_NM at offset 84.
  HandIrm h;
  h.irm_len = 88;
  auto m = hand_message(h);
  core::put_ebcdic_padded(&m[84], 8, "CICSAPPL");
  auto req = decode_ok(m);
  EXPECT_EQ(req.irm.appl_name, "CICSAPPL");
  EXPECT_EQ(req.transaction_code(), "IVTNO");  // data found at 4 + IRM_LEN
}

TEST(IrmDecode, Arch1SlotIsTheAlternateClientIdForResumeTpipeAndRerouteNameOtherwise) {
  for (char t : {'R', ' '}) {
    HandIrm h;
    h.arch = 1;
    h.irm_len = 96;
    h.f4 = t;
    if (t == 'R') h.data = "";
    auto m = hand_message(h);
    core::put_ebcdic_padded(&m[84], 8, "APPL1");
    core::put_ebcdic_padded(&m[92], 8, "NAME1");
    auto req = decode_ok(m);
    EXPECT_EQ(req.irm.appl_name, "APPL1");
    if (t == 'R') {
      EXPECT_EQ(req.irm.alt_client_id, "NAME1");
      EXPECT_EQ(req.irm.reroute_name, "");
    } else {
      EXPECT_EQ(req.irm.reroute_name, "NAME1");
      EXPECT_EQ(req.irm.alt_client_id, "");
    }
  }
}

TEST(IrmDecode, Arch1WithIrmLen104HasSeparateRerouteAndAlternateClientId) {
  // ims-injector keeps IRM_RT_ALTCID as an extra field after IRM_REROUT_NM.
  HandIrm h;
  h.arch = 1;
  h.irm_len = 104;
  h.f4 = 'R';
  h.data = "";
  auto m = hand_message(h);
  core::put_ebcdic_padded(&m[92], 8, "REROUTE1");
  core::put_ebcdic_padded(&m[100], 8, "ALTCID01");
  auto req = decode_ok(m);
  EXPECT_EQ(req.irm.reroute_name, "REROUTE1");
  EXPECT_EQ(req.irm.alt_client_id, "ALTCID01");
}

TEST(IrmDecode, FieldsBeyondIrmLenAreNotRead) {
  HandIrm h;
  h.arch = 3;  // claims ARCH3 but sends only 80 bytes of IRM
  auto req = decode_ok(hand_message(h));
  EXPECT_EQ(req.irm.mod_name, "");
  EXPECT_EQ(req.transaction_code(), "IVTNO");
}

}  // namespace
}  // namespace zgate::connect

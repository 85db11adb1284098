// The request encoder (for `zgate send` and tests): IBM's offsets, and encode -> decode
// round trips for every message type, code page, exit and architecture level.
#include <gtest/gtest.h>

#include "connect/doors/irm/irm.h"
#include "test_messages.h"

namespace zgate::connect {
namespace {

Request sample(ExitFormat f, Encoding e, MessageType t, std::uint8_t arch) {
  Request r;
  r.format = f;
  r.encoding = e;
  Irm& i = r.irm;
  i.arch = arch;
  i.type = t;
  i.client_id = "CLIENT01";
  i.f1 = irmf::kF1CidReq | irmf::kF1MfsReq;
  i.f2 = irmf::kF2Cm0;
  i.f3 = irmf::kF3SyncConfirm | irmf::kF3Reroute;
  i.f5 = t == MessageType::ResumeTpipe ? irmf::kF5Auto : 0;
  i.timer = 0x2D;
  i.socket_type = irmf::kSoctPersistent;
  i.trancode = "IVTNO";
  i.datastore = "IMS1";
  i.lterm = "LTERM1";
  i.userid = "USER1";
  i.group = "GRP1";
  i.password = core::SecretString("PaSsW0rd");
  i.appl_name = "IMSAPPL";  // ARCH0 gets IRM_LEN 88 for it
  if (arch >= 1) (t == MessageType::ResumeTpipe ? i.alt_client_id : i.reroute_name) = "HWS$DEF";
  if (arch >= 2) {
    i.tag_adapter = "ADAPTER1";
    i.tag_map = "MAP1";
  }
  if (arch >= 3) {
    i.mod_name = "IVTMOD";
    i.correlation_token[0] = 0x00;
    i.correlation_token[1] = 0x28;
    i.correlation_token[39] = 0x7F;
  }
  if (arch >= 4) i.session_token = {1, 2, 3, 4, 5, 6, 7, 8};
  if (arch >= 5) {
    i.f0 = irmf::kF0Extensions;
    i.phrase = core::SecretString("a long pass phrase 123");
    i.extensions.push_back(IrmExtension{"*NETUID*", testing::bytes_of("CN=alice,O=zgate")});
  }
  if (carries_data(t)) {
    std::string d = "IVTNO   DISPLAY LAST1";
    Bytes data = encode_chars(d, e, core::CodePage::IBM037);
    r.segments.push_back(Segment{0, data});
    r.segments.push_back(Segment{0, Bytes(300, 0xF1)});
  }
  return r;
}

void expect_same(const Request& a, const Request& b) {
  EXPECT_EQ(a.describe(), b.describe());
  EXPECT_EQ(a.irm.password.reveal(), b.irm.password.reveal());
  EXPECT_EQ(a.irm.phrase.reveal(), b.irm.phrase.reveal());
  EXPECT_EQ(a.irm.correlation_token, b.irm.correlation_token);
  EXPECT_EQ(a.irm.session_token, b.irm.session_token);
  EXPECT_EQ(a.irm.extensions, b.irm.extensions);
  EXPECT_EQ(a.segments, b.segments);
}

TEST(IrmEncode, EveryTypeCodePageExitAndArchitectureRoundTrips) {
  const MessageType types[] = {MessageType::SendReceive, MessageType::Ack,
                               MessageType::CancelTimer, MessageType::Deallocate,
                               MessageType::SendOnlyE,   MessageType::SendOnlyA,
                               MessageType::SynRespA,    MessageType::SynResp,
                               MessageType::Nak,         MessageType::ResumeTpipe,
                               MessageType::SendOnly};
  for (auto f : {ExitFormat::Hwssmpl0, ExitFormat::Hwssmpl1})
    for (auto e : {Encoding::Ebcdic, Encoding::Ascii})
      for (auto t : types)
        for (std::uint8_t arch = 0; arch <= 5; ++arch) {
          SCOPED_TRACE(::testing::Message() << to_string(t) << " arch " << int(arch) << " "
                                            << exit_id(f) << " " << to_string(e));
          Request in = sample(f, e, t, arch);
          auto enc = encode_request(in);
          ASSERT_TRUE(enc.ok()) << enc.error;
          auto dec = decode_request(enc.bytes);
          ASSERT_TRUE(dec.ok()) << dec.error->detail;
          in.irm.irm_len = dec.request->irm.irm_len;  // the encoder chose it
          in.irm.extension_offset = dec.request->irm.extension_offset;
          expect_same(in, *dec.request);
          // And the bytes are a fixed point: encode(decode(bytes)) == bytes.
          auto again = encode_request(*dec.request);
          ASSERT_TRUE(again.ok());
          EXPECT_EQ(again.bytes, enc.bytes);
        }
}

TEST(IrmEncode, TheEncoderWritesIbmOffsetsLikeAHandBuiltMessage) {
  Request r;
  r.format = ExitFormat::Hwssmpl1;
  r.irm.client_id = "CLIENT01";
  r.irm.f2 = 0x20;
  r.irm.f3 = 0x01;
  r.irm.socket_type = 0x10;
  r.irm.trancode = "IVTNO";
  r.irm.datastore = "IMS1";
  r.irm.userid = "USER1";
  r.irm.group = "GRP1";
  r.irm.password = core::SecretString("PASSW0RD");
  auto data = core::to_ebcdic("IVTNO   DISPLAY LAST1");
  r.segments.push_back(Segment{0, Bytes(data.begin(), data.end())});
  auto enc = encode_request(r);
  ASSERT_TRUE(enc.ok());
  EXPECT_EQ(enc.bytes, testing::hand_message({}));
}

TEST(IrmEncode, AsciiClientsGetAsciiIdAndLetters) {
  Request r = sample(ExitFormat::Hwssmpl0, Encoding::Ascii, MessageType::SendOnly, 0);
  auto enc = encode_request(r);
  ASSERT_TRUE(enc.ok());
  EXPECT_EQ(std::string(enc.bytes.begin() + 8, enc.bytes.begin() + 16), "*SAMPLE*");
  EXPECT_EQ(enc.bytes[35], 'S');
  r.irm.type = MessageType::SendReceive;
  EXPECT_EQ(encode_request(r).bytes[35], 0x20);
}

TEST(IrmEncode, ArchitectureLevelsGiveIbmIrmLengths) {
  const std::uint16_t want[] = {80, 96, 112, 160, 168, 172};
  for (std::uint8_t arch = 0; arch <= 5; ++arch) {
    Request r;
    r.irm.arch = arch;
    r.irm.type = MessageType::Ack;
    auto enc = encode_request(r);
    ASSERT_TRUE(enc.ok());
    EXPECT_EQ(core::get_be16(&enc.bytes[4]), want[arch]);
    EXPECT_EQ(core::get_be32(&enc.bytes[0]), 4u + want[arch] + 4u);
  }
}

TEST(IrmEncode, Arch5ExtensionsSitAtIrmExtnOffInsideTheIrm) {
  Request r = sample(ExitFormat::Hwssmpl1, Encoding::Ebcdic, MessageType::Ack, 5);
  auto enc = encode_request(r);
  ASSERT_TRUE(enc.ok()) << enc.error;
  EXPECT_EQ(core::get_be16(&enc.bytes[172]), 172);       // IRM_EXTN_OFF
  EXPECT_EQ(core::get_be16(&enc.bytes[176]), 12 + 22);   // *PHRASE* LL
  EXPECT_EQ(core::get_ebcdic_trimmed(&enc.bytes[180], 8), "*PHRASE*");
}

TEST(IrmEncode, ExtensionErrorsMapToReasons113And114) {
  Request r = sample(ExitFormat::Hwssmpl1, Encoding::Ebcdic, MessageType::Ack, 5);
  auto enc = encode_request(r);
  ASSERT_TRUE(enc.ok());
  auto m = enc.bytes;
  core::put_be16(&m[172], 0);
  auto d = decode_request(m);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->reason_code, 114u);
  m = enc.bytes;
  core::put_be16(&m[176], 5);  // extension LL below its 12-byte header
  d = decode_request(m);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->reason_code, 113u);
  m = enc.bytes;
  core::put_be16(&m[172], 100);  // offset inside the fixed IRM
  EXPECT_EQ(decode_request(m).error->reason_code, 113u);
}

TEST(IrmEncode, DescribeMasksThePassphraseToo) {
  Request r = sample(ExitFormat::Hwssmpl1, Encoding::Ebcdic, MessageType::Ack, 5);
  auto d = decode_request(encode_request(r).bytes);
  ASSERT_TRUE(d.ok());
  const auto s = d.request->describe();
  EXPECT_EQ(s.find("pass phrase"), std::string::npos);
  EXPECT_EQ(s.find("PaSsW0rd"), std::string::npos);
  EXPECT_NE(s.find("PHRASE=********"), std::string::npos);
  EXPECT_NE(s.find("EXT=*NETUID*(16)"), std::string::npos);
}

TEST(IrmEncode, FieldsThatDoNotFitAreRefusedNotTruncated) {
  Request r;
  r.irm.type = MessageType::Ack;
  r.irm.userid = "TOOLONGID";
  EXPECT_FALSE(encode_request(r).ok());
  r.irm.userid = "USER1";
  r.irm.password = core::SecretString("longer than 8");
  EXPECT_FALSE(encode_request(r).ok());
  r.irm.password = core::SecretString("short");
  r.irm.mod_name = "MOD1";  // needs ARCH3
  EXPECT_FALSE(encode_request(r).ok());
  r.irm.mod_name.clear();
  r.irm.arch = 2;
  r.irm.reroute_name = "A";
  r.irm.alt_client_id = "B";  // one field holds one or the other
  EXPECT_FALSE(encode_request(r).ok());
}

}  // namespace
}  // namespace zgate::connect

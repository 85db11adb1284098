// Every malformed request maps to the RSM return/reason code the client should receive
// (reference §2.3; the mapping choices are listed in irm.h, item 11).
#include <gtest/gtest.h>

#include "connect/doors/irm/irm.h"
#include "connect/return_codes.h"
#include "test_messages.h"

namespace zgate::connect {
namespace {

using testing::hand_message;
using testing::HandIrm;

void expect_refused(const core::Bytes& m, std::uint32_t ret, std::uint32_t rsn,
                    const DecodeOptions& opt = {}) {
  auto r = decode_request(m, opt);
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->return_code, ret) << r.error->detail;
  EXPECT_EQ(r.error->reason_code, rsn) << r.error->detail;
  EXPECT_FALSE(r.error->detail.empty());
  EXPECT_EQ(r.error->detail.find("PASSW0RD"), std::string::npos);
}

void fix_llll(core::Bytes& m) { core::put_be32(&m[0], static_cast<std::uint32_t>(m.size())); }

TEST(IrmErrors, AHeaderShorterThanTheLengthFieldIsATotalLengthError) {
  expect_refused({0x00, 0x00}, rc::kConnectError, rc::kTotalLengthInvalid);
  expect_refused({}, rc::kConnectError, rc::kTotalLengthInvalid);
}

TEST(IrmErrors, ATotalLengthBelowIbmMinimumX58IsRefused) {
  auto m = hand_message({});
  m.resize(87);
  fix_llll(m);
  expect_refused(m, rc::kConnectError, rc::kTotalLengthInvalid);
}

TEST(IrmErrors, ATotalLengthThatDisagreesWithTheMessageIsRefused) {
  auto m = hand_message({});
  core::put_be32(&m[0], static_cast<std::uint32_t>(m.size() + 1));
  expect_refused(m, rc::kConnectError, rc::kTotalLengthInvalid);
}

TEST(IrmErrors, ALengthFieldClaiming2GiBIsANegativeLength) {
  auto m = hand_message({});
  core::put_be32(&m[0], 0x80000000u);
  expect_refused(m, rc::kConnectError, rc::kNegativeLength);
}

TEST(IrmErrors, AMessageAboveTheConfiguredMaximumExceedsTheBuffer) {
  auto m = hand_message({});
  DecodeOptions opt;
  opt.max_message = 100;
  expect_refused(m, rc::kConnectError, rc::kInputExceedsBuffer, opt);
}

TEST(IrmErrors, AnUnknownIrmIdIsAnUnknownClient) {
  HandIrm h;
  h.id = "*NOSUCH*";
  expect_refused(hand_message(h), rc::kConnectError, rc::kUnknownClient);
  h.id = "*HWSJAV*";  // IMS TM Resource Adapter: out of scope
  expect_refused(hand_message(h), rc::kConnectError, rc::kUnknownClient);
}

TEST(IrmErrors, AnIrmLenBelowTheHwssmplMinimumX50IsAnIrmLengthError) {
  auto m = hand_message({});
  core::put_be16(&m[4], 0x4F);
  expect_refused(m, rc::kExitError, rc::kIrmLengthInvalid);
  core::put_be16(&m[4], 0x24);  // the minimum for user-written exits, not for HWSSMPL
  expect_refused(m, rc::kExitError, rc::kIrmLengthInvalid);
}

TEST(IrmErrors, AnIrmLenRunningPastTheMessageIsAnIrmLengthError) {
  auto m = hand_message({});
  core::put_be16(&m[4], static_cast<std::uint16_t>(m.size()));
  expect_refused(m, rc::kExitError, rc::kIrmLengthInvalid);
}

TEST(IrmErrors, ASegmentLengthBelowFourIsAnIncorrectMessageLength) {
  auto m = hand_message({});
  core::put_be16(&m[84], 3);
  expect_refused(m, rc::kConnectError, rc::kIncorrectLength);
}

TEST(IrmErrors, ASegmentRunningPastTheTotalLengthIsAnIncorrectMessageLength) {
  auto m = hand_message({});
  core::put_be16(&m[84], 200);
  expect_refused(m, rc::kConnectError, rc::kIncorrectLength);
}

TEST(IrmErrors, ASegmentLongerThan32767IsAnOtmaSegmentLengthError) {
  HandIrm h;
  std::string big(32764, 'X');
  h.data = big;
  auto m = hand_message(h);
  core::put_be16(&m[84], 32768);  // one more than OTMA allows
  expect_refused(m, rc::kConnectError, rc::kSegmentLengthError);
}

TEST(IrmErrors, AMissingEndOfMessageMarkerIsAnIncompleteMessage) {
  auto m = hand_message({});
  m.resize(m.size() - 4);
  fix_llll(m);
  expect_refused(m, rc::kConnectError, rc::kMessageIncomplete);
  // A wrong marker (LL=4 but ZZ non-zero is a 0-byte segment, then nothing).
  auto n = hand_message({});
  n[n.size() - 2] = 0x01;
  expect_refused(n, rc::kConnectError, rc::kMessageIncomplete);
}

TEST(IrmErrors, GarbageAfterTheEndOfMessageInsideTheTotalIsAnIncorrectLength) {
  auto m = hand_message({});
  m.insert(m.end(), {0xDE, 0xAD, 0xBE, 0xEF});
  fix_llll(m);
  expect_refused(m, rc::kConnectError, rc::kIncorrectLength);
}

TEST(IrmErrors, AnUnknownMessageTypeIsInvalidBufferContents) {
  auto m = hand_message({});
  m[35] = 0xE7;  // EBCDIC 'X'
  expect_refused(m, rc::kExitError, rc::kBufferInvalid);
}

TEST(IrmErrors, AnUnknownArchitectureLevelIsInvalidBufferContents) {
  auto m = hand_message({});
  m[6] = 0x06;
  expect_refused(m, rc::kExitError, rc::kBufferInvalid);
}

TEST(IrmErrors, AClientIdWithCharactersOutsideIbmRulesIsInvalidBufferContents) {
  for (std::string_view id : {"client01", "CLI-NT", "A B"}) {
    HandIrm h;
    h.client_id = id;
    expect_refused(hand_message(h), rc::kExitError, rc::kBufferInvalid);
  }
}

TEST(IrmErrors, AGeneratedClientIdEchoedBackIsAccepted) {
  HandIrm h;
  h.client_id = "HWS0A1B2";
  EXPECT_TRUE(decode_request(hand_message(h)).ok());
}

TEST(IrmErrors, ASendReceiveWithoutDataIsAnInvalidMessageWithNoData) {
  for (char t : {' ', 'S', 'K', 'J', 'L', 'M'}) {
    HandIrm h;
    h.f4 = t;
    h.data = "";
    expect_refused(hand_message(h), rc::kExitError, rc::kNoData);
  }
}

TEST(IrmErrors, ExtensionsWithoutArch5AreAnExtensionError) {
  HandIrm h;
  h.f0 = irmf::kF0Extensions;
  expect_refused(hand_message(h), rc::kExitError, rc::kExtensionLengthOrOffset);
}

TEST(IrmErrors, AnErrorStillTellsTheClientFormatAndCodePageForTheRsm) {
  HandIrm h;
  h.ascii = true;
  h.id = "*SAMPLE*";
  h.f4 = 'X';
  auto r = decode_request(hand_message(h));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.format, ExitFormat::Hwssmpl0);
  EXPECT_EQ(r.encoding, Encoding::Ascii);
}

}  // namespace
}  // namespace zgate::connect

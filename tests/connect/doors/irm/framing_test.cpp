// The streaming Framer: TCP delivers IMS Connect messages in arbitrary pieces (reference §0.1,
// IBM "Benchmark testing of IMS Connect throughput": a client writing LLLL+IRM and the data
// in two sends).
#include <gtest/gtest.h>

#include "connect/doors/irm/framing.h"
#include "connect/doors/irm/irm.h"
#include "connect/return_codes.h"
#include "test_messages.h"

namespace zgate::connect {
namespace {

using testing::hand_message;
using testing::HandIrm;

std::vector<Bytes> drain(Framer& f) {
  std::vector<Bytes> out;
  Bytes m;
  while (f.next(m) == Framer::Status::Message) out.push_back(m);
  return out;
}

TEST(Framer, AMessageSplitIntoOneByteTcpWritesIsReassembled) {
  const auto msg = hand_message({});
  Framer f;
  std::vector<Bytes> got;
  for (std::size_t i = 0; i < msg.size(); ++i) {
    f.feed(ByteView(&msg[i], 1));
    auto part = drain(f);
    if (i + 1 < msg.size()) {
      EXPECT_TRUE(part.empty()) << i;
    }
    got.insert(got.end(), part.begin(), part.end());
  }
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], msg);
  EXPECT_EQ(f.buffered(), 0u);
  EXPECT_TRUE(decode_request(got[0]).ok());
}

TEST(Framer, AClientSendingLlllAndIrmThenTheDataInASecondWriteIsReassembled) {
  const auto msg = hand_message({});
  Framer f;
  f.feed(ByteView(msg.data(), 84));
  EXPECT_TRUE(drain(f).empty());
  f.feed(ByteView(msg.data() + 84, msg.size() - 84));
  auto got = drain(f);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], msg);
}

TEST(Framer, SeveralMessagesInOneReadComeOutInOrder) {
  HandIrm ack;
  ack.f4 = 'A';
  ack.data = "";
  const auto a = hand_message({}), b = hand_message(ack), c = hand_message({});
  Bytes all = a;
  all.insert(all.end(), b.begin(), b.end());
  all.insert(all.end(), c.begin(), c.end());
  Framer f;
  f.feed(all);
  auto got = drain(f);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], a);
  EXPECT_EQ(got[1], b);
  EXPECT_EQ(got[2], c);
}

TEST(Framer, AMessageAndHalfOfTheNextWaitForTheRest) {
  const auto a = hand_message({});
  Bytes two = a;
  two.insert(two.end(), a.begin(), a.begin() + 50);
  Framer f;
  f.feed(two);
  EXPECT_EQ(drain(f).size(), 1u);
  EXPECT_EQ(f.buffered(), 50u);
  f.feed(ByteView(a.data() + 50, a.size() - 50));
  EXPECT_EQ(drain(f).size(), 1u);
}

TEST(Framer, AShortHeaderWaitsForMoreBytes) {
  Framer f;
  const std::uint8_t three[] = {0x00, 0x00, 0x00};
  f.feed(three);
  Bytes m;
  EXPECT_EQ(f.next(m), Framer::Status::NeedMore);
}

// Feeds only a 4-byte LLLL: the Framer must decide on it alone, holding nothing.
WireError header_only_error(std::uint32_t llll) {
  Framer f;
  std::uint8_t header[4];
  core::put_be32(header, llll);
  f.feed(header);
  Bytes m;
  EXPECT_EQ(f.next(m), Framer::Status::Error);
  EXPECT_EQ(f.buffered(), 0u);
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(f.error().return_code, rc::kConnectError);
  return f.error();
}

TEST(Framer, ALengthFieldClaiming2GiBIsRefusedBeforeAnyAllocationAsANegativeLength) {
  EXPECT_EQ(header_only_error(0x80000000u).reason_code, rc::kNegativeLength);
}

TEST(Framer, ALengthFieldJustUnder2GiBExceedsTheBufferOnTheFirstFourBytes) {
  EXPECT_EQ(header_only_error(0x7FFFFFFFu).reason_code, rc::kInputExceedsBuffer);
}

TEST(Framer, TheMaximumMessageSizeIsConfigurable) {
  const auto msg = hand_message({});
  Framer small(msg.size() - 1);
  small.feed(msg);
  Bytes m;
  EXPECT_EQ(small.next(m), Framer::Status::Error);
  EXPECT_EQ(small.error().reason_code, rc::kInputExceedsBuffer);
  Framer exact(msg.size());
  exact.feed(msg);
  EXPECT_EQ(exact.next(m), Framer::Status::Message);
}

TEST(Framer, ATotalLengthBelowX58IsRefused) {
  EXPECT_EQ(header_only_error(0x57).reason_code, rc::kTotalLengthInvalid);
}

TEST(Framer, GarbageAfterAValidMessageIsRefusedAndTheStreamStaysInError) {
  const auto a = hand_message({});
  Bytes s = a;
  for (char c : std::string("GARBAGE!")) s.push_back(static_cast<std::uint8_t>(c));
  Framer f;
  f.feed(s);
  Bytes m;
  ASSERT_EQ(f.next(m), Framer::Status::Message);
  EXPECT_EQ(m, a);
  EXPECT_EQ(f.next(m), Framer::Status::Error);  // "GARB" = X'47415242' is over the maximum
  EXPECT_EQ(f.error().reason_code, rc::kInputExceedsBuffer);
  f.feed(a);  // a valid message after the error does not resynchronise the stream
  EXPECT_EQ(f.next(m), Framer::Status::Error);
}

TEST(Segments, EndOfMessageMarkerIsX00040000) {
  Bytes out;
  append_segments(out, {Segment{0, testing::bytes_of("AB")}});
  EXPECT_EQ(core::to_hex(out), "000600004142" "00040000");
  auto r = split_segments(out);
  ASSERT_FALSE(r.error);
  ASSERT_EQ(r.segments.size(), 1u);
  EXPECT_EQ(r.segments[0].data, testing::bytes_of("AB"));
}

TEST(Segments, ANonZeroZzIsKeptForTheLog) {
  const std::uint8_t body[] = {0x00, 0x05, 0x00, 0x01, 0xC1, 0x00, 0x04, 0x00, 0x00};
  auto r = split_segments(body);
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.segments[0].zz, 1);
}

}  // namespace
}  // namespace zgate::connect

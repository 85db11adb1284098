// The control process <-> dependent region frames: what goes in comes out, whatever size, even
// when the socket takes a large frame in several writes.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "tm/region_protocol.h"

namespace zgate::tm::proto {
namespace {

struct SocketPair {
  int fd[2] = {-1, -1};
  SocketPair() {
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fd) != 0) throw std::runtime_error("socketpair");
  }
  ~SocketPair() {
    ::close(fd[0]);
    ::close(fd[1]);
  }
};

Schedule a_schedule(std::vector<std::string> segments) {
  Schedule s;
  s.psb = "ECHOPSB";
  s.program_path = "/opt/zgate/programs/ECHOPSB.so";
  s.trancode = "ECHOTXN";
  s.lterm = "LTERM001";
  s.userid = "USER1";
  s.group = "SYS1";
  s.region_userid = "IMSREG";
  s.segments = std::move(segments);
  return s;
}

TEST(RegionProtocol, AScheduleWrittenFromTheQueuedSegmentsIsTheSameFrameAsFromACopy) {
  const std::vector<std::string> segments{"ECHOTXN hello", std::string(32000, 'X'), ""};
  const Schedule with = a_schedule(segments);
  const Schedule without = a_schedule({});
  EXPECT_EQ(encode(without, segments), encode(with));
  const Schedule back = decode_schedule(encode(without, segments));
  EXPECT_EQ(back.segments, segments);
  EXPECT_EQ(back.region_userid, "IMSREG");
}

TEST(RegionProtocol, AFrameLargerThanTheSocketBufferArrivesWholeAfterShortWrites) {
  // 4 MiB cannot fit in a local socket's buffer: sendmsg returns short and write_frame must
  // step over what went, the header and the body both.
  SocketPair p;
  const std::vector<std::string> segments{std::string(4u << 20, 'A'), std::string(3, 'B')};
  const std::string body = encode(a_schedule(segments));
  std::thread writer([&] {
    EXPECT_TRUE(write_frame(p.fd[0], Type::Schedule, body));
    EXPECT_TRUE(write_frame(p.fd[0], Type::Ready, {}));
  });
  FrameReader reader(p.fd[1]);
  auto big = reader.read();
  auto empty = reader.read();
  writer.join();
  ASSERT_TRUE(big);
  EXPECT_EQ(big->type, Type::Schedule);
  EXPECT_EQ(decode_schedule(big->body).segments, segments);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->type, Type::Ready);
  EXPECT_TRUE(empty->body.empty());
}

TEST(RegionProtocol, AFrameTooLargeForTheProtocolIsNotWritten) {
  SocketPair p;
  EXPECT_FALSE(write_frame(p.fd[0], Type::Done, std::string(kMaxFrame + 1, 'x')));
}

}  // namespace
}  // namespace zgate::tm::proto

// libFuzzer target for the region protocol decoders (tm/region_protocol.h): what the control
// process reads from a dependent region, which may be running a broken program. Bad bytes
// must end in proto::ProtocolError, never a crash, an overlong allocation or a hang; what
// decodes must encode back to bytes that decode to the same thing.
// A first byte of X'F0' or more reads the rest as the byte stream itself, through a socket
// pair, with FrameReader::read or FrameReader::read_until (its low bit chooses; the exit
// host's conversation shares the framing and the reader): each frame must be
// exactly the bytes its header announced, in order; reading may stop only at the end of the
// stream or at a header longer than kMaxFrame; and when FrameReader::has_frame() says a frame
// is buffered, the next read returns one.
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "tm/region_protocol.h"

namespace proto = zgate::tm::proto;

template <class Decode>
void attempt(const std::string& body, Decode decode) {
  try {
    auto v = decode(body);
    auto again = decode(proto::encode(v));
    if (proto::encode(again) != proto::encode(v)) std::abort();
  } catch (const proto::ProtocolError&) {
  }
}

void stream(const std::string& bytes, int how) {
  if (bytes.size() > 64 * 1024) return;  // more than a socket pair buffers without a reader
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) std::abort();
  if (::write(sv[0], bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) std::abort();
  ::shutdown(sv[0], SHUT_WR);
  std::size_t at = 0;
  proto::FrameReader reader(sv[1]);
  const auto deadline = [] { return std::chrono::steady_clock::now() + std::chrono::seconds(10); };
  for (;;) {
    proto::Frame f;
    bool ok = false;
    const bool buffered = reader.has_frame();
    try {
      if (how == 0) {
        if (auto g = reader.read()) {
          f = std::move(*g);
          ok = true;
        }
      } else if (how == 1) {
        ok = reader.read_until(deadline(), f) == proto::ReadStatus::Ok;
      } else {
        // As an I/O thread reads a region's answer. Every byte is already in the socket and
        // the writer has shut down, so "nothing yet" is never the right answer.
        const auto st = reader.try_read(f);
        if (st == proto::ReadStatus::Pending) std::abort();
        ok = st == proto::ReadStatus::Ok;
      }
    } catch (const proto::ProtocolError&) {
      if (buffered) std::abort();
      // Only a header announcing more than kMaxFrame.
      std::uint32_t len = 0;
      if (bytes.size() - at < 5) std::abort();
      std::memcpy(&len, bytes.data() + at, 4);
      if (len <= proto::kMaxFrame) std::abort();
      break;
    }
    if (!ok) {
      if (buffered) std::abort();
      // The stream ended: nothing left, or a frame cut short.
      if (bytes.size() - at >= 5) {
        std::uint32_t len = 0;
        std::memcpy(&len, bytes.data() + at, 4);
        if (bytes.size() - at - 5 >= len) std::abort();
      }
      break;
    }
    std::uint32_t len = 0;
    std::memcpy(&len, bytes.data() + at, 4);
    if (len != f.body.size() || static_cast<unsigned char>(bytes[at + 4]) != static_cast<unsigned char>(f.type) ||
        bytes.compare(at + 5, len, f.body) != 0)
      std::abort();
    at += 5 + len;
  }
  ::close(sv[0]);
  ::close(sv[1]);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  if (data[0] >= 0xF0) {
    stream(std::string(reinterpret_cast<const char*>(data) + 1, size - 1), (data[0] & 3) % 3);
    return 0;
  }
  // The first byte picks the message type, as a frame's type byte does: X'E0'-X'EF' the
  // database call and its answer (DbCall, DbAnswer), below that the others.
  std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] >= 0xE0) {
    if (data[0] & 1) attempt(body, proto::decode_db_answer);
    else attempt(body, proto::decode_db_call);
    return 0;
  }
  switch (data[0] % 6) {
    case 0: attempt(body, proto::decode_schedule); break;
    case 1: attempt(body, proto::decode_request); break;
    case 2: attempt(body, proto::decode_answer); break;
    case 3: attempt(body, proto::decode_done); break;
    case 4: attempt(body, proto::decode_ical); break;
    case 5: attempt(body, proto::decode_ical_answer); break;
  }
  return 0;
}

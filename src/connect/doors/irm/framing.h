#pragma once
// Framing of client->server messages (reference/ims-connect-protocol.md §1.1, IBM "Format of
// fixed portion of IRM in messages sent to IMS Connect"):
//
//   LLLL(4) | IRM (IRM_LEN bytes) | LL ZZ data ... | X'00040000'
//
// LLLL counts itself, the IRM, the segments and the 4-byte end-of-message (EOM) marker. IBM's
// minimum message is X'58' (88 = 4 + an 80-byte HWSSMPL IRM + EOM). Clients may split one
// message across several TCP writes or put several in one; the Framer reassembles. The size
// limit is checked on the 4-byte length before a byte of the body is buffered, so a hostile
// LLLL of 2 GiB costs nothing.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "connect/doors/irm/wire.h"

namespace zgate::connect {

inline constexpr std::size_t kLlllSize = 4;
inline constexpr std::size_t kMinMessageLength = 0x58;  // IBM: "minimum length ... X'58'"
inline constexpr std::uint32_t kEndOfMessage = 0x00040000;
// IMS TM Resource Adapter maximum X'00989680'; TCPIP MAXSIZE= makes it configurable.
inline constexpr std::size_t kDefaultMaxMessage = 10'000'000;

// Checks a total length field against IBM's rules and the configured maximum:
// high bit set -> RC 8 RSN 5 (negative length); above `max_message` -> RC 8 RSN 4 (input
// exceeds buffer); below X'58' -> RC 8 RSN 7 (total length invalid).
std::optional<WireError> check_total_length(std::uint32_t llll, std::size_t max_message);

// Walks the LLZZ segments in `body` (the bytes after the IRM, EOM included) and returns them.
// Errors: a segment LL below 4 or running past the end -> RC 8 RSN 48; LL above 32767 ->
// RC 8 RSN 20; no X'00040000' where the walk ends -> RC 8 RSN 44 (message incomplete); bytes
// after the EOM -> RC 8 RSN 48.
struct SegmentsResult {
  std::vector<Segment> segments;
  std::optional<WireError> error;
};
SegmentsResult split_segments(ByteView body);

// Appends LL ZZ data (the caller keeps data within kMaxSegmentLength - 4).
void append_segment(Bytes& out, const Segment& s);
// Appends every segment, then the EOM marker.
void append_segments(Bytes& out, const std::vector<Segment>& segments);

// Streaming reassembly. feed() any TCP chunk; then call next() until it returns NeedMore.
// After an Error the stream is out of step (IMS Connect disconnects) and stays in error.
class Framer {
 public:
  enum class Status { NeedMore, Message, Error };

  explicit Framer(std::size_t max_message = kDefaultMaxMessage) : max_(max_message) {}

  void feed(ByteView chunk);
  // On Message, `out` holds one whole message, LLLL included.
  Status next(Bytes& out);
  const WireError& error() const { return error_; }
  // Bytes received but not yet returned (a partial message).
  std::size_t buffered() const { return buf_.size() - start_; }

 private:
  std::size_t max_;
  Bytes buf_;
  std::size_t start_ = 0;  // first unconsumed byte of buf_
  bool failed_ = false;
  WireError error_;
};

}  // namespace zgate::connect

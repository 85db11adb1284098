#include "connect/doors/irm/framing.h"

#include <fmt/format.h>

#include "connect/return_codes.h"

namespace zgate::connect {

std::optional<WireError> check_total_length(std::uint32_t llll, std::size_t max_message) {
  // IBM's LLLL is a signed fullword (user clients may send up to X'7FFFFFFF').
  if (llll & 0x80000000u)
    return WireError{rc::kConnectError, rc::kNegativeLength,
                     fmt::format("total length X'{:08X}' is negative", llll)};
  if (llll > max_message)
    return WireError{rc::kConnectError, rc::kInputExceedsBuffer,
                     fmt::format("total length {} exceeds the maximum message size {}", llll,
                                 max_message)};
  if (llll < kMinMessageLength)
    return WireError{rc::kConnectError, rc::kTotalLengthInvalid,
                     fmt::format("total length {} is below the minimum of {}", llll,
                                 kMinMessageLength)};
  return std::nullopt;
}

SegmentsResult split_segments(ByteView body) {
  SegmentsResult r;
  auto fail = [&](std::uint32_t rsn, std::string detail) {
    r.segments.clear();
    r.error = WireError{rc::kConnectError, rsn, std::move(detail)};
    return std::move(r);
  };
  std::size_t pos = 0;
  while (true) {
    if (body.size() - pos < kSegmentHeader)
      return fail(rc::kMessageIncomplete,
                  fmt::format("no end-of-message marker X'00040000' at offset {}", pos));
    const std::uint16_t ll = core::get_be16(&body[pos]);
    const std::uint16_t zz = core::get_be16(&body[pos + 2]);
    if (ll == kSegmentHeader && zz == 0) {  // X'00040000': the end-of-message marker
      if (pos + kSegmentHeader != body.size())
        return fail(rc::kIncorrectLength,
                    fmt::format("{} bytes after the end-of-message marker",
                                body.size() - pos - kSegmentHeader));
      return r;
    }
    if (ll < kSegmentHeader)
      return fail(rc::kIncorrectLength, fmt::format("segment length {} at offset {}", ll, pos));
    if (ll > kMaxSegmentLength)
      return fail(rc::kSegmentLengthError,
                  fmt::format("segment length {} exceeds {}", ll, kMaxSegmentLength));
    if (ll > body.size() - pos)
      return fail(rc::kIncorrectLength,
                  fmt::format("segment of {} bytes at offset {} runs past the total length", ll,
                              pos));
    r.segments.push_back(Segment{zz, Bytes(body.begin() + pos + kSegmentHeader,
                                           body.begin() + pos + ll)});
    pos += ll;
  }
}

void append_segment(Bytes& out, const Segment& s) {
  const std::size_t at = out.size();
  out.resize(at + kSegmentHeader);
  core::put_be16(&out[at], static_cast<std::uint16_t>(s.data.size() + kSegmentHeader));
  core::put_be16(&out[at + 2], s.zz);
  out.insert(out.end(), s.data.begin(), s.data.end());
}

void append_segments(Bytes& out, const std::vector<Segment>& segments) {
  for (const auto& s : segments) append_segment(out, s);
  const std::size_t at = out.size();
  out.resize(at + 4);
  core::put_be32(&out[at], kEndOfMessage);
}

namespace {
// What a framer keeps between messages: room for a typical message, not for the largest.
constexpr std::size_t kIdleCapacity = 4096;
}  // namespace

void Framer::feed(ByteView chunk) {
  if (failed_ || chunk.empty()) return;
  // Compact before growing, so a long-lived connection does not keep consumed bytes.
  if (start_ > 0 && start_ == buf_.size()) {
    buf_.clear();
    start_ = 0;
  } else if (start_ > 4096 && start_ * 2 > buf_.size()) {
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(start_));
    start_ = 0;
  }
  buf_.insert(buf_.end(), chunk.begin(), chunk.end());
}

Framer::Status Framer::next(Bytes& out) {
  if (failed_) return Status::Error;
  const std::size_t have = buf_.size() - start_;
  if (have < kLlllSize) return Status::NeedMore;
  const std::uint32_t llll = core::get_be32(&buf_[start_]);
  if (auto e = check_total_length(llll, max_)) {
    failed_ = true;
    error_ = std::move(*e);
    buf_.clear();
    buf_.shrink_to_fit();
    start_ = 0;
    return Status::Error;
  }
  if (have < llll) return Status::NeedMore;
  if (start_ == 0 && llll == buf_.size()) {
    // The usual case, one message and nothing after it: hand over the buffer, not a copy.
    out.swap(buf_);
    buf_.clear();
    if (buf_.capacity() > kIdleCapacity) Bytes().swap(buf_);
    return Status::Message;
  }
  out.assign(buf_.begin() + static_cast<std::ptrdiff_t>(start_),
             buf_.begin() + static_cast<std::ptrdiff_t>(start_ + llll));
  start_ += llll;
  if (start_ == buf_.size()) {
    buf_.clear();
    start_ = 0;
    // A connection that goes idle after a large message does not keep its room.
    if (buf_.capacity() > kIdleCapacity) buf_.shrink_to_fit();
  }
  return Status::Message;
}

}  // namespace zgate::connect

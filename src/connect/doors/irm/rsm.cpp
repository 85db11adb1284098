#include "connect/doors/irm/rsm.h"

#include <fmt/format.h>

#include <algorithm>

#include "connect/doors/irm/framing.h"
#include "connect/return_codes.h"

namespace zgate::connect {

namespace {

constexpr std::string_view kRsmId = "*REQSTS*", kCsmId = "*CSMOKY*", kRmmId = "*REQMOD*",
                           kGencidId = "*GENCID*", kCortknId = "*CORTKN*";

// Which encoding, if any, writes `id` at p[0..8)?
std::optional<Encoding> id_encoding(const std::uint8_t* p, std::string_view id,
                                    core::CodePage cp) {
  for (auto e : {Encoding::Ebcdic, Encoding::Ascii})
    if (id_matches(p, id, e, cp)) return e;
  return std::nullopt;
}

void put_named(Bytes& out, std::string_view id, std::string_view name, Encoding e,
               core::CodePage cp) {
  const std::size_t at = out.size();
  out.resize(at + 20, 0);
  core::put_be16(&out[at], 20);
  put_text(&out[at + 4], 8, id, e, cp);
  put_text(&out[at + 12], 8, name, e, cp);
}

// The CSM and the RSM share their first 12 bytes: LL, two flag bytes, the 8-byte ID.
// Returns where the structure starts; the rest of it is zeros for the caller to fill.
std::size_t put_status(Bytes& out, std::size_t len, std::uint8_t b2, std::uint8_t b3,
                       std::string_view id, Encoding e, core::CodePage cp) {
  const std::size_t at = out.size();
  out.resize(at + len, 0);
  core::put_be16(&out[at], static_cast<std::uint16_t>(len));
  out[at + 2] = b2;
  out[at + 3] = b3;
  put_text(&out[at + 4], 8, id, e, cp);
  return at;
}

WireError bad_reply(std::string detail) {
  return WireError{rc::kConnectError, rc::kBufferInvalid, std::move(detail)};
}

// Is the structure at p (with `avail` bytes, LL already read) the end of a reply?
bool ends_reply(const std::uint8_t* p, std::size_t ll, core::CodePage cp) {
  return (ll == kCsmLength && id_encoding(p + 4, kCsmId, cp)) ||
         (ll == kRsmLength && id_encoding(p + 4, kRsmId, cp));
}

}  // namespace

Reply rsm_reply(std::uint32_t return_code, std::uint32_t reason_code, std::uint8_t racf_rc,
                std::uint8_t flags) {
  Reply r;
  r.rsm = Rsm{flags, racf_rc, return_code, reason_code};
  return r;
}

ReplyEncodeResult encode_reply(const Reply& r, ExitFormat f, Encoding e, core::CodePage cp) {
  ReplyEncodeResult out;
  if (r.csm.has_value() == r.rsm.has_value()) {
    out.error = "a reply ends with exactly one of CSM and RSM";
    return out;
  }
  Bytes& m = out.bytes;
  // The whole reply's room at once: growing it segment by segment copied a 32 KB reply twice.
  std::size_t room = kLlllSize + kCsmLength + kRsmLength + kCortknLength + 64;
  for (const auto& s : r.segments) room += kSegmentHeader + s.data.size();
  m.reserve(room);
  if (f == ExitFormat::Hwssmpl1) m.resize(kLlllSize, 0);
  if (r.rsm) {
    if (r.mod_name || r.generated_client_id || r.correlation_token || !r.segments.empty()) {
      out.error = "an RSM is the only structure of its reply";
      return out;
    }
    const std::size_t at = put_status(m, kRsmLength, r.rsm->flags, r.rsm->racf_rc, kRsmId, e, cp);
    core::put_be32(&m[at + 12], r.rsm->return_code);
    core::put_be32(&m[at + 16], r.rsm->reason_code);
  } else {
    if (r.mod_name) put_named(m, kRmmId, *r.mod_name, e, cp);
    if (r.generated_client_id) put_named(m, kGencidId, *r.generated_client_id, e, cp);
    if (r.correlation_token) {
      const std::size_t at = m.size();
      m.resize(at + kCortknLength, 0);
      core::put_be16(&m[at], static_cast<std::uint16_t>(kCortknLength));
      put_text(&m[at + 4], 8, kCortknId, e, cp);
      std::copy(r.correlation_token->begin(), r.correlation_token->end(), m.begin() + at + 12);
    }
    for (const auto& s : r.segments) {
      if (s.data.size() + kSegmentHeader > kMaxSegmentLength) {
        out.bytes.clear();
        out.error = "a data segment is longer than 32767 bytes";
        return out;
      }
      append_segment(m, s);
    }
    put_status(m, kCsmLength, r.csm->flags, r.csm->protocol_level, kCsmId, e, cp);
  }
  if (f == ExitFormat::Hwssmpl1) core::put_be32(&m[0], static_cast<std::uint32_t>(m.size()));
  return out;
}

ReplyLength reply_length(ByteView buf, ExitFormat f, std::size_t max_reply) {
  ReplyLength r;
  if (f == ExitFormat::Hwssmpl1) {
    if (buf.size() < kLlllSize) return r;
    const std::uint32_t llll = core::get_be32(buf.data());
    if (llll < kLlllSize + kCsmLength || llll > max_reply) {
      r.error = bad_reply(fmt::format("reply total length {}", llll));
      return r;
    }
    if (buf.size() >= llll) r.length = llll;
    return r;
  }
  const auto cp = core::CodePage::IBM037;  // the IDs are the same in 037 and 1047
  std::size_t pos = 0;
  while (buf.size() - pos >= 2) {
    const std::size_t ll = core::get_be16(&buf[pos]);
    if (ll < kSegmentHeader) {
      r.error = bad_reply(fmt::format("structure length {} at offset {}", ll, pos));
      return r;
    }
    if (pos + ll > max_reply) {
      r.error = bad_reply("reply longer than the maximum");
      return r;
    }
    if (buf.size() - pos < ll) return r;
    if (ends_reply(&buf[pos], ll, cp)) {
      r.length = pos + ll;
      return r;
    }
    pos += ll;
  }
  return r;
}

ReplyDecodeResult decode_reply(ByteView buf, ExitFormat f, core::CodePage cp) {
  ReplyDecodeResult r;
  auto fail = [&](std::string why) {
    r.error = bad_reply(std::move(why));
    return std::move(r);
  };
  std::size_t pos = 0;
  if (f == ExitFormat::Hwssmpl1) {
    if (buf.size() < kLlllSize) return fail("reply has no total length");
    if (core::get_be32(buf.data()) != buf.size())
      return fail(fmt::format("total length {} but {} bytes", core::get_be32(buf.data()),
                              buf.size()));
    pos = kLlllSize;
  }
  Reply rep;
  bool first = true;
  while (pos < buf.size()) {
    if (buf.size() - pos < kSegmentHeader) return fail("structure cut short");
    const std::size_t ll = core::get_be16(&buf[pos]);
    if (ll < kSegmentHeader || ll > buf.size() - pos)
      return fail(fmt::format("structure length {} at offset {}", ll, pos));
    const std::uint8_t* p = &buf[pos];
    const bool named = ll == 20 && rep.segments.empty();
    if (ends_reply(p, ll, cp)) {
      if (pos + ll != buf.size()) return fail("bytes after the CSM or RSM");
      if (ll == kCsmLength) {
        r.encoding = *id_encoding(p + 4, kCsmId, cp);
        rep.csm = Csm{p[2], p[3]};
      } else {
        if (!first) return fail("an RSM must be the only structure of its reply");
        r.encoding = *id_encoding(p + 4, kRsmId, cp);
        rep.rsm = Rsm{p[2], p[3], core::get_be32(p + 12), core::get_be32(p + 16)};
      }
    } else if (named && first && id_encoding(p + 4, kRmmId, cp)) {
      rep.mod_name = get_text(p + 12, 8, *id_encoding(p + 4, kRmmId, cp), cp);
    } else if (named && !rep.generated_client_id && id_encoding(p + 4, kGencidId, cp)) {
      rep.generated_client_id = get_text(p + 12, 8, *id_encoding(p + 4, kGencidId, cp), cp);
    } else if (ll == kCortknLength && rep.segments.empty() && !rep.correlation_token &&
               id_encoding(p + 4, kCortknId, cp)) {
      CorrelationToken t;
      std::copy(p + 12, p + 12 + t.size(), t.begin());
      rep.correlation_token = t;
    } else {
      if (ll > kMaxSegmentLength) return fail(fmt::format("segment of {} bytes", ll));
      rep.segments.push_back(Segment{core::get_be16(p + 2), Bytes(p + kSegmentHeader, p + ll)});
    }
    first = false;
    pos += ll;
  }
  if (!rep.csm && !rep.rsm) return fail("reply ends without a CSM or RSM");
  r.reply = std::move(rep);
  return r;
}

std::string describe_rsm(const Rsm& r) {
  std::string s = fmt::format("RC={}", r.return_code);
  if (auto t = rc::return_code_text(r.return_code); !t.empty()) s += fmt::format(" ({})", t);
  s += fmt::format(" RSN={}", r.reason_code);
  switch (r.return_code) {
    case rc::kOtmaSense:
      s += fmt::format(" (OTMA sense code X'{:X}')", r.reason_code);
      break;
    case rc::kTimerExpired:
    case rc::kDefaultTimerExpired:
    case rc::kTimerExpiredKept:
      s += fmt::format(" (timer {})", r.reason_code <= 0xFF
                                          ? rc::timer_text(static_cast<std::uint8_t>(r.reason_code))
                                          : std::string("value out of range"));
      break;
    default:
      if (auto t = rc::reason_code_text(r.reason_code); !t.empty()) s += fmt::format(" ({})", t);
  }
  if (r.racf_rc != 0) s += fmt::format(" RACFRC={}", r.racf_rc);
  if (r.flags & replyf::kAsyncQueued) s += " ASYNC-QUEUED";
  if (r.flags & replyf::kConversational) s += " CONVERSATIONAL";
  if (r.flags & replyf::kAckNakNeeded) s += " ACK/NAK-REQUIRED";
  return s;
}

}  // namespace zgate::connect

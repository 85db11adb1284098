#include "connect/doors/irm/irm.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "connect/client_id.h"
#include "connect/doors/irm/framing.h"
#include "connect/return_codes.h"
#include "core/transaction_code.h"

namespace zgate::connect {

namespace {

// Message offsets (see the table at the top of irm.h).
namespace off {
constexpr std::size_t kIrmLen = 4, kArch = 6, kF0 = 7, kId = 8, kNakRsn = 16, kF6 = 18,
                      kRes = 19, kF5 = 20, kTimer = 21, kSoct = 22, kEs = 23, kClientId = 24,
                      kF1 = 32, kF2 = 33, kF3 = 34, kF4 = 35, kTrncod = 36, kDestId = 44,
                      kLterm = 52, kUserid = 60, kGroup = 68, kPassword = 76, kApplNm = 84,
                      kRerout = 92, kAltCidInjector = 100, kTagAdapt = 100, kTagMap = 108,
                      kModName = 116, kCorTkn = 124, kSesTkn = 164, kExtnOff = 172;
}  // namespace off

// Does an IRM of `irm_len` bytes reach up to message offset `end`?
bool covers(std::uint16_t irm_len, std::size_t end) { return kLlllSize + irm_len >= end; }

// Extensions start with a 12-byte header: LL ZZ ID(8).
constexpr std::size_t kExtHeader = 12;
constexpr std::string_view kPhraseId = "*PHRASE*";

struct TypeCode {
  MessageType type;
  char letter;
  std::string_view name;
  bool data;
};
constexpr TypeCode kTypes[] = {
    {MessageType::SendReceive, ' ', "SENDRECV", true},
    {MessageType::Ack, 'A', "ACK", false},
    {MessageType::CancelTimer, 'C', "CANCEL TIMER", false},
    {MessageType::Deallocate, 'D', "DEALLOCATE", false},
    {MessageType::SendOnlyE, 'J', "SNDONLYE", true},
    {MessageType::SendOnlyA, 'K', "SENDONLYA", true},
    {MessageType::SynRespA, 'L', "SYNRESPA", true},
    {MessageType::SynResp, 'M', "SYNRESP", true},
    {MessageType::Nak, 'N', "NAK", false},
    {MessageType::ResumeTpipe, 'R', "RESUME TPIPE", false},
    {MessageType::SendOnly, 'S', "SENDONLY", true},
};
const TypeCode& type_code(MessageType t) { return kTypes[static_cast<std::size_t>(t)]; }

std::uint8_t encode_type(MessageType t, Encoding e, core::CodePage cp) {
  std::uint8_t b;
  const char letter = type_letter(t);
  put_text(&b, 1, std::string_view(&letter, 1), e, cp);
  return b;
}

// Accepts the EBCDIC and the ASCII code for every type (layout choice 7).
std::optional<MessageType> decode_type(std::uint8_t b, core::CodePage cp) {
  for (const auto& tc : kTypes) {
    for (auto e : {Encoding::Ebcdic, Encoding::Ascii})
      if (encode_type(tc.type, e, cp) == b) return tc.type;
  }
  return std::nullopt;
}

// The password is translated in a local buffer that is wiped, so that no std::string copy
// of it outlives this call.
core::SecretString get_secret(const std::uint8_t* in, std::size_t width, Encoding e,
                              core::CodePage cp) {
  char buf[256];
  width = std::min(width, sizeof buf);
  const std::uint8_t blank = e == Encoding::Ebcdic ? 0x40 : 0x20;
  std::size_t n = width;
  while (n > 0 && (in[n - 1] == blank || in[n - 1] == 0x00)) --n;
  const std::uint8_t* t = e == Encoding::Ebcdic ? core::ebcdic_to_ascii_table(cp) : nullptr;
  for (std::size_t i = 0; i < n; ++i) buf[i] = static_cast<char>(t ? t[in[i]] : in[i]);
  core::SecretString s(std::string_view(buf, n));
  core::secure_wipe(buf, sizeof buf);
  return s;
}

void put_secret(std::uint8_t* out, std::size_t width, const core::SecretString& s, Encoding e,
                core::CodePage cp) {
  put_text(out, width, s.reveal(), e, cp);
}

WireError exit_error(std::uint32_t rsn, std::string detail) {
  return WireError{rc::kExitError, rsn, std::move(detail)};
}

// Reads the extensions of an ARCH5 IRM with IRM_F0 X'04' (IBM "Format of IRM extensions").
std::optional<WireError> decode_extensions(ByteView msg, Irm& irm, Encoding e,
                                           core::CodePage cp) {
  const std::size_t irm_start = kLlllSize;
  const std::size_t end = irm_start + irm.irm_len;
  if (irm.extension_offset == 0)
    return exit_error(rc::kExtensionOffsetZero, "IRM_F0 says extensions, IRM_EXTN_OFF is zero");
  if (irm.extension_offset < kIrmLenArch5 || irm.extension_offset > irm.irm_len)
    return exit_error(rc::kExtensionLengthOrOffset,
                      fmt::format("IRM_EXTN_OFF {} outside {}..{}", irm.extension_offset,
                                  kIrmLenArch5, irm.irm_len));
  std::size_t pos = irm_start + irm.extension_offset;
  bool have_phrase = false;
  while (pos < end) {
    if (end - pos < kExtHeader)
      return exit_error(rc::kExtensionLengthOrOffset, "IRM extension header cut short");
    const std::uint16_t ll = core::get_be16(&msg[pos]);
    if (ll < kExtHeader || ll > end - pos)
      return exit_error(rc::kExtensionLengthOrOffset,
                        fmt::format("IRM extension length {} at IRM offset {}", ll,
                                    pos - irm_start));
    const std::string id = get_text(&msg[pos + 4], 8, e, cp);
    const ByteView data = msg.subspan(pos + kExtHeader, ll - kExtHeader);
    if (id == kPhraseId) {
      if (have_phrase) return exit_error(rc::kBufferInvalid, "two *PHRASE* extensions");
      if (data.size() > 100) return exit_error(rc::kBufferInvalid, "password phrase over 100");
      have_phrase = true;
      irm.phrase = get_secret(data.data(), data.size(), e, cp);
    } else {
      if (id == "*NETUID*" && data.size() > 246)
        return exit_error(rc::kNetuidTooLong, "*NETUID* longer than 246 bytes");
      if (id == "*NETSID*" && data.size() > 254)
        return exit_error(rc::kNetsidTooLong, "*NETSID* longer than 254 bytes");
      irm.extensions.push_back(IrmExtension{id, Bytes(data.begin(), data.end())});
    }
    pos += ll;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(MessageType t) { return type_code(t).name; }
char type_letter(MessageType t) { return type_code(t).letter; }
bool carries_data(MessageType t) { return type_code(t).data; }

std::uint16_t irm_len_for_arch(std::uint8_t arch) {
  static constexpr std::uint16_t kLens[] = {kIrmLenArch0, kIrmLenArch1, kIrmLenArch2,
                                            kIrmLenArch3, kIrmLenArch4, kIrmLenArch5};
  return arch < std::size(kLens) ? kLens[arch] : 0;
}

SyncLevel Irm::sync_level() const {
  if (f3 & irmf::kF3SyncPoint) return SyncLevel::Syncpt;
  if (f3 & irmf::kF3SyncConfirm) return SyncLevel::Confirm;
  return SyncLevel::None;
}

std::optional<SocketType> Irm::socket() const {
  switch (socket_type) {
    case irmf::kSoctTransaction: return SocketType::Transaction;
    case irmf::kSoctPersistent: return SocketType::Persistent;
    case irmf::kSoctNonPersistent: return SocketType::NonPersistent;
    default: return std::nullopt;
  }
}

bool Irm::wants_generated_client_id() const {
  return client_id.empty() || (f2 & irmf::kF2GenClientId);
}

std::string Request::transaction_code(core::CodePage cp) const {
  if (segments.empty()) return {};
  const Bytes& d = segments.front().data;
  // OTMA's own reading of the code, on the segment as OTMA will see it.
  return core::transaction_code(decode_chars(ByteView(d.data(), d.size()), encoding, cp));
}

std::string Request::describe() const {
  const Irm& i = irm;
  static constexpr std::string_view kSync[] = {"NONE", "CONFIRM", "SYNCPT"};
  std::string soct = i.socket() ? std::string(i.socket() == SocketType::Transaction  ? "TRANSACTION"
                                              : i.socket() == SocketType::Persistent ? "PERSISTENT"
                                                                                      : "NONPERSISTENT")
                                : fmt::format("X'{:02X}'", i.socket_type);
  std::string s = fmt::format(
      "{} {} {} ARCH{} IRM_LEN={} CLIENTID={} TRAN={} DEST={} LTERM={} USER={} GROUP={} "
      "PW={} {} SYNC={} SOCT={} TIMER=X'{:02X}' F0=X'{:02X}' F1=X'{:02X}' F2=X'{:02X}' "
      "F3=X'{:02X}' F5=X'{:02X}' F6=X'{:02X}' ES=X'{:02X}' NAKRSN={} SEGMENTS={}",
      to_string(i.type), exit_id(format), to_string(encoding), i.arch, i.irm_len, i.client_id,
      i.trancode, i.datastore, i.lterm, i.userid, i.group, i.password.empty() ? "" : "********",
      i.commit_mode() == CommitMode::Cm0 ? "CM0" : "CM1",
      kSync[static_cast<int>(i.sync_level())], soct, i.timer, i.f0, i.f1, i.f2, i.f3, i.f5,
      i.f6, i.es, i.nak_reason, segments.size());
  if (!i.appl_name.empty()) s += " APPL=" + i.appl_name;
  if (!i.reroute_name.empty()) s += " REROUTE=" + i.reroute_name;
  if (!i.alt_client_id.empty()) s += " ALTCID=" + i.alt_client_id;
  if (!i.tag_adapter.empty()) s += " ADAPTER=" + i.tag_adapter;
  if (!i.tag_map.empty()) s += " MAP=" + i.tag_map;
  if (!i.mod_name.empty()) s += " MOD=" + i.mod_name;
  if (!i.phrase.empty()) s += " PHRASE=********";
  for (const auto& x : i.extensions) s += fmt::format(" EXT={}({})", x.id, x.data.size());
  return s;
}

DecodeResult decode_request(ByteView msg, const DecodeOptions& opt) {
  DecodeResult r;
  auto fail = [&](WireError e) {
    r.error = std::move(e);
    return std::move(r);
  };
  const auto cp = opt.code_page;
  if (msg.size() < kLlllSize)
    return fail({rc::kConnectError, rc::kTotalLengthInvalid,
                 fmt::format("message of {} bytes has no total length", msg.size())});
  const std::uint32_t llll = core::get_be32(msg.data());
  if (auto e = check_total_length(llll, opt.max_message)) return fail(std::move(*e));
  if (llll != msg.size())
    return fail({rc::kConnectError, rc::kTotalLengthInvalid,
                 fmt::format("total length {} but the message has {} bytes", llll, msg.size())});

  // The exit is chosen by IRM_ID; its encoding tells the client's code page (§1.6).
  bool known = false;
  for (auto f : {ExitFormat::Hwssmpl1, ExitFormat::Hwssmpl0}) {
    for (auto e : {Encoding::Ebcdic, Encoding::Ascii}) {
      if (!known && id_matches(&msg[off::kId], exit_id(f), e, cp)) {
        r.format = f;
        r.encoding = e;
        known = true;
      }
    }
  }
  if (!known)
    return fail({rc::kConnectError, rc::kUnknownClient,
                 "IRM_ID names no user message exit (*SAMPLE* or *SAMPL1*)"});
  const Encoding enc = r.encoding;

  Request req;
  req.format = r.format;
  req.encoding = enc;
  Irm& i = req.irm;
  i.irm_len = core::get_be16(&msg[off::kIrmLen]);
  if (i.irm_len < kIrmLenArch0 || kLlllSize + i.irm_len + 4 > msg.size())
    return fail(exit_error(rc::kIrmLengthInvalid,
                           fmt::format("IRM_LEN {} (minimum {}, message {} bytes)", i.irm_len,
                                       kIrmLenArch0, msg.size())));
  i.arch = msg[off::kArch];
  if (irm_len_for_arch(i.arch) == 0)
    return fail(exit_error(rc::kBufferInvalid, fmt::format("IRM_ARCH X'{:02X}'", i.arch)));
  i.f0 = msg[off::kF0];
  i.nak_reason = core::get_be16(&msg[off::kNakRsn]);
  i.f6 = msg[off::kF6];
  i.reserved = msg[off::kRes];
  i.f5 = msg[off::kF5];
  i.timer = msg[off::kTimer];
  i.socket_type = msg[off::kSoct];
  i.es = msg[off::kEs];
  i.client_id = get_text(&msg[off::kClientId], 8, enc, cp);
  if (!i.client_id.empty()) {
    if (auto p = check_client_id(i.client_id, /*user_chosen=*/false);
        p != ClientIdProblem::None)
      return fail(exit_error(rc::kBufferInvalid, std::string(to_string(p))));
  }
  i.f1 = msg[off::kF1];
  i.f2 = msg[off::kF2];
  i.f3 = msg[off::kF3];
  auto type = decode_type(msg[off::kF4], cp);
  if (!type)
    return fail(exit_error(rc::kBufferInvalid,
                           fmt::format("IRM_F4 X'{:02X}' is no message type", msg[off::kF4])));
  i.type = *type;
  i.trancode = get_text(&msg[off::kTrncod], 8, enc, cp);
  i.datastore = get_text(&msg[off::kDestId], 8, enc, cp);
  i.lterm = get_text(&msg[off::kLterm], 8, enc, cp);
  i.userid = get_text(&msg[off::kUserid], 8, enc, cp);
  i.group = get_text(&msg[off::kGroup], 8, enc, cp);
  i.password = get_secret(&msg[off::kPassword], 8, enc, cp);

  if (covers(i.irm_len, off::kApplNm + 8)) i.appl_name = get_text(&msg[off::kApplNm], 8, enc, cp);
  if (i.arch == 1 && covers(i.irm_len, off::kAltCidInjector + 8)) {
    i.reroute_name = get_text(&msg[off::kRerout], 8, enc, cp);
    i.alt_client_id = get_text(&msg[off::kAltCidInjector], 8, enc, cp);
  } else if (i.arch >= 1 && covers(i.irm_len, off::kRerout + 8)) {
    auto slot = get_text(&msg[off::kRerout], 8, enc, cp);
    (i.type == MessageType::ResumeTpipe ? i.alt_client_id : i.reroute_name) = std::move(slot);
  }
  if (i.arch >= 2 && covers(i.irm_len, off::kTagMap + 8)) {
    i.tag_adapter = get_text(&msg[off::kTagAdapt], 8, enc, cp);
    i.tag_map = get_text(&msg[off::kTagMap], 8, enc, cp);
  }
  if (i.arch >= 3 && covers(i.irm_len, off::kModName + 8))
    i.mod_name = get_text(&msg[off::kModName], 8, enc, cp);
  if (i.arch >= 3 && covers(i.irm_len, off::kCorTkn + 40))
    std::memcpy(i.correlation_token.data(), &msg[off::kCorTkn], 40);
  if (i.arch >= 4 && covers(i.irm_len, off::kSesTkn + 8))
    std::memcpy(i.session_token.data(), &msg[off::kSesTkn], 8);
  if (i.arch >= 5 && covers(i.irm_len, off::kExtnOff + 2)) {
    i.extension_offset = core::get_be16(&msg[off::kExtnOff]);
    if (i.f0 & irmf::kF0Extensions)
      if (auto e = decode_extensions(msg, i, enc, cp)) return fail(std::move(*e));
  } else if (i.f0 & irmf::kF0Extensions) {
    return fail(exit_error(rc::kExtensionLengthOrOffset,
                           "IRM_F0 says extensions but the IRM is not ARCH5"));
  }

  auto segs = split_segments(msg.subspan(kLlllSize + i.irm_len));
  if (segs.error) return fail(std::move(*segs.error));
  req.segments = std::move(segs.segments);
  if (carries_data(i.type) && req.segments.empty())
    return fail(exit_error(rc::kNoData, fmt::format("{} without a data segment", to_string(i.type))));
  r.request = std::move(req);
  return r;
}

EncodeResult encode_request(const Request& req, core::CodePage cp) {
  EncodeResult out;
  const Irm& i = req.irm;
  const Encoding enc = req.encoding;
  auto fail = [&](std::string why) {
    out.bytes.clear();
    out.error = std::move(why);
    return std::move(out);
  };
  if (irm_len_for_arch(i.arch) == 0) return fail(fmt::format("IRM_ARCH {} unknown", i.arch));
  for (const std::string* f : {&i.client_id, &i.trancode, &i.datastore, &i.lterm, &i.userid,
                               &i.group, &i.appl_name, &i.reroute_name, &i.alt_client_id,
                               &i.tag_adapter, &i.tag_map, &i.mod_name})
    if (f->size() > 8) return fail(fmt::format("'{}' is longer than 8 characters", *f));
  if (i.password.size() > 8) return fail("password longer than 8: send it as a *PHRASE*");
  if (i.phrase.size() > 100) return fail("password phrase longer than 100 characters");

  // Extensions (ARCH5, IRM_F0 X'04'): the phrase first, then the others.
  const bool with_ext = i.arch >= 5 && (i.f0 & irmf::kF0Extensions);
  if (!with_ext && (!i.phrase.empty() || !i.extensions.empty()))
    return fail("extensions need IRM_ARCH 5 and IRM_F0 X'04'");
  Bytes ext;
  auto add_ext = [&](std::string_view id, ByteView data) {
    const std::size_t at = ext.size();
    ext.resize(at + kExtHeader);
    core::put_be16(&ext[at], static_cast<std::uint16_t>(kExtHeader + data.size()));
    put_text(&ext[at + 4], 8, id, enc, cp);
    ext.insert(ext.end(), data.begin(), data.end());
  };
  if (!i.phrase.empty()) {
    Bytes p = encode_chars(i.phrase.reveal(), enc, cp);
    add_ext(kPhraseId, p);
    core::secure_wipe(p.data(), p.size());
  }
  for (const auto& x : i.extensions) {
    if (x.id == kPhraseId) return fail("*PHRASE* belongs in Irm::phrase");
    if (x.id.size() > 8 || x.data.size() > 0xFFFF - kExtHeader) return fail("bad extension");
    add_ext(x.id, x.data);
  }

  std::size_t irm_len = i.irm_len;
  std::uint16_t ext_off = i.extension_offset;
  if (with_ext) {
    if (ext_off == 0) ext_off = kIrmLenArch5;
    if (ext_off < kIrmLenArch5) return fail("IRM_EXTN_OFF inside the fixed IRM");
    irm_len = ext_off + ext.size();
  } else if (irm_len == 0) {
    irm_len = irm_len_for_arch(i.arch);
    if (i.arch == 0 && !i.appl_name.empty()) irm_len = kIrmLenArch0 + 8;
  }
  if (irm_len < kIrmLenArch0 || irm_len > 0xFFFF) return fail(fmt::format("IRM_LEN {}", irm_len));
  const auto len16 = static_cast<std::uint16_t>(irm_len);

  std::size_t total = kLlllSize + irm_len + 4;
  for (const auto& s : req.segments) {
    if (s.data.size() + kSegmentHeader > kMaxSegmentLength)
      return fail("a data segment is longer than 32767 bytes");
    total += kSegmentHeader + s.data.size();
  }
  if (total > 0x7FFFFFFF) return fail("message longer than X'7FFFFFFF'");

  Bytes& m = out.bytes;
  m.assign(kLlllSize + irm_len, 0);
  core::put_be32(&m[0], static_cast<std::uint32_t>(total));
  core::put_be16(&m[off::kIrmLen], len16);
  m[off::kArch] = i.arch;
  m[off::kF0] = i.f0;
  put_text(&m[off::kId], 8, exit_id(req.format), enc, cp);
  core::put_be16(&m[off::kNakRsn], i.nak_reason);
  m[off::kF6] = i.f6;
  m[off::kRes] = i.reserved;
  m[off::kF5] = i.f5;
  m[off::kTimer] = i.timer;
  m[off::kSoct] = i.socket_type;
  m[off::kEs] = i.es;
  put_text(&m[off::kClientId], 8, i.client_id, enc, cp);
  m[off::kF1] = i.f1;
  m[off::kF2] = i.f2;
  m[off::kF3] = i.f3;
  m[off::kF4] = encode_type(i.type, enc, cp);
  put_text(&m[off::kTrncod], 8, i.trancode, enc, cp);
  put_text(&m[off::kDestId], 8, i.datastore, enc, cp);
  put_text(&m[off::kLterm], 8, i.lterm, enc, cp);
  put_text(&m[off::kUserid], 8, i.userid, enc, cp);
  put_text(&m[off::kGroup], 8, i.group, enc, cp);
  put_secret(&m[off::kPassword], 8, i.password, enc, cp);

  // Each optional field is written when the IRM covers it, and refused when it is set but
  // the IRM does not (it would be lost silently).
  auto field = [&](std::size_t at, std::size_t width, bool wanted) {
    if (wanted && covers(len16, at + width)) return true;
    return false;
  };
  auto missing = [&](const std::string& v, std::string_view name) {
    return v.empty() ? std::string() : fmt::format("{} needs a larger IRM or IRM_ARCH", name);
  };
  std::string lost;
  if (field(off::kApplNm, 8, true)) put_text(&m[off::kApplNm], 8, i.appl_name, enc, cp);
  else lost += missing(i.appl_name, "IRM_APPL_NM");
  if (field(off::kAltCidInjector, 8, i.arch == 1)) {
    put_text(&m[off::kRerout], 8, i.reroute_name, enc, cp);
    put_text(&m[off::kAltCidInjector], 8, i.alt_client_id, enc, cp);
  } else if (field(off::kRerout, 8, i.arch >= 1)) {
    const bool rt = i.type == MessageType::ResumeTpipe;
    if (!(rt ? i.reroute_name : i.alt_client_id).empty())
      return fail("IRM_REROUT_NM and IRM_RT_ALTCID share one field");
    put_text(&m[off::kRerout], 8, rt ? i.alt_client_id : i.reroute_name, enc, cp);
  } else {
    lost += missing(i.reroute_name, "IRM_REROUT_NM") + missing(i.alt_client_id, "IRM_RT_ALTCID");
  }
  if (field(off::kTagMap, 8, i.arch >= 2)) {
    put_text(&m[off::kTagAdapt], 8, i.tag_adapter, enc, cp);
    put_text(&m[off::kTagMap], 8, i.tag_map, enc, cp);
  } else {
    lost += missing(i.tag_adapter, "IRM_TAG_ADAPT") + missing(i.tag_map, "IRM_TAG_MAP");
  }
  if (field(off::kModName, 8, i.arch >= 3)) put_text(&m[off::kModName], 8, i.mod_name, enc, cp);
  else lost += missing(i.mod_name, "IRM_MODNAME");
  if (field(off::kCorTkn, 40, i.arch >= 3))
    std::memcpy(&m[off::kCorTkn], i.correlation_token.data(), 40);
  if (field(off::kSesTkn, 8, i.arch >= 4)) std::memcpy(&m[off::kSesTkn], i.session_token.data(), 8);
  if (field(off::kExtnOff, 2, i.arch >= 5)) core::put_be16(&m[off::kExtnOff], ext_off);
  if (!lost.empty()) return fail(lost);
  if (!ext.empty()) {
    std::memcpy(&m[kLlllSize + ext_off], ext.data(), ext.size());
    core::secure_wipe(ext.data(), ext.size());
  }

  append_segments(m, req.segments);
  return out;
}

}  // namespace zgate::connect

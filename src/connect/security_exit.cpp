#include "connect/security_exit.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <utility>

#include "tm/exit_helper.h"
#include "tm/region_protocol.h"

namespace zgate::connect {

namespace {

// Copies an IMS name into a 9-byte field: IRM fields arrive blank-padded, the exit sees them
// trimmed and NUL-terminated; at most 8 characters, as in the IRM.
std::string_view trimmed(std::string_view src, std::size_t max) {
  if (auto nul = src.find('\0'); nul != std::string_view::npos) src = src.substr(0, nul);
  src = src.substr(0, std::min(src.size(), max));  // the field's width first, then its blanks:
  while (!src.empty() && src.back() == ' ') src.remove_suffix(1);  // trimming twice changes nothing
  return src;
}

template <std::size_t N>
void put(char (&dst)[N], std::string_view src) {
  src = trimmed(src, N - 1);
  std::memcpy(dst, src.data(), src.size());
  dst[src.size()] = '\0';
}

// Reads back a field the exit may have written; a field without its NUL reads as N characters,
// which the caller then refuses as too long.
template <std::size_t N>
std::string_view get(const char (&src)[N]) {
  return std::string_view(src, strnlen(src, N));
}

// A user ID or group the exit hands back must still be an IMS name: 1-8 (group: 0-8)
// characters, no blanks or control characters.
bool usable(std::string_view id, bool may_be_empty) {
  if (id.empty()) return may_be_empty;
  if (id.size() > 8) return false;
  for (char c : id) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
  }
  return true;
}

// The exit's reason as it may go into a log line and an audit record (tm/exit_helper.h).
std::string printable_reason(std::string_view s) { return tm::printable_exit_reason(s, s.size()); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// The frames' bodies.

namespace security_exit_frames {

namespace proto = tm::proto;

std::string encode_call(const SecurityExit::Input& in) {
  const auto credential = static_cast<std::uint32_t>(in.credential);
  return proto::Writer()
      .str(std::string(trimmed(in.userid, 8)))
      .str(std::string(trimmed(in.group, 8)))
      .str(std::string(trimmed(in.trancode, 8)))
      .str(std::string(trimmed(in.datastore, 8)))
      .str(std::string(trimmed(in.clientid, 8)))
      .u32(credential)
      .str(std::string(trimmed(in.peer, sizeof(zgate_imslsecx_parms::peer) - 1)))
      .u32(in.local_port)
      .u32(in.tls ? 1u : 0u)
      .u32(in.cert_subject ? 1u : 0u)
      .str(in.cert_subject.value_or(std::string()))
      .take();
}

std::string host_call(zgate_imslsecx_fn entry, const std::string& call_body) {
  proto::Reader r(call_body);
  zgate_imslsecx_parms parms;
  std::memset(&parms, 0, sizeof parms);
  parms.version = ZGATE_IMSLSECX_VERSION;
  parms.length = sizeof parms;
  put(parms.userid, r.str());
  put(parms.group, r.str());
  put(parms.trancode, r.str());
  put(parms.datastore, r.str());
  put(parms.clientid, r.str());
  const std::uint32_t credential = r.u32();
  switch (credential) {
    case static_cast<std::uint32_t>(SecurityExit::Credential::None): parms.credential = ZGATE_IMSLSECX_CRED_NONE; break;
    case static_cast<std::uint32_t>(SecurityExit::Credential::Password): parms.credential = ZGATE_IMSLSECX_CRED_PASSWORD; break;
    case static_cast<std::uint32_t>(SecurityExit::Credential::Phrase): parms.credential = ZGATE_IMSLSECX_CRED_PHRASE; break;
    default: throw proto::ProtocolError("security exit host: bad credential kind");
  }
  put(parms.peer, r.str());
  parms.local_port = static_cast<std::uint16_t>(r.u32());
  parms.tls = r.u32() ? 1 : 0;
  const bool has_subject = r.u32() != 0;
  const std::string subject = r.str();
  parms.cert_subject = has_subject ? subject.c_str() : nullptr;

  const std::int32_t rc = entry(&parms);
  return proto::Writer()
      .i32(rc)
      .str(std::string(get(parms.userid)))
      .str(std::string(get(parms.group)))
      .str(std::string(get(parms.reason)))
      .take();
}

std::optional<SecurityExit::Result> decode_reply(const SecurityExit::Input& in, const std::string& body) {
  using Action = SecurityExit::Action;
  SecurityExit::Result out;
  std::string userid, group, reason;
  try {
    proto::Reader r(body);
    out.rc = r.i32();
    userid = r.str();
    group = r.str();
    reason = r.str();
  } catch (const proto::ProtocolError&) {
    return std::nullopt;
  }
  // What get() can have read from the block: a field of N bytes, a reason of 80.
  if (userid.size() > 9 || group.size() > 9 || reason.size() > sizeof(zgate_imslsecx_parms::reason))
    return std::nullopt;
  out.reason = printable_reason(reason);
  // What the exit saw, trimmed, is the identity to go on with unless it changes it.
  out.userid = userid;
  out.group = group;
  switch (out.rc) {
    case ZGATE_IMSLSECX_CONTINUE:
      // RC 0 means "as received": whatever the exit scribbled in the fields is not used.
      out.userid = std::string(trimmed(in.userid, 8));
      out.group = std::string(trimmed(in.group, 8));
      out.action = Action::Continue;
      break;
    case ZGATE_IMSLSECX_CHANGED:
      if (!usable(userid, false) || !usable(group, true)) {
        out.action = Action::Reject;
        out.reason = fmt::format("security exit returned 4 with an unusable user ID or group{}{}",
                                 out.reason.empty() ? "" : ": ", out.reason);
        out.userid.clear();
        out.group.clear();
      } else {
        out.action = Action::ChangeUser;
      }
      break;
    case ZGATE_IMSLSECX_REJECT:
      out.action = Action::Reject;
      break;
    default:
      out.action = Action::Reject;  // deny by default
      out.reason = fmt::format("security exit returned {}, which is not 0, 4 or 8{}{}", out.rc,
                               out.reason.empty() ? "" : ": ", out.reason);
      break;
  }
  return out;
}

}  // namespace security_exit_frames

// ---------------------------------------------------------------------------------------------
// The server side.

SecurityExit::SecurityExit(const std::filesystem::path& library, Host host) : path_(library) {
  try {
    helper_ = tm::start_library_exit(path_, std::move(host));
  } catch (const tm::ExitHelperError& e) {
    throw SecurityExitError(fmt::format("security exit {}: {}", library.string(), e.what()));
  }
}

SecurityExit::~SecurityExit() = default;
SecurityExit::SecurityExit(SecurityExit&& other) noexcept = default;
SecurityExit& SecurityExit::operator=(SecurityExit&& other) noexcept = default;

std::filesystem::path SecurityExit::default_path(const std::filesystem::path& program_dir) {
  return program_dir / "IMSLSECX.so";
}

SecurityExit::Result SecurityExit::call(const Input& in) const {
  Result out;
  if (!helper_) {  // a moved-from exit: never let a message through by accident
    out.reason = "security exit not loaded";
    return out;
  }
  std::optional<Result> decided;
  tm::ExitHelperReply r = helper_->call(security_exit_frames::encode_call(in), [&](const std::string& body) {
    decided = security_exit_frames::decode_reply(in, body);
    return decided.has_value();
  });
  if (r.ok()) return std::move(*decided);
  // Fail closed: the refusal an exit that returns 8 gets, with what happened as its reason.
  if (r.status == tm::ExitHelperReply::Status::NotStarted) {
    out.reason = fmt::format("{} not called: {}", ZGATE_IMSLSECX_ENTRY, r.detail);
    std::fprintf(stderr, "zgate connect: security exit host cannot be restarted: %s\n", r.detail.c_str());
  } else {
    out.reason = fmt::format("{} {}", ZGATE_IMSLSECX_ENTRY, r.detail);
    std::fprintf(stderr, "zgate connect: security exit %s ended abnormally: %s; the message is refused\n",
                 ZGATE_IMSLSECX_ENTRY, r.detail.c_str());
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The host side: `zgate security-exit-host`.

int security_exit_host_main(int, char**) {
  return tm::serve_library_exit_host(
      "security-exit-host", ZGATE_IMSLSECX_ENTRY, "an IMSLSECX exit exports int IMSLSECX(zgate_imslsecx_parms*)",
      [](void* entry, const std::string& body) {
        return security_exit_frames::host_call(reinterpret_cast<zgate_imslsecx_fn>(entry), body);
      });
}

}  // namespace zgate::connect

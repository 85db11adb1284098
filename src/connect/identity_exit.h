#pragma once
// What IMS Connect's two identity exits have in common: IMSLSECX (connect/security_exit.h, for
// clients of IMS TM) and HWSAUTH0 (connect/db_security_exit.h, for clients of IMS DB). Each is
// a customer's library run in confined helper processes (tm::LibraryExitHost), is given a user
// ID and a group, and answers 0 (go on as received), 4 (go on as the user ID and group it wrote)
// or 8 (refuse). Their parameter blocks differ; the reading of the answer, the IMS-name rules
// for what goes in and comes back, and the fail-closed handling of a lost helper are this
// file's, once for both.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "tm/exit_helper.h"
#include "tm/region_protocol.h"

namespace zgate::connect {

// What an identity exit decided, as zgate acts on it.
struct IdentityExitResult {
  enum class Action : std::uint8_t {
    Continue,    // RC 0
    ChangeUser,  // RC 4: userid / group below replace the input's
    Reject,      // RC 8, or any RC the ABI does not define, or an unusable changed user ID
  };
  Action action = Action::Reject;
  int rc = 8;              // what the exit returned (8 when zgate decided for it)
  std::string userid;      // the user ID to go on with (the input's unless ChangeUser)
  std::string group;       // likewise; empty = none
  std::string reason;      // the exit's reason text (one printable line: a control character
                           // becomes '?'), or zgate's when it overrode the exit
};

namespace identity_exit {

// Both ABIs' return codes (ZGATE_IMSLSECX_*, ZGATE_HWSAUTH0_*) and field sizes.
inline constexpr int kContinue = 0;
inline constexpr int kChanged = 4;
inline constexpr int kReject = 8;
inline constexpr std::size_t kNameField = 9;     // userid, group: 8 characters and a NUL
inline constexpr std::size_t kReasonField = 80;  // reason

// An exit's names for the messages zgate writes about it.
struct Names {
  const char* entry;    // "IMSLSECX"
  const char* what;     // "security exit"
  const char* refused;  // what a refusal costs: "the message"
};

// An IMS name as it arrives blank-padded: up to a NUL, at most `max` characters, trailing
// blanks dropped (the field's width first, then its blanks: trimming twice changes nothing).
std::string_view trimmed(std::string_view src, std::size_t max);

// Copies a name into a parameter block's field, trimmed to fit and NUL-terminated.
template <std::size_t N>
void put(char (&dst)[N], std::string_view src) {
  src = trimmed(src, N - 1);
  std::memcpy(dst, src.data(), src.size());
  dst[src.size()] = '\0';
}

// Reads back a field the exit may have written; a field without its NUL reads as N characters,
// which decode_reply then refuses as too long.
template <std::size_t N>
std::string_view get(const char (&src)[N]) {
  return std::string_view(src, strnlen(src, N));
}

// A user ID or group an exit hands back must still be an IMS name: 1-8 (group: 0-8)
// characters, no blanks or control characters.
bool usable(std::string_view id, bool may_be_empty);

// The parts of a Call body and of a parameter block that both exits have. A Call body starts
// with the user ID and group and ends with where the client came in; `peer_max` is the width of
// the block's peer field less its NUL (zgate's own text, so cutting it is harmless).
template <class Input>
void write_identity(tm::proto::Writer& w, const Input& in, std::size_t name_max) {
  w.str(std::string(trimmed(in.userid, name_max))).str(std::string(trimmed(in.group, name_max)));
}
template <class Input>
std::string write_connection(tm::proto::Writer& w, const Input& in, std::size_t peer_max) {
  return w.str(std::string(trimmed(in.peer, peer_max)))
      .u32(in.local_port)
      .u32(in.tls ? 1u : 0u)
      .u32(in.cert_subject ? 1u : 0u)
      .str(in.cert_subject.value_or(std::string()))
      .take();
}
// The host's side: a zeroed block with its version and length, the user ID and group read.
template <class Parms>
void begin_block(tm::proto::Reader& r, Parms& p, std::uint32_t version) {
  std::memset(&p, 0, sizeof p);
  p.version = version;
  p.length = sizeof p;
  put(p.userid, r.str());
  put(p.group, r.str());
}
// The connection's part of the block; `subject` keeps the text cert_subject points to.
template <class Parms>
void end_block(tm::proto::Reader& r, Parms& p, std::string& subject) {
  put(p.peer, r.str());
  p.local_port = static_cast<std::uint16_t>(r.u32());
  p.tls = r.u32() ? 1 : 0;
  const bool has_subject = r.u32() != 0;
  subject = r.str();
  p.cert_subject = has_subject ? subject.c_str() : nullptr;
}

// The host's reply to one call: what the exit returned and left in userid, group and reason.
std::string encode_reply(std::int32_t rc, std::string_view userid, std::string_view group, std::string_view reason);

// The server's reading of a reply, which a misbehaving exit or host may have scribbled on: RC 0
// keeps `in_userid` / `in_group` (what the exit was given), RC 4 takes the exit's only when
// usable, anything else refuses; the reason one printable line. nullopt when the body is not a
// reply.
std::optional<IdentityExitResult> decode_reply(std::string_view in_userid, std::string_view in_group,
                                               const std::string& body, const Names& names);

// Starts an exit's helpers (tm::start_library_exit: `library` made absolute), turning a failure
// into the exit's own error type, which start-up reports.
template <class Error>
std::unique_ptr<tm::ExitHelper> start(std::filesystem::path& library, tm::LibraryExitHost host, const Names& names) {
  const std::string given = library.string();
  try {
    return tm::start_library_exit(library, std::move(host));
  } catch (const tm::ExitHelperError& e) {
    throw Error(fmt::format("{} {}: {}", names.what, given, e.what()));
  }
}

// One call: `call_body` to a helper of `helper` (null: a moved-from exit), its reply read by
// decode_reply. Fails closed: a lost helper, or none that can start, is the refusal an exit's
// RC 8 is, with what happened as the reason, and a line on standard error.
IdentityExitResult call(tm::ExitHelper* helper, const Names& names, const std::string& call_body,
                        std::string_view in_userid, std::string_view in_group);

// The helper process's main for an exit whose entry point has type Fn: serves each call with
// `host_call` (which builds the parameter block, calls the exit and encodes its reply).
template <class Fn>
int serve_host(const char* host_name, const char* entry, const char* signature,
               std::string (*host_call)(Fn, const std::string&)) {
  return tm::serve_library_exit_host(host_name, entry, signature, [host_call](void* entry_point, const std::string& body) {
    return host_call(reinterpret_cast<Fn>(entry_point), body);
  });
}

}  // namespace identity_exit

// An identity exit as zgate holds it: its library, loaded into its helpers, and the call that
// fails closed. SecurityExit and DbSecurityExit are this with their own Input. Movable, not
// copyable; a moved-from exit refuses every call.
class IdentityExit {
 public:
  using Result = IdentityExitResult;
  using Action = IdentityExitResult::Action;
  using Host = tm::LibraryExitHost;

  const std::filesystem::path& path() const { return path_; }

 protected:
  // Starts the hosts, each of which loads `library` (made absolute; dlopen RTLD_NOW |
  // RTLD_LOCAL) and resolves names.entry. Throws Error naming the path and the loader's text,
  // or why a host could not start.
  template <class Error>
  IdentityExit(std::type_identity<Error>, const std::filesystem::path& library, Host host,
               const identity_exit::Names& names)
      : names_(&names), path_(library), helper_(identity_exit::start<Error>(path_, std::move(host), names)) {}

  // One call with a Call body; `userid` / `group` are what the exit was given.
  Result call_exit(const std::string& call_body, std::string_view userid, std::string_view group) const {
    return identity_exit::call(helper_.get(), *names_, call_body, userid, group);
  }

 private:
  const identity_exit::Names* names_;
  std::filesystem::path path_;
  std::unique_ptr<tm::ExitHelper> helper_;  // null when moved from
};

}  // namespace zgate::connect

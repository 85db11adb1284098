#include "connect/security_exit.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <string_view>
#include <utility>

namespace zgate::connect {

namespace {

// Copies an IMS name into a 9-byte field: IRM fields arrive blank-padded, the exit sees them
// trimmed and NUL-terminated; at most 8 characters, as in the IRM.
std::string_view trimmed(std::string_view src, std::size_t max) {
  if (auto nul = src.find('\0'); nul != std::string_view::npos) src = src.substr(0, nul);
  while (!src.empty() && src.back() == ' ') src.remove_suffix(1);
  return src.substr(0, std::min(src.size(), max));
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

// The exit's reason as it may go into a log line and an audit record: one printable line
// (a control character becomes '?'), trailing blanks dropped. The exit is the installation's
// code, but what it writes must not be able to forge or split zgate's log lines.
std::string printable_reason(std::string_view s) {
  std::string out(s);
  for (char& ch : out) {
    auto u = static_cast<unsigned char>(ch);
    if (u < ' ' || u == 0x7f) ch = '?';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

SecurityExit::SecurityExit(const std::filesystem::path& library) : path_(library) {
  // RTLD_NOW: an exit with an unresolved symbol fails here, at start-up, not at its first
  // call. RTLD_LOCAL: its symbols do not leak into other plug-ins (transaction programs).
  handle_ = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle_) {
    const char* err = dlerror();
    throw SecurityExitError(fmt::format("security exit {}: cannot load: {}", library.string(),
                                        err ? err : "unknown error"));
  }
  dlerror();
  void* sym = dlsym(handle_, ZGATE_IMSLSECX_ENTRY);
  if (!sym) {
    dlclose(handle_);
    handle_ = nullptr;
    throw SecurityExitError(fmt::format("security exit {}: no entry point {} (an IMSLSECX exit "
                                        "exports int IMSLSECX(zgate_imslsecx_parms*))",
                                        library.string(), ZGATE_IMSLSECX_ENTRY));
  }
  entry_ = reinterpret_cast<zgate_imslsecx_fn>(sym);
}

SecurityExit::~SecurityExit() {
  if (handle_) dlclose(handle_);
}

SecurityExit::SecurityExit(SecurityExit&& other) noexcept
    : path_(std::move(other.path_)),
      handle_(std::exchange(other.handle_, nullptr)),
      entry_(std::exchange(other.entry_, nullptr)) {}

SecurityExit& SecurityExit::operator=(SecurityExit&& other) noexcept {
  if (this != &other) {
    if (handle_) dlclose(handle_);
    path_ = std::move(other.path_);
    handle_ = std::exchange(other.handle_, nullptr);
    entry_ = std::exchange(other.entry_, nullptr);
  }
  return *this;
}

std::filesystem::path SecurityExit::default_path(const std::filesystem::path& program_dir) {
  return program_dir / "IMSLSECX.so";
}

SecurityExit::Result SecurityExit::call(const Input& in) const {
  Result out;
  if (!entry_) {  // a moved-from exit: never let a message through by accident
    out.reason = "security exit not loaded";
    return out;
  }
  zgate_imslsecx_parms parms;
  std::memset(&parms, 0, sizeof parms);
  parms.version = ZGATE_IMSLSECX_VERSION;
  parms.length = sizeof parms;
  put(parms.userid, in.userid);
  put(parms.group, in.group);
  put(parms.trancode, in.trancode);
  put(parms.datastore, in.datastore);
  put(parms.clientid, in.clientid);
  switch (in.credential) {
    case Credential::None: parms.credential = ZGATE_IMSLSECX_CRED_NONE; break;
    case Credential::Password: parms.credential = ZGATE_IMSLSECX_CRED_PASSWORD; break;
    case Credential::Phrase: parms.credential = ZGATE_IMSLSECX_CRED_PHRASE; break;
  }
  parms.local_port = in.local_port;
  parms.tls = in.tls ? 1 : 0;
  put(parms.peer, in.peer);
  parms.cert_subject = in.cert_subject ? in.cert_subject->c_str() : nullptr;

  out.rc = entry_(&parms);
  out.reason = printable_reason(get(parms.reason));
  // What the exit saw, trimmed, is the identity to go on with unless it changes it.
  out.userid = std::string(get(parms.userid));
  out.group = std::string(get(parms.group));
  switch (out.rc) {
    case ZGATE_IMSLSECX_CONTINUE: {
      // RC 0 means "as received": whatever the exit scribbled in the fields is not used.
      out.userid = std::string(trimmed(in.userid, 8));
      out.group = std::string(trimmed(in.group, 8));
      out.action = Action::Continue;
      break;
    }
    case ZGATE_IMSLSECX_CHANGED:
      if (!usable(get(parms.userid), false) || !usable(get(parms.group), true)) {
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

}  // namespace zgate::connect

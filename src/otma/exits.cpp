// The OTMA security exits (DFSCTRN0, DFSCCMD0, DFSYRTUX), contained in a helper process.
//
// The helper process, its start, its time limit and its restart are tm::ExitHelper's
// (tm/exit_helper.h), shared with the IMS Connect security exit. This file gives it the
// exits' own bodies:
//
//   Load    the libraries: exit point and absolute path, for each exit
//   Call    one exit call: the exit point and the parameter block's input
//   Reply   the exit's return code and reason text (a verdict)
//
// A host that dies, does not answer in time or answers nonsense costs that call, which is a
// refusal; the next call starts a new host, which loads the libraries again.
#include "otma/exits.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <optional>

#include "tm/exit_helper.h"
#include "tm/region_protocol.h"
#include "zgate/otma_exits.h"

namespace zgate::otma {

namespace {

namespace proto = tm::proto;

constexpr std::size_t kMemberMax = 16;  // XCF member name
constexpr std::size_t kNameMax = 8;     // IMS names

// The ABI's numbers are the C++ enums' values: the Call frame carries them as they are.
static_assert(static_cast<int>(ExitPoint::Transaction) == ZGATE_OTMA_EXIT_TRANSACTION);
static_assert(static_cast<int>(ExitPoint::Command) == ZGATE_OTMA_EXIT_COMMAND);
static_assert(static_cast<int>(ExitPoint::ResumeTpipe) == ZGATE_OTMA_EXIT_RESUME_TPIPE);
static_assert(static_cast<int>(SecurityLevel::None) == ZGATE_OTMA_SECURITY_NONE);
static_assert(static_cast<int>(SecurityLevel::Join) == ZGATE_OTMA_SECURITY_JOIN);
static_assert(static_cast<int>(SecurityLevel::Check) == ZGATE_OTMA_SECURITY_CHECK);
static_assert(static_cast<int>(SecurityLevel::Full) == ZGATE_OTMA_SECURITY_FULL);
static_assert(static_cast<int>(SecurityLevel::Profile) == ZGATE_OTMA_SECURITY_PROFILE);
// The parameter block is a published layout: a change here breaks every built exit.
static_assert(offsetof(zgate_otma_exit_parms, exit_point) == 8);
static_assert(offsetof(zgate_otma_exit_parms, tmember) == 24);
static_assert(offsetof(zgate_otma_exit_parms, resource) == 68);
static_assert(sizeof(void*) != 8 || offsetof(zgate_otma_exit_parms, command) == 80);
static_assert(sizeof(void*) != 8 || offsetof(zgate_otma_exit_parms, reason) == 88);
static_assert(sizeof(void*) != 8 || sizeof(zgate_otma_exit_parms) == 168);

constexpr int kPoints = 3;
bool valid_point(std::uint32_t p) { return p < kPoints; }

// The exit's reason as it may go into a log line or an audit record: printable, one line.
std::string clean_reason(const std::string& s) {
  return tm::printable_exit_reason(s, sizeof(zgate_otma_exit_parms::reason) - 1);
}

using tm::exit_name_field;

// dlerror()'s text usually starts with the path, which the caller names already.
std::string dl_text(const std::string& path) {
  const char* e = ::dlerror();
  std::string t = e ? e : "unknown error";
  if (t.starts_with(path + ": ")) t.erase(0, path.size() + 2);
  return t;
}

}  // namespace

std::string_view exit_name(ExitPoint p) {
  switch (p) {
    case ExitPoint::Transaction: return ZGATE_DFSCTRN0_ENTRY;
    case ExitPoint::Command: return ZGATE_DFSCCMD0_ENTRY;
    case ExitPoint::ResumeTpipe: return ZGATE_DFSYRTUX_ENTRY;
  }
  return "UNKNOWN";
}

// ---------------------------------------------------------------------------------------------
// The frames' bodies.

namespace exit_frames {

std::variant<ExitCall, std::string> checked_call(const ExitCall& c) {
  const std::string name(exit_name(c.point));
  ExitCall in = c;
  struct Field {
    std::string* value;
    std::size_t max;
    const char* what;
  };
  for (const Field& f : {Field{&in.tmember, kMemberMax, "TMEMBER"}, Field{&in.tpipe, kNameMax, "tpipe"},
                         Field{&in.userid, kNameMax, "user ID"}, Field{&in.group, kNameMax, "group"},
                         Field{&in.resource, kNameMax, "resource"}}) {
    auto v = exit_name_field(*f.value, f.max);
    if (!v) return name + " not called: the " + f.what + " is not a valid name";
    *f.value = std::move(*v);
  }
  if (in.command.find('\0') != std::string::npos) return name + " not called: the command text holds a NUL";
  if (c.point != ExitPoint::Command) in.command.clear();
  return in;
}

std::string encode_call(const ExitCall& c) {
  return proto::Writer()
      .u32(static_cast<std::uint32_t>(c.point))
      .str(c.tmember).str(c.tpipe).str(c.userid).str(c.group).str(c.resource).str(c.command)
      .u32(static_cast<std::uint32_t>(c.level))
      .u32(c.saf_called ? 1u : 0u)
      .i32(c.saf_rc)
      .take();
}

ExitCall decode_call(const std::string& body) {
  proto::Reader r(body);
  ExitCall c;
  const std::uint32_t point = r.u32();
  if (!valid_point(point)) throw proto::ProtocolError("exit host: bad exit point");
  c.point = static_cast<ExitPoint>(point);
  c.tmember = r.str();
  c.tpipe = r.str();
  c.userid = r.str();
  c.group = r.str();
  c.resource = r.str();
  c.command = r.str();
  const std::uint32_t level = r.u32();
  if (level > static_cast<std::uint32_t>(SecurityLevel::Profile)) throw proto::ProtocolError("exit host: bad security level");
  c.level = static_cast<SecurityLevel>(level);
  c.saf_called = r.u32() != 0;
  c.saf_rc = r.i32();
  return c;
}

std::string encode_load(const std::map<ExitPoint, std::filesystem::path>& libraries) {
  proto::Writer w;
  w.u32(static_cast<std::uint32_t>(libraries.size()));
  for (const auto& [point, path] : libraries) w.u32(static_cast<std::uint32_t>(point)).str(path.string());
  return w.take();
}

std::vector<std::pair<ExitPoint, std::string>> decode_load(const std::string& body) {
  proto::Reader r(body);
  const std::uint32_t n = r.u32();
  if (n > kPoints) throw proto::ProtocolError("exit host: bad library count");
  std::vector<std::pair<ExitPoint, std::string>> out;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t point = r.u32();
    std::string path = r.str();
    if (!valid_point(point)) throw proto::ProtocolError("exit host: bad exit point");
    out.emplace_back(static_cast<ExitPoint>(point), std::move(path));
  }
  return out;
}

std::string encode_verdict(std::int32_t rc, const std::string& reason) {
  return proto::Writer().i32(rc).str(reason).take();
}

std::optional<ExitVerdict> decode_verdict(std::string_view exit_name, const std::string& body) {
  std::int32_t rc = 0;
  std::string reason;
  try {
    proto::Reader r(body);
    rc = r.i32();
    reason = clean_reason(r.str());
  } catch (const proto::ProtocolError&) {
    return std::nullopt;
  }
  ExitVerdict v;
  v.rc = rc;
  if (rc == ZGATE_OTMA_EXIT_ALLOW) {
    v.allowed = true;
    v.reason = std::move(reason);
  } else if (rc == ZGATE_OTMA_EXIT_REJECT) {
    v.reason = std::move(reason);
  } else {
    // Deny by default: a return code the ABI does not define is a rejection.
    v.reason = std::string(exit_name) + " returned RC " + std::to_string(rc) + ", counted as a refusal" +
               (reason.empty() ? std::string() : ": " + reason);
  }
  return v;
}

}  // namespace exit_frames

// ---------------------------------------------------------------------------------------------
// The server side.

struct OtmaExits::Impl {
  ExitConfig cfg;
  std::unique_ptr<tm::ExitHelper> helper;  // null when no exit is configured
};

OtmaExits::OtmaExits(ExitConfig cfg) : impl_(std::make_unique<Impl>()) {
  for (auto& [point, path] : cfg.libraries) {
    // Absolute, so that the host's dlopen never searches LD_LIBRARY_PATH for a bare name.
    std::error_code ec;
    auto abs = std::filesystem::absolute(path, ec);
    if (!ec) path = abs;
  }
  impl_->cfg = std::move(cfg);
  if (impl_->cfg.libraries.empty()) return;  // no exit configured: no host
  tm::ExitHelperConfig hc;
  hc.command = impl_->cfg.host_command;
  hc.os_user = impl_->cfg.os_user;
  hc.call_limit = impl_->cfg.call_limit;
  hc.load = exit_frames::encode_load(impl_->cfg.libraries);
  try {
    impl_->helper = std::make_unique<tm::ExitHelper>(std::move(hc));
  } catch (const tm::ExitHelperError& e) {
    throw ExitLoadError(e.what());
  }
}

OtmaExits::~OtmaExits() = default;

bool OtmaExits::has(ExitPoint p) const { return impl_->cfg.libraries.count(p) != 0; }

ExitVerdict OtmaExits::call(const ExitCall& c) {
  const std::string name(exit_name(c.point));
  auto refuse = [](std::string why) {
    ExitVerdict v;
    v.allowed = false;
    v.rc = ZGATE_OTMA_EXIT_REJECT;
    v.reason = std::move(why);
    return v;
  };
  if (!has(c.point)) return refuse(name + " is not configured");

  // What the parameter block cannot carry faithfully is refused without calling the exit:
  // a truncated name could make the exit decide about something else.
  auto checked = exit_frames::checked_call(c);
  if (auto* why = std::get_if<std::string>(&checked)) return refuse(std::move(*why));

  std::optional<ExitVerdict> verdict;
  tm::ExitHelperReply r = impl_->helper->call(exit_frames::encode_call(std::get<ExitCall>(checked)),
                                              [&](const std::string& body) {
                                                verdict = exit_frames::decode_verdict(name, body);
                                                return verdict.has_value();
                                              });
  switch (r.status) {
    case tm::ExitHelperReply::Status::Ok:
      return *verdict;
    case tm::ExitHelperReply::Status::NotStarted:
      std::fprintf(stderr, "zgate otma: exit host cannot be restarted: %s\n", r.detail.c_str());
      return refuse(name + " not called: " + r.detail);
    case tm::ExitHelperReply::Status::Lost:
      break;
  }
  std::fprintf(stderr, "zgate otma: exit %s ended abnormally: %s; counted as a refusal\n", name.c_str(),
               r.detail.c_str());
  return refuse(name + " " + r.detail);
}

// ---------------------------------------------------------------------------------------------
// The host side: `zgate exit-host`.

namespace {

template <std::size_t N>
void put(char (&dst)[N], const std::string& s) {
  std::size_t n = std::min(s.size(), N - 1);
  std::memcpy(dst, s.data(), n);
  dst[n] = '\0';
}

// Loads each library and resolves its entry point; empty on success, else the error text.
std::string load(const std::string& body, zgate_otma_exit_fn (&fns)[kPoints]) {
  for (const auto& [point, path] : exit_frames::decode_load(body)) {
    const std::string name(exit_name(point));
    ::dlerror();
    void* h = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) return name + ": cannot load " + path + ": " + dl_text(path);
    ::dlerror();
    void* sym = ::dlsym(h, name.c_str());
    if (!sym) return name + ": " + path + " does not export the entry point " + name + " (" + dl_text(path) + ")";
    fns[static_cast<int>(point)] = reinterpret_cast<zgate_otma_exit_fn>(sym);
  }
  return {};
}

}  // namespace

int exit_host_main(int, char**) {
  zgate_otma_exit_fn fns[kPoints] = {};
  tm::ExitHostHandlers h;
  h.files = [](const std::string& body) {
    std::vector<std::string> files;
    for (const auto& [point, path] : exit_frames::decode_load(body)) files.push_back(path);
    return files;
  };
  h.load = [&fns](const std::string& body) { return load(body, fns); };
  h.call = [&fns](const std::string& body) {
    const ExitCall c = exit_frames::decode_call(body);
    const int point = static_cast<int>(c.point);
    if (!fns[point]) throw proto::ProtocolError("exit host: call for an exit not loaded");

    zgate_otma_exit_parms p;
    std::memset(&p, 0, sizeof p);
    p.version = ZGATE_OTMA_EXIT_VERSION;
    p.length = sizeof p;
    p.exit_point = point;
    p.security_level = static_cast<std::int32_t>(c.level);
    p.saf_called = c.saf_called ? 1 : 0;
    p.saf_rc = c.saf_called ? c.saf_rc : 0;
    put(p.tmember, c.tmember);
    put(p.tpipe, c.tpipe);
    put(p.userid, c.userid);
    put(p.group, c.group);
    put(p.resource, c.resource);
    p.command = c.command.c_str();

    int rc = fns[point](&p);

    std::string reason(p.reason, ::strnlen(p.reason, sizeof p.reason));
    return exit_frames::encode_verdict(rc, reason);
  };
  return tm::serve_exit_host("exit-host", h);
}

}  // namespace zgate::otma

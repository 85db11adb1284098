// DFSRAS00 in its confined helper process: ras_exit.h says what and why. The helper, its start,
// its time limit and its restart are tm::ExitHelper's (exit_helper.h); this file gives it the
// exit's own bodies:
//
//   Load    the library's absolute path
//   Call    one parameter block's input
//   Reply   the exit's return code and reason text
#include "tm/ras_exit.h"

#include <cstddef>
#include <cstdio>
#include <cstring>

#include "tm/region_protocol.h"

namespace zgate::tm {

namespace {

constexpr std::size_t kNameMax = 8;  // IMS names

// The parameter block is a published layout: a change here breaks every built exit.
static_assert(offsetof(zgate_dfsras00_parms, resource_type) == 8);
static_assert(offsetof(zgate_dfsras00_parms, userid) == 32);
static_assert(offsetof(zgate_dfsras00_parms, resource) == 59);
static_assert(offsetof(zgate_dfsras00_parms, reason) == 88);
static_assert(sizeof(zgate_dfsras00_parms) == 168);

template <std::size_t N>
void put(char (&dst)[N], const std::string& s) {
  std::size_t n = std::min(s.size(), N - 1);
  std::memcpy(dst, s.data(), n);
  dst[n] = '\0';
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The frames' bodies.

namespace ras_exit_frames {

std::variant<RasExit::Call, std::string> checked_call(const RasExit::Call& c) {
  RasExit::Call in = c;
  struct Field {
    std::string* value;
    const char* what;
  };
  for (const Field& f : {Field{&in.userid, "user ID"}, Field{&in.group, "group"},
                         Field{&in.resource_class, "class"}, Field{&in.resource, "PSB"},
                         Field{&in.trancode, "transaction code"}, Field{&in.requester, "requester"}}) {
    auto v = exit_name_field(*f.value, kNameMax);
    if (!v) return std::string(ZGATE_DFSRAS00_ENTRY) + " not called: the " + f.what + " is not a valid name";
    *f.value = std::move(*v);
  }
  if (in.userid.empty() || in.resource.empty())
    return std::string(ZGATE_DFSRAS00_ENTRY) + " not called: no user ID or no PSB";
  if (in.isis != 'C' && in.isis != 'A') return std::string(ZGATE_DFSRAS00_ENTRY) + " not called: ISIS is not C or A";
  return in;
}

std::string encode_call(const RasExit::Call& c) {
  return proto::Writer()
      .str(c.userid).str(c.group).str(c.resource_class).str(c.resource).str(c.trancode).str(c.requester)
      .i32(c.region)
      .u32(static_cast<unsigned char>(c.isis))
      .u32(c.saf_called ? 1u : 0u)
      .i32(c.saf_rc)
      .take();
}

std::string host_call(zgate_dfsras00_fn entry, const std::string& call_body) {
  proto::Reader r(call_body);
  zgate_dfsras00_parms p;
  std::memset(&p, 0, sizeof p);
  p.version = ZGATE_DFSRAS00_VERSION;
  p.length = sizeof p;
  p.resource_type = ZGATE_DFSRAS00_PSB;
  p.identity = ZGATE_DFSRAS00_ID_REGION;
  put(p.userid, r.str());
  put(p.group, r.str());
  put(p.resource_class, r.str());
  put(p.resource, r.str());
  put(p.trancode, r.str());
  put(p.requester, r.str());
  p.region = r.i32();
  const std::uint32_t isis = r.u32();
  if (isis != 'C' && isis != 'A') throw proto::ProtocolError("ras exit host: bad ISIS value");
  p.isis = static_cast<std::int32_t>(isis);
  p.saf_called = r.u32() ? 1 : 0;
  p.saf_rc = r.i32();
  if (!p.saf_called) p.saf_rc = 0;

  const std::int32_t rc = entry(&p);
  return proto::Writer().i32(rc).str(std::string(p.reason, ::strnlen(p.reason, sizeof p.reason))).take();
}

std::optional<RasExit::Verdict> decode_verdict(const std::string& body) {
  RasExit::Verdict v;
  std::string reason;
  try {
    proto::Reader r(body);
    v.rc = r.i32();
    reason = r.str();
  } catch (const proto::ProtocolError&) {
    return std::nullopt;
  }
  if (reason.size() > sizeof(zgate_dfsras00_parms::reason)) return std::nullopt;
  reason = printable_exit_reason(reason, sizeof(zgate_dfsras00_parms::reason) - 1);
  v.allowed = v.rc == ZGATE_DFSRAS00_ALLOW;
  if (v.rc == ZGATE_DFSRAS00_ALLOW || v.rc == ZGATE_DFSRAS00_REJECT) {
    v.reason = std::move(reason);
  } else {
    // Deny by default: a return code the ABI does not define is a refusal.
    v.reason = std::string(ZGATE_DFSRAS00_ENTRY) + " returned RC " + std::to_string(v.rc) +
               ", counted as a refusal" + (reason.empty() ? std::string() : ": " + reason);
  }
  return v;
}

}  // namespace ras_exit_frames

// ---------------------------------------------------------------------------------------------
// The server side.

RasExit::RasExit(const std::filesystem::path& library, Host host) : path_(library) {
  try {
    helper_ = start_library_exit(path_, std::move(host));
  } catch (const ExitHelperError& e) {
    throw RasExitError(std::string(ZGATE_DFSRAS00_ENTRY) + " exit " + library.string() + ": " + e.what());
  }
}

RasExit::~RasExit() = default;

RasExit::Verdict RasExit::call(const Call& c) const {
  auto refuse = [](std::string why) {
    Verdict v;
    v.reason = std::move(why);
    return v;
  };
  auto checked = ras_exit_frames::checked_call(c);
  if (auto* why = std::get_if<std::string>(&checked)) return refuse(std::move(*why));

  std::optional<Verdict> verdict;
  ExitHelperReply r = helper_->call(ras_exit_frames::encode_call(std::get<Call>(checked)), [&](const std::string& body) {
    verdict = ras_exit_frames::decode_verdict(body);
    return verdict.has_value();
  });
  switch (r.status) {
    case ExitHelperReply::Status::Ok:
      return std::move(*verdict);
    case ExitHelperReply::Status::NotStarted:
      std::fprintf(stderr, "zgate tm: RAS exit host cannot be restarted: %s\n", r.detail.c_str());
      return refuse(std::string(ZGATE_DFSRAS00_ENTRY) + " not called: " + r.detail);
    case ExitHelperReply::Status::Lost:
      break;
  }
  std::fprintf(stderr, "zgate tm: exit %s ended abnormally: %s; counted as a refusal\n", ZGATE_DFSRAS00_ENTRY,
               r.detail.c_str());
  return refuse(std::string(ZGATE_DFSRAS00_ENTRY) + " " + r.detail);
}

// ---------------------------------------------------------------------------------------------
// The host side: `zgate ras-exit-host`.

int ras_exit_host_main(int, char**) {
  return serve_library_exit_host("ras-exit-host", ZGATE_DFSRAS00_ENTRY,
                                 "a RAS exit exports int DFSRAS00(zgate_dfsras00_parms*)",
                                 [](void* entry, const std::string& body) {
                                   return ras_exit_frames::host_call(reinterpret_cast<zgate_dfsras00_fn>(entry), body);
                                 });
}

}  // namespace zgate::tm

// RACF and then the OTMA security exit, for one resource of one message (src/otma/exits.h):
//   TIMS  transaction  RACF (CHECK/FULL); DFSCTRN0 after it unless RACF refused, always
//                      under NONE and JOIN. The exit can only refuse.
//   CIMS  command      RACF (CHECK/FULL); DFSCCMD0 gets RACF's answer and decides.
//   RIMS  RESUME TPIPE RACF (CHECK/FULL); DFSYRTUX runs every time and decides.
// Without the exit, RACF's RC 8 refuses and RC 0 or 4 (not protected) allows.
#include "core/text.h"
#include "otma/exits.h"
#include "otma/otma_impl.h"

namespace zgate::otma {

namespace {

ExitPoint point_for(const std::string& cls) {
  if (cls == "TIMS") return ExitPoint::Transaction;
  if (cls == "CIMS") return ExitPoint::Command;
  return ExitPoint::ResumeTpipe;
}

// The level the message was treated under, PROFILE resolved by its flag.
SecurityLevel effective(const MemberView& m, const Requester& r) {
  if (m.level != SecurityLevel::Profile) return m.level;
  switch (r.security) {
    case tm::MessageSecurity::None: return SecurityLevel::None;
    case tm::MessageSecurity::Check: return SecurityLevel::Check;
    case tm::MessageSecurity::Full: return SecurityLevel::Full;
  }
  return SecurityLevel::None;
}

// DFS2469W's return code for "rejected by the exit".
constexpr int kRejectedByExit = 16;

}  // namespace

std::optional<OtmaReply> Otma::Impl::authorize(const Requester& r, const MemberView& m, const std::string& cls,
                                                const std::string& resource, const std::string& tpipe,
                                                const std::string& command) {
  const ExitPoint point = point_for(cls);
  auto d = saf_check(r, m, cls, resource);
  const bool denied = d && d->rc == saf::kRcDenied;
  const bool saf_logged = d && d->log;
  const bool has_exit = exits && exits->has(point);

  if (!has_exit || (point == ExitPoint::Transaction && denied)) {
    if (denied) return saf_refusal(r, m, cls, resource, d->rc, saf_logged);
    return std::nullopt;
  }

  ExitCall c;
  c.point = point;
  c.tmember = m.name;
  c.tpipe = tpipe;
  c.userid = r.acee ? r.acee->user : r.userid;
  c.group = r.acee ? r.acee->group : r.group;
  c.resource = resource;
  c.command = command;
  c.level = effective(m, r);
  c.saf_called = d.has_value();
  c.saf_rc = d ? d->rc : 0;
  ExitVerdict v = exits->call(c);
  if (v.allowed) return std::nullopt;  // includes an exit overturning RACF's refusal
  std::string why = std::string(exit_name(point)) + " REJECTED";
  if (!v.reason.empty()) why += " (" + core::upper(v.reason) + ")";
  return saf_refusal(r, m, cls, resource, kRejectedByExit, false, why);
}

}  // namespace zgate::otma

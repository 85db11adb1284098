// PSB scheduling security (ISIS=, DFSRAS00): psb_scheduling.h says what and why.
#include "tm/psb_scheduling.h"

#include <cstdio>

#include "audit/event.h"
#include "core/text.h"
#include "saf/access.h"
#include "saf/verify.h"
#include "tm/exit_helper.h"
#include "tm/ims_messages.h"
#include "tm/ras_exit.h"

namespace zgate::tm {

namespace {

constexpr const char* kComponent = "IMS";  // SMF80JBN, as for the checks regions ask for
constexpr const char* kClass = "IIMS";      // PSBs (grouped by JIMS)

// DFS2854A's reason codes (hex, as IMS prints them).
constexpr const char* kRacfRefused = "084";
constexpr const char* kExitRefused = "088";
constexpr const char* kNoRegionAcee = "090";

struct Refusal {
  const char* reason_code;
  audit::EventCode event = audit::EventCode::Access;
  std::uint8_t qualifier = audit::access_q::kInsufficientAuthority;
  int rc = saf::kRcDenied;
  std::string detail;
  bool audited = false;  // RACF's record of the check says it already
};

Outcome refuse(saf::SecurityManager& saf, const ScheduleRequest& req, const Refusal& r) {
  const InputMessage& in = req.message;
  if (!r.audited) {
    audit::Event e;
    e.time = saf.clock().now();
    e.code = r.event;
    e.qualifier = r.qualifier;
    e.violation = true;
    e.user = req.region_acee ? req.region_acee->user : req.region_userid;
    e.group = req.region_acee ? req.region_acee->group : std::string();
    e.component = kComponent;
    e.terminal = in.lterm;
    e.resource_class = kClass;
    e.resource = req.psb;
    e.access_requested = "READ";
    e.racf_rc = r.rc;
    e.detail = r.detail;
    saf.sink().write(e);
  }
  std::fprintf(stderr, "zgate tm: region %d: PSB %s not scheduled for TRAN %s: %s\n", req.region,
               req.psb.c_str(), in.trancode.c_str(), r.detail.c_str());
  Outcome out;
  out.kind = Outcome::Kind::ImsMessage;
  out.segments = {dfs2854(req.region, r.reason_code, req.psb, in.trancode)};
  return out;
}

}  // namespace

std::optional<Isis> parse_isis(std::string_view value) {
  if (value.size() != 1) return std::nullopt;
  switch (value[0]) {
    case 'N':
    case '0':
    case '1':
    case '2': return Isis::None;
    case 'R': return Isis::Racf;
    case 'C': return Isis::Exit;
    case 'A': return Isis::Both;
    default: return std::nullopt;
  }
}

bool isis_calls_exit(Isis isis) { return isis == Isis::Exit || isis == Isis::Both; }

std::optional<Outcome> check_schedule(saf::SecurityManager& saf, const SchedulingSecurity& sec,
                                      const ScheduleRequest& req) {
  if (sec.isis == Isis::None) return std::nullopt;
  const std::string what = "PSB SCHEDULE FOR TRAN " + req.message.trancode;

  // IMS builds the region's ACEE at its start (RACROUTE VERIFY ENVIR=CREATE); a region user
  // RACF does not know, or has revoked, can schedule nothing (DFS2854A reason 090).
  if (!req.region_acee)
    return refuse(saf, req, {kNoRegionAcee, audit::EventCode::JobInit, audit::verify_q::kUndefinedUser,
                             saf::kVerifyUndefinedUser,
                             what + " REFUSED: REGION USER ID " + req.region_userid + " NOT DEFINED TO RACF OR REVOKED"});

  RasExit::Call call;
  if (sec.isis == Isis::Racf || sec.isis == Isis::Both) {
    saf::Decision d = saf.check(*req.region_acee, kClass, req.psb, saf::Access::Read,
                                saf::AuthContext{req.psb, req.message.lterm}, kComponent);
    if (!d.allowed())
      return refuse(saf, req, {kRacfRefused, audit::EventCode::Access, audit::access_q::kInsufficientAuthority, d.rc,
                               what + " DENIED BY RACF", d.log});
    if (sec.isis == Isis::Racf) return std::nullopt;
    call.saf_called = true;
    call.saf_rc = d.rc;
  }

  if (!sec.exit)  // start-up refuses ISIS=C or A without an exit; deny by default all the same
    return refuse(saf, req, {kExitRefused, audit::EventCode::Access, audit::access_q::kInsufficientAuthority,
                             saf::kRcDenied, what + " REFUSED: NO DFSRAS00 EXIT IS LOADED"});
  call.userid = req.region_acee->user;
  call.group = req.region_acee->group;
  call.resource = req.psb;
  call.trancode = req.message.trancode;
  // For the exit's information only: a user ID the block cannot carry is left out, not refused.
  call.requester = exit_name_field(req.message.userid, 8).value_or(std::string());
  call.region = req.region;
  call.isis = static_cast<char>(sec.isis);
  RasExit::Verdict v = sec.exit->call(call);
  if (v.allowed) return std::nullopt;
  std::string why = what + " REJECTED BY DFSRAS00";
  if (!v.reason.empty()) why += " (" + core::upper(v.reason) + ")";
  return refuse(saf, req, {kExitRefused, audit::EventCode::Access, audit::access_q::kInsufficientAuthority, v.rc, why});
}

}  // namespace zgate::tm

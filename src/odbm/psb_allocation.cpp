// PSB allocation security for ODBM threads: psb_allocation.h says which method decides when.
#include "odbm/psb_allocation.h"

#include "core/text.h"

namespace zgate::odbm {

namespace {

constexpr const char* kComponent = "ODBM";

AllocationMethod isis_method(char isis, const char* name) {
  AllocationMethod m;
  m.name = name;
  m.racf = isis == 'R' || isis == 'A';
  m.exit = isis == 'C' || isis == 'A';
  if (m.racf || m.exit) m.resource_class = "IIMS";
  return m;
}

}  // namespace

AllocationMethod allocation_method(const AllocationSecurity& sec) {
  AllocationMethod m;
  if (sec.odbmsecure) {
    m.name = "ODBMSECURE";
    const OdbmSecure o = *sec.odbmsecure;
    m.racf = o == OdbmSecure::Racf || o == OdbmSecure::Both;
    m.exit = o == OdbmSecure::Exit || o == OdbmSecure::Both;
    if (m.racf || m.exit) m.resource_class = "AIMS";
    return m;
  }
  if (!sec.rrs) return isis_method(sec.isis, "CCTL RAS");
  if (sec.odbase) {
    m.name = "APSB";
    m.resource_class = "AIMS";
    m.racf = true;
    m.exit = static_cast<bool>(sec.ras_exit);  // "if it exists"
    return m;
  }
  return isis_method(sec.isis, "RAS");
}

AllocationDecision check_allocation(saf::SecurityManager& saf, const AllocationSecurity& sec, const saf::Acee& who,
                                    const std::string& psb, const std::string& source) {
  AllocationDecision d;
  d.method = allocation_method(sec);
  const std::string what = std::string(d.method.name) + " FOR PSB " + psb;
  if (!d.method.racf && !d.method.exit) {
    d.allowed = true;
    d.why = what + ": NO SECURITY CHECK";
    return d;
  }
  RasExitCall call;
  if (d.method.racf) {
    saf::Decision r = saf.check(who, d.method.resource_class, psb, saf::Access::Read,
                                saf::AuthContext{psb, source}, kComponent);
    d.racf_rc = r.rc;
    if (!r.allowed()) {
      d.why = what + " DENIED BY RACF (CLASS " + d.method.resource_class + ")";
      return d;
    }
    if (!d.method.exit) {
      d.allowed = true;
      d.why = what + (r.rc == saf::kRcNotProtected ? ": NOT PROTECTED IN CLASS " : ": ALLOWED BY RACF IN CLASS ") +
              d.method.resource_class;
      return d;
    }
    call.saf_called = true;
    call.saf_rc = r.rc;
  }
  if (!sec.ras_exit) {  // start-up refuses this; deny by default all the same
    d.why = what + " REFUSED: NO DFSRAS00 EXIT IS LOADED";
    d.exit_refused = true;
    d.racf_rc = saf::kRcDenied;
    return d;
  }
  call.userid = who.user;
  call.group = who.group;
  call.resource_class = d.method.resource_class;
  call.psb = psb;
  call.isis = d.method.racf ? 'A' : 'C';
  RasExitVerdict v = sec.ras_exit(call);
  if (v.allowed) {
    d.allowed = true;
    d.why = what + ": ALLOWED BY DFSRAS00";
    return d;
  }
  d.exit_refused = true;
  d.racf_rc = v.rc;
  d.why = what + " REJECTED BY DFSRAS00";
  if (!v.reason.empty()) d.why += " (" + core::upper(v.reason) + ")";
  return d;
}

}  // namespace zgate::odbm

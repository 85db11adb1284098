#include "tm/tm_audit.h"

#include "audit/sink.h"

namespace zgate::tm {

audit::Context audit_context_of(const InputMessage& in) {
  audit::Context c;
  c.correlation = in.correlation;
  return c;
}

void audit_tm_event(saf::SecurityManager& saf, const InputMessage& in, const TmEvent& t) {
  audit::Event e;
  e.time = saf.clock().now();
  e.code = audit::EventCode::None;
  e.component = "TM";
  e.component_code = t.code;
  e.user = in.userid;
  e.group = in.group;
  e.terminal = in.lterm;
  e.resource_class = t.resource_class;
  e.resource = t.resource;
  e.detail = t.detail;
  e.client_code = t.client_code;
  e.severity = t.severity;
  audit::Scope scope(audit_context_of(in));
  saf.sink().write(e);
}

}  // namespace zgate::tm

#pragma once
// Events the format tests pin and the sink benchmark times: a typical refusal with every field
// a SIEM maps.
#include "audit/event.h"

namespace zgate::audit::testing {

// OTMA refusing IMSUSR1 READ on TIMS PAYROLL (profile PAY*), from 192.0.2.7:40123 over IRM.
inline Event refusal() {
  Event e;
  e.time = 1765161018;  // 2025-12-08T02:30:18Z
  e.code = EventCode::Access;
  e.qualifier = access_q::kInsufficientAuthority;
  e.violation = true;
  e.user = "IMSUSR1";
  e.group = "SYS1";
  e.component = "OTMA";
  e.resource_class = "TIMS";
  e.resource = "PAYROLL";
  e.profile = "PAY*";
  e.generic = true;
  e.access_requested = "READ";
  e.racf_rc = 8;
  e.source_ip = "192.0.2.7";
  e.source_port = 40123;
  e.door = "IRM";
  e.correlation = "IC00000000000000a1";
  return e;
}

}  // namespace zgate::audit::testing

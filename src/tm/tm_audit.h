#pragma once
// tm's own events on the audit trail (issue 17): a program scheduled for a message, a message
// that ended in an abend, a CHNG or AUTH call refused. RACF's records of the checks behind them
// are written by saf; these add what only tm knows (the PSB, the abend code, the DL/I status
// the program got) under the correlation ID of the client's connection, so that a SIEM can put
// the door's, RACF's and the region's records of one message side by side.
#include <string>

#include "audit/context.h"
#include "saf/security_manager.h"
#include "tm/message.h"

namespace zgate::tm {

// The audit context of work for `in`: its connection's correlation ID.
audit::Context audit_context_of(const InputMessage& in);

struct TmEvent {
  const char* code;         // SCHEDULE, ABEND, CHNG_REFUSED, AUTH_REFUSED
  std::string resource;     // the transaction, destination or resource
  std::string resource_class;
  std::string detail;
  std::string client_code;  // what the program or the client got: "DL/I A4", "DFS555I U0777"
  int severity = 0;
};
void audit_tm_event(saf::SecurityManager& saf, const InputMessage& in, const TmEvent& t);

}  // namespace zgate::tm

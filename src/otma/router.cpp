// tm's view of OTMA (tm::OutputRouter): alternate-PCB output and callout requests, resolved
// through the OTMA destination descriptors (DFSYDTx) onto a member's tpipe hold queue.
//
// A destination that names a descriptor goes to the descriptor's TMEMBER and TPIPE; any other
// name is a tpipe of the member the input message came from, as IMS treats an OTMA LTERM.
#include <algorithm>

#include "core/text.h"
#include "otma/otma_impl.h"

namespace zgate::otma {

void Router::resolve(tm::OutputMessage& m) {
  if (m.is_transaction) return;
  auto d = resolve_destination(o_.destinations, core::upper(m.destination));
  if (!d) return;
  m.tmember = core::upper(d->tmember);
  m.destination = d->tpipe;
}

std::uint64_t Router::route(const tm::OutputMessage& m) { return o_.queues.put(m); }

tm::CalloutResult Router::callout(const tm::CalloutRequest& r) {
  auto d = resolve_destination(o_.destinations, core::upper(r.destination));
  if (!d) return tm::CalloutResult{};  // NoDestination
  // The callout needs a client that can take it: the descriptor's member must have joined.
  if (!o_.view(d->tmember)) {
    tm::CalloutResult out;
    out.status = tm::CalloutResult::Status::Unavailable;
    return out;
  }
  tm::CalloutRequest req = r;
  if (req.timeout.count() <= 0) req.timeout = std::min(d->callout_timeout(), req.limit);
  return o_.queues.call_out(core::upper(d->tmember), d->tpipe, req);
}

}  // namespace zgate::otma

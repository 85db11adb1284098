#pragma once
// The sync point of one message: what the program (or IMS, for a refused or abended message)
// produced becomes real, all at once. In the queue store, one transaction consumes the
// recoverable input and adds the output for tpipes and the recoverable program-switch inputs
// (tm/queue_store.h); then the switches are queued and the output is handed to the router.
//
//   alternate-PCB output, destination a transaction   program switch (same requester, same
//                                                      commit mode), queued after the commit
//   alternate-PCB output, any other destination        tpipe output (descriptor resolved by
//                                                      the router), durable when stored
//   I/O PCB output or DFS message of a CM0 message     output on the hold queue of
//                                                      tmember/lterm (the client's tpipe)
#include <vector>

#include "tm/message.h"
#include "tm/region_protocol.h"

namespace zgate::db {
class ScheduledPsb;
}

namespace zgate::tm {

struct RegionServices;

// `alternate`: the program's alternate-PCB messages (empty after an abend: backed out).
// Fills out.alternate and, for CM0, out.held_reply.
// `databases`: the message's database changes (null: none), committed in the same
// transaction as the queue store's part; when that fails, nothing is committed and `out`
// becomes the DFS555I of abend U4095 (the client is told the message failed).
void take_sync_point(RegionServices& s, const InputMessage& in, std::vector<proto::AltMessage> alternate,
                     Outcome& out, db::ScheduledPsb* databases = nullptr);

}  // namespace zgate::tm

#pragma once
// What travels from OTMA to the transaction manager and back: one input message with the
// security environment OTMA decided for it, and the outcome the region produced.
#include <cstdint>
#include <string>
#include <vector>

#include "saf/acee.h"

namespace zgate::tm {

// The OTMA security level in force for one message, after PROFILE has been resolved by the
// message's own flag. JOIN behaves as None here: only the client-bid was checked.
enum class MessageSecurity : std::uint8_t {
  None,   // no RACF calls for this message: CHNG/AUTH not checked by RACF, region runs as itself
  Check,  // CHNG to a transaction code is FASTAUTHed against TIMS with the requester's ACEE
  Full,   // as Check, and the region runs under the requester's user ID (second ACEE)
};

struct InputMessage {
  std::string trancode;               // as IMS read it from the first segment
  std::vector<std::string> segments;  // application data, first segment starts with the code
  std::string lterm;                  // IOPCB LTERM name (OTMA: the tpipe / client ID)
  std::string tmember;                // the OTMA client that sent it (for output routing)
  std::string userid;                 // IOPCB user ID field (may be blank under NONE)
  std::string group;
  MessageSecurity security = MessageSecurity::None;
  // The requester's ACEE: set under Check and Full (OTMA's cached ACEE). Under None it may
  // still be set (nullptr is allowed): AUTH calls then use it when present.
  saf::AceeRef requester;
};

// One message a program inserted to an alternate PCB (CHNG + ISRT + PURG): a program-to-program
// switch when `destination` is a transaction code, otherwise output for an LTERM or tpipe.
struct OutputMessage {
  std::string destination;
  bool is_transaction = false;
  std::vector<std::string> segments;
  std::string tmember;  // the originating OTMA client, for tpipe output
  std::string userid;
};

struct Outcome {
  enum class Kind : std::uint8_t {
    Reply,        // the program inserted to the IOPCB: `segments` is the reply
    NoReply,      // it ended without replying (IMS sends DFS2082 for CM1 when asked)
    ImsMessage,   // IMS answers with a DFS message instead (DFS064, DFS065, DFS555, ...)
  };
  Kind kind = Kind::NoReply;
  std::vector<std::string> segments;  // Reply, or the DFS message text as one segment
  std::string abend_code;             // "S0C4", "U0240" when the program abended
  std::vector<OutputMessage> alternate;  // committed alternate-PCB output (already enqueued)
};

}  // namespace zgate::tm

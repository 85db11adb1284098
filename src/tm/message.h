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
  // Commit mode 0 (commit-then-send; SENDONLY is CM0 too): the message is recoverable (kept in
  // the queue store from submit until its sync point), and what the program inserts to the
  // I/O PCB, or the DFS message IMS sends instead, becomes output on the hold queue of
  // tmember/lterm (the CM0 tpipe, IMS Connect's client ID) in the same sync point.
  bool commit_then_send = false;
  // SENDONLY: nobody waits for the output; the completion fires as soon as the message is
  // stored and queued (Outcome::Kind::Queued), and the output goes to the hold queue.
  bool send_only = false;
  std::uint64_t store_id = 0;  // its row in the queue store (0: not stored)
  std::string correlation;     // audit: ties tm's events for it to the client's connection
};

// One message a program inserted to an alternate PCB (CHNG + ISRT + PURG): a program-to-program
// switch when `destination` is a transaction code, otherwise output for an LTERM or tpipe.
struct OutputMessage {
  std::string destination;
  bool is_transaction = false;
  std::vector<std::string> segments;
  std::string tmember;  // the originating OTMA client, for tpipe output
  std::string userid;
  std::uint64_t store_id = 0;  // its row in the queue store, once committed (0: not stored)
};

struct Outcome {
  enum class Kind : std::uint8_t {
    Reply,        // the program inserted to the IOPCB: `segments` is the reply
    NoReply,      // it ended without replying (IMS sends DFS2082 for CM1 when asked)
    ImsMessage,   // IMS answers with a DFS message instead (DFS064, DFS065, DFS555, ...)
    Queued,       // SENDONLY: the message is safely queued; its output will be held
  };
  Kind kind = Kind::NoReply;
  std::vector<std::string> segments;  // Reply, or the DFS message text as one segment
  std::string abend_code;             // "S0C4", "U0240" when the program abended
  std::vector<OutputMessage> alternate;  // committed alternate-PCB output (already enqueued)
  // Commit mode 0: the I/O PCB output (or DFS message) was committed to the hold queue of
  // tmember/lterm and handed to the OutputRouter, which knows it by this id (0: none);
  // `segments` holds the same text.
  std::uint64_t held_reply = 0;
};

}  // namespace zgate::tm

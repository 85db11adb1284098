#pragma once
// What an OTMA client (IMS Connect's core, src/connect) may ask of IMS: the client-bid, one
// input message and its reply, and the hold queues' side of CM0 output, RESUME TPIPE and
// synchronous callout. otma::Otma implements it (otma.h); the core's tests implement it with a
// fake IMS (tests/connect/fake_otma.h). Nothing here names a transport or a door.
//
// Thread safety: every member may be called from any thread; callbacks (`Done`, a watch's
// `wake`) may run on another thread and are called without internal locks held.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "otma/hold_queues.h"
#include "saf/tokens.h"

namespace zgate::otma {

struct ClientBid {
  std::string group;       // DATASTORE GROUP= (must be GRNAME)
  std::string member;      // DATASTORE MEMBER=: the client's TMEMBER name
  std::string ims_member;  // DATASTORE TMEMBER=: must be OTMANM
  std::string userid;      // the client's own user ID (the IMS Connect address space)
  std::int64_t acee_age = 0;  // state data ACEE aging value, seconds; 0 = OTMA default
};

struct BidResult {
  bool accepted = false;
  std::uint16_t sense = 0;
  std::string message;  // DFS/HWS-style text for the log when refused
};

// The security data section of one message (never a password: IBM passes none to OTMA).
struct SecurityData {
  char flag = 'N';  // 'N', 'C' or 'F' (used under PROFILE)
  std::string userid;
  std::string group;
  std::optional<saf::Utoken> utoken;  // set by IMS Connect after its own VERIFY
};

// How the client wants the output (IMS Connect's commit mode and message type).
enum class Delivery : std::uint8_t {
  Cm1,       // send-then-commit: the reply comes back through `done`, nothing is kept
  Cm0,       // commit-then-send: input and output recoverable; the output is committed to the
             // hold queue of `tpipe` (the client ID) and `done` names it (OtmaReply::held_id)
  SendOnly,  // CM0 without a wait: `done` fires once the input is safely queued; all output
             // goes to the hold queue of `tpipe`
};

struct OtmaMessage {
  std::string tmember;                // the client's member name
  std::string tpipe;                  // CM1: the port; CM0: the client ID; the IOPCB LTERM
  std::vector<std::string> segments;  // application data; the first starts with the code
  SecurityData security;
  Delivery delivery = Delivery::Cm1;
  std::string correlation;  // audit: the client connection's, carried to tm's events
};

struct OtmaReply {
  enum class Kind : std::uint8_t { Data, Nak };
  Kind kind = Kind::Data;
  std::vector<std::string> segments;  // Data: reply, DFS message or command output
  std::uint16_t sense = 0;            // Nak
  std::uint8_t reason = 0;            // Nak: OTMA reason (RSM_OTMRSN)
  std::string message;                // Nak: DFS1292E ... for the log
  bool end_connection = false;        // Nak: refused by a data-access policy that blocks: the
                                      // client's connection ends too (S-GATE TERMINATE)
  std::uint64_t held_id = 0;          // Data under CM0: the output's id on the hold queue
};

// A RESUME TPIPE: who asks, for which tpipe, which kinds of message.
struct ResumeRequest {
  std::string tmember;
  std::string tpipe;      // the client ID, or IRM_RT_ALTCID
  SecurityData security;  // the user ID of the RESUME TPIPE (after IMS Connect's own checks)
  Want want = Want::Async;
};

struct ResumeResult {
  enum class Kind : std::uint8_t {
    Message,  // `message` was taken from the hold queue for delivery: ack/nak it
    Empty,    // nothing (wanted) is queued now: wait (watch) or end with the timeout RSM
    Refused,  // `nak`: not joined, tpipe unknown under security, RIMS or DFSYRTUX refused
    Stopped,  // the tpipe is stopped (/STOP TMEMBER .. TPIPE)
  };
  Kind kind = Kind::Empty;
  std::optional<HeldMessage> message;
  OtmaReply nak;
};

// How a synchronous callout response (IRM_F4 'L' or 'M') was taken. It is accepted only from the
// client that took the request (same client ID and user ID), and only while that user may
// still resume the tpipe (RIMS, then DFSYRTUX, as for taking it). The caller answers every
// refusal alike, so that a refusal tells nothing about the token.
enum class CalloutAnswer : std::uint8_t {
  Accepted,
  NoSuchRequest,  // no ICAL waits for the token (it timed out, or was never issued)
  NotTaken,       // the request has not been delivered and ACKed yet
  NotTheTaker,    // another client took it
  NotAuthorized,  // the taker may no longer resume the tpipe
};

class Client {
 public:
  virtual ~Client() = default;

  // The client-bid of a TMEMBER (an IMS Connect data store).
  virtual BidResult client_bid(const ClientBid& bid) = 0;

  using Done = std::function<void(OtmaReply)>;
  // One input message: IMS command (text starting with '/') or transaction. `done` is called
  // exactly once, possibly on another thread.
  virtual void send(OtmaMessage m, Done done) = 0;

  // ---- RESUME TPIPE and the hold queues ------------------------------------------------------
  // The next message for a RESUME TPIPE, authorized when it is taken. `first`: the RESUME
  // TPIPE itself.
  virtual ResumeResult resume_next(const ResumeRequest& r, bool first) = 0;
  // A CM0 reply the send-receive is owed: taken from the client's tpipe by its id, unless a
  // RESUME TPIPE took it first.
  virtual std::optional<HeldMessage> take_held(const std::string& tmember, const std::string& tpipe,
                                               std::uint64_t id) = 0;
  // The client's answer to a delivered message: ACK removes it; NAK returns it (a sync callout
  // request only when `keep`).
  virtual void acknowledge(const HeldMessage& m, const std::optional<CalloutTaker>& taker) = 0;
  virtual void negative_acknowledge(HeldMessage m, bool keep, std::uint16_t reason) = 0;
  // CM0 output the client could not take: onto another tpipe (IRM_F3 reroute), or discarded
  // (IRM_F3 purge).
  virtual void reroute(HeldMessage m, const std::string& tpipe) = 0;
  virtual void purge(const HeldMessage& m) = 0;
  // Is something the RESUME TPIPE wants queued? And a wake-up (once per message put) while a
  // RESUME TPIPE waits, until unwatch().
  virtual bool available(const std::string& tmember, const std::string& tpipe, Want want) const = 0;
  virtual std::uint64_t watch(const std::string& tmember, const std::string& tpipe,
                              std::function<void()> wake) = 0;
  virtual void unwatch(std::uint64_t handle) = 0;

  virtual CalloutAnswer callout_response(const Correlation& token, const CalloutTaker& from,
                                         const SecurityData& security, const std::string& tmember,
                                         std::vector<std::string> segments) = 0;
};

}  // namespace zgate::otma

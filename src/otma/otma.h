#pragma once
// OTMA, IMS's side: the XCF group with IMS as server member, the TMEMBERs that join it with a
// client-bid, the security level (OTMASE= globally, /SECURE OTMA per TMEMBER), the userid cache
// per TMEMBER, and the path of one message: security, then transaction (tm) or IMS command.
// connect is its client and reaches it only through this header.
#include <chrono>
#include <cstdint>
#include <map>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/sink.h"
#include "otma/descriptors.h"
#include "otma/hold_queues.h"
#include "saf/security_manager.h"
#include "saf/tokens.h"
#include "tm/transaction_manager.h"

namespace zgate::otma {

enum class SecurityLevel : std::uint8_t { None, Join, Check, Full, Profile };
// Accepts OTMASE= letters (N J C F P) and /SECURE keywords (NONE JOIN CHECK FULL PROFILE).
std::optional<SecurityLevel> parse_level(std::string_view text);
std::string_view level_name(SecurityLevel l);  // "NONE", "JOIN", ...

// OTMA sense codes zgate sends on a NAK (OTMA "sense codes for NAK messages").
namespace sense {
// DFS1292E SECURITY VIOLATION. IBM's table could not be retrieved; X'001A' is zgate's reading
// of it and is listed as unverified in docs/decisions.md.
inline constexpr std::uint16_t kSecurityViolation = 0x001A;
inline constexpr std::uint16_t kInvalidClientBid = 0x0015;  // bid refused (unverified, as above)
// A RESUME TPIPE refused: the tpipe does not exist (with security on) or is stopped. zgate's
// choice, unverified like the others.
inline constexpr std::uint16_t kTpipeNotAvailable = 0x0024;
// A commit-mode-0 message IMS could not queue (the queue store failed). zgate's choice.
inline constexpr std::uint16_t kMessageNotQueued = 0x0028;
}  // namespace sense

// The IMS side's OTMA parameters (DFSPBxxx), already validated.
struct OtmaConfig {
  std::string group;       // GRNAME= (XCF group)
  std::string ims_member;  // OTMANM= (IMS's member name in the group)
  SecurityLevel level = SecurityLevel::Full;  // OTMASE=, IBM default F
  std::int64_t default_acee_age = 999999;     // seconds, when the bid names none
};

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
};

struct OtmaReply {
  enum class Kind : std::uint8_t { Data, Nak };
  Kind kind = Kind::Data;
  std::vector<std::string> segments;  // Data: reply, DFS message or command output
  std::uint16_t sense = 0;            // Nak
  std::uint8_t reason = 0;            // Nak: OTMA reason (RSM_OTMRSN)
  std::string message;                // Nak: DFS1292E ... for the log
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

class OtmaExits;  // otma/exits.h
class Router;     // otma_impl.h

class Otma {
 public:
  // `store`: the queue store the hold queues keep durable messages in (null: memory only).
  Otma(saf::SecurityManager& saf, audit::Sink& sink, tm::TransactionManager& tm, OtmaConfig cfg,
       tm::QueueStore* store = nullptr);
  ~Otma();
  Otma(const Otma&) = delete;
  Otma& operator=(const Otma&) = delete;

  // The client-bid. Unless the member's level is NONE, the client's user ID must be defined
  // and, when FACILITY IMSXCF.<group>.<member> is protected, hold READ; otherwise NAK.
  BidResult client_bid(const ClientBid& bid);
  void leave(const std::string& member);
  bool joined(const std::string& member) const;

  using Done = std::function<void(OtmaReply)>;
  // One input message from a joined member: IMS command (text starting with '/') or
  // transaction. `done` is called exactly once, possibly on another thread.
  void send(OtmaMessage m, Done done);

  // The output router tm uses for alternate-PCB output to tpipes and callout requests.
  tm::OutputRouter& router();
  // The tpipes' hold queues.
  HoldQueues& queues();

  // ---- RESUME TPIPE ------------------------------------------------------------------------
  // The next message for a RESUME TPIPE, authorized when it is taken (so a permission removed
  // after the output was queued is honoured): under CHECK and FULL (PROFILE: flag C or F) the
  // user needs READ on the tpipe in class RIMS when a profile protects it; DFSYRTUX, when
  // configured, runs after that every time and has the last word. `first` is the RESUME
  // TPIPE itself: with security on, a tpipe that does not exist yet is refused.
  ResumeResult resume_next(const ResumeRequest& r, bool first);
  // The client's answer to a delivered message: ACK removes it for good; NAK returns async
  // output to the hold queue, and a sync callout request too when `keep` (IRM_F0 X'20'),
  // else its ICAL ends with the NAK reason.
  // `taker` is the client that took the message: for a sync callout request, the only one
  // that may answer it.
  void acknowledge(const HeldMessage& m, const std::optional<CalloutTaker>& taker = std::nullopt);
  void negative_acknowledge(HeldMessage m, bool keep, std::uint16_t reason);
  // A synchronous callout response (IRM_F4 'L' or 'M'). It is accepted only from the client
  // that took the request (same client ID and user ID), and only while that user may still
  // resume the tpipe (RIMS, then DFSYRTUX, as for taking it). Every refusal is audited; the
  // caller answers all of them alike, so that a refusal tells nothing about the token.
  enum class CalloutAnswer : std::uint8_t {
    Accepted,
    NoSuchRequest,  // no ICAL waits for the token (it timed out, or was never issued)
    NotTaken,       // the request has not been delivered and ACKed yet
    NotTheTaker,    // another client took it
    NotAuthorized,  // the taker may no longer resume the tpipe
  };
  CalloutAnswer callout_response(const Correlation& token, const CalloutTaker& from,
                                 const SecurityData& security, const std::string& tmember,
                                 std::vector<std::string> segments);

  // ---- configuration -----------------------------------------------------------------------
  // The OTMA exits (DFSCTRN0, DFSCCMD0, DFSYRTUX); null: none. Set before traffic.
  void set_exits(OtmaExits* exits);
  // The OTMA destination descriptors (DFSYDTx TYPE=IMSCON) that route callout requests and
  // alternate-PCB output to a member's tpipe. Set before traffic.
  void set_destinations(Destinations d);

  // The level that applies to a member (its /SECURE override, else the global one).
  SecurityLevel level_for(const std::string& member) const;

 private:
  friend class Router;  // tm's OutputRouter, implemented over Impl (router.cpp)
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zgate::otma

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
#include "otma/client.h"
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

class OtmaExits;  // otma/exits.h
}  // namespace zgate::otma
namespace zgate::guard {
class Guard;
}  // namespace zgate::guard
namespace zgate::otma {
class Router;     // otma_impl.h

// The IMS side of OTMA. It is the otma::Client that IMS Connect's core talks to (client.h).
class Otma final : public Client {
 public:
  // `store`: the queue store the hold queues keep durable messages in (null: memory only).
  Otma(saf::SecurityManager& saf, audit::Sink& sink, tm::TransactionManager& tm, OtmaConfig cfg,
       tm::QueueStore* store = nullptr);
  ~Otma();
  Otma(const Otma&) = delete;
  Otma& operator=(const Otma&) = delete;

  // The client-bid. Unless the member's level is NONE, the client's user ID must be defined
  // and, when FACILITY IMSXCF.<group>.<member> is protected, hold READ; otherwise NAK.
  BidResult client_bid(const ClientBid& bid) override;
  void leave(const std::string& member);
  bool joined(const std::string& member) const;

  // One input message from a joined member: IMS command (text starting with '/') or
  // transaction. `done` is called exactly once, possibly on another thread.
  void send(OtmaMessage m, Done done) override;

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
  ResumeResult resume_next(const ResumeRequest& r, bool first) override;
  // The client's answer to a delivered message: ACK removes it for good; NAK returns async
  // output to the hold queue, and a sync callout request too when `keep` (IRM_F0 X'20'),
  // else its ICAL ends with the NAK reason.
  // `taker` is the client that took the message: for a sync callout request, the only one
  // that may answer it.
  void acknowledge(const HeldMessage& m, const std::optional<CalloutTaker>& taker = std::nullopt) override;
  void negative_acknowledge(HeldMessage m, bool keep, std::uint16_t reason) override;
  // The hold queues' side (HoldQueues::take_id, reroute, purge, available, watch, unwatch).
  std::optional<HeldMessage> take_held(const std::string& tmember, const std::string& tpipe,
                                       std::uint64_t id) override;
  void reroute(HeldMessage m, const std::string& tpipe) override;
  void purge(const HeldMessage& m) override;
  bool available(const std::string& tmember, const std::string& tpipe, Want want) const override;
  std::uint64_t watch(const std::string& tmember, const std::string& tpipe, std::function<void()> wake) override;
  void unwatch(std::uint64_t handle) override;
  // A synchronous callout response (IRM_F4 'L' or 'M'). It is accepted only from the client
  // that took the request (same client ID and user ID), and only while that user may still
  // resume the tpipe (RIMS, then DFSYRTUX, as for taking it). Every refusal is audited; the
  // caller answers all of them alike, so that a refusal tells nothing about the token.
  using CalloutAnswer = otma::CalloutAnswer;
  CalloutAnswer callout_response(const Correlation& token, const CalloutTaker& from,
                                 const SecurityData& security, const std::string& tmember,
                                 std::vector<std::string> segments) override;

  // ---- configuration -----------------------------------------------------------------------
  // The OTMA exits (DFSCTRN0, DFSCCMD0, DFSYRTUX); null: none. Set before traffic.
  void set_exits(OtmaExits* exits);
  // The data-access policy asked before a transaction or command runs and on a transaction's
  // output (guard/guard.h); none by default. Set before traffic; it must outlive this Otma.
  void set_guard(guard::Guard* g);
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

#pragma once
// OTMA, IMS's side: the XCF group with IMS as server member, the TMEMBERs that join it with a
// client-bid, the security level (OTMASE= globally, /SECURE OTMA per TMEMBER), the userid cache
// per TMEMBER, and the path of one message: security, then transaction (tm) or IMS command.
// connect is its client and reaches it only through this header.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/sink.h"
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

struct OtmaMessage {
  std::string tmember;                // the client's member name
  std::string tpipe;                  // CM1: the port; the IOPCB LTERM
  std::vector<std::string> segments;  // application data; the first starts with the code
  SecurityData security;
};

struct OtmaReply {
  enum class Kind : std::uint8_t { Data, Nak };
  Kind kind = Kind::Data;
  std::vector<std::string> segments;  // Data: reply, DFS message or command output
  std::uint16_t sense = 0;            // Nak
  std::uint8_t reason = 0;            // Nak: OTMA reason (RSM_OTMRSN)
  std::string message;                // Nak: DFS1292E ... for the log
};

class Otma {
 public:
  Otma(saf::SecurityManager& saf, audit::Sink& sink, tm::TransactionManager& tm, OtmaConfig cfg);
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

  // The output router tm uses for alternate-PCB output to tpipes.
  tm::OutputRouter& router();

  // The level that applies to a member (its /SECURE override, else the global one).
  SecurityLevel level_for(const std::string& member) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zgate::otma

#pragma once
// Otma's private state, shared by the files that implement one concept each (client_bid.cpp,
// security_level.cpp, commands.cpp, otma.cpp). Not part of the API: connect sees only otma.h.
//
// Locking: `mu` guards the member table and the global settings; a message copies what it needs
// (level, aging value, its cache) under `mu` and then works without it, so RACF calls never run
// under an otma lock. Each userid cache has its own mutex. saf calls the user-change listener
// under its listener mutex; the listener takes `mu` and cache mutexes only, and otma never calls
// saf while holding them, so the order is always saf-listeners -> mu -> cache.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "otma/otma.h"
#include "otma/exits.h"
#include "otma/hold_queues.h"
#include "otma/userid_cache.h"
#include "saf/decision.h"

namespace zgate::otma {

// An IMS command's words as IMS reads them: upper case, blanks and commas separate, a period
// ends the command (commands.cpp).
std::vector<std::string> command_words(std::string_view text);

struct Tmember {
  std::string name;
  bool joined = false;
  std::string userid;                        // who bid (the client's address space)
  std::optional<SecurityLevel> level;        // /SECURE OTMA level TMEMBER name
  std::int64_t acee_age = 0;                 // effective ACEE aging value, seconds
  bool acee_age_by_command = false;          // /SECURE OTMA ACEEAGE n TMEMBER name was given
  std::shared_ptr<UseridCache> cache;        // present while joined, unless the level is NONE
};

// What a message needs of its member, copied under the lock.
struct MemberView {
  std::string name;
  SecurityLevel level = SecurityLevel::Full;
  std::int64_t acee_age = 0;
  std::shared_ptr<UseridCache> cache;
};

// The requester as OTMA established it for one message.
struct Requester {
  tm::MessageSecurity security = tm::MessageSecurity::None;
  saf::AceeRef acee;  // set under Check and Full
  std::string userid, group;
};

// What tm sees of OTMA: alternate-PCB output to tpipes and callout requests, resolved through
// the destination descriptors, onto the hold queues.
class Router final : public tm::OutputRouter {
 public:
  explicit Router(Otma::Impl& o) : o_(o) {}
  void resolve(tm::OutputMessage& m) override;
  std::uint64_t route(const tm::OutputMessage& m) override;
  tm::CalloutResult callout(const tm::CalloutRequest& r) override;

 private:
  Otma::Impl& o_;
};

struct Otma::Impl {
  Impl(saf::SecurityManager& s, audit::Sink& k, tm::TransactionManager& t, OtmaConfig c,
       tm::QueueStore* store);

  saf::SecurityManager& saf;
  audit::Sink& sink;
  tm::TransactionManager& tm;
  OtmaConfig cfg;
  HoldQueues queues;  // the tpipes' hold queues (hold_queues.cpp)
  tm::QueueStore* store;
  Router router{*this};
  OtmaExits* exits = nullptr;
  guard::Guard* guard = nullptr;
  Destinations destinations;  // DFSYDTx, set before traffic
  int listener_id = 0;

  mutable std::mutex mu;
  SecurityLevel global_level;
  std::int64_t global_acee_age;
  std::map<std::string, Tmember> members;  // by name: joined, or named by /SECURE first

  SecurityLevel level_locked(const std::string& member) const;
  // Output IMS itself produced (command response, DFS message) for a CM0 tpipe: stored and
  // put on the hold queue. Returns its hold-queue id.
  std::uint64_t hold_output(const std::string& member, const std::string& tpipe,
                            std::vector<std::string> segments, const std::string& userid);
  std::optional<MemberView> view(const std::string& member) const;  // nullopt: not joined

  // ---- client_bid.cpp
  BidResult client_bid(const ClientBid& bid);
  void leave(const std::string& member);

  // ---- security_level.cpp
  // PROFILE resolved by the message's flag, then VERIFY (or the cache) under CHECK/FULL.
  // A NAK when the requester cannot be established.
  std::variant<Requester, OtmaReply> requester(const MemberView& m, const OtmaMessage& msg);
  // FASTAUTH of a transaction (TIMS), command verb (CIMS) or tpipe (RIMS) with the
  // requester's ACEE: RACF's return code, or nullopt when no RACF call is made (NONE, JOIN).
  std::optional<saf::Decision> saf_check(const Requester& r, const MemberView& m,
                                        const std::string& cls, const std::string& resource);
  // The refusal (audited unless saf already logged it): RACF's RC 8, or an exit's refusal
  // when `why` names the exit.
  OtmaReply saf_refusal(const Requester& r, const MemberView& m, const std::string& cls,
                        const std::string& resource, int rc, bool saf_logged,
                        const std::string& why = {});
  // RACF and then the exit for one resource (exits.h says when each exit runs); a NAK when
  // the message is refused.
  std::optional<OtmaReply> authorize(const Requester& r, const MemberView& m, const std::string& cls,
                                     const std::string& resource, const std::string& tpipe,
                                     const std::string& command);
  // Drops a user's cached ACEEs in every member (user-change listener, REFRESH USER).
  std::size_t forget_user(const std::string& user);

  // ---- commands.cpp
  // An IMS type-1 command (first segment starts with '/'), already authorized.
  // `user`: who issued it (for the audit record of a command that changes security).
  std::vector<std::string> command(const std::string& text, const std::string& user);
  class CommandRun;  // one command's parse and answer (commands.cpp)

  // ---- audit
  void audit_refusal(audit::EventCode code, std::uint8_t qualifier, const std::string& user,
                     const std::string& group, const std::string& terminal, const std::string& cls,
                     const std::string& resource, int rc, const std::string& detail);
};

// NAK for a message (or RESUME TPIPE: `what`) from a member that has not bid.
OtmaReply not_joined_nak(const std::string& what, const std::string& member);

// NAK for a security violation (sense kSecurityViolation, DFS1292E in the text).
OtmaReply security_nak(std::uint8_t reason, const std::string& detail);

// "hh:mm:ss" and "*yyddd/hhmmss*" for command responses (UTC).
std::string command_time(std::int64_t epoch);
std::string display_stamp(std::int64_t epoch);

}  // namespace zgate::otma

namespace zgate::otma {
// The CIMS resource name of a command: its verb without '/', upper case, shortened to three
// characters, as IMS names command profiles (DIS, STA, STO, SEC). Empty if there is none.
std::string command_verb(std::string_view text);
}  // namespace zgate::otma

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
#include <variant>
#include <vector>

#include "otma/otma.h"
#include "otma/output_router.h"
#include "otma/userid_cache.h"

namespace zgate::otma {

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

struct Otma::Impl {
  Impl(saf::SecurityManager& s, audit::Sink& k, tm::TransactionManager& t, OtmaConfig c);

  saf::SecurityManager& saf;
  audit::Sink& sink;
  tm::TransactionManager& tm;
  OtmaConfig cfg;
  HoldQueues router;
  int listener_id = 0;

  mutable std::mutex mu;
  SecurityLevel global_level;
  std::int64_t global_acee_age;
  std::map<std::string, Tmember> members;  // by name: joined, or named by /SECURE first

  SecurityLevel level_locked(const std::string& member) const;
  std::optional<MemberView> view(const std::string& member) const;  // nullopt: not joined

  // ---- client_bid.cpp
  BidResult client_bid(const ClientBid& bid);
  void leave(const std::string& member);

  // ---- security_level.cpp
  // PROFILE resolved by the message's flag, then VERIFY (or the cache) under CHECK/FULL.
  // A NAK when the requester cannot be established.
  std::variant<Requester, OtmaReply> requester(const MemberView& m, const OtmaMessage& msg);
  // FASTAUTH of a transaction (TIMS) or command verb (CIMS) under CHECK/FULL. A NAK on RC 8.
  std::optional<OtmaReply> fastauth(const Requester& r, const MemberView& m, const std::string& cls,
                                    const std::string& resource);
  // Drops a user's cached ACEEs in every member (user-change listener, REFRESH USER).
  std::size_t forget_user(const std::string& user);

  // ---- commands.cpp
  // An IMS type-1 command (first segment starts with '/'), already authorized.
  std::vector<std::string> command(const std::string& text);
  class CommandRun;  // one command's parse and answer (commands.cpp)

  // ---- audit
  void audit_refusal(audit::EventCode code, std::uint8_t qualifier, const std::string& user,
                     const std::string& group, const std::string& terminal, const std::string& cls,
                     const std::string& resource, int rc, const std::string& detail);
};

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

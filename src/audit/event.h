#pragma once
// One security event, shaped after the SMF type 80 record that RACF writes (reference
// racf-semantics.md §5): an event code and qualifier, who, against what, with which outcome.
// Sinks turn it into JSON lines today and into SMF-80 binary, syslog, LEEF and CEF later.
// By construction it has no field that could hold a password, phrase or PassTicket.
#include <cstdint>
#include <string>

namespace zgate::audit {

// SMF 80 event codes (IRRADU00 names).
enum class EventCode : std::uint8_t {
  JobInit = 1,   // RACROUTE VERIFY (sign-on)
  Access = 2,    // RACROUTE AUTH / FASTAUTH
  AddUser = 10,  // RACF commands, 8-25
  AddGroup = 9,
  AltGroup = 12,
  AltUser = 13,
  Connect = 14,
  DelGroup = 16,
  DelUser = 17,
  Password = 18,
  Permit = 19,
  RAlter = 20,
  RDefine = 21,
  RDelete = 22,
  Remove = 23,
  SetrOpts = 24,
  RacdCert = 67,  // RACDCERT (certificate and certificate-name-filter commands)
};

// Event 1 (JOBINIT) qualifiers.
namespace verify_q {
inline constexpr std::uint8_t kSuccess = 0;
inline constexpr std::uint8_t kInvalidPassword = 1;
inline constexpr std::uint8_t kInvalidGroup = 2;
inline constexpr std::uint8_t kInvalidApplication = 5;
inline constexpr std::uint8_t kRevokedUser = 6;
inline constexpr std::uint8_t kAutoRevoked = 7;
inline constexpr std::uint8_t kUndefinedUser = 9;
}  // namespace verify_q

// Event 2 (ACCESS) qualifiers.
namespace access_q {
inline constexpr std::uint8_t kSuccess = 0;
inline constexpr std::uint8_t kInsufficientAuthority = 1;
inline constexpr std::uint8_t kProfileNotFound = 2;
inline constexpr std::uint8_t kWarning = 3;
}  // namespace access_q

// Command events: 0 success, 1 insufficient authority, 2 keyword violation.
namespace command_q {
inline constexpr std::uint8_t kSuccess = 0;
inline constexpr std::uint8_t kInsufficientAuthority = 1;
inline constexpr std::uint8_t kKeywordViolation = 2;
}  // namespace command_q

struct Event {
  std::int64_t time = 0;  // seconds since the epoch, UTC
  EventCode code = EventCode::Access;
  std::uint8_t qualifier = 0;
  bool violation = false;  // SMF80DES bit 0
  bool warning = false;    // SMF80DES bit 3: granted only because the profile is in WARNING mode
  std::string user;        // SMF80USR
  std::string group;       // SMF80GRP
  std::string component;   // SMF80JBN: which part of zgate asked (RACF, CONNECT, OTMA, ...)
  std::string appl;        // application name (VERIFY with APPL, PassTicket application)
  std::string terminal;    // port of entry (client address, TMEMBER)
  std::string resource_class;  // relocate 17
  std::string resource;        // relocate 1
  std::string profile;         // relocate 33
  bool generic = false;        // relocate 33 flag byte
  std::string access_requested;  // relocate 3
  std::string access_granted;    // relocate 4
  int racf_rc = 0;               // the RACF return code given to the caller
  std::string detail;            // command text (with secrets masked) or a short reason
};

// Names for events and qualifiers, as IRRADU00 and the RACF Auditor's Guide print them.
const char* event_name(EventCode code);
const char* qualifier_text(EventCode code, std::uint8_t qualifier);

}  // namespace zgate::audit

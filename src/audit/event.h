#pragma once
// One security event, shaped after the SMF type 80 record that RACF writes (reference
// racf-semantics.md §5): an event code and qualifier, who, against what, with which outcome.
// Sinks turn it into JSON lines today and into SMF-80 binary, syslog, LEEF and CEF later.
// By construction it has no field that could hold a password, phrase or PassTicket.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zgate::audit {

// SMF 80 event codes (IRRADU00 names). None: the event is not one RACF would write (an IMS
// Connect refusal before any RACF call, a region abend, a policy decision, an alert); its
// `component_code` says what it is.
enum class EventCode : std::uint8_t {
  None = 0,
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

  // Beyond SMF 80: where the request came from and what the client was told (issue 17).
  std::string component_code;  // the component's own code ("TLS_HANDSHAKE", "ABEND", ...);
                               // the only code when `code` is None
  std::string source_ip;       // the client's address, when it came over a network
  int source_port = 0;
  std::string cert_subject;    // the TLS client certificate's subject DN
  std::string door;            // IRM, DRDA, OTMA, CLI, REST, SOAP
  std::string datastore;       // the IMS data store (IMS Connect DATASTORE ID=, ODBM alias)
  std::string client_code;     // what the client got back: "RSM RC=8 RSN=40", "OTMA NAK 1A/24",
                               // "DL/I AI", "DDM RDBATHRM", "HTTP 403"
  std::string correlation;     // ties a connection's and a message's events together
  int severity = 0;            // 1 (lowest) to 10, for alerts and SIEM formats; 0: not stated
                               // (severity_of decides)
};

// The event's severity on the 1-10 scale LEEF and QRadar use: the stated one, else 6 for a
// violation, 4 for a warning or an event RACF would not write with a client code, 2 otherwise.
int severity_of(const Event& e);

// The event's field `name` as text, by the names of the JSON trail ("user", "source_ip",
// "event_name", ...): what the alert rules, policies and filters match on. Empty when the
// field is empty or unknown; numbers and booleans as JSON writes them ("2", "true").
std::string field(const Event& e, std::string_view name);
// Every field name field() knows, in the JSON trail's order.
const std::vector<std::string_view>& field_names();

// Names for events and qualifiers, as IRRADU00 and the RACF Auditor's Guide print them.
const char* event_name(EventCode code);
const char* qualifier_text(EventCode code, std::uint8_t qualifier);

}  // namespace zgate::audit

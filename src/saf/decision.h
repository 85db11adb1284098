#pragma once
// The answer to RACROUTE REQUEST=AUTH / FASTAUTH: RACF's return code, the profile that
// decided, and why, so a refusal can be explained ("zgate racf check") and audited.
#include <string>

#include "saf/access.h"

namespace zgate::saf {

// RACF return codes of AUTH/FASTAUTH.
inline constexpr int kRcAllowed = 0;
inline constexpr int kRcNotProtected = 4;  // no profile protects the resource (or class inactive)
inline constexpr int kRcDenied = 8;

enum class Reason : std::uint8_t {
  ClassNotDefined,   // not in the class descriptor table
  ClassInactive,     // SETROPTS NOCLASSACT
  NoProfile,         // no discrete or (active) generic profile matched
  UserEntry,         // the user's own standard access list entry
  GroupEntry,        // a group entry (current group, or the highest of GRPLIST)
  ConditionalEntry,  // a satisfied WHEN(...) entry gave more than the standard list
  IdStar,            // the ID(*) entry
  Uacc,              // the profile's universal access
  Restricted,        // a RESTRICTED user with no entry: UACC and ID(*) do not apply
  Warning,           // denied, but the profile is in WARNING mode: granted and logged
};
const char* reason_text(Reason r);

struct Decision {
  int rc = kRcNotProtected;
  int reason_code = 0;     // RACF reason: 4 with RC 0 means "allowed by WARNING"
  Reason reason = Reason::NoProfile;
  Access granted = Access::None;  // the authority the user holds (meaningful with a profile)
  std::string profile;     // the profile that decided, empty when none
  std::string profile_class;  // its class: the grouping class when a member decided (GIMS)
  bool generic = false;
  std::string entry;       // the access list entry that decided (user, group or "*")
  bool log = false;        // the profile's AUDIT settings ask for an SMF record

  bool allowed() const { return rc != kRcDenied; }
};

// What VERIFY-independent facts a check may depend on: WHEN(PROGRAM(...)) and
// WHEN(TERMINAL(...)) conditional entries.
struct AuthContext {
  std::string program;
  std::string terminal;
};

}  // namespace zgate::saf

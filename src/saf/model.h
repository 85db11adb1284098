#pragma once
// The RACF database, as plain values: users (BASE segment and their connects), groups, general
// resource profiles with their access lists, and the SETROPTS options. saf's admin API changes
// these through the store; the decision path never sees them directly, only the RACLIST
// snapshot built from them (snapshot.h).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "saf/access.h"

namespace zgate::saf {

// A user's membership of a group (RACF's connect profile).
struct Connect {
  std::string group;
  GroupAuthority authority = GroupAuthority::Use;
  std::string owner;
  std::int64_t created = 0;
  Access uacc = Access::None;  // connect UACC: what others get to data sets the user creates
  bool special = false;     // group-SPECIAL
  bool operations = false;  // group-OPERATIONS
  bool auditor = false;     // group-AUDITOR
  bool revoked = false;           // connect REVOKE (VERIFY with this group gives RC X'24')
  std::int64_t revoke_date = 0;   // pending REVOKE(date), 0 = none
  std::int64_t resume_date = 0;   // pending RESUME(date), 0 = none
  std::int64_t last_connect = 0;
  std::int64_t connect_count = 0;

  bool operator==(const Connect&) const = default;
};

struct User {
  std::string id;  // 1-8 characters, RACF rules (core: user_id_valid)
  std::string name;
  std::string owner;
  std::string default_group;
  std::string installation_data;
  std::int64_t created = 0;

  bool special = false;
  bool operations = false;
  bool auditor = false;
  bool restricted = false;

  bool revoked = false;          // REVOKE in force
  std::int64_t revoke_date = 0;  // pending REVOKE(date), 0 = none
  std::int64_t resume_date = 0;  // pending RESUME(date), 0 = none
  // When an ALTUSER RESUME last took effect, 0 = never: SETROPTS INACTIVE(n) counts the unused
  // days from here too ("RACF resets the effective date with which the period of inactivity
  // starts"), while LAST-ACCESS keeps the last sign-on.
  std::int64_t resumed = 0;

  // Argon2id hashes in libsodium's encoded form; empty means NOPASSWORD / NOPHRASE.
  std::string password_hash;
  std::string phrase_hash;
  std::int64_t password_date = 0;  // when it was last set (PASSDATE)
  std::int64_t phrase_date = 0;
  bool password_expired = false;   // set by ALTUSER PASSWORD(x) without NOEXPIRED
  bool phrase_expired = false;
  int password_interval = -1;      // days; -1 = the SETROPTS INTERVAL; 0 = NOINTERVAL
  std::vector<std::string> password_history;  // previous hashes, newest first
  std::vector<std::string> phrase_history;
  int failed_attempts = 0;         // consecutive invalid password/phrase attempts
  std::int64_t last_access = 0;

  std::vector<Connect> connects;        // includes the default group's connect
  std::set<std::string> class_authorizations;  // CLAUTH(class)

  // A user with neither password nor phrase is PROTECTED: it can never sign on with a
  // password, only be used by trusted callers (started tasks, RACFID, surrogates).
  bool is_protected() const { return password_hash.empty() && phrase_hash.empty(); }
  const Connect* connect(const std::string& group) const;
  Connect* connect(const std::string& group);

  bool operator==(const User&) const = default;
};

struct Group {
  std::string id;
  std::string superior;  // SUPGROUP; empty only for SYS1, the root
  std::string owner;
  std::string installation_data;
  std::int64_t created = 0;
  bool universal = false;
  bool termuacc = true;

  bool operator==(const Group&) const = default;
};

struct AccessEntry {
  std::string id;  // user, group, or "*" (every RACF-defined user)
  Access access = Access::Read;
  std::int64_t count = 0;  // ACCESS COUNT in RLIST

  bool operator==(const AccessEntry&) const = default;
};

// An entry of the conditional access list: PERMIT ... WHEN(PROGRAM(name)) and friends.
struct ConditionalEntry {
  std::string id;
  Access access = Access::Read;
  std::string when_class;  // PROGRAM, TERMINAL, CONSOLE, JESINPUT, APPCPORT, SYSID, SERVAUTH
  std::string when_name;
  std::int64_t count = 0;

  bool operator==(const ConditionalEntry&) const = default;
};

// AUDIT(SUCCESS(level) FAILURES(level)): log a success whose requested access is at least
// `success`, a failure whose requested access is at least `failures`. RACF's default for a new
// profile is FAILURES(READ).
struct AuditSpec {
  std::optional<Access> success;
  std::optional<Access> failures = Access::Read;

  bool operator==(const AuditSpec&) const = default;
};

// PTKTDATA keys (SSIGNON segment). Held as hex text, as KEYMASKED takes it; the enhanced key
// is 64 bytes for HMAC-SHA-512.
enum class PassTicketType : std::uint8_t { Upper, Mixed };
struct SsignOn {
  std::string legacy_key;    // 16 hex digits, empty if none
  std::string enhanced_key;  // 128 hex digits, empty if none
  PassTicketType enhanced_type = PassTicketType::Upper;
  int enhanced_timeout = 60;  // seconds, 1-600 (IBM's default is 1 minute)
  bool enhanced_replay = true;  // EPTREPLAY: reject a ticket used twice

  bool operator==(const SsignOn&) const = default;
};

// STDATA segment (class STARTED): the identity z/OS gives a started task whose procedure
// (member) and job name match the profile, member.jobname. USER(=MEMBER) and GROUP(=MEMBER) are
// kept as "=MEMBER" and read as the procedure's member name when the task starts.
struct StData {
  std::string user;   // USER(userid | =MEMBER); '' = none (z/OS: the undefined user '*')
  std::string group;  // GROUP(group | =MEMBER); '' = the user's default group
  bool trusted = false;     // TRUSTED(YES|NO)
  bool privileged = false;  // PRIVILEGED(YES|NO)
  bool trace = false;       // TRACE(YES|NO): recorded, no effect in zgate

  bool operator==(const StData&) const = default;
};

struct Profile {
  std::string cls;   // class name, upper case
  std::string name;  // may contain generic characters % * **
  std::string owner;
  std::int64_t created = 0;
  int level = 0;
  Access uacc = Access::None;
  bool warning = false;
  AuditSpec audit;
  std::string notify;
  std::string appldata;  // APPLDATA('...'); 'NO REPLAY PROTECTION' matters for PTKTDATA
  std::string installation_data;  // DATA('...')
  std::vector<AccessEntry> acl;
  std::vector<ConditionalEntry> conditional_acl;
  std::vector<std::string> members;  // ADDMEM, for grouping classes (GIMS, DIMS, JIMS, ...)
  std::optional<SsignOn> ssignon;    // PTKTDATA only
  std::optional<StData> stdata;      // STARTED only

  // Whether the name has generic characters; such a profile is only used for checking while
  // SETROPTS GENERIC(class) is active.
  bool generic() const;
  const AccessEntry* entry(const std::string& id) const;

  bool operator==(const Profile&) const = default;
};

struct PasswordRules {
  int interval = 30;   // INTERVAL(n): days a password lives; RACF's default 30
  int revoke = 0;      // REVOKE(n): consecutive failures that revoke; 0 = NOREVOKE
  int history = 0;     // HISTORY(n): previous passwords that may not be reused; 0 = NOHISTORY
  int warning = 0;     // WARNING(n): days of warning before expiry; 0 = NOWARNING
  bool mixedcase = false;
  int min_change = 0;  // MINCHANGE(n): days before a password may be changed again

  bool operator==(const PasswordRules&) const = default;
};

// SETROPTS. RACF's defaults: nothing active, NOGRPLIST, NOWHEN(PROGRAM).
struct Options {
  std::set<std::string> classact;
  std::set<std::string> raclist;
  std::set<std::string> generic;
  std::set<std::string> gencmd;
  std::set<std::string> audit;  // SETROPTS AUDIT(class): log profile changes
  bool grplist = false;
  bool when_program = false;  // SETROPTS WHEN(PROGRAM): conditional PROGRAM entries apply
  int inactive = 0;           // INACTIVE(n) days; 0 = NOINACTIVE
  PasswordRules password;

  bool operator==(const Options&) const = default;
};

// A certificate name filter (RACDCERT MAP; RACF keeps them as DIGTNMAP profiles): a TLS
// client certificate whose subject and/or issuer distinguished name matches the filters is
// given `user`. Filters are in RACF's form, most specific RDN first, RDNs separated by '.':
// 'CN=Alice.OU=Payments.O=Bank.C=US' (matching rules: cert_map.h). MULTIID/CRITERIA mappings
// (DIGTCRIT) are not modelled.
struct CertMap {
  std::string user;            // ID(userid): a defined user
  std::string label;           // WITHLABEL: 1-32 characters, case kept, unique per user
  std::string subject_filter;  // SDNFILTER, '' = none (an issuer's name filter only)
  std::string issuer_filter;   // IDNFILTER, '' = none; at least one of the two is set
  bool trusted = true;         // NOTRUST: a certificate that matches is refused
  std::int64_t created = 0;

  bool operator==(const CertMap&) const = default;
};

// The whole database in memory. Profiles are keyed by class, then name; certificate name
// filters by user, then label.
struct Database {
  std::map<std::string, User> users;
  std::map<std::string, Group> groups;
  std::map<std::string, std::map<std::string, Profile>> profiles;
  std::map<std::string, std::map<std::string, CertMap>> cert_maps;
  Options options;

  const User* user(const std::string& id) const;
  const Group* group(const std::string& id) const;
  const Profile* profile(const std::string& cls, const std::string& name) const;
  // Users connected to a group, in name order (derived: connects are kept on the user).
  std::vector<std::string> members_of(const std::string& group) const;
  // Groups whose SUPGROUP is this one.
  std::vector<std::string> subgroups_of(const std::string& group) const;
};

// RACF's naming rules for user and group IDs: 1-8 characters, A-Z 0-9 # $ @, not starting
// with a digit. Case is folded by the caller.
bool racf_id_valid(const std::string& id);

}  // namespace zgate::saf

#pragma once
// The compliance report (issue 17, section 5; the role IBM's zSecure Audit plays): what a RACF
// auditor asks of the security database and of the PROCLIB members IMS Connect and OTMA start
// from, as findings, each with a severity and the RACF command or member change that fixes it,
// and the tables an auditor reads beside them (the privileged users, the password policy, who can
// run each transaction).
//
// A pure function of its inputs: the database as saf holds it, the RACLIST snapshot that decides
// (so "who can run a transaction" is saf's own decision for each user, groups and generic
// profiles resolved as at run time, never a second reading of the rules), how saf builds a
// user's ACEE, the parsed PROCLIB (optional) and the time. report_text, report_csv and
// report_html render it; docs/reports.md says why each finding has its severity.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "connect/hwscfg.h"
#include "otma/dfspb.h"
#include "saf/acee.h"
#include "saf/model.h"
#include "saf/snapshot.h"
#include "tm/transaction_table.h"

namespace zgate::saf {
class SecurityManager;
}

namespace zgate::watch {

enum class Severity : std::uint8_t { High, Medium, Low, Info };
const char* severity_name(Severity s);  // "HIGH", "MEDIUM", "LOW", "INFO"

struct Finding {
  Severity severity = Severity::Info;
  std::string check;    // a stable code: "USER-SPECIAL", "PROFILE-UACC", ... (docs/reports.md)
  std::string area;     // the report's section: "Privileged users", "IMS Connect", ...
  std::string subject;  // the user, profile ("TIMS PAYROLL") or member ("HWSCFG00") it is about
  std::string text;     // what is wrong and why it matters
  std::string fix;      // the RACF command(s) or member change, one a line

  bool operator==(const Finding&) const = default;
};

// One user with a system-wide or group-level attribute.
struct PrivilegedUser {
  std::string user;
  std::string name;
  std::string attributes;  // "SPECIAL OPERATIONS AUDITOR" as LISTUSER prints them
  std::string scope;       // "SYSTEM" or "GROUP PAYGRP"
  bool revoked = false;
  std::int64_t last_access = 0;  // 0 = never
};

// One row of the password and phrase policy: the SETROPTS setting, its value, what an auditor
// expects (empty when nothing is expected) and whether it meets that.
struct PolicyRow {
  std::string setting;
  std::string value;
  std::string expected;
  bool ok = true;
};

// Who can run one transaction: saf's TIMS decision for READ, user by user.
struct TransactionAccess {
  std::string code;
  std::string profile;  // "TIMS PAYROLL", "GIMS PAYGRP (member)", "TIMS PAY* (G)", or "" when none
  std::string uacc;     // the deciding profile's UACC, "" when none
  bool warning = false; // the deciding profile is in WARNING mode
  bool everyone = false;  // every user who reaches it may run it (no profile, or UACC/WARNING)
  struct Grant {
    std::string user;
    std::string via;  // "USER", "GROUP PAYGRP", "ID(*)", "UACC", "WARNING", "NO PROFILE", ...
    bool operator==(const Grant&) const = default;
  };
  std::vector<Grant> grants;  // the users allowed, in user order
  bool in_stage1 = false;     // defined by a stage-1 TRANSACT (else known from TIMS/GIMS only)
};

// What the PROCLIB says, read by the caller (connect::load_proclib, otma::parse_dfspb,
// tm::TransactionTable): the report reads values, not files.
struct ProclibPosture {
  std::string directory;  // for the report's header
  std::string hwscfg_member = "HWSCFG00";
  connect::HwsConfig hws;
  std::string dfspb_member = "DFSPB000";
  std::optional<otma::Dfspb> dfspb;
  std::vector<tm::TransactionDef> transactions;  // stage-1 TRANSACTs
};

struct Report {
  std::int64_t generated = 0;
  std::string proclib;  // the PROCLIB directory, "" when none was read
  std::vector<Finding> findings;  // most severe first, then by area and subject
  std::vector<PrivilegedUser> privileged;
  std::vector<PolicyRow> policy;
  std::vector<TransactionAccess> transactions;
  std::string transaction_note;  // what OTMA's level does to the matrix ("" when it checks)
  std::size_t users = 0, groups = 0, profiles = 0;

  std::size_t count(Severity s) const;
};

// How saf builds the ACEE a user would run under (SecurityManager::acee_for): nullptr for a user
// who could not sign on (undefined, revoked, revoked in the default group).
using AceeSource = std::function<saf::AceeRef(const std::string& user)>;

struct ReportInput {
  const saf::Database& db;
  const saf::Snapshot& snapshot;
  AceeSource acee;
  const ProclibPosture* proclib = nullptr;  // nullptr: the report covers RACF only
  std::int64_t now = 0;
  // Days without use after which a user is "inactive" when SETROPTS has NOINACTIVE (with
  // INACTIVE(n), n is used). DISA's RACF STIG asks for 35.
  int inactive_days = 35;
};

Report build_report(const ReportInput& in);
// The same from a running security manager: its database, its current snapshot, its ACEEs.
Report build_report(saf::SecurityManager& sm, const ProclibPosture* proclib, std::int64_t now);

// The report's sections (Finding::area) in reading order.
const std::vector<std::string>& report_areas();

// YYYY-MM-DD (UTC), "NEVER" for 0: the dates the report prints.
std::string report_date(std::int64_t t);

}  // namespace zgate::watch

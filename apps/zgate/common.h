#pragma once
// What every zgate subcommand shares: where the security database and the audit log are, and
// opening them.
#include <memory>
#include <string>

#include "audit/json_lines_sink.h"
#include "saf/security_manager.h"

namespace zgate::app {

inline constexpr const char* kDefaultDb = "zgate.db";

// The audit log that goes with a database: `audit` when given (--audit PATH: the trail may live
// on another file system than the database), else <db>-audit.jsonl ("" for an in-memory
// database).
std::string audit_path_for(const std::string& db, const std::string& audit = {});
inline constexpr const char* kAuditOptionHelp =
    "audit log (JSON lines; default: <db>-audit.jsonl beside the database)";

struct Opened {
  std::unique_ptr<audit::Sink> file;  // the JSON-lines file (or nothing)
  std::unique_ptr<audit::Sink> sink;  // what everyone writes to: `file`, with repeats folded
  std::unique_ptr<saf::SecurityManager> sm;
  bool created = false;
};

// Opens (creating and bootstrapping if new) the security database at `db`, auditing to its
// JSON-lines log (audit_path_for(db, audit)) through a RateLimitedSink. Throws
// std::runtime_error with a message for the user.
Opened open_database(const std::string& db, const std::string& audit = {});

int run_racf(int argc, char** argv);        // zgate racf ...
int run_passticket(int argc, char** argv);  // zgate passticket ...
int run_demo(int argc, char** argv);        // zgate demo ...
int run_serve(int argc, char** argv);       // zgate serve ...
int run_send(int argc, char** argv);        // zgate send ...
int run_cmd(int argc, char** argv);         // zgate cmd ...
int run_db(int argc, char** argv);          // zgate db ...
int run_dli(int argc, char** argv);         // zgate dli ...
int run_audit(int argc, char** argv);       // zgate audit verify ...
int run_report(int argc, char** argv);      // zgate report ...

}  // namespace zgate::app

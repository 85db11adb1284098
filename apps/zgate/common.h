#pragma once
// What every zgate subcommand shares: where the security database and the audit log are, and
// opening them.
#include <memory>
#include <mutex>
#include <vector>
#include <string>

#include "audit/bus.h"
#include "audit/json_lines_sink.h"
#include "audit/settings.h"
#include "saf/security_manager.h"

namespace zgate::app {

inline constexpr const char* kDefaultDb = "zgate.db";

// The audit log that goes with a database: `audit` when given (--audit PATH: the trail may live
// on another file system than the database), else <db>-audit.jsonl ("" for an in-memory
// database).
std::string audit_path_for(const std::string& db, const std::string& audit = {});
inline constexpr const char* kAuditOptionHelp =
    "audit log (JSON lines; default: <db>-audit.jsonl beside the database)";

// Destroyed in reverse order: the security manager, then the bus (which delivers what is still
// queued), then the sinks it delivers to.
struct Opened {
  Opened() = default;
  Opened(Opened&&) = default;
  Opened& operator=(Opened&&) = default;
  // The bus's subscribers (alert rules, offenses) see the last events and let go first: they
  // may use the security manager, which goes before the bus.
  ~Opened() {
    if (bus) bus->end_subscriptions();
    if (forward) forward->stop();
  }
  // What the syslog sinks' spools say about themselves (SPOOL_FULL...) goes onto the bus while
  // there is one; after that, to stderr.
  struct Forward {
    std::mutex mu;
    audit::Sink* to = nullptr;
    void write(const audit::Event& e);
    void stop() {
      std::lock_guard lk(mu);
      to = nullptr;
    }
  };
  std::shared_ptr<Forward> forward;
  std::vector<std::unique_ptr<audit::Sink>> receivers;  // the settings' syslog sinks
  std::unique_ptr<audit::Sink> file;     // the JSON-lines file (or nothing)
  std::unique_ptr<audit::Sink> limited;  // `file`, with repeated violations folded
  std::unique_ptr<audit::Bus> bus;       // zgate serve: delivery off the I/O threads
  audit::Sink* sink = nullptr;           // what everyone writes to: the bus, or `limited`
  std::unique_ptr<saf::SecurityManager> sm;
  bool created = false;
};

// How a subcommand audits: a short-lived command writes the trail itself (its records are on
// disk when it exits); a server writes through the audit bus.
enum class Auditing { Direct, Bus };

// Opens (creating and bootstrapping if new) the security database at `db`, auditing to its
// JSON-lines log (audit_path_for(db, audit)) through a RateLimitedSink. Throws
// std::runtime_error with a message for the user.
Opened open_database(const std::string& db, const std::string& audit = {}, Auditing how = Auditing::Direct,
                     const audit::JsonLinesOptions& trail = {});
// Adds the syslog receivers of `s` (not its trail: open_database made that) to o's bus.
void add_receivers(Opened& o, const audit::AuditSettings& s);

// The program library `zgate serve` uses by default: next to the binary's build tree,
// <build>/apps/zgate/zgate -> <build>/programs.
std::string default_programs_dir();

int run_racf(int argc, char** argv);        // zgate racf ...
int run_passticket(int argc, char** argv);  // zgate passticket ...
int run_demo(int argc, char** argv);        // zgate demo ...
int run_serve(int argc, char** argv);       // zgate serve ...
int run_send(int argc, char** argv);        // zgate send ...
int run_cmd(int argc, char** argv);         // zgate cmd ...
int run_db(int argc, char** argv);          // zgate db ...
int run_dli(int argc, char** argv);         // zgate dli ...
int run_audit(int argc, char** argv);       // zgate audit verify ...
int run_report(int argc, char** argv);
int run_offenses(int argc, char** argv);
int run_demo_attack(int argc, char** argv);  // zgate demo attack    // zgate offenses list|show|close      // zgate report ...

}  // namespace zgate::app

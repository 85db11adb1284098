#pragma once
// The Open Database Manager: the IMS side of a DRDA client's database work. IMS Connect hands
// it an allocation request (ACCRDB: RDBNAM = PSBNAME[.ALIAS]) with the RACO it sealed for the
// client (RACF=Y) or none (RACF=N); ODBM picks the data store by alias, builds the thread's
// identity, and IMS checks the PSB allocation (psb_allocation.h). An allocated PSB is a Thread:
// DL/I calls against its DB PCBs by PCB name, commit and rollback (a unit of work per thread,
// committed in one store transaction), and, when it is dropped, deallocation (uncommitted
// changes backed out, locks freed).
//
// Identity (the seed): with a RACO, the ACEE rebuilt from it (RRS=Y: the ACEE ODBA passes in
// the thread TCB); RRS=N passes the RACO's user ID and group in the PAPL, for which IMS builds
// an ACEE itself. Without a RACO, ODBM's own job user ID and group, in both cases.
//
// Every allocation, refusal and deallocation is an audit event (component ODBM) with the
// client's address as the port of entry, the user, the PSB and the RACF return code.
//
// Thread safety: allocate() from any thread. A Thread is used by one thread at a time; its
// calls may wait for a record lock (ProgramIsolation), so they are not for an I/O thread.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "audit/sink.h"
#include "db/catalog.h"
#include "db/database_states.h"
#include "db/program_isolation.h"
#include "db/scheduled_psb.h"
#include "db/store.h"
#include "odbm/dli_streams.h"
#include "odbm/psb_allocation.h"
#include "odbm/raco_trust.h"
#include "saf/security_manager.h"

namespace zgate::guard {
class Guard;
}  // namespace zgate::guard

namespace zgate::odbm {

// The IMS databases ODBM reaches: the same ones the transaction manager's programs use
// (tm::Databases' members), so that program isolation holds between both.
struct OdbmDatabases {
  const db::Catalog* catalog = nullptr;
  db::DatabaseStore* store = nullptr;
  db::ProgramIsolation* isolation = nullptr;
  db::DatabaseStates* states = nullptr;  // null: every database started for update
};

struct OdbmOptions {
  std::string name = "ODBM1";        // CSLDIxxx ODBMNAME=
  std::string datastore = "IMS1";    // the IMS it connects to
  std::set<std::string> aliases;     // CSLDCxxx aliases of that data store (the data store name is one too)
  std::string job_user, job_group;   // ODBM's started-task identity (STARTED class)
  AllocationSecurity security;
  // Seconds a RACO stays acceptable after it is sealed. IMS Connect seals one for each ACCRDB
  // just before ODBM opens it, so a few seconds is plenty; it also bounds the replay set
  // (one nonce per allocation for this long).
  std::int64_t raco_max_age = 5;
  std::size_t max_threads = 64;      // allocated PSBs at once (CSLDCxxx MAXTHRD=)
  std::chrono::milliseconds lock_wait{30000};  // how long a call waits for a record lock
  // The data-access policy asked at each allocation, DL/I call and segment returned
  // (guard/guard.h); none by default. Not owned: it must outlive the Odbm.
  guard::Guard* guard = nullptr;
};

struct AllocateRequest {
  std::optional<std::vector<std::uint8_t>> raco;  // from IMS Connect (RACF=Y); none: RACF=N
  std::string rdbnam;          // PSBNAME[.ALIAS], as the client sent it (ASCII)
  std::string source;          // the client's address, the port of entry
  std::string client_userid;   // the user ID the client named, for the record when there is no RACO
};

struct AllocationRefusal {
  enum class Kind : std::uint8_t {
    BadRdbnam,      // not PSBNAME[.ALIAS]
    NoSuchAlias,    // no data store with that alias
    NoSuchPsb,      // not in PSBLIB, or a PSB without DB PCBs
    BadRaco,        // forged, altered, stale or replayed
    NoIdentity,     // the user (or ODBM's job user) is not defined to RACF, or revoked
    NotAuthorized,  // the allocation check refused
    ThreadLimit,    // max_threads PSBs are allocated
  };
  Kind kind = Kind::NotAuthorized;
  int racf_rc = 8;
  std::string why;
};

// One DL/I call's outcome as the client gets it.
struct ThreadCallResult {
  AibFeedback aib;
  PcbFeedback pcb;
  std::string io;          // the segment data (get calls)
  bool backed_out = false; // deadlock or lock timeout: the unit of work was backed out (BC)
};

class Odbm;

class Thread {
 public:
  ~Thread();  // deallocation: uncommitted changes backed out, locks freed, audited
  Thread(const Thread&) = delete;
  Thread& operator=(const Thread&) = delete;

  const std::string& psb() const { return psb_; }
  const std::string& alias() const { return alias_; }
  const std::string& user() const { return user_; }

  // A DL/I call against the DB PCB named `pcbname` (PCBNAME=): GU GHU GN GHN GNP GHNP ISRT
  // REPL DLET. `io` is the I/O area for ISRT and REPL.
  ThreadCallResult call(std::string_view pcbname, std::string_view function, const std::vector<std::string>& ssas,
                        std::string_view io);
  // Commit (RDBCMM): the changes since the last commit, in one store transaction. false, with
  // `why`, when the store refused: the changes are backed out.
  bool commit(std::string& why);
  // Rollback (RDBRLLBCK, ROLB): the changes since the last commit are forgotten.
  void rollback();
  // The DB PCB names, in PSB order (DBPCBnn for one without PCBNAME=).
  std::vector<std::string> pcb_names();

 private:
  friend class Odbm;
  Thread(Odbm& odbm, const db::Psb& psb, std::string alias, saf::AceeRef who, std::string source,
         std::string method);
  int pcb_index(const std::string& name);
  Odbm& odbm_;
  std::string psb_, alias_, user_, group_, source_, method_;
  db::ScheduledPsb scheduled_;
};

class Odbm {
 public:
  Odbm(saf::SecurityManager& saf, audit::Sink& sink, OdbmDatabases dbs, OdbmOptions opt);

  std::variant<std::unique_ptr<Thread>, AllocationRefusal> allocate(const AllocateRequest& r);

  std::size_t allocated() const { return allocated_.load(); }
  const OdbmOptions& options() const { return opt_; }
  std::int64_t clock_now() const;  // the security manager's clock
  RacoTrust& raco_trust() { return trust_; }

 private:
  friend class Thread;
  void audit(const std::string& user, const std::string& group, const std::string& source, const std::string& psb,
             const std::string& cls, bool violation, int racf_rc, const std::string& detail);
  AllocationRefusal refuse(const AllocateRequest& r, const std::string& user, const std::string& group,
                           const std::string& psb, const std::string& cls, AllocationRefusal::Kind kind, int racf_rc,
                           std::string why);

  saf::SecurityManager& saf_;
  audit::Sink& sink_;
  OdbmDatabases dbs_;
  OdbmOptions opt_;
  RacoTrust trust_;
  std::atomic<std::size_t> allocated_{0};
};

// RDBNAM's two parts: PSBNAME[.ALIAS]; nullopt when it is not that (PSB 1-8 characters,
// alias 1-4, upper-cased).
struct Rdbnam {
  std::string psb, alias;
};
std::optional<Rdbnam> parse_rdbnam(std::string_view rdbnam);

// The name a DB PCB without PCBNAME= is reached by: DBPCBnn (nn from 01, among the DB PCBs).
std::string default_pcb_name(std::size_t index);

}  // namespace zgate::odbm

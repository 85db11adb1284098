#pragma once
// The transaction manager: the transaction table from stage-1 (APPLCTN/TRANSACT), one queue per
// transaction, and the dependent regions (worker processes) that run the programs. OTMA hands
// it messages with their security environment; the outcome comes back through a callback on a
// tm thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/sink.h"
#include "db/catalog.h"
#include "db/database_states.h"
#include "saf/security_manager.h"
#include "tm/message.h"
#include "tm/psb_scheduling.h"
#include "tm/transaction_table.h"

namespace zgate::tm {

struct RegionConfig {
  int count = 2;                 // message processing regions
  std::string userid = "IMSREGN";  // the regions' own user ID (their ACEE outside FULL)
  std::string program_dir;       // where lib<PSB>.so / <PSB>.so programs live
  // The OS user the region processes become when the server runs as root (programs never run
  // as root); ignored otherwise: an unprivileged server's regions keep its user, confined
  // by the sandbox either way (tm/region_sandbox.h).
  std::string os_user = "nobody";
  std::chrono::milliseconds processing_limit{10000};  // a program past this is ended (U0240)
  // A TM SCHEDULE audit record for every message a program is scheduled for (PSB, region,
  // the connection's correlation ID). Off by default: a record per message is, on 2 cores,
  // a third of the transaction rate at one connection (bench/compare's "before" rows, issue
  // 17's note); abends and refusals are recorded always.
  bool audit_schedules = false;
  // The command that starts one region process; it receives its socket as fd 3.
  // Typically {"/proc/self/exe", "region"}.
  std::vector<std::string> region_command;
  // DBDLIB and PSBLIB (db/catalog.h): a transaction's PSB is catalog->psb(def.psb); none there
  // (or no catalog) is a message-only program with its I/O PCB alone. Checked against stage-1
  // before the manager is made (tm/stage1_catalog.h).
  std::shared_ptr<const db::Catalog> catalog;
  // PSB scheduling security: DFSPB ISIS= and the DFSRAS00 exit (tm/psb_scheduling.h).
  SchedulingSecurity scheduling;
};

// A synchronous callout (DL/I ICAL): the program asks a service outside IMS and waits.
struct CalloutRequest {
  std::string destination;            // ICAL's OTMA destination descriptor name
  std::vector<std::string> segments;  // the request data
  std::string tmember;                // the OTMA client that sent the input message
  std::string userid;                 // the originating user ID (IMS: PSTUSID), travels along
  std::string trancode;               // the transaction that issued the ICAL
  std::chrono::milliseconds timeout{0};  // ICAL's timeout; 0: the descriptor's SYNTIMER
  // What is left of the region's processing limit: no timeout, the descriptor's included,
  // runs past it (the program would be ended with U0240 anyway).
  std::chrono::milliseconds limit = std::chrono::milliseconds::max();
};

struct CalloutResult {
  enum class Status : std::uint8_t {
    Ok,             // the response arrived: `segments`
    TimedOut,       // no response within the timeout (the request is withdrawn)
    Nak,            // the client NAKed the request: `nak_reason` (IRM_NAK_RSNCDE, 0 if none)
    NoDestination,  // no descriptor of that name, or not a callout destination
    Unavailable,    // the destination's TMEMBER has not joined, or its tpipe is stopped
  };
  Status status = Status::NoDestination;
  std::vector<std::string> segments;
  std::uint16_t nak_reason = 0;
};

// Where committed output for a destination that is not a transaction goes (an OTMA tpipe), and
// where synchronous callout requests go. otma implements it; tm never includes otma.
class OutputRouter {
 public:
  virtual ~OutputRouter() = default;
  // Before the sync point: an alternate-PCB destination that names an OTMA destination
  // descriptor becomes that descriptor's TMEMBER and TPIPE (so the queue store keeps the real
  // tpipe). The default leaves the message as it is: the tpipe of the originating member.
  virtual void resolve(OutputMessage& m) { (void)m; }
  // Committed output for m.tmember / m.destination (already in the queue store when
  // m.store_id != 0). Returns the id the hold queue knows it by (0: not held).
  virtual std::uint64_t route(const OutputMessage& m) = 0;
  // Blocks the calling (region driver) thread until the response, a NAK or the timeout.
  virtual CalloutResult callout(const CalloutRequest& r) {
    (void)r;
    return CalloutResult{};
  }
};

struct QueueCounts {
  std::uint64_t enqueued = 0, dequeued = 0;
  std::uint64_t queued() const { return enqueued - dequeued; }
};

class IoThreads;  // tm/io_threads.h

// The interface otma schedules through (so otma's tests can stand in a scheduler of their own);
// make_transaction_manager builds the real one with its region processes.
class TransactionManager {
 public:
  virtual ~TransactionManager() = default;

  // The front end's I/O threads read the programs' answers (tm/io_threads.h); before start().
  // A scheduler without regions has nothing to lend them to.
  virtual void lend_io_threads(IoThreads* io) { (void)io; }
  virtual void start() = 0;  // starts the regions
  virtual void stop() = 0;   // ends them; messages still queued complete with DFS message

  using Completion = std::function<void(Outcome)>;
  // Queues the message on its transaction. An undefined code completes at once with DFS064,
  // a stopped one with DFS065; otherwise a region runs it and `done` is called exactly once,
  // on a tm thread. A commit-mode-0 message is stored first (with a store), and its output
  // or DFS message goes to its tpipe's hold queue (Outcome::held_reply); a SENDONLY message
  // completes with Queued as soon as it is queued.
  virtual void submit(InputMessage m, Completion done) = 0;

  virtual TransactionTable& transactions() = 0;
  // The DBDs and PSBs (nullptr: none), and the online state of the stage-1 DATABASEs that
  // /STA, /STO, /DBR DB change (nullptr: a scheduler without databases).
  virtual const db::Catalog* catalog() const { return nullptr; }
  virtual db::DatabaseStates* databases() { return nullptr; }
  virtual QueueCounts counts(const std::string& trancode) const = 0;
  virtual int regions_running() const = 0;
};

class QueueStore;  // tm/queue_store.h
struct Databases;  // tm/databases.h

// `store`: where recoverable (commit-mode-0) messages are kept; at start() the inputs it
// still holds are queued again, as IMS requeues them at an emergency restart. Null: none.
std::unique_ptr<TransactionManager> make_transaction_manager(saf::SecurityManager& saf,
                                                             audit::Sink& sink,
                                                             TransactionTable table,
                                                             RegionConfig regions,
                                                             OutputRouter* router = nullptr,
                                                             QueueStore* store = nullptr,
                                                             Databases* databases = nullptr);

}  // namespace zgate::tm

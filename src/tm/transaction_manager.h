#pragma once
// The transaction manager: the transaction table from stage-1 (APPLCTN/TRANSACT), one queue per
// transaction, and the dependent regions (worker processes) that run the programs. OTMA hands
// it messages with their security environment; the outcome comes back through a callback on a
// tm thread.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/sink.h"
#include "saf/security_manager.h"
#include "tm/message.h"
#include "tm/transaction_table.h"

namespace zgate::tm {

struct RegionConfig {
  int count = 2;                 // message processing regions
  std::string userid = "IMSREGN";  // the regions' own user ID (their ACEE outside FULL)
  std::string program_dir;       // where lib<PSB>.so / <PSB>.so programs live
  std::chrono::milliseconds processing_limit{10000};  // a program past this is ended (U0240)
  // The command that starts one region process; it receives its socket as fd 3.
  // Typically {"/proc/self/exe", "region"}.
  std::vector<std::string> region_command;
};

// Where committed output for a destination that is not a transaction goes (an OTMA tpipe).
// otma implements it; tm never includes otma.
class OutputRouter {
 public:
  virtual ~OutputRouter() = default;
  virtual void route(const OutputMessage& m) = 0;
};

struct QueueCounts {
  std::uint64_t enqueued = 0, dequeued = 0;
  std::uint64_t queued() const { return enqueued - dequeued; }
};

// The interface otma schedules through (so otma's tests can stand in a scheduler of their own);
// make_transaction_manager builds the real one with its region processes.
class TransactionManager {
 public:
  virtual ~TransactionManager() = default;

  virtual void start() = 0;  // starts the regions
  virtual void stop() = 0;   // ends them; messages still queued complete with DFS message

  using Completion = std::function<void(Outcome)>;
  // Queues the message on its transaction. An undefined code completes at once with DFS064,
  // a stopped one with DFS065; otherwise a region runs it and `done` is called exactly once,
  // on a tm thread.
  virtual void submit(InputMessage m, Completion done) = 0;

  virtual TransactionTable& transactions() = 0;
  virtual QueueCounts counts(const std::string& trancode) const = 0;
  virtual int regions_running() const = 0;
};

std::unique_ptr<TransactionManager> make_transaction_manager(saf::SecurityManager& saf,
                                                             audit::Sink& sink,
                                                             TransactionTable table,
                                                             RegionConfig regions,
                                                             OutputRouter* router = nullptr);

}  // namespace zgate::tm

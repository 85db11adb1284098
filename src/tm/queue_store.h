#pragma once
// The recoverable part of the IMS message queues, on disk: what IMS would find again after an
// emergency restart. Two kinds of rows:
//
//   input   a commit-mode-0 input message (SENDONLY, CM0 send-receive, and the messages a
//           program switch creates) from the moment IMS accepted it until its sync point;
//   output  a message on an OTMA tpipe's hold queue (CM0 I/O PCB output, alternate-PCB output
//           to a tpipe, asynchronous callout) until the client ACKs it, /DEQUEUE removes it or
//           it is purged.
//
// A sync point is one SQLite transaction: the consumed input disappears, and the output and the
// new inputs it produced appear, all together or not at all. Every call returns only after its
// transaction has committed (WAL journal, synchronous=FULL), so a message the caller was told is
// stored survives kill -9 of the process (and a crash of the machine).
//
// Thread safety: every member may be called from any thread; calls are serialized internally.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tm/message.h"

struct sqlite3;

namespace zgate::tm {

struct QueueStoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class QueueStore {
 public:
  // Opens (creating if needed) the queue data set at `file`. Throws QueueStoreError when the
  // file cannot be opened, is not a zgate queue store, or has a newer schema.
  explicit QueueStore(const std::filesystem::path& file);
  ~QueueStore();
  QueueStore(const QueueStore&) = delete;
  QueueStore& operator=(const QueueStore&) = delete;

  // ---- input -------------------------------------------------------------------------------
  // Stores a recoverable input message and returns its id (> 0). Kept: trancode, segments,
  // lterm, tmember, userid, group, security, commit_then_send. Not kept: the requester's ACEE
  // (rebuilt from the user ID at restart) and store_id.
  std::uint64_t add_input(const InputMessage& m);
  // Removes an input without output (a message IMS discards, e.g. /DEQUEUE of a transaction).
  void remove_input(std::uint64_t id);

  // ---- sync point --------------------------------------------------------------------------
  struct SyncPoint {
    std::uint64_t consumed_input = 0;   // the input message that ran (0: it was not stored)
    std::vector<OutputMessage> outputs; // for hold queues: tmember + destination (the tpipe)
    std::vector<InputMessage> inputs;   // new recoverable inputs (program switches)
    // More work for the same transaction, on its connection (the database changes of the
    // message: db/sqlite_store.h); it throws to make the whole sync point fail.
    std::function<void(sqlite3*)> also;
  };
  struct Committed {
    std::vector<std::uint64_t> output_ids;  // in the order of SyncPoint::outputs
    std::vector<std::uint64_t> input_ids;   // in the order of SyncPoint::inputs
  };
  // All of it in one transaction; throws QueueStoreError (and changes nothing) on failure.
  Committed commit(const SyncPoint& sp);

  // ---- hold queue output -------------------------------------------------------------------
  // Stores one output message outside a sync point; returns its id.
  std::uint64_t add_output(const OutputMessage& m);
  // The client ACKed it, or it was purged or dequeued. Removing an id that is gone is a no-op.
  void remove_output(std::uint64_t id);
  // Moves it to another tpipe of the same member (reroute, IRM_REROUT_NM / HWS$DEF).
  void move_output(std::uint64_t id, const std::string& tpipe);

  // ---- restart -----------------------------------------------------------------------------
  // Everything stored, oldest first (by id). Inputs come back with store_id set and no ACEE;
  // outputs with store_id set and destination = the tpipe.
  std::vector<InputMessage> inputs();
  std::vector<OutputMessage> outputs();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zgate::tm

#pragma once
// The message queues: one FIFO per transaction code, as IMS keeps one queue per SMB. A free
// region takes the next message from the queue of the highest normal priority (PRTY) among
// transactions that may be scheduled (defined and not stopped); equal priorities are served in
// arrival order. A stopped transaction keeps its messages queued until /STA TRAN.
//
// A message that arrives while a region is idle goes straight to that region (RegionSlot).
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tm/message.h"
#include "tm/transaction_manager.h"
#include "tm/transaction_table.h"

namespace zgate::tm {

struct QueuedMessage {
  InputMessage message;
  TransactionManager::Completion done;
  std::uint64_t seq = 0;
};

// A dependent region as the queues see it. A region with nothing to do registers as idle
// (take() returns Idle); push() then gives it the next message directly, on the submitter's
// thread, and the region sends it to its region process there and then. The region process's
// answer is what wakes the control process next, so a message costs no thread hand-off in it.
class RegionSlot {
 public:
  virtual ~RegionSlot() = default;
  // The message is this region's now, on the submitter's thread (the queues' mutex is not
  // held): it sends it to the region process, or, when that fails, has its own thread restart
  // the region and send it again.
  virtual void start(QueuedMessage q) = 0;
  // Wakes the region's thread (queues closed, a transaction started again).
  virtual void wake() = 0;

 private:
  friend class MessageQueues;
  bool idle_ = false;  // guarded by the queues' mutex
};

class MessageQueues {
 public:
  explicit MessageQueues(const TransactionTable& table) : table_(table) {}

  // false (message not taken) once closed.
  bool push(InputMessage m, TransactionManager::Completion done);

  // A region asking for work: the next schedulable message; or, when there is none, the
  // region is registered as idle (see RegionSlot) and Idle is returned.
  enum class Take { Message, Idle, Closed };
  Take take(RegionSlot& region, std::optional<QueuedMessage>& out);
  // The region stops waiting: false when it was not registered as idle any more, because a
  // push() has just given it a message (its start() is on its way, or has run).
  bool withdraw(RegionSlot& region);

  // Ends the queues: take returns Closed from now on; returns what was still queued.
  std::vector<QueuedMessage> close();
  // Wakes idle regions (a transaction was started again).
  void poke();
  QueueCounts counts(const std::string& code) const;

 private:
  bool schedulable(const std::string& code) const;

  const TransactionTable& table_;
  mutable std::mutex mu_;
  bool closed_ = false;
  std::uint64_t next_seq_ = 1;
  std::map<std::string, std::deque<QueuedMessage>> queues_;
  std::map<std::string, QueueCounts> counts_;
  std::vector<RegionSlot*> idle_;
};

}  // namespace zgate::tm

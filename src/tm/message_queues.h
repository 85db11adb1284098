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

// A dependent region as the queues see it. A region with nothing to do waits on its own
// socket; push() then hands it the next message directly, on the submitter's thread, by
// sending the message to the region process. The region process's answer is what wakes the
// region's thread, so a message costs no thread hand-off in the control process.
class RegionSlot {
 public:
  virtual ~RegionSlot() = default;
  // Sends the message to the region process, on the submitter's thread. False when it did
  // not get there (the region's thread then restarts the region and tries again).
  virtual bool start(const QueuedMessage& q) = 0;
  // Wakes the region's thread (queues closed, a transaction started, a failed hand-off).
  virtual void wake() = 0;

 private:
  friend class MessageQueues;
  // Guarded by the queues' mutex.
  bool idle_ = false;
  bool handed_ = false;
  // Held by the submitter from the hand-off until start() has returned; the region's thread
  // takes it before it looks at what it was handed.
  std::mutex start_mu_;
  std::optional<QueuedMessage> given_;
  bool started_ = false;
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
  // The region stops waiting (it woke up): no longer idle. What was handed to it meanwhile,
  // if anything, and whether it reached the region process.
  struct Handed {
    QueuedMessage q;
    bool started = false;
  };
  std::optional<Handed> withdraw(RegionSlot& region);

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

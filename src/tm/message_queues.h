#pragma once
// The message queues: one FIFO per transaction code, as IMS keeps one queue per SMB. A free
// region takes the next message from the queue of the highest normal priority (PRTY) among
// transactions that may be scheduled (defined and not stopped); equal priorities are served in
// arrival order. A stopped transaction keeps its messages queued until /STA TRAN.
#include <condition_variable>
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

class MessageQueues {
 public:
  // false (message not taken) once closed.
  bool push(InputMessage m, TransactionManager::Completion done);
  // Blocks for the next schedulable message; nullopt once closed.
  std::optional<QueuedMessage> pop(const TransactionTable& table);
  // Ends the queues: pop returns nullopt from now on; returns what was still queued.
  std::vector<QueuedMessage> close();
  // Wakes waiting regions (a transaction was started again).
  void poke() { cv_.notify_all(); }
  QueueCounts counts(const std::string& code) const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool closed_ = false;
  std::uint64_t next_seq_ = 1;
  std::map<std::string, std::deque<QueuedMessage>> queues_;
  std::map<std::string, QueueCounts> counts_;
};

}  // namespace zgate::tm

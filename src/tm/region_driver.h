#pragma once
// The control process's thread for one dependent region: it keeps the region process alive,
// takes the next message from the queues, schedules it in the region, answers the region's
// RACF calls while the program runs, enforces the processing limit, and commits or backs out.
// Completion callbacks run on this thread.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "audit/sink.h"
#include "saf/security_manager.h"
#include "tm/message_queues.h"
#include "tm/queue_store.h"
#include "tm/region_process.h"
#include "tm/region_protocol.h"
#include "tm/transaction_manager.h"

namespace zgate::tm {

// What every region's driver shares with the transaction manager.
struct RegionServices {
  saf::SecurityManager& saf;
  TransactionTable& table;
  const RegionConfig& config;
  OutputRouter* router;
  QueueStore* store;  // recoverable messages (null: none are kept)
  MessageQueues& queues;
  std::function<void(InputMessage)> program_switch;  // enqueue, outcome discarded
  std::atomic<int>& running;                          // regions up and ready
};

class RegionDriver {
 public:
  RegionDriver(int number, RegionServices& services);
  ~RegionDriver();  // joins

  void start();
  // After the queues are closed: ends the region once its current message is done.
  void join();

 private:
  void run();
  bool ensure_region();   // a live, ready region process, or false while stopping
  void drop_region();     // ends the current process (and reaps it)
  void run_message(QueuedMessage& q);
  Outcome abend(const QueuedMessage& q, const std::string& code);

  int number_;
  RegionServices& s_;
  std::unique_ptr<RegionProcess> proc_;
  saf::AceeRef region_acee_;  // built once per region process (RegionConfig::userid)
  bool ready_ = false;
  std::thread thread_;
  std::mutex wait_mu_;
  std::condition_variable wait_cv_;  // for the restart back-off, cut short by join()
  std::atomic<bool> stopping_{false};
};

}  // namespace zgate::tm

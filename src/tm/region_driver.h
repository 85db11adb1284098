#pragma once
// The control process's thread for one dependent region: it keeps the region process alive,
// takes the next message from the queues, schedules it in the region, answers the region's
// RACF calls while the program runs, enforces the processing limit, and commits or backs out.
// Completion callbacks run on this thread.
//
// An idle region waits on its own socket. A message that arrives meanwhile is sent to the
// region process by the submitter (RegionSlot::start), so the first this thread hears of it is
// the program's first DL/I call or its end: one wake-up per message instead of two.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
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

class RegionDriver final : public RegionSlot {
 public:
  RegionDriver(int number, RegionServices& services);
  ~RegionDriver() override;  // joins

  void start();
  // After the queues are closed: ends the region once its current message is done.
  void join();

 private:
  // RegionSlot: on the submitter's thread, while this one waits idle.
  bool start(const QueuedMessage& q) override;
  void wake() override;

  void run();
  bool ensure_region();   // a live, ready region process, or false while stopping
  void drop_region();     // ends the current process (and reaps it)
  void wait_idle();       // until the region speaks (a handed message), a wake(), or 200 ms
  proto::Schedule schedule_for(const InputMessage& in) const;
  bool send_schedule(const QueuedMessage& q);
  // `sent`: the Schedule already went to the region (by start(), or on this thread).
  void run_message(QueuedMessage& q, bool sent);
  Outcome abend(const QueuedMessage& q, const std::string& code);

  int number_;
  RegionServices& s_;
  std::unique_ptr<RegionProcess> proc_;
  std::unique_ptr<proto::FrameReader> reader_;  // of proc_'s socket
  int wake_fd_ = -1;                             // eventfd: wake() while idle
  // <dir>/<PSB>.so or lib<PSB>.so, found once per PSB (forgotten when the load fails).
  mutable std::map<std::string, std::string> program_paths_;
  saf::AceeRef region_acee_;  // built once per region process (RegionConfig::userid)
  bool ready_ = false;
  std::thread thread_;
  std::mutex wait_mu_;
  std::condition_variable wait_cv_;  // for the restart back-off, cut short by join()
  std::atomic<bool> stopping_{false};
};

}  // namespace zgate::tm

#pragma once
// The control process's side of one dependent region: it keeps the region process alive,
// gives it the next message from the queues, answers the region's RACF calls while the
// program runs, enforces the processing limit, and commits or backs out.
//
// A message's life in the region, and who has it at each step:
//   Idle     the region waits among the idle regions; push() gives it a message on the
//            submitter's thread, which sends it to the region process (RegionSlot::start).
//   Running  the program runs; its next frame (a DL/I call's question, or its end) is awaited
//            on the front end's I/O threads when they are lent (tm/io_threads.h), else on the
//            region's own thread.
//   Reading  one thread reads the frames: it answers CHNG/AUTH/region checks, and at the
//            program's end takes the sync point, completes the message and gives the region
//            its next message (or makes it Idle). An I/O thread passes to the region's thread
//            whatever may block: ICAL, a sync point that writes the queue store, the region's
//            death, a message past its processing limit.
//   Driver   the region's own thread has the message and finishes it synchronously.
//   Starting the region's thread is starting a region process (none is ready).
// One mutex guards the state; whoever moved the state to Reading or Driver owns the message,
// the region process's socket and its reader until it moves the state on.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "audit/sink.h"
#include "saf/security_manager.h"
#include "tm/io_threads.h"
#include "tm/message_queues.h"
#include "tm/queue_store.h"
#include "tm/region_process.h"
#include "tm/region_protocol.h"
#include "tm/transaction_manager.h"
#include "db/scheduled_psb.h"
#include "tm/databases.h"

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
  IoThreads* io = nullptr;  // lent before the regions start; null: each region reads its socket
  Databases* databases = nullptr;  // the IMS databases (null: none are defined)
};

class RegionDriver final : public RegionSlot {
 public:
  RegionDriver(int number, RegionServices& services);
  ~RegionDriver() override;  // joins

  void start();
  // After the queues are closed: ends the region once its current message is done.
  void join();

 private:
  enum class State { Starting, Idle, Running, Reading, Driver };

  // The message in the region.
  struct Flight {
    QueuedMessage q;
    std::string psb;
    std::chrono::steady_clock::time_point deadline;  // the processing limit
    bool sent = true;  // the Schedule reached the region process
    // Left for the region's thread by an I/O thread: a frame to handle, the program's end
    // whose sync point writes the store, the socket closed, or a protocol error.
    std::optional<proto::Frame> frame;
    std::optional<Outcome> ended;
    std::vector<proto::AltMessage> alternate;  // with `ended`
    bool closed = false;
    std::string error;
    // The PSB's database PCBs and unit of work (null: the PSB has none).
    std::unique_ptr<db::ScheduledPsb> databases;
    // Ended by a deadlock (U0777): IMS backs the program out and schedules the message again.
    bool requeue = false;
  };
  // What one frame meant.
  enum class Step { More, Ended, ForDriver };

  // RegionSlot: on the submitter's thread, while this region is Idle.
  void start(QueuedMessage q) override;
  void wake() override;

  void run();
  bool ensure_region();   // a live, ready region process, or false while stopping
  void drop_region();     // ends the current process (and reaps it)
  void wait();            // the region's thread while someone else has the message
  bool look_again();      // Idle: the region's thread looks at the queues itself

  // The region is free: the next message goes to it, or it becomes Idle. `lk` holds mu_.
  void next_message(std::unique_lock<std::mutex>& lk);
  void begin(QueuedMessage q, std::unique_lock<std::mutex>& lk);
  void arm();  // Running: wait for the region's next frame (mu_ held)
  void on_ready(std::uint64_t generation);  // an I/O thread: the region's socket has input
  // Reading: the frames that have arrived; then Running again, the next message, or Driver.
  void read_frames(bool on_io);
  void to_driver();
  // Driver: the rest of the message on this thread.
  void drive();
  Step on_frame(Flight& f, proto::Frame& frame, bool on_io, Outcome& out,
                std::vector<proto::AltMessage>& alternate);
  void finish(Flight& f, Outcome out, std::vector<proto::AltMessage> alternate);

  proto::Schedule schedule_for(const InputMessage& in, const std::string& psb) const;
  bool send_schedule(const Flight& f);
  Outcome abend(const QueuedMessage& q, const std::string& code);
  // A database call, ROLB or CHKP. Never waits on an I/O thread (ForDriver instead).
  Step on_database(Flight& f, proto::Frame& frame, bool on_io, Outcome& out);

  int number_;
  RegionServices& s_;
  std::unique_ptr<RegionProcess> proc_;
  std::unique_ptr<proto::FrameReader> reader_;  // of proc_'s socket
  std::unique_ptr<IoThreads::Watch> watch_;     // of proc_'s socket, when I/O threads are lent
  int wake_fd_ = -1;                             // eventfd: wake()
  // <dir>/<PSB>.so or lib<PSB>.so, found once per PSB (forgotten when the load fails).
  mutable std::map<std::string, std::string> program_paths_;
  saf::AceeRef region_acee_;  // built once per region process (RegionConfig::userid)
  bool ready_ = false;
  bool driving_ = false;  // drive() is running: the one place that waits or ends the region
  std::thread thread_;

  std::mutex mu_;
  State state_ = State::Starting;
  std::optional<Flight> flight_;
  std::uint64_t generation_ = 0;  // of the last arm(): a late on_ready is told apart
  bool queues_closed_ = false;

  std::mutex wait_mu_;
  std::condition_variable wait_cv_;  // for the restart back-off, cut short by join()
  std::atomic<bool> stopping_{false};
};

}  // namespace zgate::tm

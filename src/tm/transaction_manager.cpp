// The transaction manager: submit() checks the transaction table and queues; one RegionDriver
// thread per dependent region does the rest (region_driver.cpp).
#include "tm/transaction_manager.h"

#include <atomic>
#include <mutex>

#include <cstdio>

#include "tm/completer.h"
#include "tm/queue_store.h"
#include "tm/sync_point.h"
#include "tm/ims_messages.h"
#include "tm/message_queues.h"
#include "tm/region_driver.h"
#include "tm/stage1_catalog.h"

namespace zgate::tm {

namespace {

Outcome ims_message(std::string text) {
  Outcome o;
  o.kind = Outcome::Kind::ImsMessage;
  o.segments = {std::move(text)};
  return o;
}

class Manager final : public TransactionManager {
 public:
  Manager(saf::SecurityManager& saf, audit::Sink& sink, TransactionTable table, RegionConfig cfg,
          OutputRouter* router, QueueStore* store, Databases* databases)
      : saf_(saf),
        sink_(sink),
        table_(std::move(table)),
        cfg_(std::move(cfg)),
        router_(router),
        store_(store),
        queues_(table_),
        services_{saf_, table_, cfg_, router_, store_, queues_,
                  [this](InputMessage m) { submit(std::move(m), nullptr); }, running_} {
    define_databases(table_, databases_);
    services_.databases = databases;
    if (databases && !databases->states) databases->states = &databases_;
  }

  ~Manager() override { stop(); }

  void lend_io_threads(IoThreads* io) override {
    std::lock_guard lk(mu_);
    if (!started_) services_.io = io;
  }

  void start() override {
    std::lock_guard lk(mu_);
    if (started_ || stopped_) return;
    started_ = true;
    recover();
    for (int i = 0; i < cfg_.count; ++i) {
      regions_.push_back(std::make_unique<RegionDriver>(i + 1, services_));
      regions_.back()->start();
    }
  }

  void stop() override {
    std::vector<std::unique_ptr<RegionDriver>> regions;
    {
      std::lock_guard lk(mu_);
      if (stopped_) return;
      stopped_ = true;
      regions.swap(regions_);
    }
    // Queued messages will not run now. Recoverable ones stay in the queue store and run at
    // the next start, as IMS keeps them; the senders of the others hear DFS065.
    for (auto& q : queues_.close()) {
      if (q.message.store_id != 0) continue;
      auto code = q.message.trancode;
      completer_.post([done = std::move(q.done), code] {
        if (done) done(ims_message(dfs065(code)));
      });
    }
    // Each region finishes the message it has (bounded by the processing limit) and ends.
    for (auto& r : regions) r->join();
  }

  void submit(InputMessage m, Completion done) override {
    auto def = table_.find(m.trancode);
    std::optional<std::string> refusal;
    if (!def)
      refusal = dfs064(m.trancode);
    else if (def->stopped)
      refusal = dfs065(m.trancode);
    else if (def->conversational)
      refusal = zgt001(m.trancode);
    if (m.commit_then_send) {
      submit_cm0(std::move(m), std::move(done), std::move(refusal));
      return;
    }
    if (!refusal) {
      // The queue takes the completion only when it takes the message.
      auto shared = std::make_shared<Completion>(std::move(done));
      if (queues_.push(std::move(m), [shared](Outcome o) {
            if (*shared) (*shared)(std::move(o));
          }))
        return;
      refusal = dfs065(def->code);
      done = std::move(*shared);
    }
    completer_.post([done = std::move(done), text = std::move(*refusal)]() mutable {
      if (done) done(ims_message(std::move(text)));
    });
  }

  TransactionTable& transactions() override { return table_; }
  const db::Catalog* catalog() const override { return cfg_.catalog.get(); }
  db::DatabaseStates* databases() override { return &databases_; }

  // Commit mode 0: stored before it is queued; refusals are its output, held on its tpipe.
  void submit_cm0(InputMessage m, Completion done, std::optional<std::string> refusal) {
    const bool send_only = m.send_only;
    if (refusal) {
      Outcome o = ims_message(std::move(*refusal));
      take_sync_point(services_, m, {}, o);  // nothing consumed: the DFS message is stored
      if (send_only) o.kind = Outcome::Kind::Queued;
      completer_.post([done = std::move(done), o = std::move(o)]() mutable {
        if (done) done(std::move(o));
      });
      return;
    }
    if (store_ && m.store_id == 0) {
      try {
        m.store_id = store_->add_input(m);
      } catch (const QueueStoreError& e) {
        std::fprintf(stderr, "zgate tm: ZGT002E %s not queued: %s\n", m.trancode.c_str(), e.what());
        completer_.post([done = std::move(done), code = m.trancode]() mutable {
          if (done) done(ims_message("ZGT002E MESSAGE FOR " + code + " NOT QUEUED: THE QUEUE STORE FAILED"));
        });
        return;
      }
    }
    // SENDONLY: the client's answer is that IMS has the message; nobody waits for the output.
    Completion queued_done;
    if (!send_only) queued_done = std::move(done);
    auto shared = std::make_shared<Completion>(std::move(queued_done));
    const std::string code = m.trancode;
    if (!queues_.push(std::move(m), [shared](Outcome o) {
          if (*shared) (*shared)(std::move(o));
        })) {
      // Stopping: the message stays in the store and runs at the next start.
      completer_.post([done = std::move(done), shared, code]() mutable {
        Completion& d = done ? done : *shared;
        if (d) d(ims_message(dfs065(code)));
      });
      return;
    }
    if (send_only)
      completer_.post([done = std::move(done)]() mutable {
        Outcome o;
        o.kind = Outcome::Kind::Queued;
        if (done) done(std::move(o));
      });
  }

  // What the store still holds from before a stop or a crash runs again, oldest first. The
  // requester's ACEE is built again from the user ID, as IMS rebuilds the security
  // environment of a recovered message; a user RACF no longer knows runs without one.
  void recover() {
    if (!store_) return;
    for (auto& m : store_->inputs()) {
      if (m.security != MessageSecurity::None && !m.userid.empty()) m.requester = saf_.acee_for(m.userid);
      queues_.push(std::move(m), nullptr);
    }
  }
  QueueCounts counts(const std::string& trancode) const override { return queues_.counts(trancode); }
  int regions_running() const override { return running_.load(); }

 private:
  saf::SecurityManager& saf_;
  [[maybe_unused]] audit::Sink& sink_;  // saf audits the checks; tm events come later
  TransactionTable table_;
  RegionConfig cfg_;
  OutputRouter* router_;
  QueueStore* store_;
  MessageQueues queues_;
  std::atomic<int> running_{0};
  RegionServices services_;
  std::mutex mu_;
  bool started_ = false, stopped_ = false;
  std::vector<std::unique_ptr<RegionDriver>> regions_;
  db::DatabaseStates databases_;
  // Declared last: destroyed first, after stop(), so queued completions still run.
  Completer completer_;
};

}  // namespace

std::unique_ptr<TransactionManager> make_transaction_manager(saf::SecurityManager& saf,
                                                             audit::Sink& sink,
                                                             TransactionTable table,
                                                             RegionConfig regions,
                                                             OutputRouter* router,
                                                             QueueStore* store,
                                                             Databases* databases) {
  return std::make_unique<Manager>(saf, sink, std::move(table), std::move(regions), router, store, databases);
}

}  // namespace zgate::tm

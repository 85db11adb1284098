// The transaction manager: submit() checks the transaction table and queues; one RegionDriver
// thread per dependent region does the rest (region_driver.cpp).
#include "tm/transaction_manager.h"

#include <atomic>
#include <mutex>

#include "tm/completer.h"
#include "tm/ims_messages.h"
#include "tm/message_queues.h"
#include "tm/region_driver.h"

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
          OutputRouter* router)
      : saf_(saf),
        sink_(sink),
        table_(std::move(table)),
        cfg_(std::move(cfg)),
        router_(router),
        services_{saf_, table_, cfg_, router_, queues_,
                  [this](InputMessage m) { submit(std::move(m), [](Outcome) {}); }, running_} {}

  ~Manager() override { stop(); }

  void start() override {
    std::lock_guard lk(mu_);
    if (started_ || stopped_) return;
    started_ = true;
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
    // Queued messages will not run: IMS would keep them for the next start, zgate has no
    // persistent queue yet, so their senders hear DFS065 rather than nothing.
    for (auto& q : queues_.close()) {
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
  QueueCounts counts(const std::string& trancode) const override { return queues_.counts(trancode); }
  int regions_running() const override { return running_.load(); }

 private:
  saf::SecurityManager& saf_;
  [[maybe_unused]] audit::Sink& sink_;  // saf audits the checks; tm events come later
  TransactionTable table_;
  RegionConfig cfg_;
  OutputRouter* router_;
  MessageQueues queues_;
  std::atomic<int> running_{0};
  RegionServices services_;
  std::mutex mu_;
  bool started_ = false, stopped_ = false;
  std::vector<std::unique_ptr<RegionDriver>> regions_;
  // Declared last: destroyed first, after stop(), so queued completions still run.
  Completer completer_;
};

}  // namespace

std::unique_ptr<TransactionManager> make_transaction_manager(saf::SecurityManager& saf,
                                                             audit::Sink& sink,
                                                             TransactionTable table,
                                                             RegionConfig regions,
                                                             OutputRouter* router) {
  return std::make_unique<Manager>(saf, sink, std::move(table), std::move(regions), router);
}

}  // namespace zgate::tm

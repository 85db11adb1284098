#include "tm/message_queues.h"

#include <algorithm>
#include <chrono>

namespace zgate::tm {

bool MessageQueues::push(InputMessage m, TransactionManager::Completion done) {
  {
    std::lock_guard lk(mu_);
    if (closed_) return false;
    std::string code = m.trancode;
    queues_[code].push_back({std::move(m), std::move(done), next_seq_++});
    ++counts_[code].enqueued;
  }
  cv_.notify_one();
  return true;
}

std::optional<QueuedMessage> MessageQueues::pop(const TransactionTable& table) {
  std::unique_lock lk(mu_);
  for (;;) {
    if (closed_) return std::nullopt;
    std::deque<QueuedMessage>* best = nullptr;
    int best_prio = -1;
    for (auto& [code, q] : queues_) {
      if (q.empty()) continue;
      auto def = table.find(code);
      if (!def || def->stopped) continue;
      if (def->priority > best_prio ||
          (def->priority == best_prio && q.front().seq < best->front().seq)) {
        best = &q;
        best_prio = def->priority;
      }
    }
    if (best) {
      QueuedMessage m = std::move(best->front());
      best->pop_front();
      ++counts_[m.message.trancode].dequeued;
      return m;
    }
    // /STA TRAN changes the table without telling the queues, so a region waiting while only
    // stopped transactions have messages looks again now and then.
    cv_.wait_for(lk, std::chrono::milliseconds(200));
  }
}

std::vector<QueuedMessage> MessageQueues::close() {
  std::vector<QueuedMessage> left;
  {
    std::lock_guard lk(mu_);
    closed_ = true;
    for (auto& [code, q] : queues_) {
      for (auto& m : q) {
        ++counts_[code].dequeued;
        left.push_back(std::move(m));
      }
      q.clear();
    }
  }
  cv_.notify_all();
  std::sort(left.begin(), left.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  return left;
}

QueueCounts MessageQueues::counts(const std::string& code) const {
  std::lock_guard lk(mu_);
  auto it = counts_.find(code);
  return it == counts_.end() ? QueueCounts{} : it->second;
}

}  // namespace zgate::tm

#include "tm/message_queues.h"

#include <algorithm>

namespace zgate::tm {

bool MessageQueues::schedulable(const std::string& code) const {
  auto def = table_.find(code);
  return def && !def->stopped;
}

bool MessageQueues::push(InputMessage m, TransactionManager::Completion done) {
  std::unique_lock lk(mu_);
  if (closed_) return false;
  const std::string code = m.trancode;
  QueuedMessage q{std::move(m), std::move(done), next_seq_++};
  ++counts_[code].enqueued;
  // A region is idle only when nothing schedulable is queued, so this message is the one it
  // would take next.
  if (!idle_.empty() && schedulable(code)) {
    RegionSlot* region = idle_.back();  // the most recently idle: its cache is warmest
    idle_.pop_back();
    region->idle_ = false;
    ++counts_[code].dequeued;
    lk.unlock();
    region->start(std::move(q));
    return true;
  }
  queues_[code].push_back(std::move(q));
  return true;
}

MessageQueues::Take MessageQueues::take(RegionSlot& region, std::optional<QueuedMessage>& out) {
  std::lock_guard lk(mu_);
  if (closed_) return Take::Closed;
  std::deque<QueuedMessage>* best = nullptr;
  int best_prio = -1;
  for (auto& [code, q] : queues_) {
    if (q.empty()) continue;
    auto def = table_.find(code);
    if (!def || def->stopped) continue;
    if (def->priority > best_prio ||
        (def->priority == best_prio && q.front().seq < best->front().seq)) {
      best = &q;
      best_prio = def->priority;
    }
  }
  if (best) {
    out.emplace(std::move(best->front()));
    best->pop_front();
    ++counts_[out->message.trancode].dequeued;
    return Take::Message;
  }
  if (!region.idle_) {
    region.idle_ = true;
    idle_.push_back(&region);
  }
  return Take::Idle;
}

bool MessageQueues::withdraw(RegionSlot& region) {
  std::lock_guard lk(mu_);
  if (!region.idle_) return false;
  region.idle_ = false;
  idle_.erase(std::find(idle_.begin(), idle_.end(), &region));
  return true;
}

void MessageQueues::poke() {
  std::lock_guard lk(mu_);
  for (RegionSlot* r : idle_) r->wake();
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
    for (RegionSlot* r : idle_) r->wake();
  }
  std::sort(left.begin(), left.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  return left;
}

QueueCounts MessageQueues::counts(const std::string& code) const {
  std::lock_guard lk(mu_);
  auto it = counts_.find(code);
  return it == counts_.end() ? QueueCounts{} : it->second;
}

}  // namespace zgate::tm

#include "connect/verify_queue.h"

#include <memory>

namespace zgate::connect {

bool VerifyQueue::push(const std::string& source, const std::string& user, Job job) {
  std::lock_guard lk(mu_);
  Source& s = sources_[source];
  std::size_t& mine = s.pending_by_user[user];
  auto failing = [&](const auto& table, const auto& key) {
    auto it = table.find(key);
    return it != table.end() && it->second >= limits_.failing_after;
  };
  const bool over_source = s.pending >= limits_.per_source && failing(source_failures_, source);
  const bool over_user = mine >= limits_.per_user && failing(user_failures_, std::make_pair(source, user));
  if (over_source || over_user) {
    if (mine == 0) s.pending_by_user.erase(user);
    if (s.pending == 0) sources_.erase(source);
    return false;
  }
  ++mine;
  ++s.pending;
  auto& q = s.queued[user];
  // Whoever had nothing waiting goes first: one that was just served waits behind it.
  if (q.empty()) s.turns.push_front(user);
  q.push_back(std::move(job));
  if (s.turns.size() == 1 && q.size() == 1) turns_.push_front(source);
  return true;
}

std::optional<std::function<void()>> VerifyQueue::pop() {
  std::lock_guard lk(mu_);
  if (turns_.empty()) return std::nullopt;
  const std::string source = turns_.front();
  turns_.pop_front();
  Source& s = sources_[source];
  const std::string user = s.turns.front();
  s.turns.pop_front();
  auto it = s.queued.find(user);
  Job job = std::move(it->second.front());
  it->second.pop_front();
  if (it->second.empty()) s.queued.erase(it);
  else s.turns.push_back(user);
  if (!s.turns.empty()) turns_.push_back(source);
  return std::function<void()>([this, source, user, job = std::move(job)] {
    // The budget comes back however the job ends; one that throws counts as a failure.
    struct Done {
      VerifyQueue* q;
      const std::string &source, &user;
      bool ok = false;
      ~Done() { q->finished(source, user, ok); }
    } done{this, source, user};
    done.ok = job();
  });
}

void VerifyQueue::finished(const std::string& source, const std::string& user, bool ok) {
  std::lock_guard lk(mu_);
  constexpr std::size_t kMaxTracked = 65536;
  if (ok) {
    source_failures_.erase(source);
    user_failures_.erase({source, user});
  } else {
    if (source_failures_.size() >= kMaxTracked || user_failures_.size() >= kMaxTracked) {
      source_failures_.clear();
      user_failures_.clear();
    }
    ++source_failures_[source];
    ++user_failures_[{source, user}];
  }
  auto it = sources_.find(source);
  if (it == sources_.end()) return;
  Source& s = it->second;
  auto u = s.pending_by_user.find(user);
  if (u != s.pending_by_user.end() && --u->second == 0) s.pending_by_user.erase(u);
  if (--s.pending == 0) sources_.erase(it);
}

std::size_t VerifyQueue::pending(const std::string& source) const {
  std::lock_guard lk(mu_);
  auto it = sources_.find(source);
  return it == sources_.end() ? 0 : it->second.pending;
}

}  // namespace zgate::connect

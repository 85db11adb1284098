#include "db/program_isolation.h"

namespace zgate::db {

ProgramIsolation::Owner ProgramIsolation::new_owner() {
  std::lock_guard lk(mu_);
  return next_owner_++;
}

bool ProgramIsolation::closes_cycle(Owner owner, const std::string& record) const {
  // Each owner waits for at most one record, and each record has one holder: follow the chain.
  auto h = holders_.find(record);
  for (std::size_t steps = 0; h != holders_.end() && steps <= waits_for_.size(); ++steps) {
    if (h->second == owner) return true;
    auto w = waits_for_.find(h->second);
    if (w == waits_for_.end()) return false;
    h = holders_.find(w->second);
  }
  return false;
}

bool ProgramIsolation::try_lock(Owner owner, const std::string& record) {
  std::lock_guard lk(mu_);
  auto [it, inserted] = holders_.emplace(record, owner);
  if (!inserted && it->second != owner) return false;
  held_[owner].insert(record);
  return true;
}

ProgramIsolation::Grant ProgramIsolation::lock(Owner owner, const std::string& record,
                                               std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lk(mu_);
  for (;;) {
    auto [it, inserted] = holders_.emplace(record, owner);
    if (inserted || it->second == owner) {
      waits_for_.erase(owner);
      held_[owner].insert(record);
      return Grant::Granted;
    }
    if (closes_cycle(owner, record)) {
      waits_for_.erase(owner);
      return Grant::Deadlock;
    }
    waits_for_[owner] = record;
    if (released_.wait_until(lk, deadline) == std::cv_status::timeout && holders_.count(record) &&
        holders_[record] != owner) {
      waits_for_.erase(owner);
      return Grant::TimedOut;
    }
  }
}

void ProgramIsolation::release_all(Owner owner) {
  {
    std::lock_guard lk(mu_);
    waits_for_.erase(owner);
    auto h = held_.find(owner);
    if (h == held_.end()) return;
    for (const auto& r : h->second) holders_.erase(r);
    held_.erase(h);
  }
  released_.notify_all();
}

ProgramIsolation::Owner ProgramIsolation::holder(const std::string& record) const {
  std::lock_guard lk(mu_);
  auto it = holders_.find(record);
  return it == holders_.end() ? 0 : it->second;
}

std::size_t ProgramIsolation::waiting() const {
  std::lock_guard lk(mu_);
  return waits_for_.size();
}

}  // namespace zgate::db

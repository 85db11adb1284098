#include "db/unit_of_work.h"

namespace zgate::db {

namespace {
std::string record_name(std::string_view dbd, std::string_view root_component) {
  std::string r(dbd);
  r.push_back('\0');
  r.append(root_component);
  return r;
}
}  // namespace

UnitOfWork::UnitOfWork(DatabaseStore& store, ProgramIsolation& pi)
    : store_(store), pi_(pi), owner_(pi.new_owner()) {}

UnitOfWork::~UnitOfWork() { pi_.release_all(owner_); }

bool UnitOfWork::next(std::string_view dbd, std::string_view from, bool strict, SegmentRow& out) {
  auto mine = changes_.find(dbd);
  if (mine == changes_.end()) return store_.next(dbd, from, strict, out);
  const auto& over = mine->second;
  std::string at(from);
  for (;;) {
    SegmentRow committed;
    const bool have = store_.next(dbd, at, strict, committed);
    auto o = strict ? over.upper_bound(at) : over.lower_bound(at);
    // The smaller key wins; on a tie this unit's change replaces the committed row.
    if (o != over.end() && (!have || o->first <= committed.key)) {
      if (o->second) {
        out.key = o->first;
        out.data = *o->second;
        return true;
      }
      at = o->first;  // deleted by this unit: look past it
      strict = true;
      continue;
    }
    if (!have) return false;
    out = std::move(committed);
    return true;
  }
}

bool UnitOfWork::prev(std::string_view dbd, std::string_view before, SegmentRow& out) {
  auto mine = changes_.find(dbd);
  if (mine == changes_.end()) return store_.prev(dbd, before, out);
  const auto& over = mine->second;
  std::string at(before);
  for (;;) {
    SegmentRow committed;
    const bool have = store_.prev(dbd, at, committed);
    auto o = at.empty() ? over.end() : over.lower_bound(at);  // o-1: the last change before `at`
    const bool has_over = o != over.begin();
    if (has_over) --o;
    if (has_over && (!have || o->first >= committed.key)) {
      if (o->second) {
        out.key = o->first;
        out.data = *o->second;
        return true;
      }
      at = o->first;
      if (at.empty()) return false;  // cannot happen: keys are never empty
      continue;
    }
    if (!have) return false;
    out = std::move(committed);
    return true;
  }
}

void UnitOfWork::put(std::string_view dbd, std::string_view key, std::string data) {
  changes_[std::string(dbd)][std::string(key)] = std::move(data);
}

void UnitOfWork::erase(std::string_view dbd, std::string_view key) {
  changes_[std::string(dbd)][std::string(key)] = std::nullopt;
}

ProgramIsolation::Grant UnitOfWork::lock(std::string_view dbd, std::string_view root_component,
                                         std::chrono::steady_clock::time_point deadline) {
  return pi_.lock(owner_, record_name(dbd, root_component), deadline);
}

bool UnitOfWork::try_lock(std::string_view dbd, std::string_view root_component) {
  return pi_.try_lock(owner_, record_name(dbd, root_component));
}

std::vector<Change> UnitOfWork::changes() const {
  std::vector<Change> out;
  for (const auto& [dbd, rows] : changes_)
    for (const auto& [key, data] : rows) out.push_back(Change{dbd, key, data});
  return out;
}

void UnitOfWork::end() {
  changes_.clear();
  pi_.release_all(owner_);
}

}  // namespace zgate::db

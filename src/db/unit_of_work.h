#pragma once
// One program's database changes between two sync points. Changes are kept here, not in the
// store, until the sync point writes them all at once (db/store.h, or inside the queue
// store's transaction), so an abend, ROLB or ROLL backs them out by forgetting them. The
// program reads through it: the committed rows with its own changes laid over them. Every
// record it changes or holds is locked for it in program isolation (db/program_isolation.h),
// so no other program reads around a change of its.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/program_isolation.h"
#include "db/store.h"

namespace zgate::db {

class UnitOfWork {
 public:
  UnitOfWork(DatabaseStore& store, ProgramIsolation& pi);
  ~UnitOfWork();  // releases the locks (backs out what was not taken)
  UnitOfWork(const UnitOfWork&) = delete;
  UnitOfWork& operator=(const UnitOfWork&) = delete;

  // Reading, as DatabaseStore reads, with this unit's changes applied.
  bool next(std::string_view dbd, std::string_view from, bool strict, SegmentRow& out);
  bool prev(std::string_view dbd, std::string_view before, SegmentRow& out);
  bool get(std::string_view dbd, std::string_view key, SegmentRow& out) { return next(dbd, key, false, out) && out.key == key; }

  void put(std::string_view dbd, std::string_view key, std::string data);
  void erase(std::string_view dbd, std::string_view key);

  // Program isolation for the record under `root_component` of `dbd`.
  ProgramIsolation::Grant lock(std::string_view dbd, std::string_view root_component,
                               std::chrono::steady_clock::time_point deadline);
  bool try_lock(std::string_view dbd, std::string_view root_component);

  bool empty() const { return changes_.empty(); }
  // What the sync point writes, in key order per DBD.
  std::vector<Change> changes() const;
  // After the sync point committed them (or after a backout): forget the changes, free the locks.
  void end();

  ProgramIsolation::Owner owner() const { return owner_; }

 private:
  DatabaseStore& store_;
  ProgramIsolation& pi_;
  ProgramIsolation::Owner owner_;
  // DBD -> key -> new data (nullopt: deleted).
  std::map<std::string, std::map<std::string, std::optional<std::string>>, std::less<>> changes_;
};

}  // namespace zgate::db

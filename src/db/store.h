#pragma once
// The committed state of IMS databases: segment occurrences by hierarchic key (db/hierarchy.h),
// read one row at a time in hierarchical sequence, and changed only by a whole unit of work at
// once. The DL/I engine never sees a half-applied sync point, and a change the store says it
// committed survives kill -9 (and a crash of the machine).
//
// Implementations: SQLite (db/sqlite_store.h), the embedded default. PostgreSQL comes with
// scale-out, behind the same interface.
//
// Thread safety: every member may be called from any thread.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace zgate::db {

// The store could not be read or written (a damaged file, a full disk). DL/I calls that meet
// it end with status AO (an I/O error), or AI when the database could not be opened at all
// (`open_failure`: the file is gone, unreadable or not a database); the message's unit of work
// is backed out with the program.
struct StoreError : std::runtime_error {
  explicit StoreError(const std::string& what, bool open = false) : std::runtime_error(what), open_failure(open) {}
  bool open_failure = false;
};

struct SegmentRow {
  std::string key;   // hierarchic key
  std::string data;  // the segment as stored (its full DBD length)
};

// One change of a unit of work: the row at `key` becomes `data`, or is deleted (nullopt).
struct Change {
  std::string dbd;
  std::string key;
  std::optional<std::string> data;
};

class DatabaseStore {
 public:
  virtual ~DatabaseStore() = default;
  // The first row of `dbd` at or after `from` (after it when `strict`); false at the end.
  virtual bool next(std::string_view dbd, std::string_view from, bool strict, SegmentRow& out) = 0;
  // The last row of `dbd` before `before` (the last row of all when `before` is empty).
  virtual bool prev(std::string_view dbd, std::string_view before, SegmentRow& out) = 0;
  // All the changes in one transaction, or none (throws StoreError).
  virtual void commit(const std::vector<Change>& changes) = 0;
};

}  // namespace zgate::db

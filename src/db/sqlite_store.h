#pragma once
// IMS databases in SQLite, the embedded default (db/store.h).
//
// Each DBD is one table, "db_<NAME>" (k BLOB PRIMARY KEY, data BLOB) WITHOUT ROWID: the
// hierarchic key is the B-tree's key, so a GU by key is one index seek and a GN the next entry.
// The tables live in the file of the message queues (tm/queue_store.h): IMS logs database
// changes and message queue changes in one log, and a sync point commits both; SQLite can
// only commit atomically within one WAL file, so one file holds both (write_changes() runs
// inside the queue store's transaction). A DBD's shape (segments, keys, lengths) is kept
// beside its table: a DBD changed under existing data is refused at open, as IMS would not
// read a database with a DBD that does not describe it (unload with the old one, reload).
#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "core/sqlite.h"
#include "db/dbd.h"
#include "db/store.h"

namespace zgate::db {

class SqliteStore final : public DatabaseStore {
 public:
  // Opens `file` (creating it, and each DBD's table, when needed). Throws StoreError when the
  // file cannot be opened or a DBD does not describe the data already stored under its name.
  SqliteStore(const std::filesystem::path& file, const std::vector<const Dbd*>& dbds);
  ~SqliteStore() override;

  bool next(std::string_view dbd, std::string_view from, bool strict, SegmentRow& out) override;
  bool prev(std::string_view dbd, std::string_view before, SegmentRow& out) override;
  void commit(const std::vector<Change>& changes) override;

  // The changes on `conn`, inside a transaction the caller opened and will commit (the queue
  // store's sync point). Throws StoreError; the caller rolls back. After the commit the caller
  // calls changed(), before it lets anyone else see the records (frees its locks).
  static void write_changes(sqlite3* conn, const std::vector<Change>& changes);
  // Something was committed to a database file: every store's open scan is stale.
  static void changed();

  // Rows of a DBD (for `zgate db list` and tests).
  std::size_t count(std::string_view dbd);

  // DBD shape as stored beside its table (exposed for tests).
  static std::string shape_of(const Dbd& dbd);

  [[noreturn]] void fail(std::string_view doing) const;

 private:
  struct Statements {
    core::sqlite::StmtPtr ge, gt, lt, last;
    // GN after GN: one SELECT ... WHERE k > ? ORDER BY k kept stepping while each call asks
    // for the row after the one it gave last, and nothing was committed since (its read
    // transaction would not see it). Reset by any other read of this DBD and by every commit.
    core::sqlite::StmtPtr scan;
    bool scan_open = false;
    std::string scan_key;
    std::uint64_t scan_generation = 0;
  };
  void close_scans();
  Statements& statements(std::string_view dbd);
  core::sqlite::StmtPtr prepare(const std::string& sql);
  void exec(const std::string& sql);

  std::string path_;
  core::sqlite::DbPtr db_;
  std::mutex mu_;
  std::map<std::string, Statements, std::less<>> statements_;
};

}  // namespace zgate::db

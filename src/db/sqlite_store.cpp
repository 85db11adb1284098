#include "db/sqlite_store.h"

#include <atomic>

namespace zgate::db {

namespace {

// Bumped after every commit to a database file (by this process): an open scan whose
// generation differs reads an old snapshot and is reset.
std::atomic<std::uint64_t> g_generation{1};

using core::sqlite::StmtPtr;
using Use = core::sqlite::Use<SqliteStore>;

// How long a write waits for the other connection on the file (the queue store's) to finish
// its transaction; both are this process's, so the wait is short.
constexpr int kBusyTimeoutMs = 10000;

// DBD names are 1-8 characters of A-Z 0-9 @ # $ (checked by the DBDGEN reader), so the quoted
// name needs no escaping.
std::string table_of(std::string_view dbd) { return "\"db_" + std::string(dbd) + "\""; }

}  // namespace

void SqliteStore::fail(std::string_view doing) const {
  const int code = sqlite3_errcode(db_.get()) & 0xFF;
  throw StoreError("zgate: IMS database file '" + path_ + "': " + sqlite3_errmsg(db_.get()) + " (in: " +
                       std::string(doing.substr(0, 80)) + ")",
                   code == SQLITE_CANTOPEN || code == SQLITE_NOTADB || code == SQLITE_PERM || code == SQLITE_AUTH);
}

StmtPtr SqliteStore::prepare(const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_.get(), sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
    sqlite3_finalize(s);
    fail(sql);
  }
  return StmtPtr(s);
}

void SqliteStore::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_.get());
    sqlite3_free(err);
    throw StoreError("zgate: IMS database file '" + path_ + "': " + msg + " (in: " + sql.substr(0, 80) + ")");
  }
}

std::string SqliteStore::shape_of(const Dbd& dbd) {
  // What the stored keys and data depend on: the hierarchy, each segment's length and its
  // sequence field (position, length, uniqueness). Field definitions besides the sequence
  // field may change freely (they are views of the same bytes).
  std::string s = std::string(access_name(dbd.access));
  for (const auto& seg : dbd.segments) {
    s += ";" + seg.name + "<" + (seg.parent.empty() ? "0" : seg.parent) + ":" + std::to_string(seg.max_bytes);
    if (const FieldDef* f = seg.sequence_field())
      s += ":" + std::to_string(f->start) + "+" + std::to_string(f->bytes) + (f->unique ? "U" : "M");
  }
  return s;
}

SqliteStore::SqliteStore(const std::filesystem::path& file, const std::vector<const Dbd*>& dbds)
    : path_(file.string()) {
  core::sqlite::create_private_file(path_);
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path_.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK)
    throw StoreError("zgate: cannot open IMS database file '" + path_ + "': " +
                     (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_extended_result_codes(db_.get(), 1);
  sqlite3_busy_timeout(db_.get(), kBusyTimeoutMs);
  // The same durability as the queue store: a commit() that returned survives a crash.
  {
    StmtPtr s = prepare("PRAGMA journal_mode = WAL");
    Use q(*this, s.get());
    const std::string mode = q.step() ? q.bytes(0) : std::string();
    if (mode != "wal") throw StoreError("zgate: IMS database file '" + path_ + "': cannot use WAL journal mode");
  }
  exec("PRAGMA synchronous = FULL");
  exec("BEGIN IMMEDIATE");
  try {
    exec("CREATE TABLE IF NOT EXISTS ims_databases (name TEXT PRIMARY KEY, shape TEXT NOT NULL)");
    for (const Dbd* d : dbds) {
      exec("CREATE TABLE IF NOT EXISTS " + table_of(d->name) +
           " (k BLOB PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID");
      const std::string shape = shape_of(*d);
      StmtPtr get = prepare("SELECT shape FROM ims_databases WHERE name = ?");
      std::string stored;
      bool known = false;
      {
        Use q(*this, get.get());
        q.text(d->name);
        if (q.step()) {
          stored = q.bytes(0);
          known = true;
        }
      }
      if (known && stored == shape) continue;
      if (known) {
        StmtPtr any = prepare("SELECT 1 FROM " + table_of(d->name) + " LIMIT 1");
        Use q(*this, any.get());
        if (q.step())
          throw StoreError("zgate: DBD " + d->name + " (member " + d->member +
                           ") does not describe the data stored under its name (segments, lengths or "
                           "sequence fields changed); unload with the DBD that loaded it and reload");
      }
      StmtPtr put = prepare("INSERT OR REPLACE INTO ims_databases (name, shape) VALUES (?, ?)");
      Use q(*this, put.get());
      q.text(d->name).text(shape).run();
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

SqliteStore::~SqliteStore() = default;

SqliteStore::Statements& SqliteStore::statements(std::string_view dbd) {
  auto it = statements_.find(dbd);
  if (it != statements_.end()) return it->second;
  const std::string t = table_of(dbd);
  Statements s;
  s.ge = prepare("SELECT k, data FROM " + t + " WHERE k >= ? ORDER BY k LIMIT 1");
  s.gt = prepare("SELECT k, data FROM " + t + " WHERE k > ? ORDER BY k LIMIT 1");
  s.lt = prepare("SELECT k, data FROM " + t + " WHERE k < ? ORDER BY k DESC LIMIT 1");
  s.last = prepare("SELECT k, data FROM " + t + " ORDER BY k DESC LIMIT 1");
  s.scan = prepare("SELECT k, data FROM " + t + " WHERE k > ? ORDER BY k");
  return statements_.emplace(std::string(dbd), std::move(s)).first->second;
}

void SqliteStore::changed() { g_generation.fetch_add(1, std::memory_order_acq_rel); }

void SqliteStore::close_scans() {
  for (auto& [name, s] : statements_)
    if (s.scan_open) {
      sqlite3_reset(s.scan.get());
      sqlite3_clear_bindings(s.scan.get());
      s.scan_open = false;
    }
}

bool SqliteStore::next(std::string_view dbd, std::string_view from, bool strict, SegmentRow& out) {
  std::lock_guard lk(mu_);
  Statements& s = statements(dbd);
  const std::uint64_t now = g_generation.load(std::memory_order_acquire);
  // A scan open on another DBD, or on an old snapshot, shares this connection's read
  // transaction: close it so that this read sees what was committed.
  for (auto& [name, other] : statements_)
    if (other.scan_open && (&other != &s || other.scan_generation != now || !strict || other.scan_key != from)) {
      sqlite3_reset(other.scan.get());
      sqlite3_clear_bindings(other.scan.get());
      other.scan_open = false;
    }
  if (strict) {
    sqlite3_stmt* st = s.scan.get();
    if (!s.scan_open) {
      if (sqlite3_bind_blob(st, 1, from.data(), static_cast<int>(from.size()), SQLITE_TRANSIENT) != SQLITE_OK) fail("bind");
      s.scan_open = true;
      s.scan_generation = now;
    }
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
      const auto* k = static_cast<const char*>(sqlite3_column_blob(st, 0));
      out.key.assign(k ? k : "", static_cast<std::size_t>(sqlite3_column_bytes(st, 0)));
      const auto* d = static_cast<const char*>(sqlite3_column_blob(st, 1));
      out.data.assign(d ? d : "", static_cast<std::size_t>(sqlite3_column_bytes(st, 1)));
      s.scan_key = out.key;
      return true;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    s.scan_open = false;
    if (rc != SQLITE_DONE) fail("SELECT k, data ... WHERE k > ? ORDER BY k");
    return false;
  }
  Use q(*this, s.ge.get());
  q.blob(from);
  if (!q.step()) return false;
  out.key = q.bytes(0);
  out.data = q.bytes(1);
  return true;
}

bool SqliteStore::prev(std::string_view dbd, std::string_view before, SegmentRow& out) {
  std::lock_guard lk(mu_);
  close_scans();
  Statements& s = statements(dbd);
  Use q(*this, (before.empty() ? s.last : s.lt).get());
  if (!before.empty()) q.blob(before);
  if (!q.step()) return false;
  out.key = q.bytes(0);
  out.data = q.bytes(1);
  return true;
}

namespace {

// Use's store for a connection that is not a SqliteStore's (the queue store's).
struct Foreign {
  sqlite3* db;
  [[noreturn]] void fail(std::string_view doing) const {
    throw StoreError(std::string("zgate: IMS database changes not written: ") + sqlite3_errmsg(db) + " (in: " +
                     std::string(doing.substr(0, 80)) + ")");
  }
};

}  // namespace

void SqliteStore::write_changes(sqlite3* conn, const std::vector<Change>& changes) {
  Foreign f{conn};
  // Statements per DBD, prepared for this sync point (a few microseconds each).
  std::map<std::string, std::pair<StmtPtr, StmtPtr>, std::less<>> st;
  for (const auto& c : changes) {
    auto it = st.find(c.dbd);
    if (it == st.end()) {
      auto prep = [&](const std::string& sql) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(conn, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
          sqlite3_finalize(s);
          f.fail(sql);
        }
        return StmtPtr(s);
      };
      const std::string t = table_of(c.dbd);
      it = st.emplace(c.dbd, std::make_pair(prep("INSERT OR REPLACE INTO " + t + " (k, data) VALUES (?, ?)"),
                                            prep("DELETE FROM " + t + " WHERE k = ?")))
               .first;
    }
    if (c.data) {
      core::sqlite::Use<Foreign> q(f, it->second.first.get());
      q.blob(c.key).blob(*c.data).run();
    } else {
      core::sqlite::Use<Foreign> q(f, it->second.second.get());
      q.blob(c.key).run();
    }
  }
}

void SqliteStore::commit(const std::vector<Change>& changes) {
  std::lock_guard lk(mu_);
  close_scans();  // a write needs the newest snapshot
  exec("BEGIN IMMEDIATE");
  try {
    write_changes(db_.get(), changes);
    exec("COMMIT");
    changed();
  } catch (...) {
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::size_t SqliteStore::count(std::string_view dbd) {
  std::lock_guard lk(mu_);
  close_scans();
  StmtPtr s = prepare("SELECT count(*) FROM " + table_of(dbd));
  Use q(*this, s.get());
  return q.step() ? static_cast<std::size_t>(q.i64(0)) : 0;
}

}  // namespace zgate::db

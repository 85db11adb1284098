#pragma once
// What zgate's two SQLite files share: the security database (saf/store) and the queue store
// (tm). Handles that close and finalize themselves, a file created private before SQLite opens
// it, and one use of a prepared statement. Each store keeps its own schema, statements and
// errors: a Use reports a failure through its store's fail(), which throws that store's error.
#include <sqlite3.h>

#include <climits>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zgate::core::sqlite {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct Finalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, Closer>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, Finalizer>;

// SQLite creates a new file 0644 (less the umask); both stores hold what others must not read
// (password hashes and PassTicket keys; application data and user IDs), so the file is created
// 0600 first. SQLite gives the -wal and -shm files the main file's mode. An existing file is
// left as it is (the installation may have chosen otherwise). 0, or the errno of the failure.
int create_private_file(const std::string& path);

// One use of a prepared statement: binds in order, and resets (and unbinds) on destruction, so
// that an exception never leaves a statement mid-step (a SELECT left stepping would keep a read
// transaction open and pin the WAL) nor pointing at a caller's freed buffer.
// Store: has `[[noreturn]] void fail(std::string_view sql) const`.
template <class Store>
class Use {
 public:
  Use(const Store& store, sqlite3_stmt* s) : store_(store), s_(s) {}
  ~Use() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;

  // SQLITE_STATIC: every value bound outlives this Use (the caller's strings, or a local
  // encoded BLOB declared before the Use).
  Use& text(std::string_view v) {
    check(sqlite3_bind_text(s_, next_++, v.data(), length(v), SQLITE_STATIC));
    return *this;
  }
  // v.data() is never null for a std::string, so an empty value binds a zero-length BLOB, not
  // NULL (which a NOT NULL column would refuse).
  Use& blob(std::string_view v) {
    check(sqlite3_bind_blob(s_, next_++, v.data(), length(v), SQLITE_STATIC));
    return *this;
  }
  Use& integer(std::int64_t v) {
    check(sqlite3_bind_int64(s_, next_++, v));
    return *this;
  }
  Use& null() {
    check(sqlite3_bind_null(s_, next_++));
    return *this;
  }

  // True while there is a row; false when done; throws (the store's error) otherwise.
  bool step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    store_.fail(sqlite3_sql(s_));
  }
  void run() {
    while (step()) {
    }
  }

  std::int64_t i64(int c) const { return sqlite3_column_int64(s_, c); }
  bool is_null(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  // Length from column_bytes, so bytes after an embedded NUL are not lost. Column_blob first,
  // then column_bytes, as SQLite asks (no conversion happens in between).
  std::string_view view(int c) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(s_, c));
    const int n = sqlite3_column_bytes(s_, c);
    return p ? std::string_view(p, static_cast<std::size_t>(n)) : std::string_view();
  }
  std::string bytes(int c) const { return std::string(view(c)); }

 protected:
  const Store& store() const { return store_; }

 private:
  // Nothing zgate stores comes near 2 GiB (a message is at most a few MB): a value that does
  // is a caller's bug, not a database failure.
  static int length(std::string_view v) {
    if (v.size() > static_cast<std::size_t>(INT_MAX))
      throw std::length_error("zgate: a value of " + std::to_string(v.size()) +
                              " bytes is longer than SQLite takes");
    return static_cast<int>(v.size());
  }
  void check(int rc) {
    if (rc != SQLITE_OK) store_.fail(sqlite3_sql(s_));
  }

  const Store& store_;
  sqlite3_stmt* s_;
  int next_ = 1;
};

}  // namespace zgate::core::sqlite

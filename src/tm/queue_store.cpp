// The queue store on SQLite: one file, two tables (inputs, outputs), one connection.
//
// Durability: WAL with synchronous=FULL, so a call that has returned has its transaction in the
// WAL and fsync'd; it survives kill -9 and a power cut (ARCHITECTURE.md, "Nothing lost").
//
// Thread safety: one connection, opened SQLITE_OPEN_NOMUTEX, guarded by our own mutex. Every
// public member takes the mutex for the whole of its SQLite work, so the prepared statements
// (shared by all callers) and sqlite3_last_insert_rowid() are never used by two threads at once.
//
// The file is the queue store's alone: it carries its own PRAGMA application_id, different from
// the security database's, so that neither can be opened as the other by a configuration slip.
#include "tm/queue_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <mutex>
#include <string_view>

#include "core/sqlite.h"

namespace zgate::tm {

namespace {

// 'ZGQS' in ASCII: the SQLite header field that marks a file as a zgate queue store.
constexpr std::int32_t kApplicationId = 0x5A475153;
// The security database's id (saf/store/sqlite_schema.h, kApplicationId; tm does not include
// saf/store): only to say what the file is when someone points the queue store at it.
constexpr std::int32_t kSecurityDatabaseId = 0x5A474154;

// How long a write waits for another connection's write lock before it reports SQLITE_BUSY.
// Normally this process is the only writer; the wait covers an operator's sqlite3 shell.
constexpr int kBusyTimeoutMs = 5000;

// The schema, as migration steps (append a step to change it; never edit one that shipped).
// - ids are AUTOINCREMENT: SQLite then never hands out an id again, even after the newest row
//   was deleted and the file reopened (sqlite_sequence remembers the highest ever used), so an
//   id a client or the hold queues still hold can never come to mean another message;
// - segments are a BLOB in the encoding of encode_segments(), so any bytes round-trip;
// - names are TEXT (readable with the sqlite3 shell) but bound and read with explicit lengths,
//   so they are binary-safe as well;
// - security is MessageSecurity's value (0 None, 1 Check, 2 Full); booleans are 0/1.
struct Migration {
  int version;
  const char* sql;
};
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE inputs (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  trancode         TEXT NOT NULL,
  segments         BLOB NOT NULL,
  lterm            TEXT NOT NULL,
  tmember          TEXT NOT NULL,
  userid           TEXT NOT NULL,
  grp              TEXT NOT NULL,
  security         INTEGER NOT NULL CHECK (security BETWEEN 0 AND 2),
  commit_then_send INTEGER NOT NULL CHECK (commit_then_send IN (0, 1))
);
CREATE TABLE outputs (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  tmember        TEXT NOT NULL,
  destination    TEXT NOT NULL,   -- the tpipe
  is_transaction INTEGER NOT NULL CHECK (is_transaction IN (0, 1)),
  segments       BLOB NOT NULL,
  userid         TEXT NOT NULL
);
)sql"},
};
constexpr int kLatestVersion = 1;

using core::sqlite::DbPtr;
using core::sqlite::StmtPtr;

void create_private_file(const std::string& path) {
  if (const int err = core::sqlite::create_private_file(path))
    throw QueueStoreError("zgate: cannot create queue store '" + path + "': " + std::strerror(err));
}

// Segments as one BLOB: per segment a 4-byte big-endian length, then its bytes. No count and
// no terminator, so an empty list is an empty BLOB and a list of one empty segment is
// 00000000: the two stay distinct. Four bytes, although an IMS segment's LL is two, so that
// nothing the caller can hold in a std::string (up to the BLOB limit) is refused by the format.
std::string encode_segments(const std::vector<std::string>& segments) {
  std::size_t total = 0;
  for (const auto& s : segments) total += 4 + s.size();
  if (total > static_cast<std::size_t>(INT_MAX))
    throw QueueStoreError("zgate: queue store: message too long (" + std::to_string(total) + " bytes)");
  std::string out;
  out.reserve(total);
  for (const auto& s : segments) {
    auto n = static_cast<std::uint32_t>(s.size());
    out.push_back(static_cast<char>(n >> 24));
    out.push_back(static_cast<char>(n >> 16));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n));
    out.append(s);
  }
  return out;
}

// False when the bytes are not a valid encoding (a damaged file, or one edited by hand).
bool decode_segments(std::string_view in, std::vector<std::string>& out) {
  out.clear();
  while (!in.empty()) {
    if (in.size() < 4) return false;
    auto b = [&](int i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])); };
    std::uint32_t n = (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
    in.remove_prefix(4);
    if (n > in.size()) return false;
    out.emplace_back(in.substr(0, n));
    in.remove_prefix(n);
  }
  return true;
}

// The connection and the file's name, for error messages: what Use needs from the store.
struct Conn {
  std::string path;
  DbPtr db;

  [[noreturn]] void fail(std::string_view doing) const {
    throw QueueStoreError("zgate: queue store '" + path + "': " + sqlite3_errmsg(db.get()) +
                          " (in: " + std::string(doing) + ")");
  }
};

using Use = core::sqlite::Use<Conn>;

// A row id as SQLite sees it. Ids above INT64_MAX were never handed out; they become negative
// here and so match no row, which is what remove/move of an unknown id want.
std::int64_t row(std::uint64_t id) { return static_cast<std::int64_t>(id); }

}  // namespace

struct QueueStore::Impl : Conn {
  std::mutex mu;
  int lock_fd = -1;  // holds the flock that keeps a second server away
  ~Impl() {
    if (lock_fd >= 0) ::close(lock_fd);
  }
  // Prepared once, after the schema is in place, and reused by every call (each use resets
  // them). Declared after db (in the base) so that they are finalized before the connection closes.
  StmtPtr begin, commit, rollback;
  StmtPtr insert_input, delete_input, select_inputs;
  StmtPtr insert_output, delete_output, move_output, select_outputs;

  explicit Impl(const std::filesystem::path& file);

  StmtPtr prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    // PERSISTENT: these live as long as the store; SQLite then allocates them accordingly.
    if (sqlite3_prepare_v3(db.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
      sqlite3_finalize(s);
      fail(sql);
    }
    return StmtPtr(s);
  }

  // For one-off and multi-statement SQL (pragmas, schema).
  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db.get());
      sqlite3_free(err);
      throw QueueStoreError("zgate: queue store '" + path + "': " + msg + " (in: " +
                            sql.substr(0, 80) + ")");
    }
  }

  std::int64_t pragma_int(const char* sql);
  void initialise();
  void migrate();

  std::uint64_t insert(const InputMessage& m);
  std::uint64_t insert(const OutputMessage& m);
  void rollback_quietly() noexcept;
};

QueueStore::Impl::Impl(const std::filesystem::path& file) : Conn{file.string(), nullptr} {
  create_private_file(path);
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  db.reset(raw);  // sqlite3_open_v2 may hand back a handle even when it fails
  if (rc != SQLITE_OK)
    throw QueueStoreError("zgate: cannot open queue store '" + path +
                          "': " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  initialise();

  begin = prepare("BEGIN IMMEDIATE");
  commit = prepare("COMMIT");
  rollback = prepare("ROLLBACK");
  insert_input = prepare(
      "INSERT INTO inputs (trancode, segments, lterm, tmember, userid, grp, security, "
      "commit_then_send) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  delete_input = prepare("DELETE FROM inputs WHERE id = ?");
  select_inputs = prepare(
      "SELECT id, trancode, segments, lterm, tmember, userid, grp, security, commit_then_send "
      "FROM inputs ORDER BY id");
  insert_output = prepare(
      "INSERT INTO outputs (tmember, destination, is_transaction, segments, userid) "
      "VALUES (?, ?, ?, ?, ?)");
  delete_output = prepare("DELETE FROM outputs WHERE id = ?");
  move_output = prepare("UPDATE outputs SET destination = ? WHERE id = ?");
  select_outputs = prepare(
      "SELECT id, tmember, destination, is_transaction, segments, userid FROM outputs ORDER BY id");
}

std::int64_t QueueStore::Impl::pragma_int(const char* sql) {
  StmtPtr s = prepare(sql);
  Use q(*this, s.get());
  if (!q.step()) fail(sql);
  return q.i64(0);
}

void QueueStore::Impl::initialise() {
  // The first read of the file: a file that is not SQLite fails here ("file is not a database").
  std::int64_t app = 0;
  try {
    app = pragma_int("PRAGMA application_id");
  } catch (const QueueStoreError&) {
    if ((sqlite3_errcode(db.get()) & 0xff) == SQLITE_NOTADB)
      throw QueueStoreError("zgate: '" + path + "' is not a zgate queue store (not an SQLite database)");
    throw;
  }
  std::int64_t version = pragma_int("PRAGMA user_version");
  std::int64_t objects = pragma_int("SELECT count(*) FROM sqlite_schema");

  // Decide before changing anything, so that a foreign file is refused untouched (switching
  // to WAL would rewrite its header).
  bool fresh = app == 0 && version == 0 && objects == 0;
  if (!fresh && app == kSecurityDatabaseId)
    throw QueueStoreError("zgate: '" + path +
                          "' is a zgate security database, not a queue store; give the queue "
                          "store a file of its own");
  if (!fresh && app != kApplicationId)
    throw QueueStoreError("zgate: '" + path +
                          "' is not a zgate queue store (it is an SQLite database of another "
                          "application: application_id " +
                          std::to_string(app) + ", " + std::to_string(objects) + " schema objects)");
  if (version > kLatestVersion)
    throw QueueStoreError("zgate: queue store '" + path + "' has schema version " +
                          std::to_string(version) + ", newer than version " +
                          std::to_string(kLatestVersion) +
                          " that this zgate knows; use the zgate release that wrote it or a later one");

  {
    StmtPtr s = prepare("PRAGMA journal_mode = WAL");
    Use q(*this, s.get());
    std::string mode = q.step() ? q.bytes(0) : std::string();
    // Without WAL + synchronous=FULL the promise of the header (a returned call survives a
    // crash) would not hold: refuse rather than run with weaker durability.
    if (mode != "wal")
      throw QueueStoreError("zgate: queue store '" + path +
                            "': cannot switch to WAL journal mode (got '" + mode + "')");
  }
  exec("PRAGMA synchronous = FULL");
  // One server per queue store: two would both recover, and deliver, the same messages. The
  // exclusive lock is taken by the first write and held until the store is closed (or the
  // process dies).
  // The lock is flock(2) on a descriptor of its own, independent of SQLite's record locks,
  // released by the kernel when the process ends however it ends.
  lock_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (lock_fd < 0 || ::flock(lock_fd, LOCK_EX | LOCK_NB) != 0)
    throw QueueStoreError("zgate: queue store '" + path + "' is in use by another process");
  migrate();
}

void QueueStore::Impl::migrate() {
  if (pragma_int("PRAGMA user_version") == kLatestVersion) return;
  // IMMEDIATE: another process opening the same new file at the same time waits here, then
  // sees the version this one wrote and skips the steps.
  exec("BEGIN IMMEDIATE");
  try {
    std::int64_t version = pragma_int("PRAGMA user_version");
    if (version > kLatestVersion)
      throw QueueStoreError("zgate: queue store '" + path + "' was upgraded by a newer zgate meanwhile");
    exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    for (const auto& m : kMigrations) {
      if (m.version <= version) continue;
      exec(m.sql);
      exec("PRAGMA user_version = " + std::to_string(m.version));
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::uint64_t QueueStore::Impl::insert(const InputMessage& m) {
  std::string segments = encode_segments(m.segments);
  Use q(*this, insert_input.get());
  q.text(m.trancode).blob(segments).text(m.lterm).text(m.tmember).text(m.userid).text(m.group);
  q.integer(static_cast<std::int64_t>(m.security)).integer(m.commit_then_send ? 1 : 0);
  q.run();
  return static_cast<std::uint64_t>(sqlite3_last_insert_rowid(db.get()));
}

std::uint64_t QueueStore::Impl::insert(const OutputMessage& m) {
  std::string segments = encode_segments(m.segments);
  Use q(*this, insert_output.get());
  q.text(m.tmember).text(m.destination).integer(m.is_transaction ? 1 : 0).blob(segments).text(m.userid);
  q.run();
  return static_cast<std::uint64_t>(sqlite3_last_insert_rowid(db.get()));
}

// After a failure inside BEGIN ... COMMIT. SQLite has already rolled back after some errors
// (SQLITE_FULL, SQLITE_IOERR, ...) and not after others (a constraint, SQLITE_BUSY on COMMIT);
// get_autocommit says which. Best effort: the error that got us here is the one to report.
void QueueStore::Impl::rollback_quietly() noexcept {
  if (sqlite3_get_autocommit(db.get())) return;
  sqlite3_step(rollback.get());
  sqlite3_reset(rollback.get());
}

// ---------------------------------------------------------------------------------------------
// A single INSERT, DELETE or UPDATE runs in autocommit: SQLite makes the one statement its own
// transaction, committed (and fsync'd) before sqlite3_step returns, and rolled back whole if it
// fails. Only commit() needs an explicit transaction.

QueueStore::QueueStore(const std::filesystem::path& file) : impl_(std::make_unique<Impl>(file)) {}

QueueStore::~QueueStore() = default;

std::uint64_t QueueStore::add_input(const InputMessage& m) {
  std::lock_guard lk(impl_->mu);
  return impl_->insert(m);
}

void QueueStore::remove_input(std::uint64_t id) {
  std::lock_guard lk(impl_->mu);
  Use q(*impl_, impl_->delete_input.get());
  q.integer(row(id)).run();
}

QueueStore::Committed QueueStore::commit(const SyncPoint& sp) {
  std::lock_guard lk(impl_->mu);
  Impl& s = *impl_;
  Committed out;
  out.output_ids.reserve(sp.outputs.size());
  out.input_ids.reserve(sp.inputs.size());
  // IMMEDIATE takes the write lock now, while the busy timeout can still wait for it.
  Use(s, s.begin.get()).run();
  try {
    if (sp.consumed_input != 0) {
      Use q(s, s.delete_input.get());
      q.integer(row(sp.consumed_input)).run();
      // The input is gone already: it was consumed by another sync point or discarded. Going on
      // would deliver its outputs a second time (or for a message IMS threw away); refuse.
      if (sqlite3_changes(s.db.get()) == 0)
        throw QueueStoreError("zgate: queue store '" + s.path + "': sync point consumes input " +
                              std::to_string(sp.consumed_input) +
                              ", which is not in the store (already consumed or dequeued)");
    }
    for (const auto& m : sp.outputs) out.output_ids.push_back(s.insert(m));
    for (const auto& m : sp.inputs) out.input_ids.push_back(s.insert(m));
    if (sp.also) sp.also(s.db.get());
    Use(s, s.commit.get()).run();
  } catch (...) {
    s.rollback_quietly();
    throw;
  }
  return out;
}

std::uint64_t QueueStore::add_output(const OutputMessage& m) {
  std::lock_guard lk(impl_->mu);
  return impl_->insert(m);
}

void QueueStore::remove_output(std::uint64_t id) {
  std::lock_guard lk(impl_->mu);
  Use q(*impl_, impl_->delete_output.get());
  q.integer(row(id)).run();
}

// A message that is gone (ACKed or purged meanwhile) is left gone: like remove_output, moving
// an unknown id is a no-op, so that a reroute racing with a purge cannot fail.
void QueueStore::move_output(std::uint64_t id, const std::string& tpipe) {
  std::lock_guard lk(impl_->mu);
  Use q(*impl_, impl_->move_output.get());
  q.text(tpipe).integer(row(id)).run();
}

std::vector<InputMessage> QueueStore::inputs() {
  std::lock_guard lk(impl_->mu);
  Impl& s = *impl_;
  std::vector<InputMessage> out;
  // One statement, so one read transaction: a consistent snapshot of the table.
  Use q(s, s.select_inputs.get());
  while (q.step()) {
    InputMessage m;
    m.store_id = static_cast<std::uint64_t>(q.i64(0));
    m.trancode = q.bytes(1);
    if (!decode_segments(q.view(2), m.segments))
      throw QueueStoreError("zgate: queue store '" + s.path + "' is corrupt: input " +
                            std::to_string(m.store_id) + " has damaged segments");
    m.lterm = q.bytes(3);
    m.tmember = q.bytes(4);
    m.userid = q.bytes(5);
    m.group = q.bytes(6);
    std::int64_t security = q.i64(7);
    if (security < 0 || security > static_cast<std::int64_t>(MessageSecurity::Full))
      throw QueueStoreError("zgate: queue store '" + s.path + "' is corrupt: input " +
                            std::to_string(m.store_id) + " has security level " +
                            std::to_string(security));
    m.security = static_cast<MessageSecurity>(security);
    m.commit_then_send = q.i64(8) != 0;
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<OutputMessage> QueueStore::outputs() {
  std::lock_guard lk(impl_->mu);
  Impl& s = *impl_;
  std::vector<OutputMessage> out;
  Use q(s, s.select_outputs.get());
  while (q.step()) {
    OutputMessage m;
    m.store_id = static_cast<std::uint64_t>(q.i64(0));
    m.tmember = q.bytes(1);
    m.destination = q.bytes(2);
    m.is_transaction = q.i64(3) != 0;
    if (!decode_segments(q.view(4), m.segments))
      throw QueueStoreError("zgate: queue store '" + s.path + "' is corrupt: output " +
                            std::to_string(m.store_id) + " has damaged segments");
    m.userid = q.bytes(5);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace zgate::tm

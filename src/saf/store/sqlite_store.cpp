// The SQLite store: the security database in one file beside zgate, the default for a
// single-instance installation. Schema and migrations are in sqlite_schema.cpp.
//
// Durability: WAL with synchronous=FULL, so a transaction whose COMMIT has returned is in the
// WAL and fsync'd; it survives kill -9 and a power cut (ARCHITECTURE.md, "Nothing lost").
//
// Thread-safety: a Store is used by one thread at a time; the security manager serialises its
// writes under its own mutex and never shares a Store between threads concurrently. The
// connection is therefore opened SQLITE_OPEN_NOMUTEX (no SQLite mutex per call), and the
// statement cache has no locking of its own. Several processes may open the same file: SQLite's
// file locks and the busy timeout arbitrate between them.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "core/sqlite.h"
#include "saf/store/sqlite_schema.h"
#include "saf/store/store.h"

namespace zgate::saf::store {

namespace {

// How long a writer waits for another process's write lock before it reports SQLITE_BUSY.
constexpr int kBusyTimeoutMs = 5000;

using core::sqlite::StmtPtr;

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

bool is_in_memory(const std::string& path) {
  // ":memory:", "" (a private temporary database) and URI names are SQLite's to interpret.
  return path == ":memory:" || path.empty() || path.starts_with("file:");
}

void create_private_file(const std::string& path) {
  if (const int err = core::sqlite::create_private_file(path))
    throw std::runtime_error("zgate: cannot create security database '" + path + "': " +
                             std::strerror(err));
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const std::string& path) : path_(path) {
    if (!is_in_memory(path)) create_private_file(path);
    sqlite3* raw = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    db_.reset(raw);  // sqlite3_open_v2 may hand back a handle even when it fails
    if (rc != SQLITE_OK)
      throw std::runtime_error("zgate: cannot open security database '" + path +
                               "': " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    sqlite3_extended_result_codes(db_.get(), 1);
    sqlite3_busy_timeout(db_.get(), kBusyTimeoutMs);
    initialise();
  }

  ~SqliteStore() override {
    // A transaction left open by a caller that never committed is discarded, as SQLite would
    // on close; say nothing (destructors must not throw).
    if (in_tx_) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    cache_.clear();  // statements before the connection
  }

  Database load() override;

  void put_user(const User& u) override;
  void delete_user(const std::string& id) override;
  void put_group(const Group& g) override;
  void delete_group(const std::string& id) override;
  void put_profile(const Profile& p) override;
  void delete_profile(const std::string& cls, const std::string& name) override;
  void put_options(const Options& o) override;
  void put_cert_map(const CertMap& m) override;
  void delete_cert_map(const std::string& user, const std::string& label) override;

  std::optional<std::string> setting(const std::string& key) override;
  void put_setting(const std::string& key, const std::string& value) override;

  void begin() override;
  void commit() override;
  void rollback() override;

  std::uint64_t data_version() override;
  std::map<std::string, std::int64_t> raclist_refreshes() override;
  std::int64_t bump_raclist_refresh(const std::string& cls) override;
  std::map<std::string, RaclistImage> raclist_images() override;
  std::int64_t put_raclist_image(const std::string& cls, const ProfileSet& profiles) override;
  void delete_raclist_image(const std::string& cls) override;

  bool record_passticket(std::string_view digest, std::int64_t expires, std::int64_t now) override;

 private:
  friend class core::sqlite::Use<SqliteStore>;  // reports its failures through fail()

  // One use of a cached statement (core/sqlite.h), its values bound on construction, with the
  // column readers of the security database's own types (text columns read with bytes()).
  class Query : public core::sqlite::Use<SqliteStore> {
   public:
    template <class... A>
    Query(SqliteStore& store, sqlite3_stmt* s, const A&... args) : Use(store, s) {
      (bind(args), ...);
    }

    int i32(int c) const { return static_cast<int>(i64(c)); }
    bool flag(int c) const { return i64(c) != 0; }
    template <class E>
    E enumerated(int c, int max, const char* what) const {
      std::int64_t v = i64(c);
      if (v < 0 || v > max)
        throw std::runtime_error("zgate: security database '" + store().path_ + "' is corrupt: " +
                                 what + " " + std::to_string(v));
      return static_cast<E>(v);
    }
    Access access(int c) const { return enumerated<Access>(c, 5, "access level"); }

   private:
    template <class T>
    void bind(const T& v) {
      if constexpr (IsOptional<T>::value) {
        if (v)
          bind(*v);
        else
          null();
      } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
        text(std::string_view(v));
      } else {
        static_assert(std::is_integral_v<T> || std::is_enum_v<T>, "bind: unsupported type");
        integer(static_cast<std::int64_t>(v));
      }
    }
  };

  // Groups the statements of one put_/delete_ so that the entity is written whole or not at all:
  // its own transaction outside begin()/commit(), a savepoint inside one (so that a failed put
  // inside a batch does not leave half an entity behind in the caller's transaction).
  class WriteUnit {
   public:
    explicit WriteUnit(SqliteStore& s) : s_(s), nested_(s.in_tx_) {
      s_.exec_cached(nested_ ? "SAVEPOINT zgate_put" : "BEGIN IMMEDIATE");
    }
    void commit() {
      s_.exec_cached(nested_ ? "RELEASE zgate_put" : "COMMIT");
      done_ = true;
    }
    ~WriteUnit() {
      if (done_) return;
      // Best effort: the error that got us here is the one the caller sees.
      sqlite3* db = s_.db_.get();
      if (nested_) {
        sqlite3_exec(db, "ROLLBACK TO zgate_put; RELEASE zgate_put", nullptr, nullptr, nullptr);
      } else if (!sqlite3_get_autocommit(db)) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      }
    }
    WriteUnit(const WriteUnit&) = delete;
    WriteUnit& operator=(const WriteUnit&) = delete;

   private:
    SqliteStore& s_;
    bool nested_;
    bool done_ = false;
  };

  [[noreturn]] void fail(std::string_view doing) const {
    throw std::runtime_error("zgate: security database '" + path_ + "': " + sqlite3_errmsg(db_.get()) +
                             " (in: " + std::string(doing) + ")");
  }

  // Prepared once per Store, kept for its lifetime (SQLITE_PREPARE_PERSISTENT tells SQLite so).
  sqlite3_stmt* prepared(const char* sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second.get();
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
      fail(sql);
    cache_.emplace(sql, StmtPtr(s));
    return s;
  }

  template <class... A>
  void run(const char* sql, const A&... args) {
    Query q(*this, prepared(sql), args...);
    q.run();
  }

  void exec_cached(const char* sql) { run(sql); }

  // For one-off and multi-statement SQL (pragmas, schema).
  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db_.get());
      sqlite3_free(err);
      throw std::runtime_error("zgate: security database '" + path_ + "': " + msg + " (in: " +
                               sql.substr(0, 80) + ")");
    }
  }

  std::int64_t pragma_int(const char* name) {
    Query q(*this, prepared(name));
    if (!q.step()) fail(name);
    return q.i64(0);
  }

  void initialise();
  void migrate();
  void insert_user_children(std::int64_t uid, const User& u);
  void insert_profile_children(std::int64_t pid, const Profile& p);
  std::int64_t bump_in_unit(const std::string& cls);

  std::string path_;
  core::sqlite::DbPtr db_;
  // Keyed by the SQL text's address: every statement is a string literal of this file.
  std::unordered_map<const char*, StmtPtr> cache_;
  bool in_tx_ = false;  // inside begin()/commit()
};

void SqliteStore::initialise() {
  // The first read of the file: a file that is not SQLite fails here with "file is not a database".
  std::int64_t app = pragma_int("PRAGMA application_id");
  std::int64_t version = pragma_int("PRAGMA user_version");
  std::int64_t objects = pragma_int("SELECT count(*) FROM sqlite_schema");

  // Decide before changing anything, so that a foreign file is refused untouched (setting WAL
  // would rewrite its header).
  bool fresh = app == 0 && version == 0 && objects == 0;
  if (!fresh && app != sqlite_schema::kApplicationId)
    throw std::runtime_error("zgate: '" + path_ +
                             "' is not a zgate security database (it is an SQLite database of "
                             "another application: application_id " +
                             std::to_string(app) + ", " + std::to_string(objects) + " schema objects)");
  if (version > sqlite_schema::latest_version())
    throw std::runtime_error("zgate: security database '" + path_ + "' has schema version " +
                             std::to_string(version) + ", newer than version " +
                             std::to_string(sqlite_schema::latest_version()) +
                             " that this zgate knows; use the zgate release that wrote it or a later one");

  {
    Query q(*this, prepared("PRAGMA journal_mode = WAL"));
    std::string mode = q.step() ? q.bytes(0) : std::string();
    // An in-memory database stays in "memory" mode; a file must really be in WAL, or the
    // durability promise of store.h does not hold.
    if (mode != "wal" && !(mode == "memory" && is_in_memory(path_)))
      throw std::runtime_error("zgate: security database '" + path_ +
                               "': cannot switch to WAL journal mode (got '" + mode + "')");
  }
  exec("PRAGMA synchronous = FULL");
  exec("PRAGMA foreign_keys = ON");
  // Child rows are removed by ON DELETE CASCADE; a SQLite built without foreign keys would
  // silently keep them, so check rather than trust.
  if (pragma_int("PRAGMA foreign_keys") != 1)
    throw std::runtime_error("zgate: security database '" + path_ +
                             "': this SQLite cannot enforce foreign keys");
  migrate();
}

void SqliteStore::migrate() {
  if (pragma_int("PRAGMA user_version") == sqlite_schema::latest_version()) return;
  // IMMEDIATE: another process opening the same new file at the same time waits here, then
  // sees the version this one wrote and skips the steps.
  exec("BEGIN IMMEDIATE");
  try {
    std::int64_t version = pragma_int("PRAGMA user_version");
    if (version > sqlite_schema::latest_version())
      throw std::runtime_error("zgate: security database '" + path_ + "' was upgraded by a newer zgate meanwhile");
    exec("PRAGMA application_id = " + std::to_string(sqlite_schema::kApplicationId));
    for (const auto& m : sqlite_schema::migrations()) {
      if (m.version <= version) continue;
      exec(m.sql);
      exec("PRAGMA user_version = " + std::to_string(m.version));
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  // The schema changed under statements prepared for the checks above; drop them.
  cache_.clear();
}

// ---------------------------------------------------------------------------------------------
// Transactions

void SqliteStore::begin() {
  if (in_tx_) throw std::logic_error("zgate store: begin() inside begin(); transactions do not nest");
  // IMMEDIATE takes the write lock now, while the busy timeout can still wait for it; a
  // DEFERRED transaction that reads first could fail later with SQLITE_BUSY_SNAPSHOT.
  exec_cached("BEGIN IMMEDIATE");
  in_tx_ = true;
}

void SqliteStore::commit() {
  if (!in_tx_) throw std::logic_error("zgate store: commit() without begin()");
  try {
    exec_cached("COMMIT");
  } catch (...) {
    // SQLite keeps the transaction open after some failed COMMITs (SQLITE_BUSY) and rolls it
    // back after others; follow what it did so that rollback() can still clean up.
    in_tx_ = !sqlite3_get_autocommit(db_.get());
    throw;
  }
  in_tx_ = false;
}

// Outside a transaction this does nothing, so that error paths can call it unconditionally.
void SqliteStore::rollback() {
  if (!in_tx_) return;
  in_tx_ = false;
  if (!sqlite3_get_autocommit(db_.get())) exec_cached("ROLLBACK");
}

// ---------------------------------------------------------------------------------------------
// Writes. Each put_ deletes the entity (its child rows go by cascade) and inserts it anew.

void SqliteStore::put_user(const User& u) {
  WriteUnit unit(*this);
  run("DELETE FROM users WHERE id = ?", u.id);
  run("INSERT INTO users (id, name, owner, default_group, installation_data, created, special, "
      "operations, auditor, restricted, revoked, revoke_date, resume_date, password_hash, "
      "phrase_hash, password_date, phrase_date, password_expired, phrase_expired, "
      "password_interval, failed_attempts, last_access, resumed) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      u.id, u.name, u.owner, u.default_group, u.installation_data, u.created, u.special,
      u.operations, u.auditor, u.restricted, u.revoked, u.revoke_date, u.resume_date,
      u.password_hash, u.phrase_hash, u.password_date, u.phrase_date, u.password_expired,
      u.phrase_expired, u.password_interval, u.failed_attempts, u.last_access, u.resumed);
  insert_user_children(sqlite3_last_insert_rowid(db_.get()), u);
  unit.commit();
}

void SqliteStore::insert_user_children(std::int64_t uid, const User& u) {
  std::int64_t seq = 0;
  for (const auto& c : u.connects)
    run("INSERT INTO user_connects (uid, seq, grp, authority, owner, created, uacc, special, "
        "operations, auditor, revoked, revoke_date, resume_date, last_connect, connect_count) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        uid, seq++, c.group, c.authority, c.owner, c.created, c.uacc, c.special, c.operations,
        c.auditor, c.revoked, c.revoke_date, c.resume_date, c.last_connect, c.connect_count);
  const std::vector<std::string>* histories[] = {&u.password_history, &u.phrase_history};
  for (int kind = 0; kind < 2; ++kind) {
    seq = 0;
    for (const auto& h : *histories[kind])
      run("INSERT INTO user_history (uid, kind, seq, hash) VALUES (?, ?, ?, ?)", uid, kind, seq++, h);
  }
  for (const auto& cls : u.class_authorizations)
    run("INSERT INTO user_class_authorizations (uid, cls) VALUES (?, ?)", uid, cls);
}

void SqliteStore::delete_user(const std::string& id) {
  WriteUnit unit(*this);
  run("DELETE FROM users WHERE id = ?", id);
  run("DELETE FROM cert_maps WHERE user_id = ?", id);
  unit.commit();
}

void SqliteStore::put_group(const Group& g) {
  WriteUnit unit(*this);
  run("INSERT OR REPLACE INTO groups (id, superior, owner, installation_data, created, universal, "
      "termuacc) VALUES (?, ?, ?, ?, ?, ?, ?)",
      g.id, g.superior, g.owner, g.installation_data, g.created, g.universal, g.termuacc);
  unit.commit();
}

void SqliteStore::delete_group(const std::string& id) {
  WriteUnit unit(*this);
  run("DELETE FROM groups WHERE id = ?", id);
  unit.commit();
}

void SqliteStore::put_profile(const Profile& p) {
  WriteUnit unit(*this);
  run("DELETE FROM profiles WHERE cls = ? AND name = ?", p.cls, p.name);
  run("INSERT INTO profiles (cls, name, owner, created, level, uacc, warning, audit_success, "
      "audit_failures, notify, appldata, installation_data) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      p.cls, p.name, p.owner, p.created, p.level, p.uacc, p.warning, p.audit.success,
      p.audit.failures, p.notify, p.appldata, p.installation_data);
  insert_profile_children(sqlite3_last_insert_rowid(db_.get()), p);
  unit.commit();
}

void SqliteStore::insert_profile_children(std::int64_t pid, const Profile& p) {
  std::int64_t seq = 0;
  for (const auto& e : p.acl)
    run("INSERT INTO profile_access (pid, seq, id, access, count) VALUES (?, ?, ?, ?, ?)", pid,
        seq++, e.id, e.access, e.count);
  seq = 0;
  for (const auto& e : p.conditional_acl)
    run("INSERT INTO profile_conditional_access (pid, seq, id, access, when_class, when_name, "
        "count) VALUES (?, ?, ?, ?, ?, ?, ?)",
        pid, seq++, e.id, e.access, e.when_class, e.when_name, e.count);
  seq = 0;
  for (const auto& m : p.members)
    run("INSERT INTO profile_members (pid, seq, member) VALUES (?, ?, ?)", pid, seq++, m);
  if (p.ssignon) {
    const SsignOn& s = *p.ssignon;
    run("INSERT INTO profile_ssignon (pid, legacy_key, enhanced_key, enhanced_type, "
        "enhanced_timeout, enhanced_replay) VALUES (?, ?, ?, ?, ?, ?)",
        pid, s.legacy_key, s.enhanced_key, s.enhanced_type, s.enhanced_timeout, s.enhanced_replay);
  }
  if (p.stdata) {
    const StData& s = *p.stdata;
    run("INSERT INTO profile_stdata (pid, user_id, group_id, trusted, privileged, trace) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        pid, s.user, s.group, s.trusted, s.privileged, s.trace);
  }
}

void SqliteStore::delete_profile(const std::string& cls, const std::string& name) {
  WriteUnit unit(*this);
  run("DELETE FROM profiles WHERE cls = ? AND name = ?", cls, name);
  unit.commit();
}

void SqliteStore::put_options(const Options& o) {
  WriteUnit unit(*this);
  run("INSERT OR REPLACE INTO options (singleton, grplist, when_program, inactive, pw_interval, "
      "pw_revoke, pw_history, pw_warning, pw_mixedcase, pw_min_change) "
      "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      o.grplist, o.when_program, o.inactive, o.password.interval, o.password.revoke,
      o.password.history, o.password.warning, o.password.mixedcase, o.password.min_change);
  run("DELETE FROM option_classes");
  const std::pair<const char*, const std::set<std::string>*> lists[] = {
      {"CLASSACT", &o.classact}, {"RACLIST", &o.raclist}, {"GENERIC", &o.generic},
      {"GENCMD", &o.gencmd},     {"AUDIT", &o.audit}};
  for (const auto& [option, classes] : lists)
    for (const auto& cls : *classes)
      run("INSERT INTO option_classes (option, cls) VALUES (?, ?)", option, cls);
  unit.commit();
}

void SqliteStore::put_cert_map(const CertMap& m) {
  WriteUnit unit(*this);
  // Not INSERT OR REPLACE: that would silently delete another user's row holding the same
  // filter pair (UNIQUE), where the caller must hear about the clash.
  run("DELETE FROM cert_maps WHERE user_id = ? AND label = ?", m.user, m.label);
  run("INSERT INTO cert_maps (user_id, label, sdn_filter, idn_filter, trusted, created) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      m.user, m.label, m.subject_filter, m.issuer_filter, m.trusted, m.created);
  unit.commit();
}

void SqliteStore::delete_cert_map(const std::string& user, const std::string& label) {
  WriteUnit unit(*this);
  run("DELETE FROM cert_maps WHERE user_id = ? AND label = ?", user, label);
  unit.commit();
}

// ---------------------------------------------------------------------------------------------
// Changes by other connections

// PRAGMA data_version: per connection, it changes when another connection has committed since
// this one last asked, and never for this connection's own commits (SQLite's documentation;
// store_sync_test.cpp checks it across two connections). One read of the WAL index, no I/O to
// speak of, so a poll every 500 ms costs nothing.
std::uint64_t SqliteStore::data_version() {
  return static_cast<std::uint64_t>(pragma_int("PRAGMA data_version"));
}

std::map<std::string, std::int64_t> SqliteStore::raclist_refreshes() {
  std::map<std::string, std::int64_t> out;
  Query q(*this, prepared("SELECT cls, generation FROM raclist_refresh"));
  while (q.step()) out.emplace(q.bytes(0), q.i64(1));
  return out;
}

std::int64_t SqliteStore::bump_raclist_refresh(const std::string& cls) {
  WriteUnit unit(*this);
  std::int64_t g = bump_in_unit(cls);
  unit.commit();
  return g;
}

// The REFRESH counter's bump, inside the caller's WriteUnit.
std::int64_t SqliteStore::bump_in_unit(const std::string& cls) {
  run("INSERT INTO raclist_refresh (cls, generation) VALUES (?, 1) "
      "ON CONFLICT (cls) DO UPDATE SET generation = generation + 1",
      cls);
  Query q(*this, prepared("SELECT generation FROM raclist_refresh WHERE cls = ?"), cls);
  if (!q.step()) fail("bump_raclist_refresh");
  return q.i64(0);
}

std::map<std::string, RaclistImage> SqliteStore::raclist_images() {
  std::map<std::string, RaclistImage> out;
  Query q(*this, prepared("SELECT cls, generation, profiles FROM raclist_snapshot"));
  while (q.step()) out.emplace(q.bytes(0), RaclistImage{q.i64(1), decode_profiles(q.view(2))});
  return out;
}

std::int64_t SqliteStore::put_raclist_image(const std::string& cls, const ProfileSet& profiles) {
  const std::string encoded = encode_profiles(profiles);  // outlives the statement (SQLITE_STATIC)
  WriteUnit unit(*this);
  std::int64_t g = bump_in_unit(cls);
  {
    Query q(*this, prepared("INSERT INTO raclist_snapshot (cls, generation, profiles) VALUES (?, ?, ?) "
                            "ON CONFLICT (cls) DO UPDATE SET generation = excluded.generation, "
                            "profiles = excluded.profiles"));
    q.text(cls).integer(g).blob(encoded);
    q.run();
  }
  unit.commit();
  return g;
}

void SqliteStore::delete_raclist_image(const std::string& cls) {
  WriteUnit unit(*this);
  run("DELETE FROM raclist_snapshot WHERE cls = ?", cls);
  unit.commit();
}

// ---------------------------------------------------------------------------------------------
// PassTicket replay records

// Expired records deleted per call: more than the one a call adds, so the table drains back to
// the tickets of the last window after a burst, and few enough that no sign-on pays for a
// backlog (the index on expires finds them without reading the live ones).
constexpr std::int64_t kReplayPurgePerCall = 8;

bool SqliteStore::record_passticket(std::string_view digest, std::int64_t expires, std::int64_t now) {
  WriteUnit unit(*this);  // BEGIN IMMEDIATE: the write lock before the check
  run("DELETE FROM passticket_replay WHERE digest IN "
      "(SELECT digest FROM passticket_replay WHERE expires <= ? ORDER BY expires LIMIT ?)",
      now, kReplayPurgePerCall);
  // Insert if absent. A record of the same ticket that has expired but not yet been purged is
  // taken over; a live one makes the statement change nothing, which is how a replay shows.
  {
    Query q(*this, prepared("INSERT INTO passticket_replay (digest, expires) VALUES (?, ?) "
                            "ON CONFLICT (digest) DO UPDATE SET expires = excluded.expires "
                            "WHERE passticket_replay.expires <= ?"));
    q.blob(digest).integer(expires).integer(now);
    q.run();
  }
  const bool first = sqlite3_changes(db_.get()) == 1;
  unit.commit();
  return first;
}

// ---------------------------------------------------------------------------------------------
// Settings

std::optional<std::string> SqliteStore::setting(const std::string& key) {
  Query q(*this, prepared("SELECT value FROM settings WHERE key = ?"), key);
  if (!q.step()) return std::nullopt;
  return q.bytes(0);
}

void SqliteStore::put_setting(const std::string& key, const std::string& value) {
  WriteUnit unit(*this);
  // Bound as a BLOB: a setting may be raw key bytes, which must come back unchanged.
  sqlite3_stmt* s = prepared("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)");
  Query q(*this, s, key);
  if (value.size() > INT_MAX) throw std::runtime_error("zgate: setting value too long");
  if (sqlite3_bind_blob(s, 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC) != SQLITE_OK)
    fail("put_setting");
  q.run();
  unit.commit();
}

// ---------------------------------------------------------------------------------------------
// Load

Database SqliteStore::load() {
  // One read transaction, so that the tables are read at one point in time even while another
  // process writes. Inside begin()/commit() the caller's transaction already gives that.
  bool own = !in_tx_;
  if (own) exec_cached("BEGIN");
  try {
    Database db;

    {
      Query q(*this, prepared("SELECT id, superior, owner, installation_data, created, universal, "
                              "termuacc FROM groups ORDER BY id"));
      while (q.step()) {
        Group g;
        g.id = q.bytes(0);
        g.superior = q.bytes(1);
        g.owner = q.bytes(2);
        g.installation_data = q.bytes(3);
        g.created = q.i64(4);
        g.universal = q.flag(5);
        g.termuacc = q.flag(6);
        db.groups.emplace_hint(db.groups.end(), g.id, std::move(g));
      }
    }

    // Child rows find their parent through its surrogate key; std::map nodes do not move, so
    // pointers into the maps stay valid while the maps grow.
    std::unordered_map<std::int64_t, User*> users;
    {
      Query q(*this, prepared("SELECT uid, id, name, owner, default_group, installation_data, "
                              "created, special, operations, auditor, restricted, revoked, "
                              "revoke_date, resume_date, password_hash, phrase_hash, "
                              "password_date, phrase_date, password_expired, phrase_expired, "
                              "password_interval, failed_attempts, last_access, resumed "
                              "FROM users ORDER BY id"));
      while (q.step()) {
        User u;
        u.id = q.bytes(1);
        u.name = q.bytes(2);
        u.owner = q.bytes(3);
        u.default_group = q.bytes(4);
        u.installation_data = q.bytes(5);
        u.created = q.i64(6);
        u.special = q.flag(7);
        u.operations = q.flag(8);
        u.auditor = q.flag(9);
        u.restricted = q.flag(10);
        u.revoked = q.flag(11);
        u.revoke_date = q.i64(12);
        u.resume_date = q.i64(13);
        u.password_hash = q.bytes(14);
        u.phrase_hash = q.bytes(15);
        u.password_date = q.i64(16);
        u.phrase_date = q.i64(17);
        u.password_expired = q.flag(18);
        u.phrase_expired = q.flag(19);
        u.password_interval = q.i32(20);
        u.failed_attempts = q.i32(21);
        u.last_access = q.i64(22);
        u.resumed = q.i64(23);
        auto it = db.users.emplace_hint(db.users.end(), u.id, std::move(u));
        users.emplace(q.i64(0), &it->second);
      }
    }
    auto user_of = [&](std::int64_t uid) {
      auto it = users.find(uid);
      return it == users.end() ? nullptr : it->second;  // an orphan row (foreign keys were off)
    };
    {
      Query q(*this, prepared("SELECT uid, grp, authority, owner, created, uacc, special, "
                              "operations, auditor, revoked, revoke_date, resume_date, "
                              "last_connect, connect_count FROM user_connects ORDER BY uid, seq"));
      while (q.step()) {
        User* u = user_of(q.i64(0));
        if (!u) continue;
        Connect c;
        c.group = q.bytes(1);
        c.authority = q.enumerated<GroupAuthority>(2, 3, "group authority");
        c.owner = q.bytes(3);
        c.created = q.i64(4);
        c.uacc = q.access(5);
        c.special = q.flag(6);
        c.operations = q.flag(7);
        c.auditor = q.flag(8);
        c.revoked = q.flag(9);
        c.revoke_date = q.i64(10);
        c.resume_date = q.i64(11);
        c.last_connect = q.i64(12);
        c.connect_count = q.i64(13);
        u->connects.push_back(std::move(c));
      }
    }
    {
      Query q(*this, prepared("SELECT uid, kind, hash FROM user_history ORDER BY uid, kind, seq"));
      while (q.step()) {
        User* u = user_of(q.i64(0));
        if (!u) continue;
        (q.i64(1) == 0 ? u->password_history : u->phrase_history).push_back(q.bytes(2));
      }
    }
    {
      Query q(*this, prepared("SELECT uid, cls FROM user_class_authorizations ORDER BY uid, cls"));
      while (q.step())
        if (User* u = user_of(q.i64(0))) u->class_authorizations.insert(u->class_authorizations.end(), q.bytes(1));
    }

    std::unordered_map<std::int64_t, Profile*> profiles;
    {
      std::int64_t n = 0;
      {
        Query q(*this, prepared("SELECT count(*) FROM profiles"));
        if (q.step()) n = q.i64(0);
      }
      profiles.reserve(static_cast<std::size_t>(n));
      Query q(*this, prepared("SELECT pid, cls, name, owner, created, level, uacc, warning, "
                              "audit_success, audit_failures, notify, appldata, installation_data "
                              "FROM profiles ORDER BY cls, name"));
      std::map<std::string, Profile>* cls_map = nullptr;
      std::string cls;
      while (q.step()) {
        Profile p;
        p.cls = q.bytes(1);
        p.name = q.bytes(2);
        p.owner = q.bytes(3);
        p.created = q.i64(4);
        p.level = q.i32(5);
        p.uacc = q.access(6);
        p.warning = q.flag(7);
        p.audit.success = q.is_null(8) ? std::nullopt : std::optional<Access>(q.access(8));
        p.audit.failures = q.is_null(9) ? std::nullopt : std::optional<Access>(q.access(9));
        p.notify = q.bytes(10);
        p.appldata = q.bytes(11);
        p.installation_data = q.bytes(12);
        if (!cls_map || p.cls != cls) {
          cls = p.cls;
          cls_map = &db.profiles[cls];
        }
        auto it = cls_map->emplace_hint(cls_map->end(), p.name, std::move(p));
        profiles.emplace(q.i64(0), &it->second);
      }
    }
    // Child rows come in pid order, so consecutive rows usually share a parent: remember the
    // last one rather than hash every row.
    auto profile_lookup = [&profiles]() {
      return [&profiles, last_pid = std::int64_t{-1}, last = static_cast<Profile*>(nullptr)](
                 std::int64_t pid) mutable {
        if (pid != last_pid) {
          auto it = profiles.find(pid);
          last = it == profiles.end() ? nullptr : it->second;
          last_pid = pid;
        }
        return last;
      };
    };
    {
      auto profile_of = profile_lookup();
      Query q(*this, prepared("SELECT pid, id, access, count FROM profile_access ORDER BY pid, seq"));
      while (q.step()) {
        Profile* p = profile_of(q.i64(0));
        if (!p) continue;
        p->acl.push_back(AccessEntry{q.bytes(1), q.access(2), q.i64(3)});
      }
    }
    {
      auto profile_of = profile_lookup();
      Query q(*this, prepared("SELECT pid, id, access, when_class, when_name, count "
                              "FROM profile_conditional_access ORDER BY pid, seq"));
      while (q.step()) {
        Profile* p = profile_of(q.i64(0));
        if (!p) continue;
        p->conditional_acl.push_back(
            ConditionalEntry{q.bytes(1), q.access(2), q.bytes(3), q.bytes(4), q.i64(5)});
      }
    }
    {
      auto profile_of = profile_lookup();
      Query q(*this, prepared("SELECT pid, member FROM profile_members ORDER BY pid, seq"));
      while (q.step())
        if (Profile* p = profile_of(q.i64(0))) p->members.push_back(q.bytes(1));
    }
    {
      auto profile_of = profile_lookup();
      Query q(*this, prepared("SELECT pid, legacy_key, enhanced_key, enhanced_type, "
                              "enhanced_timeout, enhanced_replay FROM profile_ssignon"));
      while (q.step()) {
        Profile* p = profile_of(q.i64(0));
        if (!p) continue;
        SsignOn s;
        s.legacy_key = q.bytes(1);
        s.enhanced_key = q.bytes(2);
        s.enhanced_type = q.enumerated<PassTicketType>(3, 1, "PassTicket type");
        s.enhanced_timeout = q.i32(4);
        s.enhanced_replay = q.flag(5);
        p->ssignon = std::move(s);
      }
    }
    {
      auto profile_of = profile_lookup();
      Query q(*this, prepared("SELECT pid, user_id, group_id, trusted, privileged, trace FROM profile_stdata"));
      while (q.step()) {
        Profile* p = profile_of(q.i64(0));
        if (!p) continue;
        StData s;
        s.user = q.bytes(1);
        s.group = q.bytes(2);
        s.trusted = q.flag(3);
        s.privileged = q.flag(4);
        s.trace = q.flag(5);
        p->stdata = std::move(s);
      }
    }

    {
      Query q(*this, prepared("SELECT grplist, when_program, inactive, pw_interval, pw_revoke, "
                              "pw_history, pw_warning, pw_mixedcase, pw_min_change "
                              "FROM options WHERE singleton = 1"));
      if (q.step()) {
        Options& o = db.options;
        o.grplist = q.flag(0);
        o.when_program = q.flag(1);
        o.inactive = q.i32(2);
        o.password.interval = q.i32(3);
        o.password.revoke = q.i32(4);
        o.password.history = q.i32(5);
        o.password.warning = q.i32(6);
        o.password.mixedcase = q.flag(7);
        o.password.min_change = q.i32(8);
      }
    }
    {
      Query q(*this, prepared("SELECT option, cls FROM option_classes"));
      while (q.step()) {
        std::string option = q.bytes(0);
        std::set<std::string>* set = option == "CLASSACT"  ? &db.options.classact
                                     : option == "RACLIST" ? &db.options.raclist
                                     : option == "GENERIC" ? &db.options.generic
                                     : option == "GENCMD"  ? &db.options.gencmd
                                     : option == "AUDIT"   ? &db.options.audit
                                                           : nullptr;
        if (set) set->insert(q.bytes(1));
      }
    }

    {
      Query q(*this, prepared("SELECT user_id, label, sdn_filter, idn_filter, trusted, created "
                              "FROM cert_maps ORDER BY user_id, label"));
      while (q.step()) {
        CertMap m;
        m.user = q.bytes(0);
        m.label = q.bytes(1);
        m.subject_filter = q.bytes(2);
        m.issuer_filter = q.bytes(3);
        m.trusted = q.flag(4);
        m.created = q.i64(5);
        auto& by_label = db.cert_maps[m.user];
        std::string label = m.label;
        by_label.emplace(std::move(label), std::move(m));
      }
    }

    if (own) exec_cached("COMMIT");
    return db;
  } catch (...) {
    if (own && !sqlite3_get_autocommit(db_.get()))
      sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace

std::unique_ptr<Store> open_sqlite(const std::string& path) { return std::make_unique<SqliteStore>(path); }

}  // namespace zgate::saf::store

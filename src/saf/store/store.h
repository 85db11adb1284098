#pragma once
// Where the security database lives. The manager keeps the whole database in memory and writes
// every change through a Store before it takes effect; a change the Store has committed must
// survive kill -9 of the process. SQLite is the default (sqlite_store.cpp); PostgreSQL later.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "saf/model.h"
#include "saf/store/raclist_image.h"

namespace zgate::saf::store {

class Store {
 public:
  virtual ~Store() = default;

  // Reads the whole database (at start-up).
  virtual Database load() = 0;

  // Each call is its own committed transaction unless it falls inside begin()/commit(), which
  // groups many changes into one (bulk loads, one RACF command that changes several things).
  virtual void put_user(const User& u) = 0;
  // Also removes the user's certificate name filters, in the same transaction.
  virtual void delete_user(const std::string& id) = 0;
  virtual void put_group(const Group& g) = 0;
  virtual void delete_group(const std::string& id) = 0;
  virtual void put_profile(const Profile& p) = 0;
  virtual void delete_profile(const std::string& cls, const std::string& name) = 0;
  virtual void put_options(const Options& o) = 0;
  // Certificate name filters, keyed by user and label; put_ adds or replaces.
  virtual void put_cert_map(const CertMap& m) = 0;
  virtual void delete_cert_map(const std::string& user, const std::string& label) = 0;

  // Installation settings that are not RACF profiles (the key that protects RACOs, ...).
  virtual std::optional<std::string> setting(const std::string& key) = 0;
  virtual void put_setting(const std::string& key, const std::string& value) = 0;

  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;

  // ---- changes made by other processes (SecurityManager::sync_from_store) -------------------
  // A number that differs from the previous call's whenever another connection to the same
  // database (another process: `zgate racf --db`) has committed in between; this connection's
  // own commits leave it unchanged. SQLite's PRAGMA data_version. A store that cannot tell
  // returns a constant, and the manager then never reloads.
  virtual std::uint64_t data_version() { return 0; }
  // SETROPTS RACLIST(class) REFRESH requests, durable so that a refresh issued by one process
  // reaches every process holding the class in storage: per member class, a counter that each
  // refresh bumps. A class never refreshed is absent.
  virtual std::map<std::string, std::int64_t> raclist_refreshes() { return {}; }
  // Bumps the class's counter (its own transaction, or part of begin()/commit()) and returns
  // the new value.
  virtual std::int64_t bump_raclist_refresh(const std::string& cls) {
    (void)cls;
    return 0;
  }

  // The in-storage copy of each RACLISTed class as its last SETROPTS RACLIST(class) or REFRESH
  // took it, by member class; every process checks a RACLISTed class against it. A class
  // without one (RACLISTed by a zgate before schema version 6) is absent.
  virtual std::map<std::string, RaclistImage> raclist_images() { return {}; }
  // Keeps `profiles` as the class's copy and bumps its REFRESH counter (bump_raclist_refresh),
  // both in one transaction (or in the caller's begin()/commit()); returns the new counter,
  // which is the copy's generation.
  virtual std::int64_t put_raclist_image(const std::string& cls, const ProfileSet& profiles) {
    (void)profiles;
    return bump_raclist_refresh(cls);
  }
  // SETROPTS NORACLIST(class): the copy goes.
  virtual void delete_raclist_image(const std::string& cls) { (void)cls; }

  // ---- PassTicket replay protection (SecurityManager::verify) -------------------------------
  // Records an accepted PassTicket so that no process sharing the database accepts it again:
  // `digest` (a keyed digest of user, application and ticket, never the ticket) is kept until
  // `expires`, the first second at which the ticket would be refused anyway. True when this call
  // recorded it; false when a record of it is live at `now` (expires > now): a replay. Check and
  // record are one statement under the database's write lock, committed before this returns (or
  // with the caller's begin()/commit()), so two processes offered the same ticket cannot both
  // get true, and a restart forgets nothing. Each call also deletes a few expired records
  // (bounded work). Throws when it cannot write: the caller then refuses the ticket.
  virtual bool record_passticket(std::string_view digest, std::int64_t expires, std::int64_t now) = 0;
};

// Opens (creating if needed, migrating an older schema) the SQLite database at `path`;
// ":memory:" gives a private in-memory database for tests. Throws std::runtime_error with
// SQLite's message when the file cannot be opened or is not a zgate database.
std::unique_ptr<Store> open_sqlite(const std::string& path);

}  // namespace zgate::saf::store

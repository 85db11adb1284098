#pragma once
// saf's front: the security manager that connect, otma, tm and the RACF command language talk
// to. It owns the in-memory database (written through the Store first), publishes RACLIST
// snapshots for the decision path, performs VERIFY, and writes audit events.
//
// Concurrency: admin changes and VERIFY's bookkeeping serialise on one mutex; checks read an
// immutable snapshot and never lock. VERIFY does its Argon2id work outside the mutex.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "audit/sink.h"
#include "core/clock.h"
#include "saf/acee.h"
#include "saf/decision.h"
#include "saf/model.h"
#include "saf/replay_cache.h"
#include "saf/snapshot.h"
#include "saf/store/store.h"
#include "saf/verify.h"

namespace zgate::saf {

// Argon2id cost for password and phrase hashes (libsodium crypto_pwhash). The defaults follow
// OWASP's minimum (19 MiB, 2 passes); tests use a cheaper setting.
struct HashCost {
  unsigned long long opslimit = 2;
  std::size_t memlimit = 19u << 20;
};

class SecurityManager {
 public:
  SecurityManager(std::unique_ptr<store::Store> store, audit::Sink& sink,
                  const core::Clock& clock = core::system_clock(), HashCost cost = {});
  ~SecurityManager();

  // ---- reading the database -------------------------------------------------------------
  // Runs f(const Database&) under the lock: a consistent view for listings and commands.
  template <class F>
  auto read(F&& f) const {
    std::lock_guard lk(mu_);
    return f(db_);
  }
  std::optional<User> user(const std::string& id) const;
  std::optional<Group> group(const std::string& id) const;
  std::optional<Profile> profile(const std::string& cls, const std::string& name) const;
  Options options() const;

  // ---- changing it ----------------------------------------------------------------------
  // Each call validates, commits to the store, then updates memory; a class that is not
  // RACLISTed gets a new snapshot at once, a RACLISTed one only at refresh(). Invalid input
  // (a bad ID, an unknown group, a class not in the CDT) throws std::invalid_argument with a
  // message the RACF layer can show.
  void put_user(const User& u);
  void delete_user(const std::string& id);
  void put_group(const Group& g);
  void delete_group(const std::string& id);
  void put_profile(const Profile& p);
  void delete_profile(const std::string& cls, const std::string& name);
  void put_options(const Options& o);
  // Runs several changes as one store transaction (one RACF command, a bulk load).
  void batch(const std::function<void()>& changes);

  // Hashes a password or phrase for a User record with this manager's Argon2id cost.
  std::string hash_secret(std::string_view secret) const;
  // Checks a secret against a stored hash (constant-time inside libsodium).
  static bool secret_matches(const std::string& hash, std::string_view secret);

  // SETROPTS RACLIST(cls) REFRESH: rebuild the snapshot of a RACLISTed class (and its
  // grouping partner) from the database and swap it in.
  void refresh(const std::string& cls);

  // ---- the runtime path -----------------------------------------------------------------
  SnapshotRef snapshot() const { return std::atomic_load(&snapshot_); }

  // FASTAUTH against the current snapshot, with the SMF-style event when the profile's
  // AUDIT settings (or a denial by default) ask for one.
  Decision check(const Acee& acee, std::string_view cls, std::string_view resource,
                 Access requested, const AuthContext& ctx = {}, std::string_view component = "SAF");

  VerifyResult verify(const VerifyRequest& req);

  // Builds an ACEE for a defined user without a credential check, for ids a trusted party
  // vouches for (RACFID, a UTOKEN). nullptr if the user is undefined or revoked (user or group).
  // With even_if_revoked, a revoked user still gets one: only for explaining a decision
  // ("zgate racf check"), never for running work.
  AceeRef acee_for(const std::string& user, const std::string& group = {}, bool even_if_revoked = false);

  // A PassTicket for user/appl from the PTKTDATA profile that applies (APPL.GROUP.USER,
  // APPL.USER, APPL.GROUP, APPL). Auto gives an enhanced ticket when the profile has an
  // enhanced key, as IBM's generator does. nullopt, with `why` set, when no usable key exists.
  enum class TicketKind { Auto, Legacy, Enhanced };
  std::optional<std::string> generate_passticket(const std::string& user, const std::string& appl,
                                                 TicketKind kind = TicketKind::Auto,
                                                 std::string* why = nullptr);

  // The key that seals RACOs (created on first use and kept in the store, so instances
  // sharing a database can open each other's RACOs).
  std::string raco_key();

  // Called after a user changes (revoke, password change, delete): caches of verified
  // credentials (IMS Connect UIDCACHE, the OTMA userid cache) drop that user at once.
  using UserChangeListener = std::function<void(const std::string& user)>;
  int add_user_change_listener(UserChangeListener l);
  void remove_user_change_listener(int id);

  audit::Sink& sink() { return sink_; }
  const core::Clock& clock() const { return clock_; }
  // The user's change counter (bumped by every put_user/delete_user), for ACEE freshness.
  std::uint64_t user_version(const std::string& id) const;

 private:
  void publish_locked(const std::set<std::string>& classes_to_rebuild);
  void rebuild_all_locked();
  void notify_user_changed(const std::string& id);
  void audit(audit::Event e);
  AceeRef build_acee_locked(const User& u, const std::string& group, const VerifyRequest* req) const;
  const Profile* ptktdata_profile_locked(const std::string& user, const std::string& group,
                                         const std::string& appl) const;
  void write_user_locked(const User& u);

  mutable std::mutex mu_;
  std::unique_ptr<store::Store> store_;
  audit::Sink& sink_;
  const core::Clock& clock_;
  HashCost cost_;
  Database db_;
  int batch_depth_ = 0;
  std::set<std::string> batch_dirty_;   // classes changed inside batch()
  bool batch_publish_due_ = false;      // something inside batch() needs a new snapshot

  std::shared_ptr<const Snapshot> snapshot_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const ClassIndex>, StringHash, std::equal_to<>>
      class_indexes_;
  std::unordered_map<std::string, std::uint64_t> user_versions_;

  ReplayCache replay_;  // PassTickets already accepted (guarded by mu_)

  std::mutex listeners_mu_;
  std::map<int, UserChangeListener> listeners_;
  int next_listener_ = 1;
};

// Whether a REVOKE is in force at `now`, applying pending REVOKE(date)/RESUME(date) in date
// order on top of the stored flag.
bool revoked_at(bool revoked, std::int64_t revoke_date, std::int64_t resume_date, std::int64_t now);

}  // namespace zgate::saf

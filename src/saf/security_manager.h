#pragma once
// saf's front: the security manager that connect, otma, tm and the RACF command language talk
// to. It owns the in-memory database (written through the Store first), publishes RACLIST
// snapshots for the decision path, performs VERIFY, and writes audit events.
//
// Concurrency: admin changes and VERIFY's bookkeeping serialise on one mutex; checks read an
// immutable snapshot and never lock. VERIFY does its Argon2id work outside the mutex.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "audit/sink.h"
#include "core/bytes.h"
#include "core/clock.h"
#include "saf/acee.h"
#include "saf/cert_map.h"
#include "saf/decision.h"
#include "saf/model.h"
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

// What class STARTED assigns a started task (SecurityManager::started_task).
struct StartedIdentity {
  std::string user;
  std::string group;
  bool trusted = false;     // STDATA TRUSTED(YES)
  bool privileged = false;  // STDATA PRIVILEGED(YES)
  std::string profile;      // the STARTED profile that decided, for messages and audit

  bool operator==(const StartedIdentity&) const = default;
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
  // Certificate name filters (RACDCERT MAP / ALTMAP / DELMAP). put_cert_map adds the filter or
  // replaces the one with the same user and label. It requires a defined user, a label of 1-32
  // characters, SDNFILTER and/or IDNFILTER in RACF's form (stored re-spelt by racf_dn_text, so
  // 'st=NY' is kept as 'SP=NY'), and no other filter with the same SDNFILTER and IDNFILTER
  // (RACF names the DIGTNMAP profile after the filters, so a pair exists once). Changes take
  // effect at once: zgate has no DIGTNMAP class to RACLIST. delete_user removes the user's
  // filters with it, as RACF's DELUSER deletes the user's DIGTNMAP profiles.
  void put_cert_map(const CertMap& m);
  void delete_cert_map(const std::string& user, const std::string& label);
  // The user's filters in label order (LISTMAP).
  std::vector<CertMap> cert_maps(const std::string& user) const;

  // Runs several changes as one store transaction (one RACF command, a bulk load).
  void batch(const std::function<void()>& changes);

  // Hashes a password or phrase for a User record with this manager's Argon2id cost.
  std::string hash_secret(std::string_view secret) const;
  // Checks a secret against a stored hash (constant-time inside libsodium).
  static bool secret_matches(const std::string& hash, std::string_view secret);

  // SETROPTS RACLIST(cls) REFRESH: rebuild the snapshot of a RACLISTed class (and its
  // grouping partner) from the database and swap it in. The copy it takes is kept in the store
  // with a bumped REFRESH counter, so that every other process holding the class in storage
  // rebuilds it from that copy at its next sync_from_store(), and every process that opens the
  // database later starts from it. put_options() takes the copy at RACLIST(cls) and drops it at
  // NORACLIST(cls).
  void refresh(const std::string& cls);

  // ---- changes made by other processes ---------------------------------------------------
  // Catches up with what other processes (`zgate racf --db`, another instance) committed to the
  // database since the last sync: reloads it when the store says another connection committed,
  // swaps the new copy in, tells the user-change listeners about every user that was changed,
  // added or deleted, rebuilds the snapshot of each class that is not RACLISTed and whose
  // profiles changed, publishes the SETROPTS options and certificate name filters at once, and
  // rebuilds a RACLISTed class only when a SETROPTS RACLIST(class) REFRESH was recorded since
  // (RACF's rule: its in-storage copy otherwise stays as it was). Returns true when it reloaded.
  // A no-op costs one PRAGMA; the manager's own writes never trigger a reload. Checks go on
  // against the current snapshot meanwhile; VERIFY and admin calls wait for the reload (one
  // load() of the database). Skipped while batch() is open. Throws what the store throws.
  // Every change this manager makes also catches up first, so it never writes over another
  // process's change with a stale copy (see docs/decisions.md for the remaining window).
  bool sync_from_store();
  // A background thread calling sync_from_store() every `interval` (zgate serve: 500 ms);
  // calling it again restarts the thread with the new interval. A failed sync is kept for
  // last_sync_error() and retried at the next tick. stop_watching() stops and joins the thread
  // (the destructor does too).
  void start_watching(std::chrono::milliseconds interval);
  void stop_watching();
  // The message of the watcher's most recent failed sync, empty once a sync succeeds.
  std::string last_sync_error() const;

  // ---- the runtime path -----------------------------------------------------------------
  SnapshotRef snapshot() const { return std::atomic_load(&snapshot_); }

  // FASTAUTH against the current snapshot, with the SMF-style event when the profile's
  // AUDIT settings (or a denial by default) ask for one.
  Decision check(const Acee& acee, std::string_view cls, std::string_view resource,
                 Access requested, const AuthContext& ctx = {}, std::string_view component = "SAF");

  VerifyResult verify(const VerifyRequest& req);
  // How many Argon2id verifications VERIFY has run, real and dummy. Every VERIFY that carries a
  // password or phrase runs at least one, whether the user is defined, PROTECTED or not, so
  // that the time of the answer does not tell which (tests count these, never the clock).
  std::uint64_t credential_hashes() const { return credential_hashes_.load(); }

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

  // The user a TLS client certificate maps to through the certificate name filters, given the
  // certificate's subject and issuer DNs in RACF's form (convert OpenSSL's RFC 4514 text with
  // racf_dn_from_rfc4514). nullopt when no filter matches, when the deciding filter is NOTRUST,
  // when a DN is not a DN, or when the mapped user is undefined or revoked (user-level REVOKE;
  // the caller's acee_for also checks the default group's connect). Lock-free apart from the
  // final user check; writes no audit record (the caller audits the sign-on it refuses).
  std::optional<std::string> map_certificate(std::string_view subject_dn, std::string_view issuer_dn) const;
  // The filter that decides for these DNs, trusted or not, whatever the state of its user: to
  // explain a refusal ("NOTRUST filter 'x' of user Y") in the audit record.
  std::optional<CertMap> matching_cert_map(std::string_view subject_dn, std::string_view issuer_dn) const;

  // A started task's identity from class STARTED (started_task.cpp): the STDATA of the profile
  // that matches `member.jobname` (discrete, else the most specific generic), as z/OS assigns
  // it when the procedure `member` starts as job `jobname`. USER(=MEMBER) and GROUP(=MEMBER)
  // become the member name; no GROUP is the user's default group. Read from the current
  // snapshot, so a RACLISTed STARTED class changes only at SETROPTS RACLIST(STARTED) REFRESH.
  // nullopt (deny by default) unless STARTED is active and RACLISTed, a profile with STDATA
  // USER matches, and that user is defined, not revoked and connected to the group.
  std::optional<StartedIdentity> started_task(const std::string& member, const std::string& jobname) const;

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
  // User IDs found changed while catching up under mu_; the listeners hear of them when this
  // goes out of scope, after the lock is released (declare it before the lock_guard).
  class Notices {
   public:
    explicit Notices(SecurityManager& sm) : sm_(sm) {}
    ~Notices();
    Notices(const Notices&) = delete;
    Notices& operator=(const Notices&) = delete;
    std::vector<std::string> ids;

   private:
    SecurityManager& sm_;
  };
  // sync_from_store() under mu_; outside batch() only. Returns true when it reloaded.
  bool catch_up_locked(Notices& n);
  // `images`: the store's RACLIST copies when they were reread (the REFRESH counters moved),
  // nullopt to keep the ones in memory.
  void adopt_locked(Database fresh, std::map<std::string, std::int64_t> refreshes,
                    std::optional<std::map<std::string, store::RaclistImage>> images, Notices& n,
                    bool everything);
  // The index a class is checked against: a RACLISTed class's from its stored copy (the last
  // SETROPTS RACLIST or REFRESH, whichever process issued it), any other from db_.
  std::shared_ptr<const ClassIndex> index_locked(const ClassDescriptor& d) const;
  // The profiles a RACLIST copy of `member` takes: the member class's and its grouping class's.
  store::ProfileSet raclist_profiles_locked(const std::string& member) const;
  void abandon_batch_locked(Notices& n);
  // PassTicket replay protection (passticket_replay.cpp): records the ticket's use in the
  // security database, shared with every process on it. Unrecorded when the store could not
  // write, and the ticket must then be refused. Takes mu_ (and waits for another thread's batch).
  enum class TicketUse { First, Replay, Unrecorded };
  TicketUse record_passticket_use(std::string_view user, std::string_view appl, std::string_view ticket,
                                  std::int64_t expires, std::int64_t now);
  void replay_key_locked(core::Bytes& key);
  // A key kept in the database's settings under `setting`, made (kDatabaseKeyBytes random
  // bytes, hex) by the first process that asks (database_keys.cpp). Throws when the store
  // cannot read or write it.
  static constexpr std::size_t kDatabaseKeyBytes = 32;
  std::string database_key_locked(const char* setting);
  void watch_loop(std::chrono::milliseconds interval);
  void publish_locked(const std::set<std::string>& classes_to_rebuild);
  void publish_cert_maps_locked();
  void rebuild_all_locked();
  void notify_user_changed(const std::string& id);
  void audit(audit::Event e);
  AceeRef build_acee_locked(const User& u, const std::string& group, const VerifyRequest* req) const;
  const Profile* ptktdata_profile_locked(const std::string& user, const std::string& group,
                                         const std::string& appl) const;
  void write_user_locked(const User& u);
  // VERIFY's helpers (verify.cpp, audit_mask.cpp).
  bool check_secret(const std::string& hash, std::string_view secret);
  void dummy_hash_check(std::string_view secret);
  bool record_failures_locked(const std::string& id, int n);
  std::string masked_user_locked(const std::string& id);

  mutable std::mutex mu_;
  std::unique_ptr<store::Store> store_;
  audit::Sink& sink_;
  const core::Clock& clock_;
  HashCost cost_;
  Database db_;
  int batch_depth_ = 0;
  std::thread::id batch_owner_;         // the thread inside batch(), while batch_depth_ > 0
  std::condition_variable batch_end_;   // notified when batch_depth_ returns to 0
  std::set<std::string> batch_dirty_;   // classes changed inside batch()
  bool batch_publish_due_ = false;      // something inside batch() needs a new snapshot
  bool batch_cert_maps_due_ = false;    // a certificate name filter changed inside batch()

  std::shared_ptr<const Snapshot> snapshot_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const ClassIndex>, StringHash, std::equal_to<>>
      class_indexes_;
  std::unordered_map<std::string, std::uint64_t> user_versions_;
  // The compiled certificate name filters, swapped like snapshot_ (std::atomic_load/store).
  CertMapTableRef cert_maps_;

  // VERIFY (guarded by mu_ unless atomic): failed attempts that the store refused to record
  // (the user may not sign on until they are written); the key that masks undefined user IDs
  // in audit records; the hash that undefined and PROTECTED users are checked against.
  std::map<std::string, int> unrecorded_failures_;
  std::string mask_key_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;
  std::atomic<std::uint64_t> credential_hashes_{0};

  // What this manager has seen of the store (guarded by mu_): the data_version after its last
  // load, and the RACLIST REFRESH counters whose refresh it has applied.
  std::uint64_t data_version_ = 0;
  std::map<std::string, std::int64_t> refreshes_;
  // The store's RACLIST copies, by member class (store.h, raclist_images).
  std::map<std::string, store::RaclistImage> raclist_images_;
  // Memory may differ from the database (a batch that failed, then failed to reread it): the
  // next catch-up reloads everything even though data_version has not moved.
  bool reload_due_ = false;

  // The watcher thread (start_watching).
  std::mutex watch_mu_;
  std::condition_variable watch_cv_;
  bool watch_stop_ = false;
  std::thread watcher_;
  mutable std::mutex sync_error_mu_;
  std::string sync_error_;

  std::mutex listeners_mu_;
  std::map<int, UserChangeListener> listeners_;
  int next_listener_ = 1;
};

// Whether a REVOKE is in force at `now`, applying pending REVOKE(date)/RESUME(date) in date
// order on top of the stored flag.
bool revoked_at(bool revoked, std::int64_t revoke_date, std::int64_t resume_date, std::int64_t now);

}  // namespace zgate::saf

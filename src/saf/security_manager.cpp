#include "saf/security_manager.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <utility>

#include "core/bytes.h"
#include "core/text.h"
#include "saf/class_table.h"
#include "saf/passticket.h"

namespace zgate::saf {

bool revoked_at(bool revoked, std::int64_t revoke_date, std::int64_t resume_date, std::int64_t now) {
  // Apply the pending dates that have arrived, earliest first.
  bool r = revoked;
  bool revoke_due = revoke_date > 0 && now >= revoke_date;
  bool resume_due = resume_date > 0 && now >= resume_date;
  if (revoke_due && resume_due) return resume_date >= revoke_date ? false : true;
  if (revoke_due) r = true;
  if (resume_due) r = false;
  return r;
}

SecurityManager::SecurityManager(std::unique_ptr<store::Store> store, audit::Sink& sink,
                                 const core::Clock& clock, HashCost cost)
    : store_(std::move(store)), sink_(sink), clock_(clock), cost_(cost) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  std::lock_guard lk(mu_);
  // data_version before the rest, so that a commit landing during these reads makes the first
  // sync reload again rather than go unseen (the order catch_up_locked uses too).
  data_version_ = store_->data_version();
  refreshes_ = store_->raclist_refreshes();
  raclist_images_ = store_->raclist_images();
  db_ = store_->load();
  rebuild_all_locked();
}

SecurityManager::~SecurityManager() { stop_watching(); }

// ---- reading ------------------------------------------------------------------------------

std::optional<User> SecurityManager::user(const std::string& id) const {
  std::lock_guard lk(mu_);
  const User* u = db_.user(id);
  return u ? std::optional<User>(*u) : std::nullopt;
}

std::optional<Group> SecurityManager::group(const std::string& id) const {
  std::lock_guard lk(mu_);
  const Group* g = db_.group(id);
  return g ? std::optional<Group>(*g) : std::nullopt;
}

std::optional<Profile> SecurityManager::profile(const std::string& cls, const std::string& name) const {
  std::lock_guard lk(mu_);
  const Profile* p = db_.profile(cls, name);
  return p ? std::optional<Profile>(*p) : std::nullopt;
}

Options SecurityManager::options() const {
  std::lock_guard lk(mu_);
  return db_.options;
}

std::uint64_t SecurityManager::user_version(const std::string& id) const {
  std::lock_guard lk(mu_);
  auto it = user_versions_.find(id);
  return it == user_versions_.end() ? 0 : it->second;
}

// ---- snapshots ----------------------------------------------------------------------------

namespace {

bool raclisted(const Options& o, const std::string& member_cls) {
  if (o.raclist.contains(member_cls)) return true;
  const auto* d = find_class(member_cls);
  return d && !d->grouping.empty() && o.raclist.contains(d->grouping);
}

}  // namespace

// A class RACLISTed by a zgate before schema version 6 has no stored copy: it is built from the
// database as it is, until its next REFRESH (docs/decisions.md, "Changes made by another process").
std::shared_ptr<const ClassIndex> SecurityManager::index_locked(const ClassDescriptor& d) const {
  if (raclisted(db_.options, d.name)) {
    if (auto it = raclist_images_.find(d.name); it != raclist_images_.end()) {
      Database copy;
      copy.profiles = it->second.profiles;
      return std::make_shared<ClassIndex>(d, copy);
    }
  }
  return std::make_shared<ClassIndex>(d, db_);
}

store::ProfileSet SecurityManager::raclist_profiles_locked(const std::string& member) const {
  store::ProfileSet out;
  const ClassDescriptor* d = find_class(member);
  for (const std::string& cls : {member, d ? d->grouping : std::string()})
    if (auto it = db_.profiles.find(cls); !cls.empty() && it != db_.profiles.end()) out[cls] = it->second;
  return out;
}

void SecurityManager::rebuild_all_locked() {
  class_indexes_.clear();
  for (const auto& d : class_table())
    if (!d.is_grouping()) class_indexes_[d.name] = index_locked(d);
  publish_locked({});
  publish_cert_maps_locked();
}

// Certificate name filters are compiled into a table of their own: they change rarely, and a
// TLS handshake reads them without the manager's lock. Inside batch() the new table waits for
// the commit, as snapshots do, so no connection maps through a filter that may be rolled back.
void SecurityManager::publish_cert_maps_locked() {
  if (batch_depth_ > 0) {
    batch_cert_maps_due_ = true;
    return;
  }
  std::atomic_store(&cert_maps_, CertMapTableRef(std::make_shared<CertMapTable>(db_)));
}

// Rebuilds the indexes of the given (member) classes, then publishes a snapshot with the
// current options. Callers pass only classes whose changes should be visible now: a RACLISTed
// class keeps its old index until SETROPTS RACLIST(class) REFRESH.
void SecurityManager::publish_locked(const std::set<std::string>& classes_to_rebuild) {
  if (batch_depth_ > 0) {
    batch_dirty_.insert(classes_to_rebuild.begin(), classes_to_rebuild.end());
    batch_publish_due_ = true;  // even when no class changed (options)
    return;
  }
  for (const auto& cls : classes_to_rebuild)
    if (const auto* d = find_class(cls); d && !d->is_grouping()) class_indexes_[cls] = index_locked(*d);
  std::atomic_store(&snapshot_, std::shared_ptr<const Snapshot>(
                                    std::make_shared<Snapshot>(db_.options, class_indexes_, ++generation_)));
}

void SecurityManager::refresh(const std::string& cls) {
  Notices n(*this);
  std::lock_guard lk(mu_);
  catch_up_locked(n);  // REFRESH builds from what is in the database now, whoever wrote it
  std::string member = member_class_of(cls);
  // Recorded first, the copy with its counter: a refresh the store did not take is not done
  // here either, and every other process rebuilds from this copy, not from the database as it
  // is when it looks.
  store::RaclistImage image{0, raclist_profiles_locked(member)};
  image.generation = store_->put_raclist_image(member, image.profiles);
  refreshes_[member] = image.generation;
  raclist_images_[member] = std::move(image);
  publish_locked({member});
}

// ---- changes made by other processes -------------------------------------------------------

SecurityManager::Notices::~Notices() {
  for (const auto& id : ids) {
    try {
      sm_.notify_user_changed(id);
    } catch (...) {
      // A listener that throws must not take the caller (or an unwinding exception) down.
    }
  }
}

namespace {

const std::map<std::string, Profile>& profiles_of(const Database& db, const std::string& cls) {
  static const std::map<std::string, Profile> kNone;
  auto it = db.profiles.find(cls);
  return it == db.profiles.end() ? kNone : it->second;
}

std::int64_t refresh_count(const std::map<std::string, std::int64_t>& m, const std::string& cls) {
  auto it = m.find(cls);
  return it == m.end() ? 0 : it->second;
}

}  // namespace

bool SecurityManager::sync_from_store() {
  Notices n(*this);  // destroyed after the lock: listeners run unlocked
  std::lock_guard lk(mu_);
  return catch_up_locked(n);
}

bool SecurityManager::catch_up_locked(Notices& n) {
  // Inside batch() the store's transaction (BEGIN IMMEDIATE, taken after a catch-up) holds the
  // write lock: nobody else can have committed, and memory holds uncommitted changes.
  if (batch_depth_ > 0) return false;
  std::uint64_t dv = store_->data_version();
  if (dv == data_version_ && !reload_due_) return false;
  // In this order: a commit that lands between two of these reads has also moved data_version
  // past dv, so the next sync reloads again. Reading the REFRESH counters before the profiles
  // means a counter is never taken as applied while the profiles it refers to are unread.
  auto refreshes = store_->raclist_refreshes();
  // The copies are reread only when a counter moved (every RACLIST and REFRESH moves one), so
  // the reload that a sign-on's statistics cause elsewhere does not decode them all again.
  std::optional<std::map<std::string, store::RaclistImage>> images;
  if (refreshes != refreshes_ || reload_due_) images = store_->raclist_images();
  Database fresh = store_->load();
  data_version_ = dv;
  adopt_locked(std::move(fresh), std::move(refreshes), std::move(images), n, std::exchange(reload_due_, false));
  return true;
}

// Swaps a freshly loaded database in for db_: the users that differ go to the listeners (and get
// a new user_version, so cached ACEEs are seen to be stale), classes are rebuilt by RACF's rules
// (or all of them, with everything), options and certificate name filters published at once.
void SecurityManager::adopt_locked(Database fresh, std::map<std::string, std::int64_t> refreshes,
                                   std::optional<std::map<std::string, store::RaclistImage>> images,
                                   Notices& n, bool everything) {
  std::size_t first_notice = n.ids.size();
  for (const auto& [id, u] : db_.users)
    if (auto it = fresh.users.find(id); it == fresh.users.end() || !(it->second == u)) n.ids.push_back(id);
  for (const auto& [id, _] : fresh.users)
    if (!db_.users.contains(id)) n.ids.push_back(id);
  for (std::size_t i = first_notice; i < n.ids.size(); ++i) ++user_versions_[n.ids[i]];

  std::set<std::string> rebuild;
  for (const auto& d : class_table()) {
    if (d.is_grouping()) continue;
    bool was = raclisted(db_.options, d.name);
    bool is = raclisted(fresh.options, d.name);
    if (was != is) {
      rebuild.insert(d.name);  // RACLIST / NORACLIST, as put_options does
    } else if (is) {
      if (refresh_count(refreshes, d.name) != refresh_count(refreshes_, d.name)) rebuild.insert(d.name);
    } else if (profiles_of(db_, d.name) != profiles_of(fresh, d.name) ||
               (!d.grouping.empty() && profiles_of(db_, d.grouping) != profiles_of(fresh, d.grouping))) {
      rebuild.insert(d.name);
    }
  }
  bool options_changed = !(db_.options == fresh.options);
  bool cert_maps_changed = db_.cert_maps != fresh.cert_maps;

  db_ = std::move(fresh);
  refreshes_ = std::move(refreshes);
  if (images) raclist_images_ = std::move(*images);
  if (everything) {
    rebuild_all_locked();
    return;
  }
  if (options_changed || !rebuild.empty()) publish_locked(rebuild);
  if (cert_maps_changed) publish_cert_maps_locked();
}

void SecurityManager::start_watching(std::chrono::milliseconds interval) {
  stop_watching();
  {
    std::lock_guard lk(watch_mu_);
    watch_stop_ = false;
  }
  watcher_ = std::thread([this, interval] { watch_loop(interval); });
}

void SecurityManager::stop_watching() {
  if (!watcher_.joinable()) return;
  {
    std::lock_guard lk(watch_mu_);
    watch_stop_ = true;
  }
  watch_cv_.notify_all();
  watcher_.join();
}

void SecurityManager::watch_loop(std::chrono::milliseconds interval) {
  std::unique_lock lk(watch_mu_);
  while (!watch_cv_.wait_for(lk, interval, [this] { return watch_stop_; })) {
    lk.unlock();
    std::string error;
    try {
      sync_from_store();
    } catch (const std::exception& e) {
      error = e.what();  // SQLITE_BUSY beyond the timeout, a disk error: try again next tick
    } catch (...) {
      error = "unknown error";
    }
    {
      std::lock_guard elk(sync_error_mu_);
      sync_error_ = std::move(error);
    }
    lk.lock();
  }
}

std::string SecurityManager::last_sync_error() const {
  std::lock_guard lk(sync_error_mu_);
  return sync_error_;
}

// ---- changing the database ------------------------------------------------------------------

void SecurityManager::write_user_locked(const User& u) {
  store_->put_user(u);
  db_.users[u.id] = u;
  ++user_versions_[u.id];
}

void SecurityManager::put_user(const User& u) {
  if (!racf_id_valid(u.id)) throw std::invalid_argument("user ID " + u.id + " is not a valid RACF user ID");
  {
    Notices n(*this);
    std::lock_guard lk(mu_);
    catch_up_locked(n);
    if (db_.group(u.id)) throw std::invalid_argument(u.id + " is already defined as a group");
    if (!db_.group(u.default_group))
      throw std::invalid_argument("default group " + u.default_group + " is not defined");
    if (!u.connect(u.default_group))
      throw std::invalid_argument("user " + u.id + " is not connected to its default group");
    for (const auto& c : u.connects)
      if (!db_.group(c.group)) throw std::invalid_argument("group " + c.group + " is not defined");
    write_user_locked(u);
  }
  notify_user_changed(u.id);
}

void SecurityManager::delete_user(const std::string& id) {
  {
    Notices n(*this);
    std::lock_guard lk(mu_);
    catch_up_locked(n);
    if (!db_.user(id)) throw std::invalid_argument("user " + id + " is not defined");
    store_->delete_user(id);  // and the user's certificate name filters (store.h)
    db_.users.erase(id);
    ++user_versions_[id];
    if (db_.cert_maps.erase(id) > 0) publish_cert_maps_locked();
  }
  notify_user_changed(id);
}

void SecurityManager::put_group(const Group& g) {
  if (!racf_id_valid(g.id)) throw std::invalid_argument("group " + g.id + " is not a valid RACF group name");
  Notices n(*this);
  std::lock_guard lk(mu_);
  catch_up_locked(n);
  if (db_.user(g.id)) throw std::invalid_argument(g.id + " is already defined as a user");
  if (g.superior.empty() ? g.id != "SYS1" : !db_.group(g.superior))
    throw std::invalid_argument("superior group " + (g.superior.empty() ? "(none)" : g.superior) +
                                " is not defined");
  store_->put_group(g);
  db_.groups[g.id] = g;
}

void SecurityManager::delete_group(const std::string& id) {
  Notices n(*this);
  std::lock_guard lk(mu_);
  catch_up_locked(n);
  if (!db_.group(id)) throw std::invalid_argument("group " + id + " is not defined");
  store_->delete_group(id);
  db_.groups.erase(id);
}

void SecurityManager::put_profile(const Profile& p) {
  const ClassDescriptor* d = find_class(p.cls);
  if (!d) throw std::invalid_argument("class " + p.cls + " is not defined");
  if (p.name.empty() || p.name.size() > static_cast<std::size_t>(d->max_length))
    throw std::invalid_argument("profile name " + p.name + " is not valid for class " + p.cls);
  Notices n(*this);
  std::lock_guard lk(mu_);
  catch_up_locked(n);
  store_->put_profile(p);
  db_.profiles[p.cls][p.name] = p;
  std::string member = member_class_of(p.cls);
  publish_locked(raclisted(db_.options, member) ? std::set<std::string>{} : std::set<std::string>{member});
}

void SecurityManager::delete_profile(const std::string& cls, const std::string& name) {
  Notices n(*this);
  std::lock_guard lk(mu_);
  catch_up_locked(n);
  if (!db_.profile(cls, name)) throw std::invalid_argument("profile " + name + " is not defined in class " + cls);
  store_->delete_profile(cls, name);
  db_.profiles[cls].erase(name);
  std::string member = member_class_of(cls);
  publish_locked(raclisted(db_.options, member) ? std::set<std::string>{} : std::set<std::string>{member});
}

void SecurityManager::put_options(const Options& o) {
  Notices n(*this);
  std::lock_guard lk(mu_);
  catch_up_locked(n);
  // RACLIST(class) takes the in-storage copy now and keeps it in the store for every process;
  // NORACLIST drops it and goes back to reading the database. Both rebuild the class's index.
  std::set<std::string> rebuild;
  std::map<std::string, store::RaclistImage> taken;
  for (const auto& d : class_table()) {
    if (d.is_grouping() || raclisted(db_.options, d.name) == raclisted(o, d.name)) continue;
    rebuild.insert(d.name);
    if (raclisted(o, d.name)) taken[d.name] = {0, raclist_profiles_locked(d.name)};
  }
  // The options and the copies in one transaction (the caller's, inside batch()).
  const bool own = batch_depth_ == 0 && !rebuild.empty();
  if (own) store_->begin();
  try {
    store_->put_options(o);
    for (const auto& cls : rebuild) {
      if (auto t = taken.find(cls); t != taken.end())
        t->second.generation = store_->put_raclist_image(cls, t->second.profiles);
      else
        store_->delete_raclist_image(cls);
    }
    if (own) store_->commit();
  } catch (...) {
    if (own) store_->rollback();
    throw;
  }
  db_.options = o;
  for (const auto& cls : rebuild) raclist_images_.erase(cls);
  for (auto& [cls, image] : taken) {
    refreshes_[cls] = image.generation;
    raclist_images_[cls] = std::move(image);
  }
  publish_locked(rebuild);
}

void SecurityManager::batch(const std::function<void()>& changes) {
  {
    Notices n(*this);
    std::lock_guard lk(mu_);
    if (batch_depth_ == 0) {
      // The write lock first, then catch up: what the batch validates against is then the
      // latest committed state, and nobody else can commit until it is done.
      store_->begin();
      try {
        catch_up_locked(n);
      } catch (...) {
        store_->rollback();
        throw;
      }
      batch_owner_ = std::this_thread::get_id();
    }
    ++batch_depth_;
  }
  try {
    changes();
  } catch (...) {
    Notices n(*this);
    std::lock_guard lk(mu_);
    if (--batch_depth_ == 0) {
      abandon_batch_locked(n);
      batch_end_.notify_all();
    }
    throw;
  }
  Notices n(*this);
  std::lock_guard lk(mu_);
  if (--batch_depth_ == 0) {
    batch_end_.notify_all();  // the lock is held: waiters see the end once the commit is done
    try {
      store_->commit();
    } catch (...) {
      // A COMMIT that fails (a full disk) leaves memory ahead of the database, and the next
      // change of the same user or profile would write the whole record back, failed change
      // and all: undo it in memory as a failed change does.
      abandon_batch_locked(n);
      throw;
    }
    auto dirty = std::move(batch_dirty_);
    batch_dirty_.clear();
    if (std::exchange(batch_publish_due_, false)) publish_locked(dirty);
    if (std::exchange(batch_cert_maps_due_, false)) publish_cert_maps_locked();
  }
}

// The end of a batch that did not commit. Memory may hold part of it: roll the store back,
// reread what is committed, and tell the listeners about the users the batch had changed, since
// their change is gone. Nothing of the batch was published (snapshots and certificate name
// filters wait for the commit), so checks never saw it.
void SecurityManager::abandon_batch_locked(Notices& n) {
  batch_dirty_.clear();
  batch_publish_due_ = false;
  batch_cert_maps_due_ = false;
  try {
    store_->rollback();
    data_version_ = store_->data_version();
    auto refreshes = store_->raclist_refreshes();
    auto images = store_->raclist_images();
    Database committed = store_->load();
    adopt_locked(std::move(committed), std::move(refreshes), std::move(images), n, true);
    reload_due_ = false;
  } catch (...) {
    // The store cannot even be read back: the next catch-up (which every change and VERIFY
    // makes first) reloads, whatever data_version says. The caller sees the batch's error.
    reload_due_ = true;
  }
}

// ---- certificate name filters ---------------------------------------------------------------

namespace {

// RACDCERT's limits: WITHLABEL is up to 32 characters; a name filter up to 1024 (unverified
// for RACF: CA Top Secret's equivalent SDNFILTR allows 1024).
constexpr std::size_t kMaxLabel = 32;
constexpr std::size_t kMaxFilter = 1024;
// A certificate's DN longer than this is refused before parsing (a real one is well under 1 KB).
constexpr std::size_t kMaxCertificateDn = 64 * 1024;

std::string canonical_filter(const std::string& filter, const char* keyword) {
  if (filter.size() > kMaxFilter)
    throw std::invalid_argument(std::string(keyword) + " is longer than 1024 characters");
  auto dn = parse_racf_dn(filter);
  if (!dn)
    throw std::invalid_argument(std::string(keyword) + " '" + filter +
                                "' is not a distinguished name in RACF's form (CN=name.OU=unit.O=org.C=US)");
  return racf_dn_text(*dn);
}

}  // namespace

void SecurityManager::put_cert_map(const CertMap& in) {
  CertMap m = in;
  if (m.label.empty() || m.label.size() > kMaxLabel ||
      std::any_of(m.label.begin(), m.label.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
    throw std::invalid_argument("label '" + m.label + "' is not valid: 1 to 32 printable characters");
  m.subject_filter = canonical_filter(m.subject_filter, "SDNFILTER");
  m.issuer_filter = canonical_filter(m.issuer_filter, "IDNFILTER");
  if (m.subject_filter.empty() && m.issuer_filter.empty())
    throw std::invalid_argument("a certificate name filter needs SDNFILTER, IDNFILTER or both");
  Notices n(*this);
  std::lock_guard lk(mu_);
  catch_up_locked(n);
  if (!db_.user(m.user)) throw std::invalid_argument("user " + m.user + " is not defined");
  for (const auto& [user, by_label] : db_.cert_maps)
    for (const auto& [label, other] : by_label)
      if (!(user == m.user && label == m.label) && other.subject_filter == m.subject_filter &&
          other.issuer_filter == m.issuer_filter)
        throw std::invalid_argument("a certificate name filter with the same SDNFILTER and IDNFILTER is already "
                                    "defined (label '" + label + "' of user " + user + ")");
  store_->put_cert_map(m);
  db_.cert_maps[m.user][m.label] = m;
  publish_cert_maps_locked();
}

void SecurityManager::delete_cert_map(const std::string& user, const std::string& label) {
  Notices n(*this);
  std::lock_guard lk(mu_);
  catch_up_locked(n);
  auto u = db_.cert_maps.find(user);
  if (u == db_.cert_maps.end() || !u->second.contains(label))
    throw std::invalid_argument("no certificate name filter with label '" + label + "' for user " + user);
  store_->delete_cert_map(user, label);
  u->second.erase(label);
  if (u->second.empty()) db_.cert_maps.erase(u);
  publish_cert_maps_locked();
}

std::vector<CertMap> SecurityManager::cert_maps(const std::string& user) const {
  std::lock_guard lk(mu_);
  std::vector<CertMap> out;
  if (auto u = db_.cert_maps.find(user); u != db_.cert_maps.end())
    for (const auto& [_, m] : u->second) out.push_back(m);
  return out;
}

std::optional<CertMap> SecurityManager::matching_cert_map(std::string_view subject_dn,
                                                          std::string_view issuer_dn) const {
  if (subject_dn.size() > kMaxCertificateDn || issuer_dn.size() > kMaxCertificateDn) return std::nullopt;
  auto subject = parse_racf_dn(subject_dn);
  auto issuer = parse_racf_dn(issuer_dn);
  if (!subject || !issuer) return std::nullopt;
  CertMapTableRef table = std::atomic_load(&cert_maps_);  // keeps the table alive while matching
  const CertMap* m = table->match(*subject, *issuer);
  return m ? std::optional<CertMap>(*m) : std::nullopt;
}

std::optional<std::string> SecurityManager::map_certificate(std::string_view subject_dn,
                                                            std::string_view issuer_dn) const {
  auto m = matching_cert_map(subject_dn, issuer_dn);
  if (!m || !m->trusted) return std::nullopt;  // NOTRUST: matched, and refused
  std::lock_guard lk(mu_);
  const User* u = db_.user(m->user);
  if (!u || revoked_at(u->revoked, u->revoke_date, u->resume_date, clock_.now())) return std::nullopt;
  return u->id;
}

std::string SecurityManager::hash_secret(std::string_view secret) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, secret.data(), secret.size(), cost_.opslimit, cost_.memlimit) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool SecurityManager::secret_matches(const std::string& hash, std::string_view secret) {
  if (hash.empty()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), secret.data(), secret.size()) == 0;
}

// ---- listeners ------------------------------------------------------------------------------

int SecurityManager::add_user_change_listener(UserChangeListener l) {
  std::lock_guard lk(listeners_mu_);
  int id = next_listener_++;
  listeners_[id] = std::move(l);
  return id;
}

void SecurityManager::remove_user_change_listener(int id) {
  std::lock_guard lk(listeners_mu_);
  listeners_.erase(id);
}

void SecurityManager::notify_user_changed(const std::string& id) {
  std::lock_guard lk(listeners_mu_);
  for (auto& [_, l] : listeners_) l(id);
}

// ---- auditing -------------------------------------------------------------------------------

void SecurityManager::audit(audit::Event e) {
  e.time = clock_.now();
  // A sink that fails must not turn a refusal into an exception the caller may not expect (or
  // a sign-on into a crash): the decision stands and the operator hears of the lost record.
  try {
    sink_.write(e);
  } catch (const std::exception& x) {
    std::fprintf(stderr, "zgate: AUDIT RECORD LOST (%s %s user %s rc %d): %s\n", audit::event_name(e.code),
                 audit::qualifier_text(e.code, e.qualifier), e.user.c_str(), e.racf_rc, x.what());
  }
}

Decision SecurityManager::check(const Acee& acee, std::string_view cls, std::string_view resource,
                                Access requested, const AuthContext& ctx, std::string_view component) {
  Decision d = snapshot()->check(acee, cls, resource, requested, ctx);
  if (d.log) {
    audit::Event e;
    e.code = audit::EventCode::Access;
    e.qualifier = d.rc == kRcDenied ? audit::access_q::kInsufficientAuthority
                  : d.reason == Reason::Warning ? audit::access_q::kWarning
                                                : audit::access_q::kSuccess;
    e.violation = d.rc == kRcDenied;
    e.warning = d.reason == Reason::Warning;
    e.user = acee.user;
    e.group = acee.group;
    e.component = std::string(component);
    e.appl = acee.appl;
    e.terminal = ctx.terminal.empty() ? acee.terminal : ctx.terminal;
    e.resource_class = std::string(cls);
    e.resource = std::string(resource);
    e.profile = d.profile;
    e.generic = d.generic;
    e.access_requested = access_name(requested);
    e.access_granted = access_name(d.granted);
    e.racf_rc = d.rc;
    e.detail = reason_text(d.reason);
    audit(std::move(e));
  }
  return d;
}

}  // namespace zgate::saf

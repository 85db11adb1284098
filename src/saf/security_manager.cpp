#include "saf/security_manager.h"

#include <sodium.h>

#include <algorithm>
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
  db_ = store_->load();
  std::lock_guard lk(mu_);
  rebuild_all_locked();
}

SecurityManager::~SecurityManager() = default;

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

void SecurityManager::rebuild_all_locked() {
  class_indexes_.clear();
  for (const auto& d : class_table())
    if (!d.is_grouping()) class_indexes_[d.name] = std::make_shared<ClassIndex>(d, db_);
  publish_locked({});
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
    if (const auto* d = find_class(cls); d && !d->is_grouping())
      class_indexes_[cls] = std::make_shared<ClassIndex>(*d, db_);
  std::atomic_store(&snapshot_, std::shared_ptr<const Snapshot>(
                                    std::make_shared<Snapshot>(db_.options, class_indexes_, ++generation_)));
}

void SecurityManager::refresh(const std::string& cls) {
  std::lock_guard lk(mu_);
  publish_locked({member_class_of(cls)});
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
    std::lock_guard lk(mu_);
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
    std::lock_guard lk(mu_);
    if (!db_.user(id)) throw std::invalid_argument("user " + id + " is not defined");
    store_->delete_user(id);
    db_.users.erase(id);
    ++user_versions_[id];
  }
  notify_user_changed(id);
}

void SecurityManager::put_group(const Group& g) {
  if (!racf_id_valid(g.id)) throw std::invalid_argument("group " + g.id + " is not a valid RACF group name");
  std::lock_guard lk(mu_);
  if (db_.user(g.id)) throw std::invalid_argument(g.id + " is already defined as a user");
  if (g.superior.empty() ? g.id != "SYS1" : !db_.group(g.superior))
    throw std::invalid_argument("superior group " + (g.superior.empty() ? "(none)" : g.superior) +
                                " is not defined");
  store_->put_group(g);
  db_.groups[g.id] = g;
}

void SecurityManager::delete_group(const std::string& id) {
  std::lock_guard lk(mu_);
  if (!db_.group(id)) throw std::invalid_argument("group " + id + " is not defined");
  store_->delete_group(id);
  db_.groups.erase(id);
}

void SecurityManager::put_profile(const Profile& p) {
  const ClassDescriptor* d = find_class(p.cls);
  if (!d) throw std::invalid_argument("class " + p.cls + " is not defined");
  if (p.name.empty() || p.name.size() > static_cast<std::size_t>(d->max_length))
    throw std::invalid_argument("profile name " + p.name + " is not valid for class " + p.cls);
  std::lock_guard lk(mu_);
  store_->put_profile(p);
  db_.profiles[p.cls][p.name] = p;
  std::string member = member_class_of(p.cls);
  publish_locked(raclisted(db_.options, member) ? std::set<std::string>{} : std::set<std::string>{member});
}

void SecurityManager::delete_profile(const std::string& cls, const std::string& name) {
  std::lock_guard lk(mu_);
  if (!db_.profile(cls, name)) throw std::invalid_argument("profile " + name + " is not defined in class " + cls);
  store_->delete_profile(cls, name);
  db_.profiles[cls].erase(name);
  std::string member = member_class_of(cls);
  publish_locked(raclisted(db_.options, member) ? std::set<std::string>{} : std::set<std::string>{member});
}

void SecurityManager::put_options(const Options& o) {
  std::lock_guard lk(mu_);
  Options old = db_.options;
  store_->put_options(o);
  db_.options = o;
  // RACLIST(class) builds the in-storage copy now; NORACLIST goes back to reading the
  // database, so both rebuild the class's index from what is stored.
  std::set<std::string> rebuild;
  for (const auto& d : class_table()) {
    if (d.is_grouping()) continue;
    if (raclisted(old, d.name) != raclisted(o, d.name)) rebuild.insert(d.name);
  }
  publish_locked(rebuild);
}

void SecurityManager::batch(const std::function<void()>& changes) {
  {
    std::lock_guard lk(mu_);
    if (batch_depth_++ == 0) store_->begin();
  }
  try {
    changes();
  } catch (...) {
    std::lock_guard lk(mu_);
    if (--batch_depth_ == 0) {
      store_->rollback();
      // Memory may hold part of the batch: reread what is committed.
      db_ = store_->load();
      batch_dirty_.clear();
      batch_publish_due_ = false;
      rebuild_all_locked();
    }
    throw;
  }
  std::lock_guard lk(mu_);
  if (--batch_depth_ == 0) {
    store_->commit();
    auto dirty = std::move(batch_dirty_);
    batch_dirty_.clear();
    if (std::exchange(batch_publish_due_, false)) publish_locked(dirty);
  }
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
  sink_.write(e);
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

#include "connect/uid_cache.h"

#include <sodium.h>

namespace zgate::connect {

UidCache::UidCache(saf::SecurityManager& saf, std::chrono::seconds age)
    : saf_(saf), age_seconds_(age.count()) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  randombytes_buf(hash_key_.data(), hash_key_.size());
  listener_ = saf_.add_user_change_listener([this](const std::string& user) { drop_user(user); });
}

UidCache::~UidCache() {
  saf_.remove_user_change_listener(listener_);
  sodium_memzero(hash_key_.data(), hash_key_.size());
}

UidCache::Digest UidCache::digest(std::string_view password) const {
  Digest d{};
  crypto_generichash(d.data(), d.size(), reinterpret_cast<const unsigned char*>(password.data()),
                     password.size(), hash_key_.data(), hash_key_.size());
  return d;
}

std::string UidCache::key(const Key& k) {
  // The user first: drop_user() finds a user's entries by this prefix.
  std::string out = k.user;
  for (const std::string* part : {&k.group, &k.appl, &k.datastore}) {
    out.push_back('\0');
    out += *part;
  }
  return out;
}

saf::AceeRef UidCache::find(const Key& k, std::string_view password) {
  const Digest d = digest(password);
  const std::int64_t now = saf_.clock().now();
  std::lock_guard lk(mu_);
  auto it = entries_.find(key(k));
  if (it == entries_.end()) return nullptr;
  // UIDAGE: an entry older than the age is gone; VERIFY runs again and refreshes it.
  if (now - it->second.stored >= age_seconds_) {
    entries_.erase(it);
    return nullptr;
  }
  if (sodium_memcmp(d.data(), it->second.credential.data(), d.size()) != 0) return nullptr;
  return it->second.acee;
}

void UidCache::store(const Key& k, std::string_view password, saf::AceeRef acee) {
  Entry e{digest(password), std::move(acee), saf_.clock().now()};
  std::lock_guard lk(mu_);
  entries_[key(k)] = std::move(e);
}

void UidCache::drop_user(const std::string& user) {
  std::lock_guard lk(mu_);
  const std::string prefix = user + '\0';
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->first.compare(0, prefix.size(), prefix) == 0) it = entries_.erase(it);
    else ++it;
  }
}

void UidCache::clear() {
  std::lock_guard lk(mu_);
  entries_.clear();
}

std::size_t UidCache::size() const {
  std::lock_guard lk(mu_);
  return entries_.size();
}

}  // namespace zgate::connect

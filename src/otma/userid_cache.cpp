#include "otma/userid_cache.h"

namespace zgate::otma {

UseridCache::UseridCache(std::size_t initial_size) {
  map_.max_load_factor(1.0f);
  map_.reserve(initial_size == 0 ? kDefaultSize : initial_size);
}

// User and group IDs are at most 8 RACF characters and never contain a blank, so a blank
// separates them unambiguously.
std::string UseridCache::key(const std::string& user, const std::string& group) {
  std::string k = user;
  k += ' ';
  k += group;
  return k;
}

std::optional<UseridCache::Entry> UseridCache::find(const std::string& user, const std::string& group) const {
  std::lock_guard lk(mu_);
  auto it = map_.find(key(user, group));
  if (it == map_.end()) return std::nullopt;
  return it->second;
}

void UseridCache::put(const std::string& user, const std::string& group, saf::AceeRef acee,
                      std::int64_t created) {
  std::lock_guard lk(mu_);
  // unordered_map rehashes to a larger table when the load factor passes 1: the table grows
  // as IMS's does instead of evicting users.
  map_[key(user, group)] = Entry{std::move(acee), created};
}

void UseridCache::erase(const std::string& user, const std::string& group) {
  std::lock_guard lk(mu_);
  map_.erase(key(user, group));
}

std::size_t UseridCache::erase_user(const std::string& user) {
  const std::string prefix = user + ' ';
  std::lock_guard lk(mu_);
  std::size_t n = 0;
  for (auto it = map_.begin(); it != map_.end();) {
    if (it->first.compare(0, prefix.size(), prefix) == 0) {
      it = map_.erase(it);
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

std::size_t UseridCache::clear() {
  std::lock_guard lk(mu_);
  std::size_t n = map_.size();
  map_.clear();
  return n;
}

std::size_t UseridCache::size() const {
  std::lock_guard lk(mu_);
  return map_.size();
}

std::size_t UseridCache::buckets() const {
  std::lock_guard lk(mu_);
  return map_.bucket_count();
}

}  // namespace zgate::otma

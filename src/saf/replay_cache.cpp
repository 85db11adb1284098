#include "saf/replay_cache.h"

#include <sodium.h>

#include <cstring>
#include <stdexcept>

#include "core/secret.h"

namespace zgate::saf {

ReplayCache::ReplayCache(std::size_t max_entries) : max_entries_(max_entries) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
  randombytes_buf(key_.data(), key_.size());
}

ReplayCache::~ReplayCache() { core::secure_wipe(key_.data(), key_.size()); }

std::size_t ReplayCache::DigestHash::operator()(const Digest& d) const noexcept {
  std::size_t h;
  std::memcpy(&h, d.data(), sizeof h);
  return h;
}

ReplayCache::Digest ReplayCache::digest(std::string_view user, std::string_view appl,
                                        std::string_view ticket) const {
  crypto_generichash_state st;
  crypto_generichash_init(&st, key_.data(), key_.size(), std::tuple_size_v<Digest>);
  // Length-prefixed fields, so "AB"+"C" and "A"+"BC" differ.
  auto field = [&st](std::string_view s, bool upper) {
    const auto n = static_cast<std::uint8_t>(s.size() > 255 ? 255 : s.size());
    crypto_generichash_update(&st, &n, 1);
    for (std::size_t i = 0; i < n; ++i) {
      auto c = static_cast<unsigned char>(s[i]);
      if (upper && c >= 'a' && c <= 'z') c = static_cast<unsigned char>(c - 'a' + 'A');
      crypto_generichash_update(&st, &c, 1);
    }
  };
  field(user, true);
  field(appl, true);
  field(ticket, false);
  Digest out;
  crypto_generichash_final(&st, out.data(), out.size());
  core::secure_wipe(&st, sizeof st);
  return out;
}

void ReplayCache::prune(std::int64_t now) {
  while (!expiries_.empty() && expiries_.top().first <= now) {
    const auto& [when, d] = expiries_.top();
    // A digest re-added after expiring has a newer heap entry; only the entry whose time
    // matches the map's removes it.
    auto it = entries_.find(d);
    if (it != entries_.end() && it->second == when) entries_.erase(it);
    expiries_.pop();
  }
}

bool ReplayCache::first_use(std::string_view user, std::string_view appl,
                            std::string_view ticket, std::int64_t forget_after,
                            std::int64_t now) {
  prune(now);
  const Digest d = digest(user, appl, ticket);
  if (entries_.contains(d)) return false;  // pruned above, so still live
  if (forget_after <= now) return true;    // nothing left to protect
  if (entries_.size() >= max_entries_) return false;  // fail closed, see the header
  entries_.emplace(d, forget_after);
  expiries_.emplace(forget_after, d);
  return true;
}

}  // namespace zgate::saf

#pragma once
// IMS Connect's RACF user ID cache (HWS UIDCACHE=Y, UIDAGE=seconds): a user ID that VERIFY
// accepted keeps its ACEE for UIDAGE seconds, so a client that sends its password with every
// message is not re-hashed (Argon2id) each time.
//
// What is remembered is a keyed hash of the credential (BLAKE2b under a key drawn at start-up
// and never stored), never the credential: a message with a different password misses the
// cache and goes to VERIFY. PassTickets are never cached: each is good once (replay
// protection), and a cache hit would let the same ticket in again.
// A change to the user in saf (REVOKE, password change, delete, CONNECT) empties that user's
// entries at once through saf's user-change listener.
#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "saf/security_manager.h"

namespace zgate::connect {

class UidCache {
 public:
  UidCache(saf::SecurityManager& saf, std::chrono::seconds age);
  ~UidCache();
  UidCache(const UidCache&) = delete;
  UidCache& operator=(const UidCache&) = delete;

  // Everything the VERIFY was given besides the credential: an entry answers only for the
  // same user, group, application (the APPL class check) and data store.
  struct Key {
    std::string user, group, appl, datastore;
  };
  // The cached ACEE for this key and password, or nullptr (absent, aged, or the password
  // differs).
  saf::AceeRef find(const Key& k, std::string_view password);
  void store(const Key& k, std::string_view password, saf::AceeRef acee);
  void drop_user(const std::string& user);
  void clear();

  std::size_t size() const;

 private:
  using Digest = std::array<std::uint8_t, 32>;
  struct Entry {
    Digest credential;
    saf::AceeRef acee;
    std::int64_t stored = 0;
  };
  Digest digest(std::string_view password) const;
  static std::string key(const Key& k);

  saf::SecurityManager& saf_;
  std::int64_t age_seconds_;
  std::array<std::uint8_t, 32> hash_key_{};
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  int listener_ = 0;
};

}  // namespace zgate::connect

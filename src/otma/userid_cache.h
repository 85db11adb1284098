#pragma once
// The userid cache of one TMEMBER: the ACEEs OTMA built by VERIFY for the user IDs that client
// sent, so that the next message from the same user is FASTAUTHed with the cached ACEE and RACF
// is not called again ("RACF security levels for OTMA", CHECK). IMS builds one per client after
// a successful client-bid, sized from the bid's hash table size, and re-VERIFIes an entry once
// it is older than the member's ACEE aging value.
//
// The table is a std::unordered_map reserved to the bid's size: like IMS's, it starts at a
// size and grows (rehashes) when it fills rather than refusing users. Thread-safe: messages of
// one member arrive on several threads.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "saf/acee.h"

namespace zgate::otma {

class UseridCache {
 public:
  // IMS's default when the client names no hash table size (zgate's choice; IBM's figure could
  // not be found).
  static constexpr std::size_t kDefaultSize = 64;

  explicit UseridCache(std::size_t initial_size = kDefaultSize);

  struct Entry {
    saf::AceeRef acee;
    std::int64_t created = 0;  // when VERIFY built it (clock seconds)
  };

  // The entry for user+group (group empty = the user's default group), if any. The caller
  // decides whether it has aged out; see fresh().
  std::optional<Entry> find(const std::string& user, const std::string& group) const;
  void put(const std::string& user, const std::string& group, saf::AceeRef acee, std::int64_t created);
  // Drops one entry (an aged one that failed re-VERIFY).
  void erase(const std::string& user, const std::string& group);
  // Drops every entry of a user, whatever the group. Returns how many.
  std::size_t erase_user(const std::string& user);
  std::size_t clear();
  std::size_t size() const;        // ACEECT
  std::size_t buckets() const;     // current hash table size (grows as it fills)

  // An entry is usable while younger than the aging value. An aging value of 0 means every
  // message re-VERIFIes (zgate's reading; the cache then only holds the last ACEE).
  static bool fresh(const Entry& e, std::int64_t now, std::int64_t acee_age) {
    return now - e.created < acee_age;
  }

 private:
  static std::string key(const std::string& user, const std::string& group);

  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> map_;
};

}  // namespace zgate::otma

#pragma once
// PassTicket replay protection: RACF rejects a PassTicket already used "for this user ID,
// application and time range" unless the PTKTDATA profile bypasses it (APPLDATA('NO REPLAY
// PROTECTION'), or the enhanced-PassTicket replay setting, SsignOn::enhanced_replay) — that
// decision is the caller's; this class only remembers.
//
// The cache never holds a ticket: it keeps a 16-byte keyed BLAKE2b digest of user/appl/ticket
// under a random key made per instance, so neither a memory dump nor a guess-and-hash attack on
// the 8-character space gives tickets back.
//
// NOT thread-safe: the caller serialises access (SecurityManager holds its mutex around it).
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <queue>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace zgate::saf {

class ReplayCache {
 public:
  // max_entries bounds memory. Entries live only until they expire (at most a ticket's window,
  // ~20 minutes), so the bound is only reached by a flood of *valid* tickets; when it is, the
  // cache fails closed (first_use returns false) rather than forget a ticket early.
  explicit ReplayCache(std::size_t max_entries = std::size_t{1} << 20);
  ~ReplayCache();
  ReplayCache(const ReplayCache&) = delete;
  ReplayCache& operator=(const ReplayCache&) = delete;

  // True the first time user/appl/ticket is seen (and remembers it until forget_after); false
  // if it was already accepted and now < its forget_after, or if the cache is full. User and
  // appl are compared upper-cased, the ticket exactly. Expired entries are pruned as it goes.
  // forget_after: the first second at which the ticket could no longer be accepted anyway.
  // A safe choice for both algorithms is generation time + kLegacyWindowSeconds + 1 (the
  // enhanced window is at most 600 s either side too).
  bool first_use(std::string_view user, std::string_view appl, std::string_view ticket,
                 std::int64_t forget_after, std::int64_t now);

  std::size_t size() const { return entries_.size(); }

 private:
  using Digest = std::array<std::uint8_t, 16>;
  struct DigestHash {
    std::size_t operator()(const Digest& d) const noexcept;  // the digest is already uniform
  };
  using Expiry = std::pair<std::int64_t, Digest>;

  Digest digest(std::string_view user, std::string_view appl, std::string_view ticket) const;
  void prune(std::int64_t now);

  std::array<std::uint8_t, 32> key_{};
  std::size_t max_entries_;
  std::unordered_map<Digest, std::int64_t, DigestHash> entries_;
  // Soonest expiry on top, so pruning costs O(log n) per expired entry and nothing otherwise.
  std::priority_queue<Expiry, std::vector<Expiry>, std::greater<Expiry>> expiries_;
};

}  // namespace zgate::saf

// The RACO ODBM trusts: raco_trust.h says when.
#include "odbm/raco_trust.h"

#include <limits>

#include <sodium.h>

namespace zgate::odbm {

RacoTrust::RacoTrust(core::SecretString key_hex, std::int64_t max_age) : key_(std::move(key_hex)), max_age_(max_age) {}

RacoTrust::Result RacoTrust::open(std::span<const std::uint8_t> raco, std::int64_t now) {
  std::string key(key_.reveal());
  // Opened without an age limit first, so that a stale RACO is told from a forged one.
  auto opened = saf::open_raco(raco, key, now, std::numeric_limits<std::int64_t>::max() / 4);
  sodium_memzero(key.data(), key.size());
  if (!opened) return {Verdict::Forged, nullptr};
  if (now - opened->sealed > max_age_) return {Verdict::Stale, nullptr};

  std::lock_guard lock(mu_);
  // Forget the nonces of RACOs too old to be accepted anyway.
  while (!by_time_.empty() && now - by_time_.front().first > max_age_) {
    seen_.erase(by_time_.front().second);
    by_time_.pop_front();
  }
  if (!seen_.insert(opened->nonce).second) return {Verdict::Replayed, nullptr};
  // Kept in seal order as far as the clock allows; a RACO sealed earlier than the newest one
  // kept is remembered until the newest one goes (a little longer than needed, never shorter).
  std::int64_t t = by_time_.empty() ? opened->sealed : std::max(opened->sealed, by_time_.back().first);
  by_time_.emplace_back(t, opened->nonce);
  return {Verdict::Trusted, opened->acee};
}

const char* verdict_text(RacoTrust::Verdict v) {
  switch (v) {
    case RacoTrust::Verdict::Trusted: return "TRUSTED";
    case RacoTrust::Verdict::Forged: return "RACO SEAL DOES NOT VERIFY (FORGED, ALTERED OR MALFORMED)";
    case RacoTrust::Verdict::Stale: return "RACO IS TOO OLD";
    case RacoTrust::Verdict::Replayed: return "RACO WAS ALREADY USED (REPLAY)";
  }
  return "?";
}

}  // namespace zgate::odbm

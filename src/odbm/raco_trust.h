#pragma once
// The RACO ODBM trusts: a RACF environment object sealed by its IMS Connect (saf/tokens.h,
// HMAC-SHA-256 under the installation's RACO key), opened once. IBM: IMS Connect with RACF=Y
// authenticates the user and passes a RACO to ODBM, which builds the thread's ACEE from it.
// zgate's ODBM believes a RACO only when
//   - its seal verifies under the RACO key (a forged or altered one does not),
//   - it was sealed no more than `max_age` seconds ago (nor more than a minute ahead), and
//   - its nonce was not seen before within that age (a replayed one was).
// Each refusal says which of the three it was, for the audit record.
//
// Thread safety: open() may be called from any thread.
#include <cstdint>
#include <deque>
#include <mutex>
#include <set>
#include <span>
#include <string>

#include "core/secret.h"
#include "saf/tokens.h"

namespace zgate::odbm {

class RacoTrust {
 public:
  // `key_hex`: SecurityManager::raco_key(). `max_age`: seconds.
  RacoTrust(core::SecretString key_hex, std::int64_t max_age);

  enum class Verdict : std::uint8_t { Trusted, Forged, Stale, Replayed };
  struct Result {
    Verdict verdict = Verdict::Forged;
    saf::AceeRef acee;  // set when Trusted
  };
  Result open(std::span<const std::uint8_t> raco, std::int64_t now);

  std::int64_t max_age() const { return max_age_; }

 private:
  core::SecretString key_;
  std::int64_t max_age_;
  std::mutex mu_;
  std::set<saf::RacoNonce> seen_;
  std::deque<std::pair<std::int64_t, saf::RacoNonce>> by_time_;  // sealed time, oldest first
};

const char* verdict_text(RacoTrust::Verdict v);

}  // namespace zgate::odbm

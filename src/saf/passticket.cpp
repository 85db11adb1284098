// PassTicket evaluation and the helpers both algorithms share. The algorithms themselves are in
// passticket_legacy.cpp and passticket_enhanced.cpp.
#include "saf/passticket.h"

#include <algorithm>

#include "core/ebcdic.h"
#include "core/secret.h"
#include "saf/passticket_internal.h"

namespace zgate::saf::passticket {
namespace detail {

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 8) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return c > ' ' && static_cast<unsigned char>(c) < 0x7F; });
}

Name8 ebcdic_name(std::string_view name) {
  std::string upper(name.substr(0, 8));
  for (char& c : upper)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  Name8 out;
  core::put_ebcdic_padded(out.data(), out.size(), upper, core::CodePage::IBM1047);
  return out;
}

std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return std::nullopt;
  std::vector<std::uint8_t> out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      core::secure_wipe(out.data(), out.size());
      return std::nullopt;
    }
    out[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return out;
}

}  // namespace detail

namespace {

// Wipes a parsed key when evaluation is done with it.
struct KeyBytes {
  std::vector<std::uint8_t> bytes;
  ~KeyBytes() {
    if (!bytes.empty()) core::secure_wipe(bytes.data(), bytes.size());
  }
};

// Regenerates for every second of [now - before, now + after] and compares in constant time
// (the translation to characters loses bits, so the time cannot be read back from a ticket).
// The scan starts at `now` and works outward (now, now-1, now+1, now-2, ...): the same set of
// seconds, but a ticket generated just before it is presented - the usual case - matches after
// one or two candidates instead of hundreds. Every candidate is compared, matching or not,
// until one matches; the generation time is not secret, so stopping at the match leaks
// nothing worth having.
template <typename Coder>
std::optional<std::int64_t> scan(Coder& coder, std::string_view ticket, std::int64_t now,
                                 std::int64_t before, std::int64_t after) {
  auto try_at = [&](std::int64_t t) {
    std::string candidate = coder.at(t);
    const bool match = core::secure_equal(candidate, ticket);
    core::secure_wipe(candidate.data(), candidate.size());
    return match;
  };
  const std::int64_t reach = std::max(before, after);
  for (std::int64_t d = 0; d <= reach; ++d) {
    if (d <= before && try_at(now - d)) return now - d;
    if (d > 0 && d <= after && try_at(now + d)) return now + d;
  }
  return std::nullopt;
}

// The enhanced window. IBM documents the timeout (EPTTIMEOUT / TIMEOUT, 1-600 s, default 60) as
// how long an enhanced PassTicket stays valid; it does not say (in what could be retrieved)
// whether a ticket from a clock slightly ahead is accepted. The legacy rule is symmetric
// ("within plus or minus 10 minutes", to absorb clock differences), so zgate applies the
// timeout symmetrically too: generation time in [now - timeout, now + timeout]. [UNVERIFIED]
constexpr int kEnhancedTimeoutMin = 1;
constexpr int kEnhancedTimeoutMax = 600;

std::optional<std::int64_t> evaluate_enhanced(const SsignOn& keys, std::string_view ticket,
                                              std::string_view user, std::string_view appl,
                                              std::int64_t now) {
  auto parsed = detail::parse_hex(keys.enhanced_key);
  if (!parsed) return std::nullopt;
  KeyBytes key{std::move(*parsed)};
  if (key.bytes.size() < detail::kEnhancedKeyMin || key.bytes.size() > detail::kEnhancedKeyMax)
    return std::nullopt;
  const int timeout = std::clamp(keys.enhanced_timeout, kEnhancedTimeoutMin, kEnhancedTimeoutMax);
  detail::EnhancedCoder coder(key.bytes, user, appl, keys.enhanced_type);
  return scan(coder, ticket, now, timeout, timeout);
}

std::optional<std::int64_t> evaluate_legacy(const SsignOn& keys, std::string_view ticket,
                                            std::string_view user, std::string_view appl,
                                            std::int64_t now) {
  auto parsed = detail::parse_hex(keys.legacy_key);
  if (!parsed) return std::nullopt;
  KeyBytes key{std::move(*parsed)};
  if (key.bytes.size() != 8) return std::nullopt;
  detail::LegacyCoder coder(key.bytes, user, appl);
  return scan(coder, ticket, now, kLegacyWindowSeconds, kLegacyWindowSeconds);
}

}  // namespace

// Which key applies when a PTKTDATA profile holds both:
//  * generation: the enhanced one. IBM, "Using the RCVTPTGN service to generate a PassTicket"
//    (https://www.ibm.com/docs/en/zos/2.4.0?topic=passticket-using-rcvtptgn-service-generate):
//    "In the case where a PTKTDATA class profile is configured to contain both a legacy
//    PassTicket key and enhanced PassTicket key, an enhanced PassTicket is returned."
//    (SecurityManager::generate_passticket applies this; generate_* here take one key each.)
//  * evaluation: the enhanced algorithm first, then the legacy one, so that a profile can hold
//    both keys while generators move from legacy to enhanced one by one. [UNVERIFIED: no IBM
//    page stating the evaluation order could be retrieved; this is the migration behaviour
//    the two-key design implies. If it proves wrong, drop the legacy fallback below.]
std::optional<std::int64_t> evaluate(const SsignOn& keys, std::string_view ticket,
                                     std::string_view user, std::string_view appl,
                                     std::int64_t now) {
  if (ticket.size() != 8 || !detail::valid_name(user) || !detail::valid_name(appl))
    return std::nullopt;
  if (!keys.enhanced_key.empty())
    if (auto t = evaluate_enhanced(keys, ticket, user, appl, now)) return t;
  if (!keys.legacy_key.empty())
    if (auto t = evaluate_legacy(keys, ticket, user, appl, now)) return t;
  return std::nullopt;
}

}  // namespace zgate::saf::passticket

#include "connect/client_id.h"

#include <sodium.h>

#include <stdexcept>

namespace zgate::connect {

std::string_view to_string(ClientIdProblem p) {
  switch (p) {
    case ClientIdProblem::None: return "valid";
    case ClientIdProblem::Empty: return "client ID is empty";
    case ClientIdProblem::TooLong: return "client ID is longer than 8 characters";
    case ClientIdProblem::BadCharacter: return "client ID has a character other than A-Z 0-9 @ # $";
    case ClientIdProblem::ReservedPrefix: return "client ID starts with the reserved prefix HWS";
    case ClientIdProblem::PortNumber: return "client ID is an IMS Connect port number";
  }
  return "";
}

ClientIdProblem check_client_id(std::string_view id, bool user_chosen,
                                std::span<const std::uint16_t> ports) {
  if (id.empty()) return ClientIdProblem::Empty;
  if (id.size() > 8) return ClientIdProblem::TooLong;
  bool digits = true;
  for (char c : id) {
    const bool digit = c >= '0' && c <= '9';
    if (!digit && !(c >= 'A' && c <= 'Z') && c != '@' && c != '#' && c != '$')
      return ClientIdProblem::BadCharacter;
    digits = digits && digit;
  }
  if (user_chosen && id.starts_with("HWS")) return ClientIdProblem::ReservedPrefix;
  if (digits) {
    std::uint32_t n = 0;
    for (char c : id) n = n * 10 + static_cast<std::uint32_t>(c - '0');
    for (auto p : ports)
      if (p == n) return ClientIdProblem::PortNumber;
  }
  return ClientIdProblem::None;
}

namespace {
// The permutation works on 26 bits (2^26 >= 36^5) as two 13-bit halves; values past kSpace
// are permuted again until they fall inside it (cycle-walking keeps it a permutation of
// [0, kSpace)). Eight rounds of a keyed PRF (SipHash) are plenty for 26 bits.
constexpr int kHalfBits = 13;
constexpr std::uint32_t kHalfMask = (1u << kHalfBits) - 1;
constexpr int kRounds = 8;
}  // namespace

ClientIdGenerator::ClientIdGenerator() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  randombytes_buf(key_.data(), key_.size());
  counter_ = randombytes_uniform(kSpace);
}

ClientIdGenerator::ClientIdGenerator(std::uint32_t seed) : counter_(seed % kSpace) {
  for (std::size_t i = 0; i < key_.size(); ++i) key_[i] = static_cast<std::uint8_t>(seed >> (8 * (i % 4)) ^ i);
}

std::uint32_t ClientIdGenerator::permute(std::uint32_t v) const {
  static_assert(crypto_shorthash_KEYBYTES == 16);
  do {
    std::uint32_t left = v >> kHalfBits, right = v & kHalfMask;
    for (int round = 0; round < kRounds; ++round) {
      std::uint8_t in[3] = {static_cast<std::uint8_t>(round), static_cast<std::uint8_t>(right >> 8),
                            static_cast<std::uint8_t>(right)};
      std::uint8_t out[crypto_shorthash_BYTES];
      crypto_shorthash(out, in, sizeof in, key_.data());
      const std::uint32_t f = (std::uint32_t{out[0]} << 8 | out[1]) & kHalfMask;
      const std::uint32_t next = left ^ f;
      left = right;
      right = next;
    }
    v = left << kHalfBits | right;
  } while (v >= kSpace);
  return v;
}

std::string ClientIdGenerator::next() {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::uint64_t v = permute(static_cast<std::uint32_t>(counter_.fetch_add(1, std::memory_order_relaxed) % kSpace));
  std::string id = "HWS00000";
  for (int i = 7; i >= 3; --i) {
    id[static_cast<std::size_t>(i)] = kAlphabet[v % 36];
    v /= 36;
  }
  return id;
}

}  // namespace zgate::connect

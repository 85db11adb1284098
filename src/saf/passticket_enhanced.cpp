// Enhanced (HMAC-SHA-512) PassTickets: z/OS 2.4+ RACF Macros and Interfaces, "enhanced
// PassTicket generation algorithm", as implemented by IBM's EnhancedPassTicketGenerator sample
// (Copyright IBM 2020, 2021). Written from the step list in the reference notes (§3.2), which
// was checked step by step against that sample.
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstring>
#include <stdexcept>

#include "core/secret.h"
#include "saf/passticket.h"
#include "saf/passticket_internal.h"

namespace zgate::saf::passticket {
namespace detail {
namespace {

// UPPER uses the first 36 characters, MIXED all 64. Note the order differs from the legacy
// alphabet (digits first here).
constexpr char kEnhancedAlphabet[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

[[noreturn]] void openssl_failed(const char* what) {
  throw std::runtime_error(std::string("OpenSSL HMAC-SHA-512 failed: ") + what);
}

}  // namespace

std::string enhanced_translate(std::uint64_t v, PassTicketType type) {
  const std::uint64_t base = type == PassTicketType::Upper ? 36 : 64;
  std::string out(8, ' ');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kEnhancedAlphabet[v % base];
    v /= base;
  }
  return out;
}

struct EnhancedCoder::Impl {
  EVP_MAC* mac = nullptr;
  EVP_MAC_CTX* ctx = nullptr;
  PassTicketType type = PassTicketType::Upper;
  // HMAC input of the time-coder rounds: R3B (3) || round number (1) || user||appl (16).
  std::uint8_t buffer[20]{};
  std::uint8_t user_appl_hmac[6]{};  // first 6 bytes of HMAC(key, user||appl)

  void hmac(const std::uint8_t* data, std::size_t n, std::uint8_t out[64]) {
    // A null key re-initialises with the key already set (its padded states are kept).
    std::size_t len = 0;
    if (EVP_MAC_init(ctx, nullptr, 0, nullptr) != 1 || EVP_MAC_update(ctx, data, n) != 1 ||
        EVP_MAC_final(ctx, out, &len, 64) != 1 || len != 64)
      openssl_failed("compute");
  }
  ~Impl() {
    EVP_MAC_CTX_free(ctx);  // clears the keyed states
    EVP_MAC_free(mac);
    core::secure_wipe(user_appl_hmac, sizeof user_appl_hmac);
  }
};

EnhancedCoder::EnhancedCoder(std::span<const std::uint8_t> key, std::string_view user,
                             std::string_view appl, PassTicketType type)
    : impl_(std::make_unique<Impl>()) {
  if (key.size() < kEnhancedKeyMin || key.size() > kEnhancedKeyMax)
    throw std::invalid_argument("enhanced PassTicket key must be 32-256 bytes");
  if (!valid_name(user) || !valid_name(appl))
    throw std::invalid_argument("user and application must be 1-8 characters");
  impl_->type = type;
  impl_->mac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);
  if (impl_->mac == nullptr) openssl_failed("fetch");
  impl_->ctx = EVP_MAC_CTX_new(impl_->mac);
  if (impl_->ctx == nullptr) openssl_failed("context");
  char digest[] = "SHA512";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(impl_->ctx, key.data(), key.size(), params) != 1) openssl_failed("key");

  // Step 1: UA = upper-cased, blank-padded EBCDIC (IBM-1047) user || appl.
  const Name8 u = ebcdic_name(user);
  const Name8 a = ebcdic_name(appl);
  std::memcpy(impl_->buffer + 4, u.data(), 8);
  std::memcpy(impl_->buffer + 12, a.data(), 8);
  // Step 2: H = HMAC-SHA-512(key, UA); only its first 6 bytes are used (step 4).
  std::uint8_t h[64];
  impl_->hmac(impl_->buffer + 4, 16, h);
  std::memcpy(impl_->user_appl_hmac, h, 6);
  core::secure_wipe(h, sizeof h);
}

EnhancedCoder::~EnhancedCoder() = default;

std::uint64_t EnhancedCoder::value48(std::int64_t time) {
  Impl& m = *impl_;
  // Steps 3-4: the time as 6 bytes big-endian, xor the first 6 bytes of H.
  std::uint8_t t[6];
  const auto secs = static_cast<std::uint64_t>(time);
  for (int i = 0; i < 6; ++i)
    t[i] = static_cast<std::uint8_t>((secs >> (8 * (5 - i))) & 0xFF) ^ m.user_appl_hmac[i];

  // Step 5, the time-coder: 6 Feistel rounds on 3-byte halves with HMAC as round function.
  std::uint8_t left[3] = {t[0], t[1], t[2]};
  std::uint8_t right[3] = {t[3], t[4], t[5]};
  std::uint8_t h[64];
  for (int round = 1; round <= 6; ++round) {
    std::memcpy(m.buffer, right, 3);
    m.buffer[3] = static_cast<std::uint8_t>(round);
    m.hmac(m.buffer, sizeof m.buffer, h);
    std::uint8_t x[3] = {static_cast<std::uint8_t>(left[0] ^ h[0]),
                         static_cast<std::uint8_t>(left[1] ^ h[1]),
                         static_cast<std::uint8_t>(left[2] ^ h[2])};
    // UPPER keeps only 1 bit of the first byte on odd rounds, so the final 41-bit value fits
    // in 8 base-36 digits (36^8 > 2^41).
    if (m.type == PassTicketType::Upper && round % 2 == 1) x[0] &= 0x01;
    std::memcpy(left, right, 3);
    std::memcpy(right, x, 3);
  }
  core::secure_wipe(h, sizeof h);
  std::uint64_t v = 0;
  for (std::uint8_t b : left) v = (v << 8) | b;
  for (std::uint8_t b : right) v = (v << 8) | b;
  return v;
}

std::string EnhancedCoder::at(std::int64_t time) {
  return enhanced_translate(value48(time), impl_->type);
}

}  // namespace detail

std::string generate_enhanced(std::span<const std::uint8_t> key, std::string_view user,
                              std::string_view appl, std::int64_t time, PassTicketType type) {
  detail::EnhancedCoder coder(key, user, appl, type);
  return coder.at(time);
}

}  // namespace zgate::saf::passticket

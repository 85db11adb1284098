#pragma once
// The steps of the two PassTicket algorithms, exposed so that tests can check each one against
// the examples IBM publishes and so that evaluate() can precompute once what does not depend
// on the time. Not part of the saf API: include passticket.h instead.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "saf/model.h"

namespace zgate::saf::passticket::detail {

using Name8 = std::array<std::uint8_t, 8>;

// A user ID or application name as both algorithms take it: 1-8 characters, no blanks.
bool valid_name(std::string_view name);
// Upper-cased, IBM-1047, blank-padded to 8 (RACF names are upper case whatever the client sent).
Name8 ebcdic_name(std::string_view name);
// Hex text (either case, even length) to bytes; nullopt if it is not hex.
std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view hex);

// Enhanced keys are ICSF HMAC keys of 32 to 256 bytes (IBM: "Storing PassTicket keys encrypted
// in ICSF"); 64 is recommended and is what zgate generates.
inline constexpr std::size_t kEnhancedKeyMin = 32;
inline constexpr std::size_t kEnhancedKeyMax = 256;

// ---- legacy (DES) -------------------------------------------------------------------------

// The time-coder padding: the user ID (unpadded, EBCDIC) left-justified in 12 bytes, the rest
// X'55'. PAD1 is bytes 0-5, PAD2 bytes 6-11.
std::array<std::uint8_t, 12> legacy_padding(std::string_view user);
// Step G of the time-coder: the bit permutation of round 1..6 on a 16-bit value.
std::uint16_t legacy_permute(std::uint16_t value, int round);
// Step 6: 32 bits to 8 characters of A-Z0-9.
std::string legacy_translate(std::uint32_t result5);

// Everything of the legacy algorithm that does not depend on the time (the DES key schedule,
// R1, R2, the padding blocks), computed once; at() then costs six DES blocks.
class LegacyCoder {
 public:
  LegacyCoder(std::span<const std::uint8_t> key, std::string_view user, std::string_view appl);
  ~LegacyCoder();
  LegacyCoder(const LegacyCoder&) = delete;
  LegacyCoder& operator=(const LegacyCoder&) = delete;

  std::uint32_t result5(std::int64_t time);
  std::string at(std::int64_t time) { return legacy_translate(result5(time)); }

 private:
  struct Impl;  // keeps <openssl/des.h> out of this header
  std::unique_ptr<Impl> impl_;
};

// ---- enhanced (HMAC-SHA-512) --------------------------------------------------------------

// 48 bits to 8 characters: base 36 (UPPER, 0-9A-Z) or base 64 (MIXED, 0-9A-Za-z-_), most
// significant digit first.
std::string enhanced_translate(std::uint64_t value48, PassTicketType type);

// The HMAC key set up once (OpenSSL keeps the padded inner and outer states, so each of the
// six HMACs per second does not hash the key again) and HMAC(key, user||appl) computed once.
class EnhancedCoder {
 public:
  EnhancedCoder(std::span<const std::uint8_t> key, std::string_view user, std::string_view appl,
                PassTicketType type);
  ~EnhancedCoder();
  EnhancedCoder(const EnhancedCoder&) = delete;
  EnhancedCoder& operator=(const EnhancedCoder&) = delete;

  std::uint64_t value48(std::int64_t time);
  std::string at(std::int64_t time);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zgate::saf::passticket::detail

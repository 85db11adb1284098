#pragma once
// The two portable forms of a verified identity:
//   UTOKEN — RACF's 80-byte user token (RUTKN/ICHRUTKN). IMS Connect passes it to OTMA so IMS
//            can VERIFY the user without a password. Like RACF's, it is not a credential on its
//            own: only a trusted caller (zgate's own connect layer) may hand one to OTMA.
//   RACO   — an ACEE flattened to bytes so another zgate instance can rebuild it. Sealed with
//            HMAC-SHA-256 under the installation's RACO key (SecurityManager::raco_key), so it
//            cannot be forged or altered; it carries the time it was sealed, so a receiver can
//            refuse old ones, and a random nonce, so a receiver can refuse one it saw before.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/bytes.h"
#include "saf/acee.h"

namespace zgate::saf {

inline constexpr std::size_t kUtokenLength = 80;
using Utoken = std::array<std::uint8_t, kUtokenLength>;

// RUTKN offsets. +0 to +8 are IBM's documented layout (RACF Data Areas, RUTKN); IBM's offsets
// for the later fields could not be confirmed from public sources, so the user and group
// fields below are zgate's placement within the reserved part (docs/decisions.md).
namespace rutkn {
inline constexpr std::size_t kLen = 0;      // TOKLEN: 80
inline constexpr std::size_t kVersion = 1;  // TOKVERS
inline constexpr std::size_t kFlag1 = 2;    // TOKFLG1
inline constexpr std::size_t kSessionType = 3;  // TOKSTYP
inline constexpr std::size_t kFlag2 = 4;    // TOKFLG2: X'40' TOKUDUS undefined user
inline constexpr std::size_t kPoeClass = 5; // TOKPOEX
inline constexpr std::size_t kSeclabel = 8; // TOKSCL, 8 bytes
inline constexpr std::size_t kPoe = 48;     // port of entry, 8 bytes EBCDIC
inline constexpr std::size_t kUser = 64;    // user ID, 8 bytes EBCDIC
inline constexpr std::size_t kGroup = 72;   // group, 8 bytes EBCDIC
inline constexpr std::uint8_t kVersionValue = 1;
inline constexpr std::uint8_t kUndefinedUser = 0x40;
}  // namespace rutkn

struct UtokenFields {
  std::string user;
  std::string group;
  std::string port_of_entry;
  bool undefined_user = false;
};

Utoken make_utoken(const Acee& acee);
// nullopt when the bytes are not a well-formed UTOKEN (length, version, names).
std::optional<UtokenFields> parse_utoken(std::span<const std::uint8_t> bytes);

// A RACO's one-time identity: 16 random bytes, so that the receiver can refuse a replay.
using RacoNonce = std::array<std::uint8_t, 16>;

// What an opened RACO says: the ACEE, when it was sealed, and its nonce.
struct OpenedRaco {
  AceeRef acee;
  std::int64_t sealed = 0;
  RacoNonce nonce{};
};

// Seals `acee` into a RACO at time `now` (seconds), with a fresh random nonce. key: the hex
// RACO key. Empty when the key is not a RACO key.
core::Bytes seal_raco(const Acee& acee, const std::string& key_hex, std::int64_t now);
// Opens a RACO: nullopt if the seal does not verify, the bytes are malformed, or it was sealed
// more than max_age_seconds before `now` (or in the future by more than a minute). A replay
// within the age is the receiver's to refuse (odbm/raco_trust.h keeps the nonces it has seen).
std::optional<OpenedRaco> open_raco(std::span<const std::uint8_t> raco, const std::string& key_hex,
                                    std::int64_t now, std::int64_t max_age_seconds);

}  // namespace zgate::saf

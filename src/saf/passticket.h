#pragma once
// PassTickets: one-time passwords computed from a user ID, an application name, a secret key
// and the time (reference racf-semantics.md §3). Two algorithms:
//   legacy   — DES-based, the RACF "PassTicket generator algorithm" with its time-coder; valid
//              within ±10 minutes of generation.
//   enhanced — HMAC-SHA-512 (IBM's EnhancedPassTicketGenerator); valid for the profile's
//              timeout (1-600 s, default 60), which zgate applies either side of generation.
// Generation is deterministic for a given second; evaluation regenerates for each second of
// the window and compares in constant time (the legacy translation and the UPPER enhanced
// rounds drop bits, so the time cannot in general be read back from a ticket).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "saf/model.h"

namespace zgate::saf::passticket {

inline constexpr int kLegacyWindowSeconds = 600;

// key: 8 bytes (DES parity bits ignored). user, appl: ASCII, 1-8 characters, upper-cased and
// blank-padded to 8 in EBCDIC (IBM-1047) inside. time: seconds since the epoch, UTC.
// Throws std::invalid_argument for a key or name of the wrong size.
std::string generate_legacy(std::span<const std::uint8_t> key, std::string_view user,
                            std::string_view appl, std::int64_t time);

// key: the HMAC-SHA-512 key, 32-256 bytes (IBM's range for ICSF HMAC keys; 64 recommended).
// Throws std::invalid_argument like generate_legacy.
std::string generate_enhanced(std::span<const std::uint8_t> key, std::string_view user,
                              std::string_view appl, std::int64_t time, PassTicketType type);

// Evaluates `ticket` at time `now` with the keys of a PTKTDATA profile. Returns the generation
// time (seconds) of the matching ticket, or nullopt (never throws on bad input or bad keys).
// With both keys the enhanced algorithm is tried first, then the legacy one (passticket.cpp
// says why). Windows: legacy now±600 s; enhanced now±enhanced_timeout. Replay protection is
// the caller's job (SecurityManager::record_passticket_use, in the security database), since
// it needs the generation time this returns.
std::optional<std::int64_t> evaluate(const SsignOn& keys, std::string_view ticket,
                                     std::string_view user, std::string_view appl,
                                     std::int64_t now);

}  // namespace zgate::saf::passticket

#pragma once
// The SSIGNON operand of RDEFINE/RALTER in the PTKTDATA class: PassTicket keys.
//
// Legacy keys are as z/OS writes them: SSIGNON(KEYMASKED(16 hex digits)). For enhanced
// (HMAC-SHA-512) PassTickets z/OS only accepts a key held in ICSF, SSIGNON(EPTKEYLABEL(label)
// EPTTYPE(...) EPTTIMEOUT(...) EPTREPLAY(...)); zgate has no ICSF, so it takes the key itself
// with the provisional keyword EPTKEYMASKED(128 hex digits). All keyword names live in this
// one function so they can be corrected when the research on the exact z/OS spelling lands.
#include <optional>
#include <string>

#include "racf/tokenizer.h"
#include "saf/model.h"

namespace zgate::racf {

// Applies SSIGNON(...) to `current` (RALTER keeps what is not named). nullopt with `error`
// set (never containing a key) when the operand is malformed.
std::optional<saf::SsignOn> parse_ssignon(const Token& ssignon, saf::SsignOn current, std::string& error);

}  // namespace zgate::racf

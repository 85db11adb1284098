#pragma once
// A user ID that VERIFY finds undefined is often a password typed into the user ID field, so the
// audit record must not hold it. It holds instead the ID's length and a keyed hash: the same
// mistyped text from the same source gives the same mask, so a SIEM can still count and
// correlate repeated attempts, and without the key the mask cannot be tested against guesses.
#include <string>
#include <string_view>

namespace zgate::saf {

// "?<length>:<16 hex digits>", e.g. "?8:3f1c0a9be2d47781"; `key_hex` is 64 hex digits (32 bytes)
// for BLAKE2b (libsodium crypto_generichash). '?' cannot begin a RACF user ID, so a mask is
// never mistaken for one.
std::string masked_user_id(std::string_view id, const std::string& key_hex);

}  // namespace zgate::saf

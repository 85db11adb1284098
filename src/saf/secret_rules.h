#pragma once
// RACF's syntax for passwords and password phrases, in one place: the RACF commands (ADDUSER,
// ALTUSER, PASSWORD, PHRASE) and VERIFY's change on sign-on ask the same two functions, so a
// secret that one of them accepts the other cannot refuse.
#include <string_view>

namespace zgate::saf {

// 1-8 characters from A-Z 0-9 # $ @, and a-z under SETROPTS PASSWORD(MIXEDCASE). The caller
// folds to upper case first when MIXEDCASE is off (RACF folds, then checks).
bool password_syntax_ok(std::string_view pw, bool mixedcase);

// 14-100 characters that do not contain the user ID (compared in upper case, as RACF does).
bool phrase_syntax_ok(std::string_view phrase, std::string_view user);

}  // namespace zgate::saf

#include "saf/secret_rules.h"

#include <algorithm>

#include "core/text.h"

namespace zgate::saf {

bool password_syntax_ok(std::string_view pw, bool mixedcase) {
  if (pw.empty() || pw.size() > 8) return false;
  return std::all_of(pw.begin(), pw.end(), [&](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '#' || c == '$' || c == '@' ||
           (mixedcase && c >= 'a' && c <= 'z');
  });
}

bool phrase_syntax_ok(std::string_view phrase, std::string_view user) {
  if (phrase.size() < 14 || phrase.size() > 100) return false;
  if (user.empty()) return true;
  return core::upper(phrase).find(core::upper(user)) == std::string::npos;
}

}  // namespace zgate::saf

#pragma once
// Reading the operands of assembler macros (stage-1, DBDGEN, PSBGEN decks) after the PROCLIB
// parser (proclib.h) has built their syntax tree: the checks every macro reader makes, each
// failing with a MemberError that names member, line and keyword, as a failed SYSGEN, DBDGEN
// or PSBGEN names its statement.
#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/member_error.h"
#include "core/proclib.h"

namespace zgate::core {

// An IMS name: 1-8 characters A-Z 0-9 @ # $.
inline bool valid_name(std::string_view s) {
  if (s.empty() || s.size() > 8) return false;
  for (char c : s)
    if (!(std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '@' || c == '#' || c == '$'))
      return false;
  return true;
}

// Assembler listing control (PRINT, TITLE, EJECT, SPACE) that decks carry between their
// macros: no meaning to a reader.
inline bool is_listing_statement(std::string_view name) {
  return name == "PRINT" || name == "TITLE" || name == "EJECT" || name == "SPACE";
}

class MacroReader {
 public:
  explicit MacroReader(const Member& m) : m_(m) {}

  [[noreturn]] void fail(int line, const std::string& keyword, const std::string& msg) const {
    throw MemberError(m_.name, line, keyword, msg);
  }

  // The value's elements (a scalar counts as a one-element list), at least one. Nested lists
  // are refused: none of these macros take one.
  std::vector<std::string> elements(const Param& p, std::size_t max) const {
    std::vector<std::string> out;
    if (!p.value.is_list) {
      out.push_back(p.value.scalar);
    } else {
      for (const auto& e : p.value.list) {
        if (!e.positional() || e.value.is_list)
          fail(p.line, p.keyword, "value '" + p.value.to_string() + "' is not a list of plain values");
        out.push_back(e.value.scalar);
      }
    }
    // "()" names nothing: every macro operand that takes a list needs its first element.
    if (out.empty()) fail(p.line, p.keyword, "value '()' is empty");
    if (out.size() > max)
      fail(p.line, p.keyword, "value '" + p.value.to_string() + "' has more than " +
                                  std::to_string(max) + " elements");
    return out;
  }

  std::string scalar(const Param& p) const {
    if (p.value.is_list) fail(p.line, p.keyword, "value '" + p.value.to_string() + "' must not be a list");
    return p.value.scalar;
  }

  void one_of(const Param& p, const std::string& v, std::initializer_list<const char*> allowed,
              bool empty_ok = false) const {
    if (empty_ok && v.empty()) return;
    for (const char* a : allowed)
      if (v == a) return;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : "|") + std::string(a);
    fail(p.line, p.keyword, "value '" + v + "' is not one of " + list);
  }

  // A number from lo to hi; empty is allowed where IBM lets a position default.
  std::optional<long> number(const Param& p, const std::string& v, long lo, long hi,
                             bool empty_ok = true) const {
    if (v.empty()) {
      if (empty_ok) return std::nullopt;
      fail(p.line, p.keyword, "a value is required");
    }
    if (v.size() > 9 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
      fail(p.line, p.keyword, "value '" + v + "' is not a number from " + std::to_string(lo) + " to " +
                                  std::to_string(hi));
    long n = std::stol(v);
    if (n < lo || n > hi)
      fail(p.line, p.keyword, "value '" + v + "' is not a number from " + std::to_string(lo) + " to " +
                                  std::to_string(hi));
    return n;
  }

  // An IMS name (valid_name) given as a single value.
  std::string name(const Param& p) const {
    std::string v = scalar(p);
    if (!valid_name(v)) fail(p.line, p.keyword, "value '" + v + "' is not a name of 1-8 characters A-Z 0-9 @ # $");
    return v;
  }

  void yes_no(const Param& p) const { one_of(p, scalar(p), {"YES", "NO"}); }

  const Member& m_;
};

}  // namespace zgate::core

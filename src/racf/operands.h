#pragma once
// Binds a parsed command's tokens to one command's syntax: how many positional operands it
// takes, and its keywords, abbreviated as TSO allows (any unique prefix of the command's
// keywords; an exact name always wins, so SPECIAL is never read as SPECIALX's prefix).
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "racf/tokenizer.h"

namespace zgate::racf {

// Resolves `word` (already folded) against `keywords`: the exact keyword, else the only
// keyword it is a prefix of. nullopt for an unknown or ambiguous abbreviation.
std::optional<std::string_view> resolve_keyword(std::string_view word, std::span<const std::string_view> keywords);

class Operands {
 public:
  // positional: how many leading operands are positional (a list `(A B)` counts as one).
  // On a syntax problem returns nullopt and sets `error` to an IKJ message naming the
  // keyword only, never its value.
  static std::optional<Operands> bind(const std::vector<Token>& tokens, std::size_t positional,
                                      std::span<const std::string_view> keywords, std::string& error);

  // The n-th positional operand's values: one for a name, several for a list.
  std::vector<const Token*> positional(std::size_t n) const;
  std::size_t positional_count() const { return positional_.size(); }

  bool has(std::string_view kw) const { return find(kw) != nullptr; }
  const Token* find(std::string_view kw) const;
  // Folded values of KW(v1 v2 ...); empty when absent or written without parentheses.
  std::vector<std::string> values(std::string_view kw) const;
  // The single folded value of KW(v); nullopt when absent or not exactly one value.
  std::optional<std::string> value(std::string_view kw) const;
  // The single value as written (case kept): for passwords and installation data.
  std::optional<std::string> raw_value(std::string_view kw) const;
  // Keywords present, canonical names, in command order.
  const std::vector<std::pair<std::string_view, const Token*>>& keywords() const { return keywords_; }

 private:
  std::vector<const Token*> positional_;
  std::vector<std::pair<std::string_view, const Token*>> keywords_;
};

// A sub-operand list such as PASSWORD(INTERVAL(30) REVOKE(3)) bound the same way.
std::optional<Operands> bind_sub(const Token& t, std::span<const std::string_view> keywords, std::string& error);

}  // namespace zgate::racf

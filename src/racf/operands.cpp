#include "racf/operands.h"

#include "racf/messages.h"

namespace zgate::racf {

std::optional<std::string_view> resolve_keyword(std::string_view word, std::span<const std::string_view> keywords) {
  if (word.empty()) return std::nullopt;
  std::optional<std::string_view> found;
  for (auto k : keywords) {
    if (k == word) return k;
    if (k.size() > word.size() && k.substr(0, word.size()) == word) {
      if (found) return std::nullopt;  // ambiguous
      found = k;
    }
  }
  return found;
}

std::optional<Operands> Operands::bind(const std::vector<Token>& tokens, std::size_t positional,
                                       std::span<const std::string_view> keywords, std::string& error) {
  Operands ops;
  std::size_t i = 0;
  // TSO: positional operands come first, in order; a quoted name or a list is always one.
  for (; i < tokens.size() && ops.positional_.size() < positional; ++i) {
    const Token& t = tokens[i];
    if (t.has_args && !t.is_list()) break;  // KEYWORD(...) ends the positionals
    // A positional that spells a keyword is still positional (RLIST TIMS ALL names the
    // profile ALL): TSO reads positionals by position.
    ops.positional_.push_back(&t);
  }
  for (; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.quoted || t.is_list()) {
      error = msg::invalid_keyword(t.quoted ? "'...'" : "(...)");
      return std::nullopt;
    }
    std::string word = t.folded();
    auto kw = resolve_keyword(word, keywords);
    if (!kw) {
      error = msg::invalid_keyword(word);
      return std::nullopt;
    }
    for (const auto& [k, _] : ops.keywords_) {
      if (k == *kw) {
        error = msg::invalid_keyword(word);  // TSO rejects a keyword given twice
        return std::nullopt;
      }
    }
    ops.keywords_.emplace_back(*kw, &t);
  }
  return ops;
}

std::vector<const Token*> Operands::positional(std::size_t n) const {
  std::vector<const Token*> out;
  if (n >= positional_.size()) return out;
  const Token* t = positional_[n];
  if (t->is_list()) {
    for (const auto& a : t->args) out.push_back(&a);
  } else {
    out.push_back(t);
  }
  return out;
}

const Token* Operands::find(std::string_view kw) const {
  for (const auto& [k, t] : keywords_)
    if (k == kw) return t;
  return nullptr;
}

std::vector<std::string> Operands::values(std::string_view kw) const {
  std::vector<std::string> out;
  if (const Token* t = find(kw))
    for (const auto& a : t->args) out.push_back(a.folded());
  return out;
}

std::optional<std::string> Operands::value(std::string_view kw) const {
  const Token* t = find(kw);
  if (!t || t->args.size() != 1 || t->args[0].has_args) return std::nullopt;
  return t->args[0].folded();
}

std::optional<std::string> Operands::raw_value(std::string_view kw) const {
  const Token* t = find(kw);
  if (!t || t->args.size() != 1 || t->args[0].has_args) return std::nullopt;
  return t->args[0].text;
}

std::optional<Operands> bind_sub(const Token& t, std::span<const std::string_view> keywords, std::string& error) {
  return Operands::bind(t.args, 0, keywords, error);
}

}  // namespace zgate::racf

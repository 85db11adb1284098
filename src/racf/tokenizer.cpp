#include "racf/tokenizer.h"

#include "core/text.h"
#include "racf/messages.h"

namespace zgate::racf {

std::string Token::folded() const { return quoted ? text : core::upper(text); }

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
bool is_separator(char c) { return is_blank(c) || c == ','; }

// A recursive-descent reader over one command's text. Errors are reported once, at the first
// problem, without quoting the offending text (it may be a password).
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

  // Reads tokens until ')' (when depth > 0) or the end of the text.
  std::vector<Token> sequence(int depth) {
    std::vector<Token> out;
    for (;;) {
      skip_separators();
      if (pos_ >= s_.size()) {
        if (depth > 0) fail(msg::kUnbalancedParens);
        return out;
      }
      char c = s_[pos_];
      if (c == ')') {
        if (depth == 0) {
          fail(msg::kUnbalancedParens);
          return out;
        }
        ++pos_;
        return out;
      }
      Token t;
      if (c == '(') {
        // A parenthesised list standing on its own: (A B C)
        if (!open_args(t, depth)) return out;
      } else if (c == '\'') {
        if (!quoted(t)) return out;
        if (pos_ < s_.size() && s_[pos_] == '(' && !open_args(t, depth)) return out;
      } else {
        word(t);
        if (pos_ < s_.size() && s_[pos_] == '(' && !open_args(t, depth)) return out;
      }
      out.push_back(std::move(t));
      if (failed()) return out;
    }
  }

 private:
  void fail(std::string_view m) {
    if (error_.empty()) error_ = std::string(m);
  }
  void skip_separators() {
    while (pos_ < s_.size() && is_separator(s_[pos_])) ++pos_;
  }
  bool open_args(Token& t, int depth) {
    if (depth + 1 > kMaxNesting) {
      fail(msg::kTooDeep);
      return false;
    }
    ++pos_;  // '('
    t.has_args = true;
    t.args = sequence(depth + 1);
    return !failed();
  }
  // 'text with '' for a quote'
  bool quoted(Token& t) {
    ++pos_;
    t.quoted = true;
    for (;;) {
      if (pos_ >= s_.size()) {
        fail(msg::kUnbalancedQuotes);
        return false;
      }
      char c = s_[pos_++];
      if (c == '\'') {
        if (pos_ < s_.size() && s_[pos_] == '\'') {
          t.text.push_back('\'');
          ++pos_;
          continue;
        }
        return true;
      }
      t.text.push_back(c);
    }
  }
  // Anything up to a separator or a parenthesis. A quote inside a word is kept as a
  // character, as TSO does for unquoted operands such as O'BRIEN.
  void word(Token& t) {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (is_separator(c) || c == '(' || c == ')') break;
      t.text.push_back(c);
      ++pos_;
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace

ParseResult parse_command(std::string_view text) {
  ParseResult r;
  std::string_view t = core::trim(text);
  std::size_t end = 0;
  while (end < t.size() && !is_separator(t[end]) && t[end] != '(' && t[end] != ')' && t[end] != '\'') ++end;
  if (end == 0) {
    r.error = std::string(msg::kNoCommand);
    return r;
  }
  r.command.verb = core::upper(t.substr(0, end));
  Reader reader(t.substr(end));
  r.command.operands = reader.sequence(0);
  if (reader.failed()) {
    r.error = reader.error();
    r.command.operands.clear();
    return r;
  }
  r.ok = true;
  return r;
}

}  // namespace zgate::racf

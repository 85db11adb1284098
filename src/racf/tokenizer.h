#pragma once
// The TSO operand parser as RACF commands see it: positional operands, KEYWORD(value ...) with
// nested parentheses (PASSWORD(INTERVAL(30) REVOKE(3)), WHEN(PROGRAM(X))), lists written
// `(A B C)` or `A,B,C`, and quoted strings with '' standing for one quote.
//
// The parser knows nothing about any particular command; binding tokens to a command's
// keywords (with TSO's unique-prefix abbreviations) is Operands' job (operands.h). Text is kept
// as written: case folding is the command's decision, because a password stays mixed case
// under SETROPTS PASSWORD(MIXEDCASE) and quoted text never folds.
#include <string>
#include <string_view>
#include <vector>

namespace zgate::racf {

struct Token {
  std::string text;      // as written; quotes removed and '' unescaped when quoted
  bool quoted = false;
  bool has_args = false;  // KEYWORD(...) or, with empty text, a parenthesised list (A B C)
  std::vector<Token> args;

  // The text folded to upper case, unless it was quoted.
  std::string folded() const;
  bool is_list() const { return has_args && text.empty() && !quoted; }
};

struct ParsedCommand {
  std::string verb;  // folded, as typed (an abbreviation such as AU is resolved later)
  std::vector<Token> operands;
};

struct ParseResult {
  bool ok = false;
  ParsedCommand command;
  std::string error;  // an IKJ-style message when !ok; never contains operand values
};

// Parentheses may nest this deep; anything deeper is a syntax error (and keeps a hostile
// command from exhausting the stack).
inline constexpr int kMaxNesting = 16;

ParseResult parse_command(std::string_view text);

}  // namespace zgate::racf

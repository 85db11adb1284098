#pragma once
// The PROCLIB member parser: one syntax for the three kinds of IMS configuration text zgate
// reads (KEYWORD=value, KEYWORD=(v1,v2), KEYWORD=(ID=9999,KEEPAV=10), 'quoted ''text''').
// It builds a faithful syntax tree with line/column positions and reports the first syntax error
// IBM-style; what the keywords mean is checked later, by the layer that owns the member.
//
// Record rules per format (columns are 1-based byte columns of a line; lines end at \n, a
// trailing \r is dropped):
//  * Hwscfg (IMS Connect HWSCFGxx): data in columns 1-72, 73-80 ignored. '*' in column 1 is a
//    comment. Statements are NAME (params). Inside the parentheses, blanks (and record ends) are
//    allowed only after '(' and ','; that is IBM's "comma followed by blanks" continuation. A
//    record whose column 72 is not blank continues directly in column 1 of the next record
//    (IBM's "use all 80 columns" continuation). Statement names and keywords must be upper case.
//  * Dfspb (DFSPBxxx and other KEYWORD=value members): data in columns 1-71, 72-80 ignored. '*'
//    in column 1 is a comment. Parameters are KEYWORD=value separated by commas or blanks,
//    several per record; a list may continue on the next record after a comma. The whole member
//    is one unnamed Statement (always exactly one, possibly without params). Blanks as
//    delimiters follow IBM's DFSDFxxx wording; the DFSPBxxx page was not checked on this point.
//  * Stage1 (system definition macros, assembler format): optional label starting in column 1,
//    operation, operands, remarks. '*' or '.*' in column 1 is a comment. Operands end at the
//    first blank outside quotes. A non-blank in column 72 continues the statement; a continuation
//    record is blank in columns 1-15 and resumes in column 16. Operands that reach column 71
//    continue in column 16 directly; operands that end with ',' and a blank continue in column 16
//    of the next record (the rest of the record is remarks). Operands that end with ',' on a
//    statement that is not continued are an error (the usual missing-column-72 mistake).
//  * Csl (the Common Service Layer's members: CSLDIxxx, CSLDCxxx, DFSCGxxx, DFSDFxxx): IBM's
//    "rightmost eight columns are ignored", so data in columns 1-72. '*' or '#' in column 1 is a
//    comment record, and /* ... */ is a comment anywhere outside quotes (it may span records)
//    that reads as a blank. Parameters are KEYWORD=value or KEYWORD(list), separated by blanks
//    (record ends included) and/or commas, at the top level and inside lists alike:
//    IMSPLEX(NAME=PLEX1), DATASTORE(NAME=IMS1 ALIAS(NAME=IVP1)). A section header
//    <SECTION=name> starts a new Statement named `name` (DFSDFxxx's <SECTION=COMMON_SERVICE_LAYER>);
//    parameters before the first header go to the first, unnamed Statement, which is always
//    there. KEYWORD(list) is kept as KEYWORD=(list): the tree does not tell the two apart.
//
// Values: an unquoted scalar is kept as written. A value that is exactly one quoted string is
// decoded ('' becomes ') and flagged `quoted`; a value mixing quoted and unquoted parts (X'0F')
// is kept as written. "()" is a list with no elements; "(,A)" has an empty first element.
// A keyword is a name (letter or $#@, then letters, digits, $#@_) directly followed by '='.
// Lookups compare keywords and statement names exactly (Dfspb and Stage1 keep the case written).
// Tabs and control characters in data columns are errors; comment records are never parsed.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zgate::core {

enum class MemberFormat { Hwscfg, Dfspb, Stage1, Csl };

struct Param;

struct Value {
  std::string scalar;       // the text of a scalar value (empty for a list, or for KEYWORD=)
  std::vector<Param> list;  // the elements of a parenthesised list
  bool is_list = false;
  bool quoted = false;      // the scalar was one quoted string, now decoded
  int line = 0, column = 0; // where the value starts (its '(' for a list)

  // The first keyword element of a list with this exact keyword, or nullptr.
  const Param* find(std::string_view keyword) const;
  // A scalar as a one-element list (IBM lets EXIT=A stand for EXIT=(A)); a list as the text
  // of each element (nested elements as to_string() renders them).
  std::vector<std::string> items() const;
  // Canonical text: scalars as written (quoted ones re-quoted), lists as (A,B=C,(D)).
  std::string to_string() const;
};

struct Param {
  std::string keyword;  // empty for a positional value
  Value value;
  int line = 0, column = 0;
  bool positional() const { return keyword.empty(); }
};

struct Statement {
  std::string label;  // Stage1 only: the name field in column 1
  std::string name;   // HWS, TCPIP, APPLCTN, ...; empty for Dfspb; Csl: the section's name
  std::vector<Param> params;
  int line = 0, column = 0;  // where the statement (its label, else its name) starts

  const Param* find(std::string_view keyword) const;  // first with this exact keyword
  std::vector<const Param*> find_all(std::string_view keyword) const;  // TCPIP PORT= repeats
  // The scalar of the first param with this keyword, or `fallback` when absent or a list.
  std::string_view scalar(std::string_view keyword, std::string_view fallback = {}) const;
};

struct Member {
  std::string name;
  MemberFormat format = MemberFormat::Hwscfg;
  std::vector<Statement> statements;

  const Statement* find(std::string_view statement_name) const;  // first with this exact name
  std::vector<const Statement*> find_all(std::string_view statement_name) const;
};

struct ParseError {
  std::string member;
  int line = 0, column = 0;  // 0 when the error is about the member as a whole (its size)
  std::string message;
  // "HWSCFG00 line 3 column 17: expected ')' to close the list opened at column 9"
  std::string to_string() const;
};

struct ParseResult {
  Member member;                    // no statements unless ok()
  std::optional<ParseError> error;  // the first syntax error
  bool ok() const { return !error.has_value(); }
};

// Limits that keep hostile input from costing unbounded memory or stack.
inline constexpr std::size_t kProclibMaxMemberBytes = 1 << 20;
inline constexpr int kProclibMaxDepth = 16;              // nested '(' levels
inline constexpr std::size_t kProclibMaxParams = 1 << 18;  // params and list elements in all

// Never throws on bad input; a syntax error comes back in ParseResult::error.
ParseResult parse_member(std::string_view member_name, std::string_view text, MemberFormat format);

}  // namespace zgate::core

#include "core/proclib.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace zgate::core {

// ---------------------------------------------------------------------------------------------
// Tree lookups

const Param* Value::find(std::string_view keyword) const {
  for (const auto& p : list)
    if (p.keyword == keyword) return &p;
  return nullptr;
}

std::vector<std::string> Value::items() const {
  if (!is_list) return {scalar};
  std::vector<std::string> out;
  out.reserve(list.size());
  for (const auto& p : list) {
    if (p.positional() && !p.value.is_list)
      out.push_back(p.value.scalar);
    else
      out.push_back(p.positional() ? p.value.to_string() : p.keyword + "=" + p.value.to_string());
  }
  return out;
}

std::string Value::to_string() const {
  if (!is_list) {
    if (!quoted) return scalar;
    std::string out = "'";
    for (char c : scalar) {
      if (c == '\'') out += '\'';
      out += c;
    }
    return out + "'";
  }
  std::string out = "(";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out += ',';
    if (!list[i].positional()) out += list[i].keyword + "=";
    out += list[i].value.to_string();
  }
  return out + ")";
}

const Param* Statement::find(std::string_view keyword) const {
  for (const auto& p : params)
    if (p.keyword == keyword) return &p;
  return nullptr;
}

std::vector<const Param*> Statement::find_all(std::string_view keyword) const {
  std::vector<const Param*> out;
  for (const auto& p : params)
    if (p.keyword == keyword) out.push_back(&p);
  return out;
}

std::string_view Statement::scalar(std::string_view keyword, std::string_view fallback) const {
  const Param* p = find(keyword);
  if (!p || p->value.is_list) return fallback;
  return p->value.scalar;
}

const Statement* Member::find(std::string_view statement_name) const {
  for (const auto& s : statements)
    if (s.name == statement_name) return &s;
  return nullptr;
}

std::vector<const Statement*> Member::find_all(std::string_view statement_name) const {
  std::vector<const Statement*> out;
  for (const auto& s : statements)
    if (s.name == statement_name) out.push_back(&s);
  return out;
}

std::string ParseError::to_string() const {
  if (line == 0) return fmt::format("{}: {}", member, message);
  return fmt::format("{} line {} column {}: {}", member, line, column, message);
}

// ---------------------------------------------------------------------------------------------
// Parser

namespace {

// One character of the logical text the parser reads, with where it came from. Records are
// flattened into one stream so continuation rules are decided once, when the stream is built.
struct Ch {
  char c;
  int line;
  int col;
  bool brk;           // Hwscfg/Dfspb: a synthetic blank standing for the end of a record
  bool record_start;  // Stage1: the first character (column 16) of a continuation record
};

struct Pos {
  int line;
  int col;
};

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
// $ # @ are the "national" characters z/OS allows in names.
bool name_start(char c) { return is_alpha(c) || c == '$' || c == '#' || c == '@'; }
bool name_char(char c) { return name_start(c) || is_digit(c) || c == '_'; }
bool has_lower(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string describe(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("X'{:02X}'", u);
}

// Reads a member record by record without copying it.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    std::size_t nl = text_.find('\n', pos_);
    std::size_t stop = nl == std::string_view::npos ? text_.size() : nl;
    line = text_.substr(pos_, stop - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
    ++number_;
    return true;
  }
  int number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int number_ = 0;
};

class Parser {
 public:
  Parser(std::string_view member, std::string_view text, MemberFormat format)
      : text_(text), format_(format) {
    result_.member.name = std::string(member);
    result_.member.format = format;
  }

  ParseResult run() {
    if (text_.size() > kProclibMaxMemberBytes) {
      fail({0, 0}, fmt::format("member is {} bytes; the limit is {} bytes", text_.size(),
                               kProclibMaxMemberBytes));
    } else {
      switch (format_) {
        case MemberFormat::Hwscfg: parse_hwscfg(); break;
        case MemberFormat::Dfspb: parse_dfspb(); break;
        case MemberFormat::Stage1: parse_stage1(); break;
        case MemberFormat::Csl: parse_csl(); break;
      }
    }
    if (!result_.ok()) result_.member.statements.clear();
    return std::move(result_);
  }

 private:
  // --- error reporting -------------------------------------------------------------------------

  bool fail(Pos at, std::string message) {
    if (!result_.error)
      result_.error = ParseError{result_.member.name, at.line, at.col, std::move(message)};
    return false;
  }

  static std::string opened_at(Pos open, Pos here) {
    if (open.line == here.line) return fmt::format("column {}", open.col);
    return fmt::format("line {} column {}", open.line, open.col);
  }

  // Control characters cannot come from an 80-byte card image; say which one and where.
  bool check_chars(std::string_view data, int line, int first_col) {
    for (std::size_t k = 0; k < data.size(); ++k) {
      auto u = static_cast<unsigned char>(data[k]);
      if (u == '\t')
        return fail({line, first_col + static_cast<int>(k)},
                    "tab character; records are card images, use blanks");
      if (u < 0x20 || u == 0x7f)
        return fail({line, first_col + static_cast<int>(k)},
                    fmt::format("invalid character X'{:02X}'", u));
    }
    return true;
  }

  // --- stream access -----------------------------------------------------------------------------

  bool at_end() const { return i_ >= s_.size(); }
  const Ch& cur() const { return s_[i_]; }
  Pos pos() const { return at_end() ? end_ : Pos{cur().line, cur().col}; }
  bool at_blank() const { return !at_end() && cur().c == ' '; }
  bool at(char c) const { return !at_end() && !cur().brk && cur().c == c; }
  void skip_blanks() {
    while (at_blank()) ++i_;
  }

  // Name characters from i_ onward (a record end stops a name; a Stage1 join does not).
  std::size_t name_end(std::size_t from) const {
    std::size_t j = from;
    while (j < s_.size() && !s_[j].brk && name_char(s_[j].c)) ++j;
    return j;
  }
  std::string text_of(std::size_t from, std::size_t to) const {
    std::string out;
    out.reserve(to - from);
    for (std::size_t k = from; k < to; ++k) out += s_[k].c;
    return out;
  }

  // Builds the stream for Hwscfg and Dfspb: data columns of each non-comment record, trailing
  // blanks dropped, a `brk` blank where a record ends (unless Hwscfg's column 72 is used, which
  // joins the next record directly).
  bool build_free_form_stream(std::size_t data_cols, bool full_record_joins) {
    LineReader reader(text_);
    std::string_view line;
    end_ = {1, 1};
    while (reader.next(line)) {
      int n = reader.number();
      if (!line.empty() && line[0] == '*') continue;
      std::string_view data = line.substr(0, std::min(line.size(), data_cols));
      if (!check_chars(data, n, 1)) return false;
      std::size_t len = data.size();
      while (len > 0 && data[len - 1] == ' ') --len;
      for (std::size_t k = 0; k < len; ++k)
        s_.push_back({data[k], n, static_cast<int>(k) + 1, false, false});
      if (len > 0) end_ = {n, static_cast<int>(len) + 1};
      bool joins = full_record_joins && data.size() == data_cols && data[data_cols - 1] != ' ';
      // One brk is enough between records; runs of blank records cost nothing.
      if (!joins && !s_.empty() && !s_.back().brk)
        s_.push_back({' ', n, static_cast<int>(len) + 1, true, false});
    }
    // The member's end is reported as the end, not as "the end of a record".
    if (!s_.empty() && s_.back().brk) s_.pop_back();
    return true;
  }

  // Builds the stream for Csl: columns 1-72 of each record that is not a comment record ('*' or
  // '#' in column 1), /* ... */ comments replaced by one blank, trailing blanks dropped, a `brk`
  // blank where a record ends.
  bool build_csl_stream() {
    constexpr std::size_t kDataCols = 72;
    LineReader reader(text_);
    std::string_view line;
    end_ = {1, 1};
    bool in_comment = false;
    Pos comment_open{0, 0};
    std::vector<Ch> rec;
    while (reader.next(line)) {
      int n = reader.number();
      if (!in_comment && !line.empty() && (line[0] == '*' || line[0] == '#')) continue;
      std::string_view data = line.substr(0, std::min(line.size(), kDataCols));
      if (!check_chars(data, n, 1)) return false;
      rec.clear();
      bool in_quote = false;  // quotes do not span records; the value parser reports that
      for (std::size_t k = 0; k < data.size(); ++k) {
        char c = data[k];
        int col = static_cast<int>(k) + 1;
        bool pair = k + 1 < data.size();
        if (in_comment) {
          if (c == '*' && pair && data[k + 1] == '/') {
            in_comment = false;
            ++k;
          }
          continue;
        }
        if (!in_quote && c == '/' && pair && data[k + 1] == '*') {
          in_comment = true;
          comment_open = {n, col};
          rec.push_back({' ', n, col, false, false});
          ++k;
          continue;
        }
        if (c == '\'') in_quote = !in_quote;
        rec.push_back({c, n, col, false, false});
      }
      while (!rec.empty() && rec.back().c == ' ') rec.pop_back();
      if (!rec.empty()) end_ = {rec.back().line, rec.back().col + 1};
      s_.insert(s_.end(), rec.begin(), rec.end());
      if (!s_.empty() && !s_.back().brk) s_.push_back({' ', n, static_cast<int>(data.size()) + 1, true, false});
    }
    if (in_comment)
      return fail(comment_open, "comment opened with /* is not closed with */");
    if (!s_.empty() && s_.back().brk) s_.pop_back();
    return true;
  }

  // --- shared value syntax -------------------------------------------------------------------

  // After a comma: where the next element may start.
  bool after_comma(Pos comma) {
    if (format_ != MemberFormat::Stage1) {
      skip_blanks();  // "comma followed by blanks" continues on the next record
      return true;
    }
    if (at_end() || at_blank()) {
      // Assembler: a comma and a blank end this record's operands; the rest is remarks and the
      // operands resume in column 16 of the continuation record.
      while (!at_end() && !cur().record_start) ++i_;
      if (at_end())
        return fail(comma, "operands end with ',' but the statement is not continued "
                           "(column 72 is blank)");
      if (cur().c == ' ')
        return fail(pos(), "continued operands must resume in column 16");
    }
    return true;
  }

  bool parse_scalar(Value& v) {
    Pos start = pos();
    v.line = start.line;
    v.column = start.col;
    std::string raw, decoded;
    int quoted_parts = 0;
    bool plain = false;
    while (!at_end() && !cur().brk) {
      char c = cur().c;
      if (c == '\'') {
        Pos open = pos();
        ++i_;
        raw += '\'';
        for (;;) {
          if (at_end())
            return fail(pos(), fmt::format("quoted string opened at {} is not closed",
                                           opened_at(open, pos())));
          if (cur().brk)
            return fail(pos(), fmt::format("quoted string opened at {} is not closed before the "
                                           "end of the record",
                                           opened_at(open, pos())));
          char d = cur().c;
          ++i_;
          if (d == '\'') {
            if (at('\'')) {  // '' is one quote
              ++i_;
              decoded += '\'';
              raw += "''";
              continue;
            }
            raw += '\'';
            break;
          }
          decoded += d;
          raw += d;
        }
        ++quoted_parts;
        continue;
      }
      if (c == ',' || c == '(' || c == ')' || c == ' ') break;
      if (c == '=') {
        if (raw.empty()) return fail(pos(), "unexpected '='");
        return fail(pos(), fmt::format("unexpected '=' after '{}'; a keyword starts with a letter "
                                       "or $, # or @",
                                       raw));
      }
      raw += c;
      plain = true;
      ++i_;
    }
    if (quoted_parts == 1 && !plain) {
      v.scalar = std::move(decoded);
      v.quoted = true;
    } else {
      v.scalar = std::move(raw);
    }
    return true;
  }

  bool parse_value(Value& v, int depth) {
    if (at('(')) return parse_list(v, depth);
    return parse_scalar(v);
  }

  // One list element or operand: KEYWORD=value or a positional value.
  bool parse_element(Param& p, int depth) {
    Pos start = pos();
    p.line = start.line;
    p.column = start.col;
    if (++params_ > kProclibMaxParams)
      return fail(start, fmt::format("more than {} parameters in one member", kProclibMaxParams));
    if (!at_end() && !cur().brk && name_start(cur().c)) {
      std::size_t j = name_end(i_);
      if (j < s_.size() && !s_[j].brk && s_[j].c == '=') {
        p.keyword = text_of(i_, j);
        if (format_ == MemberFormat::Hwscfg && has_lower(p.keyword))
          return fail(start, fmt::format("keyword {} must be upper case", p.keyword));
        i_ = j + 1;
      } else if (format_ == MemberFormat::Csl && j < s_.size() && !s_[j].brk && s_[j].c == '(') {
        p.keyword = text_of(i_, j);  // KEYWORD(list): the Csl members' form
        i_ = j;
        return parse_list(p.value, depth);
      }
    }
    return parse_value(p.value, depth);
  }

  // At '(' : a parenthesised list, `depth` lists deep already.
  bool parse_list(Value& v, int depth) {
    Pos open = pos();
    v.is_list = true;
    v.line = open.line;
    v.column = open.col;
    if (depth + 1 > kProclibMaxDepth)
      return fail(open, fmt::format("lists are nested more than {} deep", kProclibMaxDepth));
    ++i_;
    if (format_ != MemberFormat::Stage1) skip_blanks();
    if (at(')')) {
      ++i_;
      return true;
    }
    for (;;) {
      Param p;
      if (!parse_element(p, depth + 1)) return false;
      v.list.push_back(std::move(p));
      if (format_ == MemberFormat::Csl) {
        // Blanks and record ends separate elements as a comma does.
        bool delimited = at_blank();
        skip_blanks();
        if (at(',')) {
          ++i_;
          skip_blanks();
          if (at(')'))
            return fail(pos(), "expected an element after ','");
          continue;
        }
        if (at(')')) {
          ++i_;
          return true;
        }
        if (at_end())
          return fail(pos(), fmt::format("expected ')' to close the list opened at {}", opened_at(open, pos())));
        if (!delimited)
          return fail(pos(), fmt::format("expected ',', a blank or ')' but found {}", describe(cur().c)));
        continue;
      }
      if (at_end() || (at_blank() && (cur().brk || format_ == MemberFormat::Stage1))) {
        std::string msg =
            fmt::format("expected ')' to close the list opened at {}", opened_at(open, pos()));
        if (!at_end() && cur().brk) msg += "; a statement continues on the next record only after a comma";
        if (at_blank() && format_ == MemberFormat::Stage1) msg += "; a blank ends the operands";
        return fail(pos(), std::move(msg));
      }
      char c = cur().c;
      if (c == ')') {
        ++i_;
        return true;
      }
      if (c != ',')
        return fail(pos(), fmt::format("expected ',' or ')' but found {}",
                                       c == ' ' ? std::string("a blank") : describe(c)));
      Pos comma = pos();
      ++i_;
      if (!after_comma(comma)) return false;
    }
  }

  // --- HWSCFGxx ----------------------------------------------------------------------------------

  void parse_hwscfg() {
    if (!build_free_form_stream(72, true)) return;
    skip_blanks();
    while (!at_end()) {
      Statement st;
      Pos start = pos();
      st.line = start.line;
      st.column = start.col;
      if (!name_start(cur().c)) {
        fail(start, fmt::format("expected a statement name but found {}", describe(cur().c)));
        return;
      }
      std::size_t j = name_end(i_);
      st.name = text_of(i_, j);
      i_ = j;
      if (has_lower(st.name)) {
        fail(start, fmt::format("statement name {} must be upper case", st.name));
        return;
      }
      skip_blanks();
      if (!at('(')) {
        fail(pos(), fmt::format("expected '(' after statement name {}", st.name));
        return;
      }
      Value v;
      if (!parse_list(v, 0)) return;
      st.params = std::move(v.list);
      result_.member.statements.push_back(std::move(st));
      skip_blanks();
    }
  }

  // At the start of a top-level parameter: KEYWORD=value, or also KEYWORD(list) when `parens`
  // (Csl). Fails with the message for what is there instead.
  bool expect_keyword(bool parens) {
    if (!name_start(cur().c)) {
      std::string form = parens ? "KEYWORD=value or KEYWORD(...)" : "KEYWORD=value";
      return fail(pos(), cur().c == ',' ? std::string("expected a keyword but found ','")
                                        : fmt::format("expected {} but found {}", form, describe(cur().c)));
    }
    std::size_t j = name_end(i_);
    if (j < s_.size() && !s_[j].brk && (s_[j].c == '=' || (parens && s_[j].c == '('))) return true;
    Pos at_j = j < s_.size() ? Pos{s_[j].line, s_[j].col} : end_;
    return fail(at_j, fmt::format("expected {} after keyword {}", parens ? "'=' or '('" : "'='", text_of(i_, j)));
  }

  // --- DFSPBxxx ----------------------------------------------------------------------------------

  void parse_dfspb() {
    Statement st;
    st.line = 1;
    st.column = 1;
    if (!build_free_form_stream(71, false)) return;
    skip_blanks();
    if (!at_end()) {
      st.line = pos().line;
      st.column = pos().col;
    }
    while (!at_end()) {
      if (!expect_keyword(false)) return;
      Param p;
      if (!parse_element(p, 0)) return;
      st.params.push_back(std::move(p));
      // Parameters are separated by blanks (record ends included) and/or one comma.
      bool delimited = at_blank();
      skip_blanks();
      if (at(',')) {
        ++i_;
        skip_blanks();
      } else if (!delimited && !at_end()) {
        fail(pos(), fmt::format("expected ',' or a blank after the value of {} but found {}",
                                st.params.back().keyword, describe(cur().c)));
        return;
      }
    }
    result_.member.statements.push_back(std::move(st));
  }

  // --- CSLDIxxx, CSLDCxxx, DFSCGxxx, DFSDFxxx ---------------------------------------------------

  // At '<': <SECTION=name>.
  bool parse_section_header(Statement& st) {
    Pos open = pos();
    ++i_;
    std::size_t j = name_end(i_);
    if (text_of(i_, j) != "SECTION" || j >= s_.size() || s_[j].brk || s_[j].c != '=')
      return fail(open, "expected a section header <SECTION=name>");
    i_ = j + 1;
    if (at_end() || cur().brk || !name_start(cur().c))
      return fail(pos(), "expected a section name after <SECTION=");
    j = name_end(i_);
    st.name = text_of(i_, j);
    i_ = j;
    if (!at('>')) return fail(pos(), fmt::format("expected '>' to close the section header opened at {}",
                                                 opened_at(open, pos())));
    ++i_;
    st.line = open.line;
    st.column = open.col;
    return true;
  }

  void parse_csl() {
    if (!build_csl_stream()) return;
    auto& statements = result_.member.statements;
    statements.push_back(Statement{});
    statements.back().line = 1;
    statements.back().column = 1;
    skip_blanks();
    while (!at_end()) {
      if (at('<')) {
        Statement st;
        if (!parse_section_header(st)) return;
        statements.push_back(std::move(st));
      } else {
        if (!expect_keyword(true)) return;
        Param p;
        if (!parse_element(p, 0)) return;
        statements.back().params.push_back(std::move(p));
      }
      bool delimited = at_blank();
      skip_blanks();
      if (at(',')) {
        ++i_;
        skip_blanks();
      } else if (!delimited && !at_end() && !at('<')) {
        fail(pos(), fmt::format("expected ',' or a blank but found {}", describe(cur().c)));
        return;
      }
    }
  }

  // --- Stage-1 macros ----------------------------------------------------------------------------

  static bool continued(std::string_view line) { return line.size() >= 72 && line[71] != ' '; }

  void parse_stage1() {
    LineReader reader(text_);
    std::string_view line;
    while (reader.next(line)) {
      int n = reader.number();
      bool cont = continued(line);
      bool comment = (!line.empty() && line[0] == '*') || line.substr(0, 2) == ".*";
      std::string_view data = line.substr(0, std::min<std::size_t>(line.size(), 71));
      if (comment || data.find_first_not_of(' ') == std::string_view::npos) {
        // A comment (or blank) record may itself be continued; its continuations are comment.
        while (cont && reader.next(line)) cont = continued(line);
        continue;
      }
      if (!check_chars(data, n, 1)) return;
      s_.clear();
      i_ = 0;
      for (std::size_t k = 0; k < data.size(); ++k)
        s_.push_back({data[k], n, static_cast<int>(k) + 1, false, false});
      std::size_t last = data.find_last_not_of(' ');
      end_ = {n, static_cast<int>(last) + 2};
      while (cont) {
        if (!reader.next(line)) {
          fail({n, 72}, "column 72 continues the statement but the member ends");
          return;
        }
        n = reader.number();
        std::string_view lead = line.substr(0, std::min<std::size_t>(line.size(), 15));
        std::size_t nb = lead.find_first_not_of(' ');
        if (nb != std::string_view::npos) {
          fail({n, static_cast<int>(nb) + 1},
               "a continuation record must be blank in columns 1-15");
          return;
        }
        std::string_view more =
            line.size() > 15 ? line.substr(15, std::min<std::size_t>(line.size(), 71) - 15)
                             : std::string_view{};
        if (!check_chars(more, n, 16)) return;
        for (std::size_t k = 0; k < more.size(); ++k)
          s_.push_back({more[k], n, static_cast<int>(k) + 16, false, k == 0});
        std::size_t more_last = more.find_last_not_of(' ');
        end_ = {n, more_last == std::string_view::npos ? 16 : static_cast<int>(more_last) + 17};
        cont = continued(line);
      }
      if (!parse_stage1_statement()) return;
    }
  }

  bool parse_stage1_statement() {
    Statement st;
    Pos start = pos();
    st.line = start.line;
    st.column = start.col;
    if (!at_blank()) {  // a label starts in column 1
      while (!at_end() && cur().c != ' ') st.label += s_[i_++].c;
    }
    skip_blanks();
    if (at_end())
      return fail(pos(), fmt::format("expected an operation after label {}", st.label));
    Pos op = pos();
    if (st.label.empty()) {
      st.line = op.line;
      st.column = op.col;
    }
    if (!name_start(cur().c))
      return fail(op, fmt::format("expected an operation but found {}", describe(cur().c)));
    std::size_t j = name_end(i_);
    st.name = text_of(i_, j);
    i_ = j;
    if (!at_end() && !at_blank())
      return fail(pos(), fmt::format("expected a blank after operation {} but found {}", st.name,
                                     describe(cur().c)));
    skip_blanks();
    while (!at_end()) {
      Param p;
      if (!parse_element(p, 0)) return false;
      st.params.push_back(std::move(p));
      if (at_end() || at_blank()) break;  // a blank ends the operands; remarks follow
      if (cur().c != ',')
        return fail(pos(), fmt::format("expected ',' or a blank after the operand but found {}",
                                       describe(cur().c)));
      Pos comma = pos();
      ++i_;
      if (!after_comma(comma)) return false;
    }
    result_.member.statements.push_back(std::move(st));
    return true;
  }

  std::string_view text_;
  MemberFormat format_;
  ParseResult result_;
  std::vector<Ch> s_;
  std::size_t i_ = 0;
  Pos end_{1, 1};  // reported for errors found at the end of the stream
  std::size_t params_ = 0;
};

}  // namespace

ParseResult parse_member(std::string_view member_name, std::string_view text, MemberFormat format) {
  return Parser(member_name, text, format).run();
}

}  // namespace zgate::core

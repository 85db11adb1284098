// Sigma detection rules: the YAML read into matchers and a condition tree once, at load time,
// so that matching an event is walking that tree (no YAML, no allocation beyond the fields
// audit::field hands back).
#include "watch/sigma_rule.h"

#include "core/network.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <regex>
#include <vector>

namespace zgate::watch {

int severity_of(Level level) {
  switch (level) {
    case Level::Informational: return 1;
    case Level::Low: return 3;
    case Level::Medium: return 5;
    case Level::High: return 8;
    case Level::Critical: return 10;
  }
  return 5;
}

const char* level_name(Level level) {
  switch (level) {
    case Level::Informational: return "informational";
    case Level::Low: return "low";
    case Level::Medium: return "medium";
    case Level::High: return "high";
    case Level::Critical: return "critical";
  }
  return "medium";
}

Level parse_level(std::string_view text, std::string_view where) {
  for (Level l : {Level::Informational, Level::Low, Level::Medium, Level::High, Level::Critical})
    if (text == level_name(l)) return l;
  throw SigmaError(std::string(where) + ": level '" + std::string(text) +
                   "' is not one of informational, low, medium, high, critical");
}

bool LogSource::is_zgate() const { return product == "zgate"; }
bool LogSource::reads_alerts() const { return service == "alerts"; }

const std::string& RuleInfo::key() const {
  if (!id.empty()) return id;
  if (!name.empty()) return name;
  return title;
}

std::string rule_error(std::string_view origin, std::string_view title, std::string_view what) {
  return std::string(origin) + ": rule '" + std::string(title) + "': " + std::string(what);
}

namespace {

constexpr std::size_t kMaxRegex = 1000;        // characters of a `re` pattern
constexpr std::size_t kMaxRegexSubject = 2048;  // characters of a field `re` searches
constexpr int kMaxConditionDepth = 64;

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

std::string scalar_of(const YAML::Node& n) {
  if (n.IsNull()) return {};
  return n.Scalar();
}

// An optional string attribute of the document; a map or list there is an error.
std::string text_attr(const YAML::Node& doc, const char* name, std::string_view origin, std::string_view title) {
  YAML::Node n = doc[name];
  if (!n || n.IsNull()) return {};
  if (!n.IsScalar()) throw SigmaError(rule_error(origin, title, std::string(name) + " must be text"));
  return n.Scalar();
}

// ---- values ---------------------------------------------------------------------------------

// A Sigma value with its wildcards, compiled: literal runs, `?` and `*`.
struct Glob {
  enum Kind : std::uint8_t { Char, One, Any };
  struct Tok {
    Kind kind;
    char ch;
  };
  std::vector<Tok> toks;
  bool cased = false;
  bool plain = true;  // no wildcard: equality
  std::string literal;

  static Glob compile(std::string_view v, bool cased, bool star_before, bool star_after) {
    Glob g;
    g.cased = cased;
    if (star_before) g.toks.push_back({Any, 0});
    for (std::size_t i = 0; i < v.size(); ++i) {
      char c = v[i];
      if (c == '\\' && i + 1 < v.size() && (v[i + 1] == '*' || v[i + 1] == '?' || v[i + 1] == '\\')) {
        g.toks.push_back({Char, cased ? v[i + 1] : lower(v[i + 1])});
        ++i;
      } else if (c == '*') {
        if (g.toks.empty() || g.toks.back().kind != Any) g.toks.push_back({Any, 0});
      } else if (c == '?') {
        g.toks.push_back({One, 0});
      } else {
        g.toks.push_back({Char, cased ? c : lower(c)});
      }
    }
    if (star_after && (g.toks.empty() || g.toks.back().kind != Any)) g.toks.push_back({Any, 0});
    for (const auto& t : g.toks) {
      if (t.kind != Char) g.plain = false;
      else g.literal.push_back(t.ch);
    }
    return g;
  }

  bool match(std::string_view s) const {
    auto eq = [&](char a, char b) { return a == (cased ? b : lower(b)); };
    if (plain) {
      if (s.size() != literal.size()) return false;
      for (std::size_t i = 0; i < s.size(); ++i)
        if (!eq(literal[i], s[i])) return false;
      return true;
    }
    // The usual greedy match with one backtrack point (the last `*`): O(pattern * text).
    std::size_t p = 0, i = 0, star = std::string::npos, mark = 0;
    while (i < s.size()) {
      if (p < toks.size() && toks[p].kind == Any) {
        star = p++;
        mark = i;
      } else if (p < toks.size() && (toks[p].kind == One || eq(toks[p].ch, s[i]))) {
        ++p;
        ++i;
      } else if (star != std::string::npos) {
        p = star + 1;
        i = ++mark;
      } else {
        return false;
      }
    }
    while (p < toks.size() && toks[p].kind == Any) ++p;
    return p == toks.size();
  }
};

std::optional<double> number_of(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::string t(s);
  char* end = nullptr;
  double d = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size()) return std::nullopt;
  return d;
}

struct ValueMatcher {
  enum Kind { Pattern, Null, Regex, Network, Exists, Gt, Gte, Lt, Lte, FieldRef } kind = Pattern;
  Glob glob;
  std::shared_ptr<const std::regex> re;
  core::Network net;
  bool exists = true;
  double number = 0;
  std::string field;  // fieldref
  bool cased = false;

  bool match(const std::string& value, const audit::Event& e) const {
    switch (kind) {
      case Pattern: return glob.match(value);
      case Null: return value.empty();
      case Regex: {
        std::string_view subject(value);
        if (subject.size() > kMaxRegexSubject) subject = subject.substr(0, kMaxRegexSubject);
        return std::regex_search(subject.begin(), subject.end(), *re);
      }
      case Network: return net.contains(value);
      case Exists: return value.empty() != exists;
      case Gt:
      case Gte:
      case Lt:
      case Lte: {
        auto v = number_of(value);
        if (!v) return false;
        return kind == Gt ? *v > number : kind == Gte ? *v >= number : kind == Lt ? *v < number : *v <= number;
      }
      case FieldRef: {
        std::string other = audit::field(e, field);
        return cased ? other == value : lowered(other) == lowered(value);
      }
    }
    return false;
  }
};

// One `field|modifiers: values` of a selection.
struct FieldTest {
  std::string field;
  std::vector<ValueMatcher> values;
  bool all = false;

  bool match(const audit::Event& e) const {
    std::string v = audit::field(e, field);
    if (all) {
      for (const auto& m : values)
        if (!m.match(v, e)) return false;
      return true;
    }
    for (const auto& m : values)
      if (m.match(v, e)) return true;
    return false;
  }
};

struct Selection {
  std::string name;
  std::vector<std::vector<FieldTest>> alternatives;  // OR of (AND of field tests)
  std::vector<Glob> keywords;                        // any field contains one

  bool match(const audit::Event& e) const {
    if (!keywords.empty()) {
      for (auto name : audit::field_names()) {
        std::string v = audit::field(e, name);
        for (const auto& k : keywords)
          if (k.match(v)) return true;
      }
      return false;
    }
    for (const auto& alt : alternatives) {
      bool ok = true;
      for (const auto& t : alt)
        if (!t.match(e)) {
          ok = false;
          break;
        }
      if (ok) return true;
    }
    return false;
  }
};

// ---- the condition --------------------------------------------------------------------------

struct Cond {
  enum Op { Sel, And, Or, Not, AnyOf, AllOf } op = Sel;
  std::size_t sel = 0;            // Sel
  std::vector<std::size_t> sels;  // AnyOf, AllOf
  std::vector<Cond> kids;         // And, Or (two), Not (one)
};

class ConditionParser {
 public:
  ConditionParser(std::string_view text, const std::vector<Selection>& sels, std::string_view origin,
                  std::string_view title)
      : sels_(sels), origin_(origin), title_(title), text_(text) {
    tokenize(text);
  }

  Cond parse() {
    if (toks_.empty()) fail("the condition is empty");
    Cond c = parse_or(0);
    if (pos_ != toks_.size()) fail("unexpected '" + toks_[pos_] + "'");
    return c;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw SigmaError(rule_error(origin_, title_, "condition '" + text_ + "': " + what));
  }

  void tokenize(std::string_view t) {
    std::size_t i = 0;
    while (i < t.size()) {
      char c = t[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
      } else if (c == '(' || c == ')') {
        toks_.emplace_back(1, c);
        ++i;
      } else if (c == '|') {
        fail("aggregation expressions ('| count() ...') are replaced by correlation rules and not supported");
      } else {
        std::size_t j = i;
        while (j < t.size() && !std::isspace(static_cast<unsigned char>(t[j])) && t[j] != '(' && t[j] != ')' &&
               t[j] != '|')
          ++j;
        toks_.emplace_back(t.substr(i, j - i));
        i = j;
      }
    }
  }

  bool peek_word(std::string_view w) const { return pos_ < toks_.size() && lowered(toks_[pos_]) == w; }

  // or binds loosest, then and: `left (word right)*`, left-associative.
  Cond binary(Cond::Op op, std::string_view word, Cond (ConditionParser::*operand)(int), int depth) {
    Cond left = (this->*operand)(depth);
    while (peek_word(word)) {
      ++pos_;
      Cond c;
      c.op = op;
      c.kids.push_back(std::move(left));
      c.kids.push_back((this->*operand)(depth));
      left = std::move(c);
    }
    return left;
  }
  Cond parse_or(int depth) { return binary(Cond::Or, "or", &ConditionParser::parse_and, depth); }
  Cond parse_and(int depth) { return binary(Cond::And, "and", &ConditionParser::parse_not, depth); }

  Cond parse_not(int depth) {
    if (depth > kMaxConditionDepth) fail("nested deeper than " + std::to_string(kMaxConditionDepth));
    if (peek_word("not")) {
      ++pos_;
      Cond c;
      c.op = Cond::Not;
      c.kids.push_back(parse_not(depth + 1));
      return c;
    }
    return parse_primary(depth);
  }

  Cond parse_primary(int depth) {
    if (pos_ >= toks_.size()) fail("ends where a search identifier was expected");
    const std::string tok = toks_[pos_];
    std::string low = lowered(tok);
    if (tok == "(") {
      ++pos_;
      Cond c = parse_or(depth + 1);
      if (pos_ >= toks_.size() || toks_[pos_] != ")") fail("a '(' is not closed");
      ++pos_;
      return c;
    }
    if (tok == ")") fail("unexpected ')'");
    if (low == "and" || low == "or" || low == "of" || low == "them")
      fail("'" + tok + "' where a search identifier was expected");
    if (pos_ + 1 < toks_.size() && lowered(toks_[pos_ + 1]) == "of") {
      Cond c;
      if (low == "1") c.op = Cond::AnyOf;
      else if (low == "all") c.op = Cond::AllOf;
      else fail("'" + tok + " of': only '1 of' and 'all of' are defined");
      pos_ += 2;
      if (pos_ >= toks_.size()) fail("'" + tok + " of' names no search identifiers");
      const std::string pat = toks_[pos_++];
      if (lowered(pat) == "them") {
        for (std::size_t i = 0; i < sels_.size(); ++i)
          if (sels_[i].name.empty() || sels_[i].name[0] != '_') c.sels.push_back(i);
      } else {
        Glob g = Glob::compile(pat, true, false, false);
        for (std::size_t i = 0; i < sels_.size(); ++i)
          if (g.match(sels_[i].name)) c.sels.push_back(i);
      }
      if (c.sels.empty()) fail("'" + pat + "' matches no search identifier");
      return c;
    }
    for (std::size_t i = 0; i < sels_.size(); ++i)
      if (sels_[i].name == tok) {
        ++pos_;
        Cond c;
        c.sel = i;
        return c;
      }
    fail("'" + tok + "' is not a search identifier of this rule");
  }

  const std::vector<Selection>& sels_;
  std::string origin_, title_, text_;
  std::vector<std::string> toks_;
  std::size_t pos_ = 0;
};

bool eval(const Cond& c, const std::vector<Selection>& sels, const audit::Event& e) {
  switch (c.op) {
    case Cond::Sel: return sels[c.sel].match(e);
    case Cond::And: return eval(c.kids[0], sels, e) && eval(c.kids[1], sels, e);
    case Cond::Or: return eval(c.kids[0], sels, e) || eval(c.kids[1], sels, e);
    case Cond::Not: return !eval(c.kids[0], sels, e);
    case Cond::AnyOf:
      for (auto i : c.sels)
        if (sels[i].match(e)) return true;
      return false;
    case Cond::AllOf:
      for (auto i : c.sels)
        if (!sels[i].match(e)) return false;
      return true;
  }
  return false;
}

// ---- reading a selection --------------------------------------------------------------------

class SelectionReader {
 public:
  SelectionReader(std::string_view origin, std::string_view title, bool check_fields)
      : origin_(origin), title_(title), check_fields_(check_fields) {}

  Selection read(const std::string& name, const YAML::Node& n) {
    Selection s;
    s.name = name;
    where_ = "detection." + name;
    if (n.IsMap()) {
      s.alternatives.push_back(read_map(n));
    } else if (n.IsSequence()) {
      if (n.size() == 0) fail("an empty list matches nothing");
      bool maps = n[0].IsMap();
      for (const auto& item : n) {
        if (item.IsMap() != maps) fail("a list mixes maps and plain values");
        if (maps) s.alternatives.push_back(read_map(item));
        else if (item.IsScalar() || item.IsNull()) s.keywords.push_back(Glob::compile(scalar_of(item), false, true, true));
        else fail("a keyword list holds a nested list");
      }
    } else {
      fail("a search identifier must be a map of fields or a list");
    }
    return s;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw SigmaError(rule_error(origin_, title_, where_ + ": " + what));
  }

  std::vector<FieldTest> read_map(const YAML::Node& m) {
    std::vector<FieldTest> tests;
    if (m.size() == 0) fail("an empty map matches everything; say what it should match");
    for (const auto& kv : m) {
      if (!kv.first.IsScalar()) fail("a field name must be text");
      tests.push_back(read_field(kv.first.Scalar(), kv.second));
    }
    return tests;
  }

  void check_field(const std::string& f) const {
    if (!check_fields_) return;
    for (auto known : audit::field_names())
      if (known == f) return;
    fail("'" + f + "' is not a field of zgate's audit events (docs/alerts.md lists them)");
  }

  FieldTest read_field(const std::string& key, const YAML::Node& v) {
    FieldTest t;
    std::vector<std::string> mods;
    std::size_t bar = key.find('|');
    t.field = key.substr(0, bar);
    if (t.field.empty()) fail("'" + key + "': a modifier without a field (keyword modifiers are not supported)");
    check_field(t.field);
    while (bar != std::string::npos) {
      std::size_t next = key.find('|', bar + 1);
      mods.push_back(key.substr(bar + 1, next == std::string::npos ? std::string::npos : next - bar - 1));
      bar = next;
    }
    bool contains = false, starts = false, ends = false, re = false, re_i = false, re_m = false, cased = false,
         cidr = false, exists = false, fieldref = false;
    std::optional<ValueMatcher::Kind> compare;
    int kinds = 0;
    for (const auto& mod : mods) {
      if (mod == "contains") contains = true, ++kinds;
      else if (mod == "startswith") starts = true, ++kinds;
      else if (mod == "endswith") ends = true, ++kinds;
      else if (mod == "all") t.all = true;
      else if (mod == "re") re = true, ++kinds;
      else if (mod == "i") re_i = true;
      else if (mod == "m") re_m = true;
      else if (mod == "s") fail("'" + key + "': the re modifier 's' (dot matches newline) is not supported");
      else if (mod == "cased") cased = true;
      else if (mod == "cidr") cidr = true, ++kinds;
      else if (mod == "exists") exists = true, ++kinds;
      else if (mod == "fieldref") fieldref = true, ++kinds;
      else if (mod == "gt") compare = ValueMatcher::Gt, ++kinds;
      else if (mod == "gte") compare = ValueMatcher::Gte, ++kinds;
      else if (mod == "lt") compare = ValueMatcher::Lt, ++kinds;
      else if (mod == "lte") compare = ValueMatcher::Lte, ++kinds;
      else if (mod == "windash" || mod == "base64" || mod == "base64offset" || mod == "wide" || mod == "utf16" ||
               mod == "utf16le" || mod == "utf16be" || mod == "expand")
        fail("'" + key + "': the modifier '" + mod + "' is not supported by zgate (docs/alerts.md)");
      else fail("'" + key + "': unknown modifier '" + mod + "'");
    }
    if (kinds > 1) fail("'" + key + "': modifiers that each decide how to compare are combined");
    if ((re_i || re_m) && !re) fail("'" + key + "': 'i' and 'm' qualify 're' only");

    std::vector<YAML::Node> items;
    if (v.IsSequence()) {
      if (v.size() == 0) fail("'" + key + "': an empty list of values matches nothing");
      for (const auto& item : v) items.push_back(item);
    } else {
      items.push_back(v);
    }
    for (const auto& item : items) {
      if (!item.IsScalar() && !item.IsNull()) fail("'" + key + "': a value must be text, a number, a boolean or null");
      ValueMatcher m;
      m.cased = cased;
      std::string s = scalar_of(item);
      if (exists) {
        m.kind = ValueMatcher::Exists;
        if (s == "true") m.exists = true;
        else if (s == "false") m.exists = false;
        else fail("'" + key + "': exists takes true or false");
      } else if (item.IsNull()) {
        if (contains || starts || ends || re || cidr || compare || fieldref)
          fail("'" + key + "': null with a modifier");
        m.kind = ValueMatcher::Null;
      } else if (re) {
        if (s.size() > kMaxRegex) fail("'" + key + "': a regular expression longer than " + std::to_string(kMaxRegex));
        check_regex_shape(key, s);
        auto flags = std::regex::ECMAScript | std::regex::optimize;
        if (re_i) flags |= std::regex::icase;
        if (re_m) flags |= std::regex::multiline;
        try {
          m.re = std::make_shared<const std::regex>(s, flags);
        } catch (const std::regex_error& e) {
          fail("'" + key + "': the regular expression '" + s + "' does not compile (" + e.what() + ")");
        }
        m.kind = ValueMatcher::Regex;
      } else if (cidr) {
        auto c = core::Network::parse(s);
        if (!c) fail("'" + key + "': '" + s + "' is not an address or network (a.b.c.d/n, x::y/n)");
        m.kind = ValueMatcher::Network;
        m.net = *c;
      } else if (compare) {
        auto n = number_of(s);
        if (!n) fail("'" + key + "': '" + s + "' is not a number");
        m.kind = *compare;
        m.number = *n;
      } else if (fieldref) {
        check_field(s);
        m.kind = ValueMatcher::FieldRef;
        m.field = s;
      } else {
        m.glob = Glob::compile(s, cased, contains || ends, contains || starts);
      }
      t.values.push_back(std::move(m));
    }
    return t;
  }

  // std::regex compiles repetition counts and nesting recursively, and matches by
  // backtracking: a rule may not ask for a regular expression that costs more than its text
  // suggests. Refused: nesting deeper than 16 groups, counts above 100, and a group that
  // holds a repetition or an alternation repeated itself (`(a+)+`, `(a|b)*`: the shapes whose
  // backtracking grows exponentially with the field's length). `?` after a group is fine.
  void check_regex_shape(const std::string& key, const std::string& s) const {
    struct Group {
      bool repeats = false, alternates = false;
    };
    std::vector<Group> open{Group{}};  // open[0]: the whole expression
    auto repeat_at = [&](std::size_t i) { return i < s.size() && (s[i] == '*' || s[i] == '+' || s[i] == '{'); };
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == '\\') {
        ++i;
      } else if (c == '[') {
        // A character class: its characters are literal up to the closing bracket.
        std::size_t j = i + 1;
        if (j < s.size() && s[j] == '^') ++j;
        if (j < s.size() && s[j] == ']') ++j;
        while (j < s.size() && s[j] != ']') j += s[j] == '\\' ? 2 : 1;
        i = j;
      } else if (c == '(') {
        if (open.size() > 16) fail("'" + key + "': a regular expression nested deeper than 16 groups");
        open.push_back({});
      } else if (c == ')') {
        if (open.size() == 1) continue;  // unbalanced: std::regex reports it
        Group g = open.back();
        open.pop_back();
        bool repeated = repeat_at(i + 1);
        if (repeated && (g.repeats || g.alternates))
          fail("'" + key + "': a repeated group that holds a repetition or an alternation (catastrophic backtracking)");
        open.back().repeats |= g.repeats || repeated;
        open.back().alternates |= g.alternates;
      } else if (c == '|') {
        open.back().alternates = true;
      } else if (c == '*' || c == '+') {
        open.back().repeats = true;
      } else if (c == '{') {
        open.back().repeats = true;
        std::size_t j = i + 1;
        long n = 0;
        while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == ',')) {
          if (s[j] == ',') n = 0;
          else n = std::min(100000L, n * 10 + (s[j] - '0'));
          if (n > 100) fail("'" + key + "': a repetition count above 100 in a regular expression");
          ++j;
        }
      }
    }
  }

  std::string origin_, title_, where_;
  bool check_fields_;
};

}  // namespace

struct SigmaRule::Detection {
  std::vector<Selection> selections;
  Cond condition;
};

RuleInfo parse_info(const YAML::Node& doc, std::string_view origin) {
  RuleInfo info;
  YAML::Node t = doc["title"];
  if (!t || !t.IsScalar() || t.Scalar().empty())
    throw SigmaError(std::string(origin) + ": a rule without a title (the specification requires one)");
  info.title = t.Scalar();
  info.id = text_attr(doc, "id", origin, info.title);
  info.name = text_attr(doc, "name", origin, info.title);
  info.status = text_attr(doc, "status", origin, info.title);
  info.description = text_attr(doc, "description", origin, info.title);
  std::string level = text_attr(doc, "level", origin, info.title);
  if (!level.empty()) info.level = parse_level(level, rule_error(origin, info.title, "level"));
  return info;
}

SigmaRule SigmaRule::parse(const YAML::Node& doc, std::string_view origin) {
  SigmaRule r;
  try {
    if (!doc.IsMap()) throw SigmaError(std::string(origin) + ": a rule document must be a map");
    r.info_ = parse_info(doc, origin);
    const std::string& title = r.info_.title;
    YAML::Node ls = doc["logsource"];
    if (!ls || !ls.IsMap()) throw SigmaError(rule_error(origin, title, "logsource is missing or not a map"));
    r.logsource_.product = text_attr(ls, "product", origin, title);
    r.logsource_.service = text_attr(ls, "service", origin, title);
    r.logsource_.category = text_attr(ls, "category", origin, title);
    if (r.logsource_.product.empty() && r.logsource_.service.empty() && r.logsource_.category.empty())
      throw SigmaError(rule_error(origin, title, "logsource names no product, service or category"));

    YAML::Node det = doc["detection"];
    if (!det || !det.IsMap()) throw SigmaError(rule_error(origin, title, "detection is missing or not a map"));
    auto d = std::make_shared<Detection>();
    SelectionReader reader(origin, title, r.logsource_.is_zgate());
    YAML::Node condition;
    bool has_condition = false;
    for (const auto& kv : det) {
      if (!kv.first.IsScalar()) throw SigmaError(rule_error(origin, title, "detection: a key that is not text"));
      const std::string key = kv.first.Scalar();
      if (key == "condition") condition.reset(kv.second), has_condition = true;
      else if (key == "timeframe")
        throw SigmaError(rule_error(origin, title, "detection.timeframe: write a correlation rule with a timespan"));
      else d->selections.push_back(reader.read(key, kv.second));
    }
    if (!has_condition) throw SigmaError(rule_error(origin, title, "detection has no condition"));
    if (d->selections.empty()) throw SigmaError(rule_error(origin, title, "detection has no search identifier"));
    std::vector<std::string> conditions;
    if (condition.IsScalar()) {
      conditions.push_back(condition.Scalar());
    } else if (condition.IsSequence() && condition.size() > 0) {
      for (const auto& c : condition) {
        if (!c.IsScalar()) throw SigmaError(rule_error(origin, title, "condition: a list item that is not text"));
        conditions.push_back(c.Scalar());
      }
    } else {
      throw SigmaError(rule_error(origin, title, "condition must be text (or a list of texts, any of which matches)"));
    }
    // A list of conditions (older rules) means any of them.
    for (const auto& text : conditions) {
      Cond c = ConditionParser(text, d->selections, origin, title).parse();
      if (conditions.size() == 1 || &text == &conditions.front()) {
        d->condition = std::move(c);
      } else {
        Cond o;
        o.op = Cond::Or;
        o.kids.push_back(std::move(d->condition));
        o.kids.push_back(std::move(c));
        d->condition = std::move(o);
      }
    }
    r.detection_ = std::move(d);
  } catch (const YAML::Exception& e) {
    throw SigmaError(rule_error(origin, r.info_.title, std::string("YAML: ") + e.what()));
  }
  return r;
}

bool SigmaRule::matches(const audit::Event& e) const { return eval(detection_->condition, detection_->selections, e); }

}  // namespace zgate::watch

#include "guard/policy.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

namespace zgate::guard {

const char* action_name(Action a) {
  switch (a) {
    case Action::Log: return "LOG";
    case Action::Alert: return "ALERT";
    case Action::Mask: return "MASK";
    case Action::Block: return "BLOCK";
  }
  return "LOG";
}

int Rule::effective_severity() const {
  if (severity > 0) return std::min(severity, 10);
  switch (action) {
    case Action::Log: return 3;
    case Action::Alert:
    case Action::Mask: return 6;
    case Action::Block: return 8;
  }
  return 3;
}

// ---- names ---------------------------------------------------------------------------------

bool name_matches(const std::vector<std::string>& patterns, std::string_view name) {
  auto upper = [](std::string_view s) {
    std::string u(s);
    for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return u;
  };
  const std::string n = upper(name);
  for (const auto& p : patterns) {
    const std::string u = upper(p);
    if (!u.empty() && u.back() == '*') {
      if (n.compare(0, u.size() - 1, u, 0, u.size() - 1) == 0 && n.size() >= u.size() - 1) return true;
    } else if (u == n) {
      return true;
    }
  }
  return false;
}

// ---- card numbers ------------------------------------------------------------------------------

bool luhn_valid(std::string_view digits) {
  if (digits.size() < 13 || digits.size() > 19) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it < '0' || *it > '9') return false;
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

std::vector<Match> find_card_numbers(std::string_view text) {
  std::vector<Match> out;
  auto digit = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  std::size_t i = 0;
  std::size_t after_match = std::string_view::npos;  // a match may follow another in one run
  while (i < text.size()) {
    if (!digit(i) || (i > 0 && digit(i - 1) && i != after_match)) {
      ++i;
      continue;
    }
    // A run of digits with single separators between groups.
    std::string digits;
    std::vector<bool> group_end;  // group_end[k]: a separator (or the run's end) follows digit k
    std::size_t j = i, end = i;
    while (j < text.size()) {
      if (digit(j)) {
        digits.push_back(text[j]);
        group_end.push_back(false);
        end = ++j;
      } else if ((text[j] == ' ' || text[j] == '-') && digit(j + 1) && !digits.empty()) {
        group_end.back() = true;
        ++j;
      } else {
        break;
      }
      if (digits.size() > 19) break;
    }
    if (!group_end.empty()) group_end.back() = true;
    const bool grouped = std::count(group_end.begin(), group_end.end(), true) > 1;
    // A PAN is most often 16 digits, then 15 (AMEX), then the rest: a PAN run together with
    // what follows it (PAN then MMYY, as the CARD segment stores them) is read as its first 16
    // digits, not as a longer run that happens to pass the check too. Written in groups, a PAN
    // ends where a group does.
    bool found = false;
    for (std::size_t n : {16, 15, 19, 18, 17, 14, 13}) {
      if (found) break;
      if (n > digits.size() || (grouped && !group_end[n - 1])) continue;
      if (!luhn_valid(std::string_view(digits).substr(0, n))) continue;
      std::size_t k = i, seen = 0;
      while (seen < n) {
        if (digit(k)) ++seen;
        ++k;
      }
      out.push_back({i, k});
      i = after_match = k;
      found = true;
    }
    if (!found) i = end > i ? end : i + 1;
  }
  return out;
}

std::vector<Match> find(const Pattern& p, std::string_view text) {
  switch (p.kind) {
    case Pattern::Kind::None: return {};
    case Pattern::Kind::CardNumber: return find_card_numbers(text);
    case Pattern::Kind::Regex: {
      std::vector<Match> out;
      const std::string t(text);
      for (auto it = std::sregex_iterator(t.begin(), t.end(), p.regex); it != std::sregex_iterator(); ++it) {
        if (it->length(0) == 0) continue;
        out.push_back({static_cast<std::size_t>(it->position(0)),
                       static_cast<std::size_t>(it->position(0) + it->length(0))});
        if (out.size() >= 10000) break;
      }
      return out;
    }
  }
  return {};
}

namespace {
void mask_once(const Pattern& p, std::string& text, const std::vector<Match>& matches) {
  for (const auto& m : matches) {
    if (m.end > text.size() || m.begin >= m.end) continue;
    if (p.kind == Pattern::Kind::CardNumber) {
      int keep = 4;
      for (std::size_t i = m.end; i-- > m.begin;) {
        if (text[i] < '0' || text[i] > '9') continue;
        if (keep > 0) {
          --keep;
          continue;
        }
        text[i] = '*';
      }
    } else {
      for (std::size_t i = m.begin; i < m.end; ++i) text[i] = '*';
    }
  }
}
}  // namespace

void mask(const Pattern& p, std::string& text, const std::vector<Match>& matches) {
  mask_once(p, text, matches);
  if (p.kind != Pattern::Kind::CardNumber) return;
  // The four digits a masked number keeps can begin a new run with the digits after it (a long
  // run of digits, where one number followed another): what masking leaves must not read as a
  // card number either. Each pass masks at least 9 digits, so this ends.
  for (auto more = find_card_numbers(text); !more.empty(); more = find_card_numbers(text)) mask_once(p, text, more);
}

// ---- the policy file ---------------------------------------------------------------------------

namespace {

[[noreturn]] void fail(const std::string& source, int line, const std::string& what) {
  throw PolicyError(source + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + what);
}

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

std::vector<std::string> strings(const toml::node& n, const std::string& key, const std::string& source) {
  std::vector<std::string> out;
  if (auto s = n.value<std::string>()) {
    out.push_back(*s);
    return out;
  }
  const toml::array* a = n.as_array();
  if (!a) fail(source, line_of(n), "'" + key + "' must be a string or a list of strings");
  for (const auto& e : *a) {
    auto s = e.value<std::string>();
    if (!s || s->empty()) fail(source, line_of(e), "'" + key + "' must list non-empty strings");
    out.push_back(*s);
  }
  return out;
}

std::vector<Network> networks(const toml::node& n, const std::string& key, const std::string& source) {
  std::vector<Network> out;
  for (const auto& s : strings(n, key, source)) {
    auto net = parse_network(s);
    if (!net) fail(source, line_of(n), "'" + key + "': '" + s + "' is not an address or network (a.b.c.d/n)");
    out.push_back(*net);
  }
  return out;
}

int integer(const toml::node& n, const std::string& key, const std::string& source, int lo, int hi) {
  auto v = n.value<std::int64_t>();
  if (!v || *v < lo || *v > hi)
    fail(source, line_of(n), "'" + key + "' must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return static_cast<int>(*v);
}

std::string text(const toml::node& n, const std::string& key, const std::string& source) {
  auto v = n.value<std::string>();
  if (!v) fail(source, line_of(n), "'" + key + "' must be a string");
  return *v;
}

Rule rule_from(const toml::table& t, const std::string& source) {
  Rule r;
  r.line = line_of(t);
  bool has_kind = false, has_action = false;
  for (const auto& [k, v] : t) {
    const std::string key(k.str());
    if (key == "name") r.name = text(v, key, source);
    else if (key == "kind") {
      const std::string s = text(v, key, source);
      has_kind = true;
      if (s == "access") r.kind = RuleKind::Access;
      else if (s == "exception") r.kind = RuleKind::Exception;
      else if (s == "extrusion") r.kind = RuleKind::Extrusion;
      else fail(source, line_of(v), "'kind' must be access, exception or extrusion, not '" + s + "'");
    } else if (key == "action") {
      const std::string s = text(v, key, source);
      has_action = true;
      if (s == "log") r.action = Action::Log;
      else if (s == "alert") r.action = Action::Alert;
      else if (s == "mask") r.action = Action::Mask;
      else if (s == "block") r.action = Action::Block;
      else fail(source, line_of(v), "'action' must be log, alert, mask or block, not '" + s + "'");
    } else if (key == "severity") r.severity = integer(v, key, source, 1, 10);
    else if (key == "users") r.users = strings(v, key, source);
    else if (key == "groups") r.groups = strings(v, key, source);
    else if (key == "appls") r.appls = strings(v, key, source);
    else if (key == "doors") r.doors = strings(v, key, source);
    else if (key == "sources") r.sources = networks(v, key, source);
    else if (key == "not_sources") r.not_sources = networks(v, key, source);
    else if (key == "certs") r.certs = strings(v, key, source);
    else if (key == "no_cert") {
      auto b = v.value<bool>();
      if (!b) fail(source, line_of(v), "'no_cert' must be true or false");
      r.no_cert = *b;
    } else if (key == "transactions") r.transactions = strings(v, key, source);
    else if (key == "commands") r.commands = strings(v, key, source);
    else if (key == "psbs") r.psbs = strings(v, key, source);
    else if (key == "segments") r.segments = strings(v, key, source);
    else if (key == "codes") r.codes = strings(v, key, source);
    else if (key == "count") r.count = integer(v, key, source, 1, 1'000'000);
    else if (key == "window") r.window = integer(v, key, source, 1, 86'400);
    else if (key == "pattern") {
      const std::string s = text(v, key, source);
      r.pattern.text = s;
      if (s == "card-number") {
        r.pattern.kind = Pattern::Kind::CardNumber;
      } else if (s.rfind("regex:", 0) == 0 && s.size() > 6) {
        r.pattern.kind = Pattern::Kind::Regex;
        try {
          r.pattern.regex = std::regex(s.substr(6), std::regex::ECMAScript | std::regex::optimize);
        } catch (const std::regex_error& e) {
          fail(source, line_of(v), "'pattern': the regular expression does not compile: " + std::string(e.what()));
        }
      } else {
        fail(source, line_of(v), "'pattern' must be card-number or regex:EXPRESSION");
      }
    } else {
      fail(source, line_of(v), "unknown key '" + key + "' in a [[rule]]");
    }
  }
  if (r.name.empty()) fail(source, r.line, "a [[rule]] needs a name");
  if (!has_kind) fail(source, r.line, "rule '" + r.name + "' needs a kind (access, exception, extrusion)");
  if (!has_action) fail(source, r.line, "rule '" + r.name + "' needs an action (log, alert, mask, block)");
  if (r.action == Action::Mask && r.pattern.kind == Pattern::Kind::None)
    fail(source, r.line, "rule '" + r.name + "': action mask needs a pattern to mask");
  if (r.pattern.kind != Pattern::Kind::None && r.kind != RuleKind::Extrusion)
    fail(source, r.line, "rule '" + r.name + "': a pattern is for extrusion rules (what goes back)");
  if (!r.codes.empty() && r.kind != RuleKind::Exception)
    fail(source, r.line, "rule '" + r.name + "': codes are for exception rules");
  return r;
}

}  // namespace

Policy parse_policy(std::string_view toml_text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    fail(source, static_cast<int>(e.source().begin.line), std::string(e.description()));
  }
  Policy p;
  p.source = source;
  std::set<std::string> names;
  for (const auto& [k, v] : root) {
    const std::string key(k.str());
    if (key != "rule") fail(source, line_of(v), "unknown key '" + key + "' (a policy holds [[rule]] tables)");
    const toml::array* rules = v.as_array();
    if (!rules) fail(source, line_of(v), "'rule' must be an array of tables: [[rule]]");
    for (const auto& r : *rules) {
      const toml::table* t = r.as_table();
      if (!t) fail(source, line_of(r), "each rule must be a table: [[rule]]");
      Rule rule = rule_from(*t, source);
      if (!names.insert(rule.name).second) fail(source, rule.line, "two rules are named '" + rule.name + "'");
      p.rules.push_back(std::move(rule));
    }
  }
  return p;
}

Policy load_policy(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw PolicyError(path + ": cannot be read");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_policy(ss.str(), path);
}

}  // namespace zgate::guard

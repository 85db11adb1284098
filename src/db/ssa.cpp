#include "db/ssa.h"

#include <algorithm>
#include <cstring>

namespace zgate::db {

namespace {

std::string trimmed(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

SsaResult refuse(SsaResult r, const char* status, std::string why) {
  r.status[0] = status[0];
  r.status[1] = status[1];
  r.why = std::move(why);
  return r;
}

// The operator at text[at]; sets `used` to the bytes it took (2, or 3 for UTF-8 "¬=").
bool read_op(std::string_view text, std::size_t at, RelOp& op, std::size_t& used) {
  if (at + 2 > text.size()) return false;
  used = 2;
  if (at + 3 <= text.size() && text.substr(at, 3) == "\xC2\xAC=") {
    op = RelOp::Ne;
    used = 3;
    return true;
  }
  const std::string_view o = text.substr(at, 2);
  static const std::pair<const char*, RelOp> kOps[] = {
      {"EQ", RelOp::Eq}, {"= ", RelOp::Eq}, {" =", RelOp::Eq}, {"GT", RelOp::Gt}, {"> ", RelOp::Gt},
      {" >", RelOp::Gt}, {"LT", RelOp::Lt}, {"< ", RelOp::Lt}, {" <", RelOp::Lt}, {"GE", RelOp::Ge},
      {">=", RelOp::Ge}, {"=>", RelOp::Ge}, {"LE", RelOp::Le}, {"<=", RelOp::Le}, {"=<", RelOp::Le},
      {"NE", RelOp::Ne}, {"\xAC=", RelOp::Ne}, {"=\xAC", RelOp::Ne}, {"!=", RelOp::Ne}, {"=!", RelOp::Ne}};
  for (const auto& [t, v] : kOps)
    if (o == t) {
      op = v;
      return true;
    }
  return false;
}

}  // namespace

bool compare(std::string_view field, RelOp op, std::string_view value) {
  const int c = field.compare(value);  // unsigned bytes: std::char_traits<char>::compare is memcmp
  switch (op) {
    case RelOp::Eq: return c == 0;
    case RelOp::Gt: return c > 0;
    case RelOp::Lt: return c < 0;
    case RelOp::Ge: return c >= 0;
    case RelOp::Le: return c <= 0;
    case RelOp::Ne: return c != 0;
  }
  return false;
}

bool Ssa::matches(std::string_view data) const {
  // OR of AND-groups: walk the terms, keeping the current group's truth.
  if (terms.empty()) return true;
  bool any = false, group = true;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const auto& t = terms[i];
    if (i > 0 && t.or_before) {
      any = any || group;
      group = true;
    }
    if (group) {
      const std::string_view field =
          t.start + t.bytes <= data.size() ? data.substr(t.start, t.bytes) : std::string_view();
      group = field.size() == t.bytes && compare(field, t.op, t.value);
    }
  }
  return any || group;
}

SsaResult parse_ssa(std::string_view text, const SsaScope& scope) {
  SsaResult r;
  const Hierarchy& h = *scope.hierarchy;
  const std::string name = trimmed(text.substr(0, std::min<std::size_t>(8, text.size())));
  if (name.empty()) return refuse(r, "AJ", "no segment name");
  r.ssa.segment = h.index_of(name);
  if (r.ssa.segment < 0 || !scope.sensitive[static_cast<std::size_t>(r.ssa.segment)])
    return refuse(r, "AC", "segment " + name + " is not in the PCB");
  Ssa& s = r.ssa;
  const SegmentDef& seg = h.segment(s.segment);
  std::size_t at = 8;
  if (text.size() <= at || text[at] == ' ') return r;  // unqualified

  if (text[at] == '*') {
    for (++at; at < text.size() && text[at] != ' ' && text[at] != '('; ++at) {
      switch (text[at]) {
        case 'C': s.has_c = true; break;
        case 'D': s.d = true; break;
        case 'F': s.f = true; break;
        case 'L': s.l = true; break;
        case 'N': s.n = true; break;
        case 'P': s.p = true; break;
        case 'U': s.u = true; break;
        case 'V': s.v = true; break;
        case '-': break;
        case 'Q': return refuse(r, "AJ", "command code Q (enqueue) is not supported");
        default: return refuse(r, "AJ", std::string("command code ") + text[at] + " is not supported");
      }
    }
    if (s.f && s.l) return refuse(r, "AJ", "command codes F and L together");
    if (at >= text.size() || text[at] == ' ') {
      if (s.has_c) return refuse(r, "AJ", "command code C without a concatenated key");
      return r;
    }
  }
  if (text[at] != '(') return refuse(r, "AJ", "byte 9 is not a blank, '*' or '('");
  ++at;
  if (s.has_c) {
    // The value is the concatenated key of the segment: its sequence field and its parents'.
    std::size_t len = 0;
    for (int i : h.path_to(s.segment)) len += h.key_bytes(i);
    if (at + len + 1 > text.size() || text[at + len] != ')')
      return refuse(r, "AJ", "command code C: the concatenated key is " + std::to_string(len) + " bytes followed by ')'");
    s.concatenated_key = std::string(text.substr(at, len));
    return r;
  }
  const auto& allowed = scope.fields[static_cast<std::size_t>(s.segment)];
  for (bool first = true;; first = false) {
    Qualification q;
    if (!first) {
      const char c = text[at - 1];
      q.or_before = c == '|' || c == '+';
    }
    if (at + 8 > text.size()) return refuse(r, "AJ", "qualification shorter than a field name");
    q.field = trimmed(text.substr(at, 8));
    const FieldDef* f = seg.field(q.field);
    if (!f || (!allowed.empty() && std::find(allowed.begin(), allowed.end(), q.field) == allowed.end()))
      return refuse(r, "AK", "field " + q.field + " is not a field of " + seg.name + " the program may use");
    at += 8;
    std::size_t used = 0;
    if (!read_op(text, at, q.op, used)) return refuse(r, "AJ", "invalid relational operator");
    at += used;
    q.start = static_cast<std::size_t>(f->start - 1);
    q.bytes = static_cast<std::size_t>(f->bytes);
    q.sequence = f->sequence;
    if (at + q.bytes + 1 > text.size()) return refuse(r, "AJ", "value of " + q.field + " shorter than the field");
    q.value = std::string(text.substr(at, q.bytes));
    at += q.bytes;
    s.terms.push_back(std::move(q));
    const char c = text[at++];
    if (c == ')') return r;
    if (c != '&' && c != '*' && c != '|' && c != '+' && c != '#')
      return refuse(r, "AJ", std::string("'") + c + "' after a qualification is not ')' or a Boolean operator");
  }
}

}  // namespace zgate::db

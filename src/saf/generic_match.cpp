// Generic profile names for general resource classes (RACF Command Language Reference,
// "Generic naming for general resources"; reference racf-semantics.md §1.5).
#include <string_view>
#include <vector>

#include "saf/snapshot.h"

namespace zgate::saf {
namespace {

std::vector<std::string_view> qualifiers(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    auto dot = s.find('.', start);
    if (dot == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, dot - start));
    start = dot + 1;
  }
}

// Within one qualifier: % is exactly one character, * is zero or more characters.
bool qualifier_match(std::string_view p, std::string_view r) {
  std::size_t pi = 0, ri = 0, star = std::string_view::npos, mark = 0;
  while (ri < r.size()) {
    if (pi < p.size() && (p[pi] == '%' || p[pi] == r[ri])) {
      ++pi;
      ++ri;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ri;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ri = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool match_from(const std::vector<std::string_view>& P, std::size_t pi,
                const std::vector<std::string_view>& R, std::size_t ri) {
  if (pi == P.size()) return ri == R.size();
  std::string_view q = P[pi];
  if (q == "**") {
    // Zero or more whole qualifiers.
    for (std::size_t k = ri; k <= R.size(); ++k)
      if (match_from(P, pi + 1, R, k)) return true;
    return false;
  }
  if (ri == R.size()) return false;
  if (pi + 1 == P.size() && !q.empty() && q.back() == '*') {
    // A * ending the name runs to the end of the resource name, across qualifiers: the
    // qualifier must match the next resource qualifier (its * taking the rest of it), and any
    // qualifiers may follow. "ABC.*" therefore needs at least one more, non-empty, qualifier.
    return qualifier_match(q, R[ri]) && (q != "*" || !R[ri].empty() || ri + 1 < R.size());
  }
  return qualifier_match(q, R[ri]) && match_from(P, pi + 1, R, ri + 1);
}

int rank(char c) {
  if (c == '*') return 1;
  if (c == '%') return 2;
  return 3;
}

}  // namespace

bool generic_match(std::string_view pattern, std::string_view resource) {
  if (pattern == "**") return true;
  // IMS resource names (transactions, commands, PSBs, tpipes) have no qualifiers: match them
  // without splitting, which keeps the decision path free of allocation.
  if (pattern.find('.') == std::string_view::npos && resource.find('.') == std::string_view::npos)
    return qualifier_match(pattern, resource) && !resource.empty();
  return match_from(qualifiers(pattern), 0, qualifiers(resource), 0);
}

bool more_specific(std::string_view a, std::string_view b) {
  std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;
    int ra = rank(a[i]), rb = rank(b[i]);
    if (ra != rb) return ra > rb;
    return a[i] < b[i];  // two different literals: never both match; keep a total order
  }
  if (a.size() == b.size()) return false;
  // One is a prefix of the other: "A.*" beats "A.**" (a single * beats **), but "A.B*" loses
  // to "A.B*C"-like names that go on with literals.
  if (a.size() < b.size()) return b[n] == '*';
  return a[n] != '*';
}

}  // namespace zgate::saf

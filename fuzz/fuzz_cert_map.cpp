// libFuzzer target for certificate name mapping (saf/cert_map.h): the TLS client's subject and
// issuer as OpenSSL prints them (RFC 4514, from the peer's certificate: untrusted), RACF's dotted
// DN form (RACDCERT MAP SDNFILTER/IDNFILTER: operator-supplied), and the filter search.
// The input is read three ways:
//   1. as text: parse_racf_dn must reach a fixed point (what it parses prints back to text
//      that parses to the same RDNs), and racf_dn_from_rfc4514's answer must be such a text;
//   2. as a structured name: RDNs built from the bytes (a type picked by one byte, a value of
//      any bytes), written as RFC 4514 with every special character escaped, as OpenSSL writes
//      a certificate's name. The RACF form must then split back into exactly those RDNs, or the
//      name must be refused: a value holding '.OU=X' that became an RDN of its own would let a
//      certificate impersonate a filter's name;
//   3. as lines: subject, issuer, then filters "SDN|IDN"; CertMapTable::match must return the
//      filter RACF's search order picks (checked against a brute-force ranking).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "saf/cert_map.h"

namespace {

using namespace zgate::saf;

bool valid_racf_type(const std::string& t) {
  if (t.empty()) return false;
  for (char c : t)
    if (c == '=' || c == ' ' || (c >= 'a' && c <= 'z')) return false;  // folded to upper case
  return true;
}

// 1. Text.
void check_text(std::string_view text) {
  if (auto d = parse_racf_dn(text)) {
    std::size_t equals = 0;
    for (char c : text) equals += c == '=';
    if (d->size() > equals) std::abort();
    for (const auto& c : *d)
      if (!valid_racf_type(c.type)) std::abort();
    const std::string again = racf_dn_text(*d);
    auto d2 = parse_racf_dn(again);
    if (!d2 || *d2 != *d || racf_dn_text(*d2) != again) std::abort();
  }
  if (auto s = racf_dn_from_rfc4514(text)) {
    auto d = parse_racf_dn(*s);
    if (!d || racf_dn_text(*d) != *s) std::abort();
  }
}

// 2. A structured name. Types that RACF names as they are (no alias to fold).
constexpr const char* kTypes[] = {"CN", "OU", "O", "C", "L", "SP", "EMAIL", "UID", "DC", "T", "1.3.6.1.4.1.99"};

std::string rfc4514_escaped(const std::string& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto u = static_cast<unsigned char>(v[i]);
    const bool special = v[i] == ',' || v[i] == '+' || v[i] == '"' || v[i] == '\\' || v[i] == '<' ||
                         v[i] == '>' || v[i] == ';' || v[i] == '=' || (i == 0 && v[i] == '#') ||
                         ((i == 0 || i + 1 == v.size()) && (v[i] == ' ' || v[i] == '\t'));
    if (u < 0x20 || u >= 0x7f) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '\\';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else if (special) {
      out += '\\';
      out += v[i];
    } else {
      out += v[i];
    }
  }
  return out;
}

void check_structured(const std::uint8_t* data, std::size_t size) {
  Dn expected;
  std::string rfc;
  std::size_t i = 0;
  while (i + 2 <= size && expected.size() < 12) {
    const char* type = kTypes[data[i] % (sizeof kTypes / sizeof *kTypes)];
    std::size_t len = std::min<std::size_t>(data[i + 1] % 24, size - i - 2);
    std::string value(reinterpret_cast<const char*>(data) + i + 2, len);
    i += 2 + len;
    if (!rfc.empty()) rfc += ',';
    rfc += std::string(type) + "=" + rfc4514_escaped(value);
    expected.push_back({type, value});
  }
  auto s = racf_dn_from_rfc4514(rfc);
  if (!s) {
    // Refusing is allowed only when the RACF form could not say the name unambiguously: a
    // value with a '.' or '+' that another RDN (or value part) could be read to start at.
    bool ambiguous = false;
    for (const auto& c : expected)
      for (std::size_t k = 0; k < c.value.size(); ++k)
        if (c.value[k] == '.' || c.value[k] == '+') ambiguous = true;
    if (!ambiguous) std::abort();
    return;
  }
  auto back = parse_racf_dn(*s);
  if (!back || *back != expected) std::abort();
}

// 3. Filters and the search order.
std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos <= text.size() && out.size() < 8) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    out.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

bool ends_with(const Dn& dn, const Dn& suffix) {
  if (suffix.size() > dn.size()) return false;
  for (std::size_t k = 0; k < suffix.size(); ++k)
    if (dn[dn.size() - suffix.size() + k] != suffix[k]) return false;
  return true;
}

void check_match(std::string_view text) {
  auto ls = lines(text);
  if (ls.size() < 3) return;
  auto subject = parse_racf_dn(ls[0]);
  auto issuer = parse_racf_dn(ls[1]);
  if (!subject || !issuer) return;
  Database db;
  struct Ref {
    std::string label;
    Dn sdn, idn;
  };
  std::vector<Ref> refs;
  for (std::size_t k = 2; k < ls.size(); ++k) {
    std::string_view line = ls[k];
    std::size_t bar = line.find('|');
    CertMap m;
    m.user = "USER" + std::to_string(k);
    m.label = "L" + std::to_string(k);
    m.subject_filter = std::string(line.substr(0, bar));
    m.issuer_filter = bar == std::string_view::npos ? std::string() : std::string(line.substr(bar + 1));
    m.trusted = (k % 2) == 0;
    auto sdn = parse_racf_dn(m.subject_filter);
    auto idn = parse_racf_dn(m.issuer_filter);
    // The security manager stores only filters that parse, and never the same one twice.
    if (!sdn || !idn || (sdn->empty() && idn->empty())) continue;
    bool dup = false;
    for (const auto& r : refs) dup = dup || (r.sdn == *sdn && r.idn == *idn);
    if (dup) continue;
    refs.push_back({m.label, *sdn, *idn});
    db.cert_maps[m.user][m.label] = m;
  }
  CertMapTable table(db);
  if (table.size() != refs.size()) std::abort();
  const CertMap* got = table.match(*subject, *issuer);
  // Brute force: tier 3 subject + whole issuer, 2 subject, 1 issuer; then the longer filter.
  const Ref* best = nullptr;
  int best_tier = 0;
  std::size_t best_len = 0;
  for (const auto& r : refs) {
    int tier = 0;
    std::size_t len = 0;
    if (!r.sdn.empty() && ends_with(*subject, r.sdn) && (r.idn.empty() || *issuer == r.idn)) {
      tier = r.idn.empty() ? 2 : 3;
      len = r.sdn.size();
    } else if (r.sdn.empty() && ends_with(*issuer, r.idn)) {
      tier = 1;
      len = r.idn.size();
    }
    if (tier == 0) continue;
    if (tier > best_tier || (tier == best_tier && len > best_len)) {
      best = &r;
      best_tier = tier;
      best_len = len;
    } else if (tier == best_tier && len == best_len) {
      std::abort();  // two different filters cannot both match at the same rank
    }
  }
  if ((got == nullptr) != (best == nullptr)) std::abort();
  if (got && got->label != best->label) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_text(text);
  check_structured(data, size);
  check_match(text);
  return 0;
}

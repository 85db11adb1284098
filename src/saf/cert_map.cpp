#include "saf/cert_map.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/text.h"

namespace zgate::saf {

namespace {

// Attribute types are short; looking further than this for the '=' of a type after a '.' would
// make splitting a hostile certificate name (thousands of dots) quadratic.
constexpr std::size_t kMaxTypeLength = 64;

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// An attribute type: a name (letter, then letters, digits, '-') or a dotted OID.
bool valid_type(std::string_view t) {
  if (t.empty() || t.size() > kMaxTypeLength) return false;
  if (is_alpha(t[0]))
    return std::all_of(t.begin(), t.end(), [](char c) { return is_alpha(c) || is_digit(c) || c == '-'; });
  bool digit_before = false;
  for (char c : t) {
    if (is_digit(c)) {
      digit_before = true;
    } else if (c == '.' && digit_before) {
      digit_before = false;
    } else {
      return false;
    }
  }
  return digit_before;
}

// RACF's spelling of an attribute type: the names RACDCERT LIST shows (SP for the state, T for
// the title, EMAIL for emailAddress), reached from OpenSSL's short and long names and the OIDs.
std::string racf_type(std::string_view t) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 37> kAliases = {{
      {"CN", "CN"},           {"COMMONNAME", "CN"},          {"2.5.4.3", "CN"},
      {"C", "C"},             {"COUNTRYNAME", "C"},          {"2.5.4.6", "C"},
      {"L", "L"},             {"LOCALITYNAME", "L"},         {"2.5.4.7", "L"},
      {"ST", "SP"},           {"S", "SP"},                   {"STATEORPROVINCENAME", "SP"},
      {"2.5.4.8", "SP"},      {"O", "O"},                    {"ORGANIZATIONNAME", "O"},
      {"2.5.4.10", "O"},      {"OU", "OU"},                  {"ORGANIZATIONALUNITNAME", "OU"},
      {"2.5.4.11", "OU"},     {"TITLE", "T"},                {"2.5.4.12", "T"},
      {"STREETADDRESS", "STREET"}, {"2.5.4.9", "STREET"},    {"2.5.4.17", "POSTALCODE"},
      {"2.5.4.5", "SERIALNUMBER"}, {"E", "EMAIL"},           {"EMAILADDRESS", "EMAIL"},
      {"1.2.840.113549.1.9.1", "EMAIL"},                     {"RFC822MAILBOX", "MAIL"},
      {"0.9.2342.19200300.100.1.3", "MAIL"},                 {"DOMAINCOMPONENT", "DC"},
      {"0.9.2342.19200300.100.1.25", "DC"},                  {"USERID", "UID"},
      {"0.9.2342.19200300.100.1.1", "UID"},                  {"SURNAME", "SN"},
      {"2.5.4.4", "SN"},      {"GIVENNAME", "GIVENNAME"},
  }};
  std::string up = core::upper(t);
  for (const auto& [alias, name] : kAliases)
    if (up == alias) return std::string(name);
  return up;
}

// Whether an RDN starts at dn[k]: an attribute type followed by '='.
bool starts_rdn(std::string_view dn, std::size_t k) {
  std::size_t limit = std::min(dn.size(), k + kMaxTypeLength + 1);
  for (std::size_t j = k; j < limit; ++j) {
    char c = dn[j];
    if (c == '=') return valid_type(dn.substr(k, j - k));
    if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '.') return false;
  }
  return false;
}

bool ends_with(const Dn& dn, const Dn& suffix) {
  if (suffix.size() > dn.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), dn.end() - static_cast<std::ptrdiff_t>(suffix.size()));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::optional<Dn> parse_racf_dn(std::string_view dn) {
  Dn out;
  if (core::trim(dn).empty()) return out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t eq = dn.find('=', pos);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view type = dn.substr(pos, eq - pos);
    if (!valid_type(type)) return std::nullopt;
    std::size_t end = std::string_view::npos;
    for (std::size_t j = eq + 1; j < dn.size(); ++j) {
      if (dn[j] == '.' && starts_rdn(dn, j + 1)) {
        end = j;
        break;
      }
    }
    std::size_t value_end = end == std::string_view::npos ? dn.size() : end;
    out.push_back({racf_type(type), std::string(dn.substr(eq + 1, value_end - eq - 1))});
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return out;
}

std::string racf_dn_text(const Dn& dn) {
  std::string out;
  for (const auto& c : dn) {
    if (!out.empty()) out.push_back('.');
    out += c.type;
    out.push_back('=');
    out += c.value;
  }
  return out;
}

std::optional<std::string> racf_dn_from_rfc4514(std::string_view dn) {
  Dn out;
  std::size_t i = 0;
  const std::size_t n = dn.size();
  auto skip_blanks = [&] {
    while (i < n && blank(dn[i])) ++i;
  };
  skip_blanks();
  if (i == n) return std::string();

  // One attribute type and value (an RDN, or one part of a multi-valued one). Stops at the
  // unescaped ',' ';' '+' that ends it, or at the end.
  auto attribute = [&](std::string& type, std::string& value) -> bool {
    skip_blanks();
    std::size_t t0 = i;
    while (i < n && dn[i] != '=' && dn[i] != ',' && dn[i] != ';' && dn[i] != '+') ++i;
    if (i == n || dn[i] != '=') return false;
    std::string_view t = core::trim(dn.substr(t0, i - t0));
    if (!valid_type(t)) return false;
    type = racf_type(t);
    ++i;  // '='
    skip_blanks();
    value.clear();
    std::size_t keep = 0;  // value length without trailing unescaped blanks
    bool quoted = i < n && dn[i] == '"';
    if (quoted) ++i;
    for (; i < n; ++i) {
      char c = dn[i];
      if (c == '\\') {
        if (i + 1 >= n) return false;
        int hi = hex_value(dn[i + 1]);
        int lo = i + 2 < n ? hex_value(dn[i + 2]) : -1;
        if (hi >= 0 && lo >= 0) {
          value.push_back(static_cast<char>(hi * 16 + lo));
          i += 2;
        } else {
          value.push_back(dn[i + 1]);
          ++i;
        }
        keep = value.size();
        continue;
      }
      if (quoted) {
        if (c == '"') {
          quoted = false;
          ++i;
          skip_blanks();
          break;
        }
        value.push_back(c);
        keep = value.size();
        continue;
      }
      if (c == ',' || c == ';' || c == '+') break;
      value.push_back(c);
      if (!blank(c)) keep = value.size();
    }
    if (quoted) return false;  // no closing quote
    if (i < n && dn[i] != ',' && dn[i] != ';' && dn[i] != '+') return false;  // text after "..."
    value.resize(keep);
    // A '+' that a reader of the RACF form would take for the start of a multi-valued RDN's next
    // value ('CN=A\+UID=b' is one value, 'CN=A+UID=b' two): not expressible, refuse the name.
    for (std::size_t k = value.find('+'); k != std::string::npos; k = value.find('+', k + 1))
      if (starts_rdn(value, k + 1)) return false;
    return true;
  };

  for (;;) {
    DnComponent c;
    if (!attribute(c.type, c.value)) return std::nullopt;
    // A multi-valued RDN stays one component, its further parts appended as RACF-form text.
    while (i < n && dn[i] == '+') {
      ++i;
      std::string type, value;
      if (!attribute(type, value)) return std::nullopt;
      c.value += "+" + type + "=" + value;
    }
    out.push_back(std::move(c));
    if (i == n) break;
    ++i;  // ',' or ';'
  }
  // RACF's form has no escapes: a value holding '.TYPE=' (or an OID type's digits and dots
  // followed by '=') would be read back as more RDNs than the certificate has. Only a name that
  // splits back into exactly its own RDNs is given to the filters.
  std::string text = racf_dn_text(out);
  auto back = parse_racf_dn(text);
  if (!back || *back != out) return std::nullopt;
  return text;
}

CertMapTable::CertMapTable(const Database& db) {
  for (const auto& [user, by_label] : db.cert_maps) {
    for (const auto& [label, m] : by_label) {
      auto subject = parse_racf_dn(m.subject_filter);
      auto issuer = parse_racf_dn(m.issuer_filter);
      // A filter that no longer parses (edited behind zgate's back) can only deny: leave it out.
      if (!subject || !issuer || (subject->empty() && issuer->empty())) continue;
      entries_.push_back({m, std::move(*subject), std::move(*issuer)});
    }
  }
}

const CertMap* CertMapTable::match(const Dn& subject, const Dn& issuer) const {
  // Rank by RACF's search order (cert_map.h): tier 3 subject + full issuer, 2 subject only,
  // 1 issuer only; within a tier the longer (more specific) filter. Two different filters
  // cannot tie: equal tier and length with both matching means equal filters, which the
  // security manager refuses to define twice.
  const Entry* best = nullptr;
  int best_tier = 0;
  std::size_t best_len = 0;
  for (const auto& e : entries_) {
    int tier;
    std::size_t len;
    if (!e.subject.empty()) {
      if (!ends_with(subject, e.subject)) continue;
      if (!e.issuer.empty() && issuer != e.issuer) continue;
      tier = e.issuer.empty() ? 2 : 3;
      len = e.subject.size();
    } else {
      if (!ends_with(issuer, e.issuer)) continue;
      tier = 1;
      len = e.issuer.size();
    }
    if (tier > best_tier || (tier == best_tier && len > best_len)) {
      best = &e;
      best_tier = tier;
      best_len = len;
    }
  }
  return best ? &best->map : nullptr;
}

}  // namespace zgate::saf

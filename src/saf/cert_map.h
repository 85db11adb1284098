#pragma once
// Certificate name filters: which user a TLS client certificate maps to (RACF's initACEE with
// DIGTNMAP profiles, created by RACDCERT MAP), and the distinguished-name forms involved.
//
// RACF writes a DN most specific RDN first with '.' between RDNs ('CN=Alice.OU=Pay.O=Bank.C=US',
// as RACDCERT LIST shows a certificate's names). A filter matches a DN when it is the DN's
// least specific part: the DN ends with the filter's RDNs, compared RDN by RDN (attribute types
// without regard to case, values exactly: IBM asks for "the case, blanks and punctuation" of
// the certificate's names). Among matching filters RACF takes the first of this search order
// (z/OS Security Server RACF Security Administrator's Guide, "How RACF processes certificate
// name filters"):
//   1. subject's full name + issuer's full name      2. subject's partial name + issuer's full name
//   3. subject's full name                            4. subject's partial name
//   5. issuer's full name                             6. issuer's partial name
// where a partial name is the full one with its most specific RDNs removed one at a time (so a
// longer filter is tried first). Hence a filter with both SDNFILTER and IDNFILTER needs the
// issuer's name to equal IDNFILTER exactly (RACF never searches subject + partial issuer), and
// any such filter beats every subject-only filter, which beats every issuer-only filter.
// A NOTRUST filter that wins refuses the certificate; RACF does not go on to a less specific one.
//
// Cost: the table is a flat vector scanned once per certificate, O(filters x RDNs); a few
// hundred filters cost microseconds, well below a TLS handshake. An index (by the least
// specific RDN) would be the next step if installations define thousands.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "saf/model.h"

namespace zgate::saf {

// One RDN: attribute type in RACF's spelling (upper case: CN, OU, O, L, SP, C, T, EMAIL, ...)
// and its value as written. A multi-valued RDN ('CN=A+UID=b') stays one RDN, '+' and all.
struct DnComponent {
  std::string type;
  std::string value;

  bool operator==(const DnComponent&) const = default;
};
using Dn = std::vector<DnComponent>;

// Splits a DN in RACF's form. A '.' ends an RDN only where an attribute type and '=' follow it
// ('O=Dept. A.C=US' is O 'Dept. A' and C 'US'), so values may hold periods and blanks. Type
// aliases are folded to RACF's names (ST -> SP, E/emailAddress -> EMAIL, OIDs of the common
// types -> their names). "" is the empty DN; nullopt when the text is not a DN (no '=' where a
// type should end, an empty or malformed type).
std::optional<Dn> parse_racf_dn(std::string_view dn);

// The RACF text of a parsed DN: how filters are stored, so that equal filters compare equal.
std::string racf_dn_text(const Dn& dn);

// Converts an RFC 4514 / RFC 2253 DN as OpenSSL prints it (X509_NAME_print_ex with
// XN_FLAG_RFC2253: 'CN=Alice,OU=Payments,O=Bank\, Inc.,C=US', most specific first) into RACF's
// form ('CN=Alice.OU=Payments.O=Bank, Inc..C=US'). Escapes (\, \+ \" \\ \; \< \> \= \# and \hh)
// are undone, a "quoted" value (RFC 1779) is unquoted, blanks around ',' and '=' are dropped
// (OpenSSL's one-line form writes 'C = US, O = Bank'), ';' is accepted as a separator, types are
// mapped to RACF's names. nullopt when it is not a DN (an RDN without '=', a dangling escape or
// quote), and when RACF's form cannot say it: that form has no escapes, so a value holding what
// reads as the start of another RDN ('.OU=', '.2.5.4.3=') or, in a multi-valued RDN, of another
// value ('+UID=') would split differently when parsed (CN 'alice.OU=Pay' would become two RDNs
// and match a filter written for someone else). Such a certificate maps to no user.
std::optional<std::string> racf_dn_from_rfc4514(std::string_view dn);

// The compiled filters: built from the database whenever a filter changes, then read without
// locks by any number of connections.
class CertMapTable {
 public:
  CertMapTable() = default;
  explicit CertMapTable(const Database& db);

  // The filter that decides for a certificate with these (parsed) names, trusted or not;
  // nullptr when none matches.
  const CertMap* match(const Dn& subject, const Dn& issuer) const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    CertMap map;
    Dn subject;  // empty = no SDNFILTER
    Dn issuer;   // empty = no IDNFILTER
  };
  std::vector<Entry> entries_;
};
using CertMapTableRef = std::shared_ptr<const CertMapTable>;

}  // namespace zgate::saf

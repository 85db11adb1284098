#pragma once
// OTMA descriptors from the DFSYDTx PROCLIB member (x: the IMS nucleus suffix). IMS programs name
// the destination of a synchronous callout (ICAL) or of alternate-PCB output (ISRT) by an OTMA
// destination descriptor; the descriptor says which OTMA client (TMEMBER) and which of its
// transaction pipes (TPIPE) gets the message, and how long an ICAL waits (SYNTIMER).
//
// Record format (80-byte card images; columns 73-80 are sequence numbers and ignored):
//   column 1   D  destination descriptor     M  client descriptor     *  comment
//   column 2   blank
//   column 3-  the descriptor name (D: 1-8 characters, the last may be '*' to make it a masked
//              name; M: 1-16 characters), ended by a blank
//   then       KEYWORD=value parameters separated by blanks, up to column 72
//   e.g.       D CALLOUT1 TYPE=IMSCON TMEMBER=HWS1 TPIPE=CALLOUT1 SYNTIMER=500
// A descriptor may take up to 50 records: consecutive records with the same type and name are
// one descriptor (a comment record in between does not break it). The same name on records
// that are not consecutive is a duplicate. Blank records are skipped. A parameter does not
// continue onto the next record.
//
// Meaning:
//  * TYPE= is required: IMSCON (IMS Connect destinations, which zgate routes), IMSTRAN,
//    MQSERIES or NONOTMA (accepted, checked for keyword names only, not routed; they are listed
//    in Dfsydt::ignored so start-up can say so).
//  * TYPE=IMSCON: TMEMBER= (required; an XCF member name of 1-16 characters A-Z 0-9 $ # @),
//    TPIPE= (1-8 characters A-Z 0-9 $ @; absent: the destination name itself), SYNTIMER=
//    (hundredths of a second, 0-999999; absent or 0: the ICAL's own timeout, else 10 seconds),
//    SMEM=YES|NO, EXIT=YES|NO, ADAPTER=, CONVRTR=, USERID=, RMTIMSCON=, RMTIMS=, RMTTRAN=,
//    RMTSEC=F|C|N. The last four describe IMS-to-IMS TCP/IP routing, which zgate does not do:
//    a descriptor with RMTIMSCON= is read but not routed (listed in `ignored`).
//  * M descriptors (client descriptors, DFSOTMA the global one) are accepted without effect:
//    their names are listed in Dfsydt::clients. DFSOTMA's DDESCMAX= and MDESCMAX= are honoured
//    as the limits on D and M descriptors (IBM defaults 510 and 255).
//  * Keywords and names are upper case; IMS does no upper-case translation of OTMA names.
// Any error throws core::MemberError naming member, line and keyword, as DFSPB and stage-1 do.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/member_error.h"

namespace zgate::otma {

// The ICAL timeout when neither the ICAL nor the descriptor's SYNTIMER= gives one.
inline constexpr std::chrono::milliseconds kDefaultSyntimer{10000};

struct Descriptor {
  std::string name;        // as written; ends with '*' when masked
  std::string type;        // IMSCON, IMSTRAN, MQSERIES, NONOTMA
  std::string tmember;     // TMEMBER=: the OTMA client (IMS Connect's XCF member name)
  std::string tpipe;       // TPIPE=; empty: the destination name (see resolve_destination)
  std::chrono::milliseconds syntimer{0};  // SYNTIMER= (given in hundredths); 0: not given
  bool smem = false;       // SMEM=YES: TMEMBER is a super member (recorded only)
  bool exit = false;       // EXIT=YES: the OTMA exits may override the routing (recorded only)
  std::string adapter, converter, userid;          // ADAPTER= CONVRTR= USERID= (recorded only)
  std::string rmtimscon, rmtims, rmttran, rmtsec;  // IMS-to-IMS TCP/IP (not routed by zgate)
  int line = 0;            // the descriptor's first record

  bool masked() const { return !name.empty() && name.back() == '*'; }
  // SYNTIMER= when given, else kDefaultSyntimer.
  std::chrono::milliseconds callout_timeout() const { return syntimer.count() > 0 ? syntimer : kDefaultSyntimer; }
};

using Destinations = std::map<std::string, Descriptor>;  // by name as written

struct Dfsydt {
  std::string member;
  Destinations destinations;          // every D descriptor, whatever its TYPE
  std::vector<std::string> clients;   // M descriptor names, in member order (no effect)
  std::vector<std::string> ignored;   // "D MQDEST1 TYPE=MQSERIES: not routed by zgate", ...
};

// The whole member. Throws core::MemberError.
Dfsydt parse_dfsydt(std::string_view text, const std::string& member_name);

// The destinations zgate routes: the TYPE=IMSCON descriptors without RMTIMSCON=.
// Throws core::MemberError.
Destinations read_dfsydt(std::string_view text, const std::string& member_name);
Destinations routable(const Dfsydt& d);

// The descriptor for a destination name: the one with exactly that name, else the masked one
// with the longest prefix of it (CALL* and CALLOUT* both match CALLOUT9; CALLOUT* wins).
// nullptr when none matches.
const Descriptor* find_destination(const Destinations& d, std::string_view destination);
// The same, as a copy with `name` the destination asked for and `tpipe` filled in (the
// destination name when the descriptor gives no TPIPE=).
std::optional<Descriptor> resolve_destination(const Destinations& d, std::string_view destination);

}  // namespace zgate::otma

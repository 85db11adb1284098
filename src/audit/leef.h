#pragma once
// An event as IBM QRadar's Log Event Extended Format, version 2.0 (IBM QRadar DSM Guide, "LEEF
// event components" and "Predefined LEEF event attributes"):
//
//   LEEF:2.0|zgate|zgate|<version>|<EventID>|x09|devTime=...<TAB>devTimeFormat=...<TAB>cat=...
//
// EventID is the SMF 80 event name (or the component's code for events RACF would not write)
// and `cat` the qualifier text: together they are the two columns of QRadar's QID map. The
// attributes use QRadar's predefined keys where one fits (devTime, sev, cat, usrName, src,
// srcPort, policy, resource) and the JSON trail's names for the rest, so an analyst
// sees the same names in QRadar as in `zgate audit list`.
//
// The delimiter is a tab, declared as x09 in the header (LEEF 1.0's fixed delimiter, and a
// character no value can contain, see below).
//
// Escaping. IBM's LEEF guide defines no escape mechanism, so zgate makes one that cannot be
// misread: in header fields `|` is written `\|` and `\` is `\\` (CEF's rule, which QRadar's
// parser also accepts); in attribute values `\` is `\\` and every control character, the
// delimiter (tab) among them, is `\n`, `\r`, `\t` or `\xHH`; invalid UTF-8 becomes U+FFFD. A
// value may contain `=` and `|` as they are: QRadar splits attributes on the delimiter and each
// at its first `=`.
#include <string>

#include "audit/event.h"
#include "audit/siem_text.h"

namespace zgate::audit {

using LeefOptions = siem::DeviceIdentity;

std::string to_leef(const Event& e, const LeefOptions& opt = {});

}  // namespace zgate::audit

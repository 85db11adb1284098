#pragma once
// What the SIEM formats (LEEF, CEF, RFC 5424) share: text made safe to put inside a record, and
// the event's time as a SIEM reads it. Internal to src/audit.
//
// Every value written by a sink passes through append_escaped: invalid UTF-8 (a user ID typed on
// a terminal in another code page, an attacker's bytes) becomes U+FFFD, so the record is always
// valid UTF-8, and control characters never reach the receiver raw, so no value can end a
// record, start a forged one, or reach an operator's terminal as an escape sequence.
#include <cstdint>
#include <string>
#include <string_view>

#include "audit/event.h"

namespace zgate::audit::siem {

// Appends `in` to `out`: invalid UTF-8 as U+FFFD, each of the ASCII characters in `specials`
// preceded by a backslash (every format lists the backslash among them), control characters
// as append_control writes them, the rest as it is.
void append_escaped(std::string& out, std::string_view in, std::string_view specials);

// The escape every format uses for a control character it has no rule of its own for:
// \n \r \t, else \xHH (the code point in two hex digits; C1 controls too). The backslash that
// starts it is itself escaped by every format, so the text reads back unambiguously.
void append_control(std::string& out, char32_t c);
inline bool is_control(char32_t c) { return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f); }

// Who sends: the vendor, product and version fields of LEEF's and CEF's headers.
struct DeviceIdentity {
  std::string vendor = "zgate";
  std::string product = "zgate";
  std::string version = "1.0";
};

// "2026-12-08T02:30:18Z": RFC 3339 in UTC (RFC 5424's TIMESTAMP, LEEF's devTime).
std::string rfc3339(std::int64_t epoch_seconds);

// What QRadar's EventID and ArcSight's Signature ID carry: the SMF 80 event name (ACCESS,
// JOBINIT, PERMIT, ...) for an event RACF would write, else the component's own code
// (TLS_HANDSHAKE, SPOOL_FULL), else ZGATE.
std::string event_id(const Event& e);
// A short human name: RACF's qualifier text ("INSUFFICIENT AUTHORITY"), else the component and
// its code ("AUDIT SPOOL_FULL").
std::string event_title(const Event& e);

}  // namespace zgate::audit::siem

#pragma once
// An event as an RFC 5424 syslog message, and the octet-counting frame that carries it over TCP
// and TLS (RFC 6587 §3.4.1, RFC 5425 §4.3): "MSG-LEN SP SYSLOG-MSG".
//
//   <PRI>1 TIMESTAMP HOSTNAME zgate PROCID MSGID [zgate@PEN event="2" ...] MSG
//
// PRI: facility 10 (authpriv, "security/authorization messages") by default: these records
// name users and what they were refused, and syslog daemons keep authpriv apart from the
// world-readable logs (Debian's rsyslog writes it to /var/log/auth.log only); the settings can
// choose another. The syslog severity comes from audit::severity_of's 1-10 (see
// syslog_severity). TIMESTAMP is the event's time, HOSTNAME this host, MSGID the event's ID
// (siem::event_id: ACCESS, JOBINIT, SPOOL_FULL, ...).
//
// STRUCTURED-DATA: one element, SD-ID "zgate@32473" by default. zgate has no IANA Private
// Enterprise Number of its own; 32473 is the number RFC 5612 reserves for documentation, and
// a site that forwards to others sets its own with `sd_id`. Its parameters are the fields a
// receiver filters on (event, qualifier, severity, user, source, correlation); each value is
// escaped as RFC 5424 §6.3.3 requires (`"` `\` `]` preceded by `\`), control characters written
// as `\n` `\r` `\t` `\xHH`, invalid UTF-8 as U+FFFD.
//
// MSG: the JSON record (as in the trail, without its chain), or the LEEF or CEF text, chosen
// per sink. No BOM: QRadar and ArcSight read the LEEF/CEF text from the first byte of MSG.
#include <string>
#include <string_view>

#include "audit/cef.h"
#include "audit/event.h"
#include "audit/leef.h"

namespace zgate::audit {

enum class SyslogPayload { Json, Leef, Cef };

struct SyslogFormat {
  int facility = 10;  // authpriv
  std::string hostname;  // empty: gethostname()
  std::string app_name = "zgate";
  std::string sd_id = "zgate@32473";
  // False: STRUCTURED-DATA is "-" (NILVALUE), for a receiver that wants the LEEF or CEF text
  // right after the header (QRadar documents the syslog header then a space then LEEF).
  bool structured_data = true;
  SyslogPayload payload = SyslogPayload::Json;
  LeefOptions leef;
  CefOptions cef;
};

// 9-10 critical (2), 7-8 error (3), 5-6 warning (4), 3-4 notice (5), 1-2 informational (6).
int syslog_severity(const Event& e);

// The RFC 5424 message for `e`, without a frame.
std::string to_syslog(const Event& e, const SyslogFormat& f);
// "LEN SP MSG".
std::string octet_frame(std::string_view msg);

}  // namespace zgate::audit

#pragma once
// The audit part of zgate's settings file (TOML, read with toml++): where the trail goes, how
// it is synced and rotated, and the syslog receivers that also get every event.
//
//   [audit]
//   trail = "/var/lib/zgate/audit.jsonl"
//   fsync = "interval"          # none | always | interval
//   fsync_ms = 200
//   rotate_bytes = 104857600    # 0: never by size
//   rotate_seconds = 86400      # 0: never by age
//
//   [[audit.syslog]]
//   name = "qradar"
//   host = "qradar.example.com"
//   port = 6514
//   transport = "tls"           # tcp | tls
//   ca_file = "/etc/zgate/siem-ca.pem"
//   cert_file = "/etc/zgate/zgate.pem"    # optional, with key_file
//   key_file = "/etc/zgate/zgate.key"
//   server_name = "qradar.example.com"    # default: host
//   format = "leef"             # rfc5424 (the JSON record as MSG) | leef | cef
//   spool = "/var/spool/zgate/qradar"
//   spool_max_bytes = 67108864
//   facility = 10               # optional: 10 (authpriv) by default
//   sd_id = "zgate@32473"       # optional: your PEN
//   structured_data = true      # optional: false writes "-" (LEEF/CEF right after the header)
//
// Deny by default: a key this part does not know, a value of the wrong type or out of range,
// is an error that names the file, the line and column, and the key. Other top-level tables
// of the file belong to other parts of zgate and are not read here.
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "audit/json_lines_sink.h"
#include "audit/sink.h"
#include "audit/syslog_sink.h"

namespace zgate::audit {

struct AuditSettings {
  std::string trail;  // empty: no JSON-lines trail from the settings (the application's default)
  JsonLinesOptions trail_options;
  std::vector<SyslogSinkOptions> syslog;  // spool.alert is left for build_sinks to fill
};

class SettingsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `text` is the file's content, `source` its name for messages. Throws SettingsError.
AuditSettings parse_audit_settings(std::string_view text, std::string_view source);
// Reads and parses the file. Throws SettingsError (also when it cannot be read).
AuditSettings load_audit_settings(const std::string& path);

// The sinks the settings describe, for the application to add to its audit::Bus (which must
// not outlive them): the trail first, then each syslog sink with `alert` as its spool's alert
// callback (the application passes one that writes to the bus). Throws std::runtime_error when
// a sink cannot be made (a trail or spool that cannot be opened, a CA file that cannot be read).
std::vector<std::unique_ptr<Sink>> build_sinks(const AuditSettings& s, std::function<void(const Event&)> alert);

}  // namespace zgate::audit

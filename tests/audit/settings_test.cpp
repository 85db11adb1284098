// The audit part of the settings file: what it reads, and that every mistake names the file,
// the line and the key (deny by default: an unknown key is an error, not ignored).
#include <gtest/gtest.h>

#include "audit/bus.h"
#include "audit/settings.h"
#include "core/clock.h"
#include "temp_dir.h"

namespace zgate::audit {
namespace {

using testing::TempDir;

std::string error_of(std::string_view text) {
  try {
    parse_audit_settings(text, "zgate.toml");
  } catch (const SettingsError& e) {
    return e.what();
  }
  return "no error";
}

TEST(AuditSettings, AFullFileIsRead) {
  AuditSettings s = parse_audit_settings(R"(
[server]
anything = "belongs to another part of zgate"

[audit]
trail = "/var/lib/zgate/audit.jsonl"
fsync = "always"
fsync_ms = 50
rotate_bytes = 1048576
rotate_seconds = 86400

[[audit.syslog]]
name = "qradar"
host = "qradar.example.com"
transport = "tls"
ca_file = "/etc/zgate/ca.pem"
cert_file = "/etc/zgate/zgate.pem"
key_file = "/etc/zgate/zgate.key"
server_name = "siem.example.com"
format = "leef"
spool = "/var/spool/zgate/qradar"
spool_max_bytes = 2097152

[[audit.syslog]]
name = "arcsight"
host = "10.0.0.9"
port = 1514
format = "cef"
spool = "/var/spool/zgate/arcsight"
facility = 13
sd_id = "zgate@99999"
structured_data = false
)",
                                         "zgate.toml");
  EXPECT_EQ(s.trail, "/var/lib/zgate/audit.jsonl");
  EXPECT_EQ(s.trail_options.fsync, FsyncPolicy::Always);
  EXPECT_EQ(s.trail_options.fsync_ms, 50);
  EXPECT_EQ(s.trail_options.rotate_bytes, 1048576u);
  EXPECT_EQ(s.trail_options.rotate_seconds, 86400);
  ASSERT_EQ(s.syslog.size(), 2u);
  const auto& q = s.syslog[0];
  EXPECT_EQ(q.name, "qradar");
  EXPECT_EQ(q.transport, SyslogSinkOptions::Transport::Tls);
  EXPECT_EQ(q.port, 6514);  // RFC 5425's port by default for TLS
  EXPECT_EQ(q.server_name, "siem.example.com");
  EXPECT_EQ(q.format.payload, SyslogPayload::Leef);
  EXPECT_EQ(q.spool.dir, "/var/spool/zgate/qradar");
  EXPECT_EQ(q.spool.max_bytes, 2097152u);
  const auto& a = s.syslog[1];
  EXPECT_EQ(a.transport, SyslogSinkOptions::Transport::Tcp);
  EXPECT_EQ(a.port, 1514);
  EXPECT_EQ(a.format.payload, SyslogPayload::Cef);
  EXPECT_EQ(a.format.facility, 13);
  EXPECT_EQ(a.format.sd_id, "zgate@99999");
  EXPECT_FALSE(a.format.structured_data);
  EXPECT_TRUE(q.format.structured_data);
}

TEST(AuditSettings, NoAuditTableMeansNothingConfigured) {
  AuditSettings s = parse_audit_settings("[server]\nport = 9999\n", "zgate.toml");
  EXPECT_TRUE(s.trail.empty());
  EXPECT_TRUE(s.syslog.empty());
}

TEST(AuditSettings, AnUnknownKeyIsAnErrorWithItsLine) {
  EXPECT_EQ(error_of("[audit]\ntrail = \"x\"\nrotate_byte = 5\n"),
            "zgate.toml:3:1: audit.rotate_byte: unknown key (a misspelling would otherwise be ignored)");
  EXPECT_EQ(error_of("[audit]\n[[audit.syslog]]\nname=\"a\"\nhost=\"h\"\nspool=\"/s\"\nformt=\"leef\"\n"),
            "zgate.toml:6:1: audit.syslog[0].formt: unknown key (a misspelling would otherwise be ignored)");
}

TEST(AuditSettings, WrongTypesAndValuesNameTheKey) {
  EXPECT_EQ(error_of("[audit]\nfsync_ms = \"200\"\n"), "zgate.toml:2:12: audit.fsync_ms: expected an integer");
  EXPECT_EQ(error_of("[audit]\nfsync = \"often\"\n"),
            "zgate.toml:2:9: audit.fsync: expected one of none, always, interval");
  EXPECT_EQ(error_of("[audit]\n[[audit.syslog]]\nname=\"a\"\nhost=\"h\"\nspool=\"/s\"\nport=70000\n"),
            "zgate.toml:6:6: audit.syslog[0].port: 70000 is not in 1 to 65535");
  EXPECT_NE(error_of("[audit]\n[[audit.syslog]]\nname=\"a\"\nhost=\"h\"\nspool=\"/s\"\ntransport=\"tls\"\n")
                .find("audit.syslog[0].ca_file: is required with transport = \"tls\""),
            std::string::npos);
  EXPECT_NE(error_of("[audit]\n[[audit.syslog]]\nhost=\"h\"\nspool=\"/s\"\n").find("audit.syslog[0].name: is required"),
            std::string::npos);
  EXPECT_NE(error_of("[audit]\n[[audit.syslog]]\nname=\"a\"\nhost=\"h\"\nspool=\"/s\"\n[[audit.syslog]]\nname=\"a\"\n"
                     "host=\"h\"\nspool=\"/t\"\n")
                .find("'a' names another sink too"),
            std::string::npos);
}

TEST(AuditSettings, ATomlSyntaxErrorNamesTheLine) {
  std::string e = error_of("[audit]\ntrail = \"unterminated\n");
  EXPECT_EQ(e.rfind("zgate.toml:2:", 0), 0u) << e;
}

// A trail, and a syslog receiver that is down (nothing listens on port 1: events stay spooled).
AuditSettings trail_and_down_receiver(const TempDir& d, std::uint64_t spool_max_bytes) {
  AuditSettings s;
  s.trail = d.file("trail.jsonl");
  SyslogSinkOptions o;
  o.name = "siem";
  o.host = "127.0.0.1";
  o.port = 1;
  o.spool.dir = d.file("spool");
  o.spool.max_bytes = spool_max_bytes;
  o.stop_timeout = std::chrono::milliseconds(100);
  s.syslog.push_back(o);
  return s;
}

TEST(AuditSettings, BuildSinksMakesTheTrailAndTheSyslogSinks) {
  TempDir d;
  AuditSettings s = trail_and_down_receiver(d, 1 << 20);
  std::vector<Event> alerts;
  auto sinks = build_sinks(s, [&](const Event& e) { alerts.push_back(e); });
  ASSERT_EQ(sinks.size(), 2u);
  Event e;
  e.time = 1;
  for (auto& sink : sinks) sink->write(e);
  EXPECT_EQ(testing::lines_of(d.file("trail.jsonl")).size(), 1u);
  auto* syslog = dynamic_cast<SyslogSink*>(sinks[1].get());
  ASSERT_NE(syslog, nullptr);
  EXPECT_GT(syslog->stats().spooled_bytes, 0u);
}

// As the application wires them: the sinks on the bus, the spool's alert written to the bus, so
// the SPOOL_FULL alert lands in the trail (once) while the syslog receiver is down.
TEST(AuditSettings, OnTheBusTheSpoolsAlertReachesTheTrail) {
  TempDir d;
  AuditSettings s = trail_and_down_receiver(d, 4096);
  Bus* bus = nullptr;
  auto sinks = build_sinks(s, [&](const Event& e) { bus->write(e); });  // the sinks outlive the bus
  core::SystemClock clock;
  {
    Bus b(clock);
    bus = &b;
    for (auto& sink : sinks) b.add_sink(*sink);
    Event e;
    e.code = EventCode::Access;
    for (int i = 0; i < 50; ++i) b.write(e);
    b.flush();
  }
  auto lines = testing::lines_of(d.file("trail.jsonl"));
  std::size_t full = 0;
  for (const auto& l : lines) full += l.find("\"component_code\":\"SPOOL_FULL\"") != std::string::npos;
  EXPECT_EQ(full, 1u);
  EXPECT_EQ(lines.size(), 51u);
}

TEST(AuditSettings, LoadNamesAFileThatCannotBeRead) {
  EXPECT_THROW(load_audit_settings("/nonexistent/zgate.toml"), SettingsError);
}

}  // namespace
}  // namespace zgate::audit

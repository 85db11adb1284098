#include "audit/settings.h"

#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace zgate::audit {
namespace {

// "FILE:LINE:COL: KEY: what is wrong".
[[noreturn]] void fail(std::string_view source, const toml::source_region& at, std::string_view key, std::string_view what) {
  throw SettingsError(fmt::format("{}:{}:{}: {}: {}", source, at.begin.line, at.begin.column, key, what));
}

// One table's keys, each read once; what is left at the end is unknown and refused.
class Reader {
 public:
  Reader(std::string_view source, const toml::table& t, std::string path)
      : source_(source), t_(t), path_(std::move(path)) {}

  const toml::node* get(std::string_view key) {
    seen_.insert(std::string(key));
    return t_.get(key);
  }
  std::string name(std::string_view key) const { return path_ + "." + std::string(key); }

  std::string string(std::string_view key, std::string def = {}) {
    const toml::node* n = get(key);
    if (!n) return def;
    if (!n->is_string()) fail(source_, n->source(), name(key), "expected a string");
    std::string v = n->as_string()->get();
    if (v.find('\0') != std::string::npos) fail(source_, n->source(), name(key), "contains a NUL character");
    return v;
  }
  std::int64_t integer(std::string_view key, std::int64_t def, std::int64_t min, std::int64_t max) {
    const toml::node* n = get(key);
    if (!n) return def;
    if (!n->is_integer()) fail(source_, n->source(), name(key), "expected an integer");
    std::int64_t v = n->as_integer()->get();
    if (v < min || v > max) fail(source_, n->source(), name(key), fmt::format("{} is not in {} to {}", v, min, max));
    return v;
  }
  template <class T>
  T choice(std::string_view key, T def, std::initializer_list<std::pair<std::string_view, T>> values) {
    const toml::node* n = get(key);
    if (!n) return def;
    std::string allowed;
    for (const auto& [text, v] : values) allowed += (allowed.empty() ? "" : ", ") + std::string(text);
    if (n->is_string())
      for (const auto& [text, v] : values)
        if (n->as_string()->get() == text) return v;
    fail(source_, n->source(), name(key), "expected one of " + allowed);
  }
  void require(std::string_view key, const std::string& value) {
    if (value.empty()) fail(source_, t_.source(), name(key), "is required");
  }
  [[noreturn]] void invalid(std::string_view key, std::string_view what) {
    const toml::node* n = t_.get(key);
    fail(source_, n ? n->source() : t_.source(), name(key), what);
  }
  // Deny by default: every key not read is one this part does not know.
  void no_other_keys() {
    for (auto&& [k, v] : t_)
      if (!seen_.count(std::string(k.str())))
        fail(source_, k.source(), name(k.str()), "unknown key (a misspelling would otherwise be ignored)");
  }

 private:
  std::string_view source_;
  const toml::table& t_;
  std::string path_;
  std::set<std::string> seen_;
};

constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();

SyslogSinkOptions syslog_settings(std::string_view source, const toml::table& t, std::size_t i) {
  Reader r(source, t, fmt::format("audit.syslog[{}]", i));
  SyslogSinkOptions o;
  o.name = r.string("name");
  r.require("name", o.name);
  o.host = r.string("host");
  r.require("host", o.host);
  o.transport = r.choice("transport", SyslogSinkOptions::Transport::Tcp,
                         {{"tcp", SyslogSinkOptions::Transport::Tcp}, {"tls", SyslogSinkOptions::Transport::Tls}});
  bool tls = o.transport == SyslogSinkOptions::Transport::Tls;
  o.port = static_cast<int>(r.integer("port", tls ? 6514 : 514, 1, 65535));  // RFC 5425's and the usual TCP port
  o.ca_file = r.string("ca_file");
  o.cert_file = r.string("cert_file");
  o.key_file = r.string("key_file");
  o.server_name = r.string("server_name");
  if (tls && o.ca_file.empty()) r.invalid("ca_file", "is required with transport = \"tls\" (the receiver's certificate is verified)");
  if (!tls && !(o.ca_file + o.cert_file + o.key_file + o.server_name).empty())
    r.invalid("transport", "ca_file, cert_file, key_file and server_name need transport = \"tls\"");
  if (o.cert_file.empty() != o.key_file.empty()) r.invalid(o.cert_file.empty() ? "key_file" : "cert_file", "cert_file and key_file go together");
  o.format.payload = r.choice("format", SyslogPayload::Json,
                              {{"rfc5424", SyslogPayload::Json}, {"leef", SyslogPayload::Leef}, {"cef", SyslogPayload::Cef}});
  o.format.facility = static_cast<int>(r.integer("facility", 10, 0, 23));
  o.format.sd_id = r.string("sd_id", "zgate@32473");
  if (o.format.sd_id.size() > 32 || o.format.sd_id.find_first_of(" =]\"") != std::string::npos)
    r.invalid("sd_id", "an SD-ID is at most 32 characters without space, =, ] or \"");
  if (const toml::node* n = r.get("structured_data")) {
    if (!n->is_boolean()) fail(source, n->source(), r.name("structured_data"), "expected true or false");
    o.format.structured_data = n->as_boolean()->get();
  }
  o.spool.dir = r.string("spool");
  r.require("spool", o.spool.dir);
  o.spool.max_bytes = static_cast<std::uint64_t>(r.integer("spool_max_bytes", 64ll << 20, 1 << 20, kMaxInt));
  o.spool.fsync = r.choice("spool_fsync", FsyncPolicy::Interval,
                           {{"none", FsyncPolicy::None}, {"always", FsyncPolicy::Always}, {"interval", FsyncPolicy::Interval}});
  o.spool.fsync_ms = static_cast<int>(r.integer("spool_fsync_ms", 200, 1, 60000));
  o.spool.name = o.name;
  r.no_other_keys();
  return o;
}

}  // namespace

AuditSettings parse_audit_settings(std::string_view text, std::string_view source) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw SettingsError(fmt::format("{}:{}:{}: {}", source, e.source().begin.line, e.source().begin.column, e.description()));
  }
  AuditSettings s;
  const toml::node* audit = root.get("audit");
  if (!audit) return s;
  if (!audit->is_table()) fail(source, audit->source(), "audit", "expected a table ([audit])");
  Reader r(source, *audit->as_table(), "audit");
  s.trail = r.string("trail");
  s.trail_options.fsync = r.choice("fsync", FsyncPolicy::Interval,
                                   {{"none", FsyncPolicy::None}, {"always", FsyncPolicy::Always}, {"interval", FsyncPolicy::Interval}});
  s.trail_options.fsync_ms = static_cast<int>(r.integer("fsync_ms", 200, 1, 60000));
  s.trail_options.rotate_bytes = static_cast<std::uint64_t>(r.integer("rotate_bytes", 0, 0, kMaxInt));
  s.trail_options.rotate_seconds = r.integer("rotate_seconds", 0, 0, kMaxInt);
  if (const toml::node* list = r.get("syslog")) {
    if (!list->is_array_of_tables()) fail(source, list->source(), "audit.syslog", "expected [[audit.syslog]] tables");
    std::set<std::string> names, spools;
    std::size_t i = 0;
    for (const toml::node& t : *list->as_array()) {
      SyslogSinkOptions o = syslog_settings(source, *t.as_table(), i);
      if (!names.insert(o.name).second) fail(source, t.source(), fmt::format("audit.syslog[{}].name", i), "'" + o.name + "' names another sink too");
      if (!spools.insert(o.spool.dir).second)
        fail(source, t.source(), fmt::format("audit.syslog[{}].spool", i), "another sink has this spool: each needs its own");
      s.syslog.push_back(std::move(o));
      ++i;
    }
  }
  r.no_other_keys();
  return s;
}

AuditSettings load_audit_settings(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SettingsError("cannot read settings file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_audit_settings(text.str(), path);
}

std::vector<std::unique_ptr<Sink>> build_sinks(const AuditSettings& s, std::function<void(const Event&)> alert) {
  std::vector<std::unique_ptr<Sink>> out;
  if (!s.trail.empty()) out.push_back(std::make_unique<JsonLinesSink>(s.trail, s.trail_options));
  for (SyslogSinkOptions o : s.syslog) {
    o.spool.alert = alert;
    out.push_back(std::make_unique<SyslogSink>(std::move(o)));
  }
  return out;
}

}  // namespace zgate::audit

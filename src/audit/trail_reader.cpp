// Reading the trail back: trail_reader.h.
#include "audit/trail_reader.h"

#include <cstdio>
#include <ctime>

#include "audit/json_record.h"

namespace zgate::audit {

namespace {

std::string str(const record::Json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

template <class T>
T num(const record::Json& j, const char* name, T dflt) {
  auto it = j.find(name);
  return it != j.end() && it->is_number_integer() ? it->get<T>() : dflt;
}

bool flag(const record::Json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

}  // namespace

std::optional<TrailEntry> read_record(std::string_view line, std::size_t line_number) {
  record::Json j = record::Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("time") || !j.contains("event")) return std::nullopt;
  TrailEntry t;
  t.line = line_number;
  Event& e = t.event;
  e.time = num<std::int64_t>(j, "time", 0);
  e.code = static_cast<EventCode>(num<int>(j, "event", 0));
  e.qualifier = num<std::uint8_t>(j, "qualifier", 0);
  e.violation = flag(j, "violation");
  e.warning = flag(j, "warning");
  e.racf_rc = num<int>(j, "racf_rc", 0);
  e.user = str(j, "user");
  e.group = str(j, "group");
  e.component = str(j, "component");
  e.appl = str(j, "appl");
  e.terminal = str(j, "terminal");
  e.resource_class = str(j, "class");
  e.resource = str(j, "resource");
  e.profile = str(j, "profile");
  e.generic = flag(j, "generic");
  e.access_requested = str(j, "access_requested");
  e.access_granted = str(j, "access_granted");
  e.detail = str(j, "detail");
  e.component_code = str(j, "component_code");
  e.severity = num<int>(j, "severity", 0);
  e.door = str(j, "door");
  e.datastore = str(j, "datastore");
  e.source_ip = str(j, "source_ip");
  e.source_port = num<int>(j, "source_port", 0);
  e.cert_subject = str(j, "cert_subject");
  e.client_code = str(j, "client_code");
  e.correlation = str(j, "correlation");
  t.event_name = str(j, "event_name");
  t.qualifier_text = str(j, "qualifier_text");
  return t;
}

bool matches(const TrailFilter& f, const TrailEntry& t) {
  const Event& e = t.event;
  if (!f.user.empty() && upper(f.user) != e.user) return false;
  if (!f.source.empty() && e.terminal.rfind(f.source, 0) != 0 && e.source_ip.rfind(f.source, 0) != 0) return false;
  if (!f.component.empty() && upper(f.component) != e.component) return false;
  if (!f.event.empty() && f.event != std::to_string(static_cast<int>(e.code)) && upper(f.event) != t.event_name &&
      upper(f.event) != e.component_code)
    return false;
  if (f.since && e.time < *f.since) return false;
  if (f.until && e.time > *f.until) return false;
  if (f.violations && !e.violation) return false;
  return true;
}

std::optional<std::int64_t> parse_time(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool digits = true;
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (digits && text.size() <= 12) return std::stoll(std::string(text));
  std::tm tm{};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  const std::string t(text);
  int n = 0;
  if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &s, &n) == 6 &&
      static_cast<std::size_t>(n) == t.size()) {
  } else if (std::sscanf(t.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 && static_cast<std::size_t>(n) == t.size()) {
    h = mi = s = 0;
  } else {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<std::int64_t>(::timegm(&tm));
}

std::string format_time(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  ::gmtime_r(&tt, &tm);
  char b[32];
  std::strftime(b, sizeof b, "%Y-%m-%d %H:%M:%S", &tm);
  return b;
}

}  // namespace zgate::audit

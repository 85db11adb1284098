#include "audit/leef.h"

#include <array>
#include <string_view>

#include "audit/siem_text.h"

namespace zgate::audit {
namespace {

// QRadar's predefined keys for the trail's fields that have one. The trail's other fields keep
// their own names.
struct Mapped {
  std::string_view field, key;
};
constexpr std::array<Mapped, 6> kPredefined{{
    {"user", "usrName"},
    {"source_ip", "src"},
    {"source_port", "srcPort"},
    {"profile", "policy"},
    {"resource", "resource"},
    {"severity", "sev"},
}};

// Already in the header or in devTime/cat.
constexpr std::array<std::string_view, 3> kInHeader{"time", "event_name", "qualifier_text"};

void attribute(std::string& out, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  out += '\t';
  out += key;
  out += '=';
  siem::append_escaped(out, value, "\\");
}

}  // namespace

std::string to_leef(const Event& e, const LeefOptions& opt) {
  std::string out = "LEEF:2.0|";
  for (const std::string* h : {&opt.vendor, &opt.product, &opt.version}) {
    siem::append_escaped(out, *h, "|\\");
    out += '|';
  }
  siem::append_escaped(out, siem::event_id(e), "|\\");
  out += "|x09|";
  // devTime in the ISO 8601 form with its Java SimpleDateFormat pattern, so QRadar needs no
  // guess about the time zone.
  out += "devTime=" + siem::rfc3339(e.time) + "\tdevTimeFormat=yyyy-MM-dd'T'HH:mm:ssX";
  attribute(out, "cat", siem::event_title(e));
  for (std::string_view name : field_names()) {
    bool skip = false;
    for (auto h : kInHeader) skip |= h == name;
    if (skip) continue;
    std::string_view key = name;
    for (const auto& m : kPredefined)
      if (m.field == name) key = m.key;
    attribute(out, key, field(e, name));
  }
  return out;
}

}  // namespace zgate::audit

#include "audit/json_lines_sink.h"

#include <stdexcept>

#include <fmt/format.h>

namespace zgate::audit {
namespace {

void append_escaped(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20 || u >= 0x7F) out += fmt::format("\\u{:04x}", u);
        else out.push_back(c);
    }
  }
  out.push_back('"');
}

void field(std::string& out, const char* name, std::string_view value) {
  if (value.empty()) return;
  out += ",\"";
  out += name;
  out += "\":";
  append_escaped(out, value);
}

}  // namespace

std::string to_json_line(const Event& e) {
  std::string out = fmt::format("{{\"time\":{},\"event\":{},\"event_name\":\"{}\",\"qualifier\":{}",
                                e.time, static_cast<int>(e.code), event_name(e.code), e.qualifier);
  field(out, "qualifier_text", qualifier_text(e.code, e.qualifier));
  out += fmt::format(",\"violation\":{},\"warning\":{},\"racf_rc\":{}", e.violation, e.warning,
                     e.racf_rc);
  field(out, "user", e.user);
  field(out, "group", e.group);
  field(out, "component", e.component);
  field(out, "appl", e.appl);
  field(out, "terminal", e.terminal);
  field(out, "class", e.resource_class);
  field(out, "resource", e.resource);
  field(out, "profile", e.profile);
  if (!e.profile.empty()) out += fmt::format(",\"generic\":{}", e.generic);
  field(out, "access_requested", e.access_requested);
  field(out, "access_granted", e.access_granted);
  field(out, "detail", e.detail);
  out += "}\n";
  return out;
}

JsonLinesSink::JsonLinesSink(const std::string& path) {
  f_ = std::fopen(path.c_str(), "a");
  if (!f_) throw std::runtime_error("cannot open audit log " + path);
}

JsonLinesSink::~JsonLinesSink() {
  if (f_) std::fclose(f_);
}

void JsonLinesSink::write(const Event& e) {
  std::string line = to_json_line(e);
  std::lock_guard lk(mu_);
  std::fwrite(line.data(), 1, line.size(), f_);
  std::fflush(f_);
}

}  // namespace zgate::audit

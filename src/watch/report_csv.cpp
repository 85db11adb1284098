#include "watch/report_csv.h"

namespace zgate::watch {

std::string csv_field(std::string_view value) {
  std::string v(value);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    v.insert(v.begin(), '\'');
  bool quote = !v.empty() && (v.front() == ' ' || v.back() == ' ');
  quote = quote || v.find_first_of(",\"\r\n") != std::string::npos;
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string render_csv(const Report& r) {
  std::string out = "severity,check,area,subject,finding,fix\r\n";
  for (const auto& f : r.findings) {
    out += csv_field(severity_name(f.severity));
    for (const std::string* s : {&f.check, &f.area, &f.subject, &f.text, &f.fix}) out += "," + csv_field(*s);
    out += "\r\n";
  }
  return out;
}

}  // namespace zgate::watch

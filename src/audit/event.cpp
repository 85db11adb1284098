#include "audit/event.h"

#include <array>

namespace zgate::audit {

const char* event_name(EventCode code) {
  switch (code) {
    case EventCode::None: return "ZGATE";
    case EventCode::JobInit: return "JOBINIT";
    case EventCode::Access: return "ACCESS";
    case EventCode::AddGroup: return "ADDGROUP";
    case EventCode::AddUser: return "ADDUSER";
    case EventCode::AltGroup: return "ALTGROUP";
    case EventCode::AltUser: return "ALTUSER";
    case EventCode::Connect: return "CONNECT";
    case EventCode::DelGroup: return "DELGROUP";
    case EventCode::DelUser: return "DELUSER";
    case EventCode::Password: return "PASSWORD";
    case EventCode::Permit: return "PERMIT";
    case EventCode::RAlter: return "RALTER";
    case EventCode::RDefine: return "RDEFINE";
    case EventCode::RDelete: return "RDELETE";
    case EventCode::Remove: return "REMOVE";
    case EventCode::SetrOpts: return "SETROPTS";
    case EventCode::RacdCert: return "RACDCERT";
  }
  return "UNKNOWN";
}

const char* qualifier_text(EventCode code, std::uint8_t q) {
  if (code == EventCode::None) return "";
  if (code == EventCode::JobInit) {
    switch (q) {
      case 0: return "SUCCESSFUL INITIATION";
      case 1: return "INVALID PASSWORD";
      case 2: return "INVALID GROUP";
      case 5: return "INVALID APPLICATION";
      case 6: return "REVOKED USER ID ATTEMPTING ACCESS";
      case 7: return "USER ID AUTOMATICALLY REVOKED";
      case 9: return "UNDEFINED USER ID";
      case 27: return "VERIFICATION FAILED BY INSTALLATION";
      default: return "JOBINIT EVENT";
    }
  }
  if (code == EventCode::Access) {
    switch (q) {
      case 0: return "SUCCESSFUL ACCESS";
      case 1: return "INSUFFICIENT AUTHORITY";
      case 2: return "PROFILE NOT FOUND";
      case 3: return "ACCESS PERMITTED DUE TO WARNING";
      default: return "ACCESS EVENT";
    }
  }
  switch (q) {
    case 0: return "NO VIOLATIONS DETECTED";
    case 1: return "INSUFFICIENT AUTHORITY";
    case 2: return "KEYWORD VIOLATIONS DETECTED";
    default: return "COMMAND EVENT";
  }
}

}  // namespace zgate::audit

namespace zgate::audit {

int severity_of(const Event& e) {
  if (e.severity > 0) return e.severity > 10 ? 10 : e.severity;
  if (e.violation) return 6;
  if (e.warning || (e.code == EventCode::None && !e.client_code.empty())) return 4;
  return 2;
}

namespace {

std::string flag(bool b) { return b ? "true" : "false"; }
std::string number(long long n) { return std::to_string(n); }

using Getter = std::string (*)(const Event&);
struct Field {
  std::string_view name;
  Getter get;
};

// The JSON trail's names and order (json_record.cpp writes the same).
const std::array<Field, 29> kFields{{
    {"time", [](const Event& e) { return number(e.time); }},
    {"event", [](const Event& e) { return number(static_cast<int>(e.code)); }},
    {"event_name", [](const Event& e) { return std::string(event_name(e.code)); }},
    {"qualifier", [](const Event& e) { return number(e.qualifier); }},
    {"qualifier_text", [](const Event& e) { return std::string(qualifier_text(e.code, e.qualifier)); }},
    {"component_code", [](const Event& e) { return e.component_code; }},
    {"violation", [](const Event& e) { return flag(e.violation); }},
    {"warning", [](const Event& e) { return flag(e.warning); }},
    {"severity", [](const Event& e) { return number(severity_of(e)); }},
    {"racf_rc", [](const Event& e) { return number(e.racf_rc); }},
    {"user", [](const Event& e) { return e.user; }},
    {"group", [](const Event& e) { return e.group; }},
    {"component", [](const Event& e) { return e.component; }},
    {"door", [](const Event& e) { return e.door; }},
    {"appl", [](const Event& e) { return e.appl; }},
    {"datastore", [](const Event& e) { return e.datastore; }},
    {"terminal", [](const Event& e) { return e.terminal; }},
    {"source_ip", [](const Event& e) { return e.source_ip; }},
    {"source_port", [](const Event& e) { return e.source_port > 0 ? number(e.source_port) : std::string(); }},
    {"cert_subject", [](const Event& e) { return e.cert_subject; }},
    {"class", [](const Event& e) { return e.resource_class; }},
    {"resource", [](const Event& e) { return e.resource; }},
    {"profile", [](const Event& e) { return e.profile; }},
    {"generic", [](const Event& e) { return e.profile.empty() ? std::string() : flag(e.generic); }},
    {"access_requested", [](const Event& e) { return e.access_requested; }},
    {"access_granted", [](const Event& e) { return e.access_granted; }},
    {"client_code", [](const Event& e) { return e.client_code; }},
    {"correlation", [](const Event& e) { return e.correlation; }},
    {"detail", [](const Event& e) { return e.detail; }},
}};

}  // namespace

std::string field(const Event& e, std::string_view name) {
  for (const auto& f : kFields)
    if (f.name == name) return f.get(e);
  return {};
}

const std::vector<std::string_view>& field_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (const auto& f : kFields) v.push_back(f.name);
    return v;
  }();
  return names;
}

}  // namespace zgate::audit

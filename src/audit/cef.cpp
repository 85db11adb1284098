#include "audit/cef.h"

#include <array>
#include <string_view>

#include "audit/siem_text.h"

namespace zgate::audit {
namespace {

// The trail's fields that have a CEF dictionary key, and the ones carried in labelled custom
// strings (cs1-cs6: what an ArcSight analyst reads as "Device Custom String n").
struct Mapped {
  std::string_view field, key, label;
};
constexpr std::array<Mapped, 17> kMapped{{
    {"source_ip", "src", ""},
    {"source_port", "spt", ""},
    {"user", "suser", ""},
    {"access_requested", "act", ""},
    {"component", "cat", ""},
    {"detail", "msg", ""},
    {"profile", "cs1", "racfProfile"},
    {"class", "cs2", "racfClass"},
    {"resource", "cs3", "resource"},
    {"correlation", "cs4", "correlation"},
    {"client_code", "cs5", "clientCode"},
    {"cert_subject", "cs6", "certSubject"},
    {"racf_rc", "cn1", "racfRc"},
    // Already in the header.
    {"time", "", ""},
    {"event_name", "", ""},
    {"qualifier_text", "", ""},
    {"severity", "", ""},
}};

void extension(std::string& out, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  if (out.back() != '|') out += ' ';
  out += key;
  out += '=';
  siem::append_escaped(out, value, "=\\");
}

}  // namespace

std::string to_cef(const Event& e, const CefOptions& opt) {
  std::string out = "CEF:0|";
  for (const std::string& h : {opt.vendor, opt.product, opt.version, siem::event_id(e), siem::event_title(e),
                               std::to_string(severity_of(e))}) {
    siem::append_escaped(out, h, "|\\");
    out += '|';
  }
  extension(out, "rt", std::to_string(e.time * 1000));
  extension(out, "outcome", e.violation ? "failure" : "success");
  for (std::string_view name : field_names()) {
    const Mapped* m = nullptr;
    for (const auto& x : kMapped)
      if (x.field == name) m = &x;
    if (m && m->key.empty()) continue;
    std::string value = field(e, name);
    if (value.empty()) continue;
    if (m && !m->label.empty()) extension(out, std::string(m->key) + "Label", m->label);
    extension(out, m ? m->key : name, value);
  }
  return out;
}

}  // namespace zgate::audit

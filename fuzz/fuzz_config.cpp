// libFuzzer target for what HWSCFG and the TLS environment member mean: core::parse_member
// followed by read_hwscfg, read_tls_env and resolve_hwscfg. The input is split at its first
// NUL byte: before it an HWSCFG member, after it a TLS environment member (no NUL: the same
// bytes serve as both). A meaning error must be a core::MemberError; anything else thrown, a
// crash, or a result that breaks the readers' own rules is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "connect/hwscfg.h"
#include "core/member_error.h"
#include "core/proclib.h"

namespace {

using zgate::connect::HwsConfig;

void check(const HwsConfig& c) {
  if (c.id.empty() || c.id.size() > 8) std::abort();
  if (c.ports.empty() || c.ports.size() > 200) std::abort();
  std::set<std::uint16_t> ports;
  for (const auto& p : c.ports)
    if (p.id == 0 || !ports.insert(p.id).second || p.idleto < 0) std::abort();
  std::set<std::string> stores;
  for (const auto& d : c.datastores) {
    if (d.id.empty() || !stores.insert(d.id).second) std::abort();
    if (d.ackto < 1 || d.ackto > 255) std::abort();
    if (c.datastore(d.id) == nullptr) std::abort();
  }
  if (c.maxsoc < 50 || c.maxsoc > 65535) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string_view hws_text = text, tls_text = text;
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    hws_text = text.substr(0, nul);
    tls_text = text.substr(nul + 1);
  }
  auto h = zgate::core::parse_member("HWSCFG00", hws_text, zgate::core::MemberFormat::Hwscfg);
  auto t = zgate::core::parse_member("HWSSSL00", tls_text, zgate::core::MemberFormat::Dfspb);
  if (h.ok()) {
    try {
      check(zgate::connect::read_hwscfg(h.member));
    } catch (const zgate::core::MemberError& e) {
      if (e.member != "HWSCFG00" || std::string_view(e.what()).empty()) std::abort();
    }
  }
  if (t.ok()) {
    try {
      auto env = zgate::connect::read_tls_env(t.member);
      if (env.cert_file.empty() || env.key_file.empty()) std::abort();
    } catch (const zgate::core::MemberError& e) {
      if (e.member != "HWSSSL00") std::abort();
    }
  }
  if (h.ok() && t.ok()) {
    // resolve_hwscfg wants the member SSLENVAR= names: give the TLS member that name.
    const auto* tcpip = h.member.find("TCPIP");
    if (tcpip) t.member.name = std::string(tcpip->scalar("SSLENVAR", "HWSSSL00"));
    try {
      HwsConfig c = zgate::connect::resolve_hwscfg(h.member, &t.member);
      check(c);
      if (!c.tls) std::abort();  // a TLS member was given and accepted
    } catch (const zgate::core::MemberError&) {
    }
  }
  return 0;
}

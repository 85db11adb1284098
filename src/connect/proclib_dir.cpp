#include "connect/proclib_dir.h"

#include "core/library_dir.h"
#include "core/text.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <system_error>

namespace zgate::connect {

namespace fs = std::filesystem;

namespace {

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

[[noreturn]] void fail(const fs::path& dir, const std::string& message) { core::library_fail("PROCLIB", dir, message); }

std::map<std::string, fs::path> list_members(const fs::path& dir) { return core::list_library(dir, "PROCLIB"); }

// The member called `wanted` when given, else the one member starting with `prefix`.
const std::pair<const std::string, fs::path>& pick(const fs::path& dir,
                                                    const std::map<std::string, fs::path>& members,
                                                    const std::string& wanted,
                                                    std::string_view prefix,
                                                    std::string_view what) {
  if (!wanted.empty()) {
    auto it = members.find(core::upper(wanted));
    if (it == members.end()) fail(dir, fmt::format("member {} not found", core::upper(wanted)));
    return *it;
  }
  std::vector<const std::pair<const std::string, fs::path>*> found;
  for (const auto& m : members)
    if (starts_with(m.first, prefix)) found.push_back(&m);
  if (found.empty())
    fail(dir, fmt::format("no {} member (a file named {}xx, the {})", prefix, prefix, what));
  if (found.size() > 1) {
    std::string names;
    for (const auto* m : found) names += (names.empty() ? "" : ", ") + m->first;
    fail(dir, fmt::format("several {} members ({}); name the one to use", prefix, names));
  }
  return *found.front();
}

// Relative TLS file names are relative to the PROCLIB, so that a PROCLIB directory can carry
// its certificates and be moved as a whole. A file that is missing stops start-up here, with
// the member and line, rather than at the first TLS handshake.
void resolve_tls_file(const core::Member& tls, const fs::path& dir, std::string& file,
                      std::string_view keyword) {
  if (file.empty()) return;
  fs::path p(file);
  if (p.is_relative()) p = dir / p;
  std::error_code ec;
  int line = 0;
  if (const core::Param* param = tls.statements.front().find(keyword)) line = param->line;
  if (!fs::is_regular_file(p, ec))
    throw core::MemberError(tls.name, line, std::string(keyword),
                            fmt::format("file {} does not exist or is not a regular file",
                                        p.string()));
  file = p.lexically_normal().string();
}

}  // namespace

ProclibMembers load_proclib(const fs::path& dir, const std::string& hwscfg_name,
                            const std::string& dfspb_name, const std::string& dfsydt_name) {
  auto members = list_members(dir);
  ProclibMembers out;
  const auto& hwscfg = pick(dir, members, hwscfg_name, "HWSCFG", "IMS Connect configuration");
  const auto& dfspb = pick(dir, members, dfspb_name, "DFSPB", "IMS control region parameters");
  out.hwscfg = core::read_member_file(hwscfg.second, hwscfg.first, core::MemberFormat::Hwscfg);
  out.dfspb = core::read_member_file(dfspb.second, dfspb.first, core::MemberFormat::Dfspb);
  for (const auto& [name, file] : members)
    if (starts_with(name, "STAGE1") || starts_with(name, "IMSGEN"))
      out.stage1.push_back(core::read_member_file(file, name, core::MemberFormat::Stage1));
  // DFSYDT is optional: only when one is there (or named) is it picked like the others.
  if (!dfsydt_name.empty() ||
      std::any_of(members.begin(), members.end(), [](const auto& m) { return starts_with(m.first, "DFSYDT"); })) {
    const auto& ydt = pick(dir, members, dfsydt_name, "DFSYDT", "OTMA descriptors");
    const std::string text = core::read_member_text(ydt.second, ydt.first);
    if (text.size() > core::kProclibMaxMemberBytes)
      throw core::MemberError(ydt.first, 0, "",
                              fmt::format("member is larger than the limit of {} bytes",
                                          core::kProclibMaxMemberBytes));
    out.dfsydt = otma::parse_dfsydt(text, ydt.first);
  }

  // HWSCFG's meaning is checked before its SSLENVAR= is followed, so that a bad SSLENVAR=
  // value is reported as such and not as a missing member; the join is then done once both
  // members are read (reading HWSCFG twice costs microseconds).
  const std::string sslenvar = read_hwscfg(out.hwscfg).sslenvar;
  if (!sslenvar.empty()) {
    auto it = members.find(sslenvar);
    if (it == members.end()) {
      const core::Param* p = out.hwscfg.find("TCPIP")->find("SSLENVAR");
      throw core::MemberError(out.hwscfg.name, p->line, "SSLENVAR",
                              fmt::format("member {} not found in {}", sslenvar, dir.string()));
    }
    out.tls_env = core::read_member_file(it->second, it->first, core::MemberFormat::Dfspb);
  }
  out.hws = resolve_hwscfg(out.hwscfg, out.tls_env ? &*out.tls_env : nullptr);
  if (out.hws.tls) {
    resolve_tls_file(*out.tls_env, dir, out.hws.tls->cert_file, "CERT");
    resolve_tls_file(*out.tls_env, dir, out.hws.tls->key_file, "KEY");
    resolve_tls_file(*out.tls_env, dir, out.hws.tls->ca_file, "CA");
  }
  return out;
}

}  // namespace zgate::connect

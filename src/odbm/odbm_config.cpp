#include "odbm/odbm_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"

namespace zgate::odbm {

namespace {

namespace fs = std::filesystem;

// z/OS names: A-Z 0-9 $ # @, not starting with a digit.
bool zos_name(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  if (s[0] >= '0' && s[0] <= '9') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '$' || c == '#' || c == '@';
  });
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

core::MemberError bad_value(const std::string& member, const core::Param& p, const std::string& why) {
  return core::MemberError(member, p.line, p.keyword, "value '" + p.value.to_string() + "' " + why);
}

// The one scalar of KEYWORD=value; a list is a bad value.
const std::string& scalar_of(const std::string& member, const core::Param& p) {
  if (p.value.is_list) throw bad_value(member, p, "must be a single value, not a list");
  return p.value.scalar;
}

bool yes_no(const std::string& member, const core::Param& p) {
  const std::string& v = scalar_of(member, p);
  if (v != "Y" && v != "N") throw bad_value(member, p, "is not Y or N");
  return v == "Y";
}

// Every parameter has a keyword; the same keyword twice in one list is an error.
void check_keywords(const std::string& member, const std::vector<core::Param>& params,
                    const std::set<std::string, std::less<>>& repeatable = {}) {
  std::set<std::string, std::less<>> seen;
  for (const core::Param& p : params) {
    if (p.positional())
      throw core::MemberError(member, p.line, p.value.to_string(), "a parameter without a keyword is not valid");
    if (!repeatable.count(p.keyword) && !seen.insert(p.keyword).second)
      throw core::MemberError(member, p.line, p.keyword, "specified more than once");
  }
}

const core::Statement& only_statement(const core::Member& m, std::string_view what) {
  if (m.format != core::MemberFormat::Csl || m.statements.empty())
    throw core::MemberError(m.name, 0, "", fmt::format("expected a {} member in the CSL members' format", what));
  if (m.statements.size() > 1) {
    const core::Statement& s = m.statements[1];
    throw core::MemberError(m.name, s.line, "SECTION=" + s.name, fmt::format("a {} member has no sections", what));
  }
  return m.statements.front();
}

// ---- CSLDCxxx ----------------------------------------------------------------------------------

// Connection attributes IBM's CSLDCxxx shares with the DRA startup table (DFSPRP): accepted in a
// section or a DATASTORE(...) and not acted on; zgate's data stores are in-process.
const std::set<std::string, std::less<>>& connection_keywords() {
  static const std::set<std::string, std::less<>> k{"AGN", "CNBA", "FPBOF", "FPBUF", "IDRETRY", "MAXTHRD",
                                                    "MAXTHRDS", "MINTHRD", "SOD", "TIMEOUT", "TIMER"};
  return k;
}

constexpr std::string_view kGlobalSection = "GLOBAL_ODBM_CONFIGURATION_DATA";
constexpr std::string_view kLocalSection = "LOCAL_ODBM_CONFIGURATION_DATA";

// ALIAS(NAME=a) or ALIAS(NAME=(a,b)).
void read_alias(const std::string& member, const core::Param& alias, std::vector<std::string>& out) {
  if (!alias.value.is_list) throw bad_value(member, alias, "must be ALIAS(NAME=alias)");
  check_keywords(member, alias.value.list);
  const core::Param* name = nullptr;
  for (const core::Param& p : alias.value.list) {
    if (p.keyword != "NAME")
      throw core::MemberError(member, p.line, "ALIAS " + p.keyword, "unknown keyword; ALIAS takes NAME=");
    name = &p;
  }
  if (!name) throw bad_value(member, alias, "has no NAME=");
  for (const std::string& a : name->value.items()) {
    if (!zos_name(a, 4))
      throw core::MemberError(member, name->line, "ALIAS NAME",
                              "value '" + a + "' is not an alias of 1-4 characters (A-Z 0-9 $ # @)");
    if (std::find(out.begin(), out.end(), a) != out.end())
      throw core::MemberError(member, name->line, "ALIAS NAME", "alias '" + a + "' is given twice");
    out.push_back(a);
  }
}

OdbmDataStore read_datastore(const std::string& member, const core::Param& ds, OdbmConfig& cfg) {
  if (!ds.value.is_list) throw bad_value(member, ds, "must be DATASTORE(NAME=imsid ALIAS(NAME=alias) ...)");
  check_keywords(member, ds.value.list, {"ALIAS"});
  OdbmDataStore out;
  out.line = ds.line;
  for (const core::Param& p : ds.value.list) {
    if (p.keyword == "NAME") {
      const std::string& v = scalar_of(member, p);
      if (!zos_name(v, 4)) throw bad_value(member, p, "is not an IMS ID of 1-4 characters (A-Z 0-9 $ # @)");
      out.name = v;
    } else if (p.keyword == "ALIAS") {
      read_alias(member, p, out.aliases);
    } else if (connection_keywords().count(p.keyword)) {
      cfg.ignored.push_back({member, p.keyword, p.line});
    } else {
      throw core::MemberError(member, p.line, "DATASTORE " + p.keyword, "unknown keyword");
    }
  }
  if (out.name.empty()) throw core::MemberError(member, ds.line, "DATASTORE", "NAME= is required");
  return out;
}

// Adds or replaces (a local entry overrides the global one for the same data store).
void put_datastore(std::vector<OdbmDataStore>& list, OdbmDataStore ds) {
  auto it = std::find_if(list.begin(), list.end(), [&](const OdbmDataStore& d) { return d.name == ds.name; });
  if (it != list.end())
    *it = std::move(ds);
  else
    list.push_back(std::move(ds));
}

// The DATASTORE(...) parameters of one section or ODBM(...), with their connection attributes.
std::vector<OdbmDataStore> read_datastores(const std::string& member, const std::vector<core::Param>& params,
                                           OdbmConfig& cfg, std::string_view where) {
  std::vector<OdbmDataStore> out;
  std::set<std::string> names;
  for (const core::Param& p : params) {
    if (p.keyword == "DATASTORE") {
      OdbmDataStore ds = read_datastore(member, p, cfg);
      if (!names.insert(ds.name).second)
        throw core::MemberError(member, p.line, "DATASTORE",
                                fmt::format("data store {} is defined twice in {}", ds.name, where));
      out.push_back(std::move(ds));
    } else if (connection_keywords().count(p.keyword)) {
      cfg.ignored.push_back({member, p.keyword, p.line});
    } else {
      throw core::MemberError(member, p.line, p.keyword, fmt::format("unknown keyword in {}", where));
    }
  }
  return out;
}

// ---- ODBMSECURE ----------------------------------------------------------------------------------

// DFSCGxxx keywords (and those of DFSDFxxx's COMMON_SERVICE_LAYER section), from IBM's syntax
// diagram; zgate reads ODBMSECURE= only.
const std::set<std::string, std::less<>>& csl_keywords() {
  static const std::set<std::string, std::less<>> k{
      "ACBSHR", "CMDSEC", "DBQUIESCETO", "GBL_SERIAL_PGM", "IMSPLEX", "LEOPT", "MODBLKS", "NORSCCC",
      "OLC",    "OLCSTAT", "OMPROC",     "PLEXPARM",       "RMENV",   "RMPROC", "SCIPROC", "UOM"};
  return k;
}

std::optional<OdbmSecure> read_odbmsecure(const std::string& member, const core::Statement& st) {
  check_keywords(member, st.params);
  std::optional<OdbmSecure> out;
  for (const core::Param& p : st.params) {
    if (p.keyword == "ODBMSECURE") {
      const std::string& v = scalar_of(member, p);
      if (v == "I") out.reset();
      else if (v == "N") out = OdbmSecure::None;
      else if (v == "A") out = OdbmSecure::Both;
      else if (v == "E") out = OdbmSecure::Exit;
      else if (v == "R") out = OdbmSecure::Racf;
      else throw bad_value(member, p, "is not I, N, A, E or R");
    } else if (!csl_keywords().count(p.keyword)) {
      throw core::MemberError(member, p.line, p.keyword, "unknown keyword");
    }
  }
  return out;
}

// DFSDFxxx with every record outside <SECTION=COMMON_SERVICE_LAYER> made a comment record, so
// that the other sections (whose syntax zgate does not know) are not parsed; lines keep their
// numbers for messages.
std::string common_service_layer_only(std::string_view text) {
  std::string out;
  bool inside = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    std::size_t first = line.find_first_not_of(' ');
    bool header = first != std::string_view::npos && (line[0] != '*' && line[0] != '#') &&
                  starts_with(line.substr(first), "<SECTION=");
    if (header) inside = starts_with(line.substr(first), "<SECTION=COMMON_SERVICE_LAYER>");
    out += inside ? std::string(line) : std::string("*");
    out += '\n';
  }
  return out;
}

// The member named `wanted`, else the one starting with `prefix`; nullptr when none.
const std::pair<const std::string, fs::path>* pick(const std::map<std::string, fs::path>& members,
                                                   const fs::path& dir, std::string_view prefix) {
  std::vector<const std::pair<const std::string, fs::path>*> found;
  for (const auto& m : members)
    if (starts_with(m.first, prefix)) found.push_back(&m);
  if (found.size() > 1) {
    std::string names;
    for (const auto* m : found) names += (names.empty() ? "" : ", ") + m->first;
    core::library_fail("PROCLIB", dir,
                       fmt::format("several {} members ({}); zgate cannot tell which one to use", prefix, names));
  }
  return found.empty() ? nullptr : found.front();
}

}  // namespace

const OdbmDataStore* OdbmConfig::resolve(std::string_view alias) const {
  while (!alias.empty() && alias.back() == ' ') alias.remove_suffix(1);
  if (alias.empty()) return nullptr;
  for (const auto& ds : datastores)
    if (std::find(ds.aliases.begin(), ds.aliases.end(), alias) != ds.aliases.end()) return &ds;
  for (const auto& ds : datastores)
    if (ds.name == alias) return &ds;
  return nullptr;
}

OdbmConfig parse_csldi(const core::Member& member) {
  const core::Statement& st = only_statement(member, "CSLDI");
  check_keywords(member.name, st.params);
  OdbmConfig out;
  out.csldi_member = member.name;
  for (const core::Param& p : st.params) {
    const std::string& k = p.keyword;
    if (k == "ODBMNAME") {
      const std::string& v = scalar_of(member.name, p);
      if (!zos_name(v, 6)) throw bad_value(member.name, p, "is not an ODBM name of 1-6 characters (A-Z 0-9 $ # @)");
      out.odbm_name = v;
    } else if (k == "IMSPLEX") {
      // IMSPLEX(NAME=plxnm); the tree keeps IMSPLEX=(NAME=plxnm) the same way.
      const core::Param* name = p.value.is_list ? p.value.find("NAME") : nullptr;
      if (!name || p.value.list.size() != 1 || name->value.is_list)
        throw bad_value(member.name, p, "must be IMSPLEX(NAME=name)");
      if (!zos_name(name->value.scalar, 5))
        throw bad_value(member.name, p, "does not name an IMSplex of 1-5 characters (A-Z 0-9 $ # @)");
      out.imsplex = name->value.scalar;
    } else if (k == "RRS") {
      out.rrs = yes_no(member.name, p);
    } else if (k == "ODBMCFG") {
      const std::string& v = scalar_of(member.name, p);
      if (v.empty() || v.size() > 3 || !zos_name("A" + v, 4))
        throw bad_value(member.name, p, "is not a member suffix of 1-3 characters (CSLDCxxx)");
      out.odbmcfg = v;
    } else if (k == "ARMRST") {
      (void)yes_no(member.name, p);  // automatic restart: z/OS ARM, nothing in zgate
      out.ignored.push_back({member.name, k, p.line});
    } else if (k == "LOGOPT") {
      auto items = p.value.items();
      if (items.size() != 1 || items.front() != "ACCOUNTING") throw bad_value(member.name, p, "is not (ACCOUNTING)");
      out.ignored.push_back({member.name, k, p.line});  // SMF accounting records
    } else {
      throw core::MemberError(member.name, p.line, k, "unknown keyword");
    }
  }
  if (out.odbm_name.empty())
    throw core::MemberError(member.name, 0, "ODBMNAME", "ODBMNAME= is required: ODBM has no name without it");
  if (out.imsplex.empty())
    throw core::MemberError(member.name, 0, "IMSPLEX",
                            "IMSPLEX(NAME=) is required: ODBM joins an IMSplex to reach its data stores");
  return out;
}

void parse_csldc(const core::Member& member, OdbmConfig& cfg) {
  if (member.format != core::MemberFormat::Csl || member.statements.empty())
    throw core::MemberError(member.name, 0, "", "expected a CSLDC member in the CSL members' format");
  const core::Statement& before = member.statements.front();
  if (!before.params.empty())
    throw core::MemberError(member.name, before.params.front().line, before.params.front().keyword,
                            fmt::format("parameters must follow a section header <SECTION={}> or <SECTION={}>",
                                        kGlobalSection, kLocalSection));
  cfg.csldc_member = member.name;
  std::vector<OdbmDataStore> global, local;
  std::set<std::string> sections;
  for (std::size_t i = 1; i < member.statements.size(); ++i) {
    const core::Statement& st = member.statements[i];
    if (st.name != kGlobalSection && st.name != kLocalSection)
      throw core::MemberError(member.name, st.line, "SECTION=" + st.name,
                              fmt::format("unknown section; CSLDCxxx has <SECTION={}> and <SECTION={}>",
                                          kGlobalSection, kLocalSection));
    if (!sections.insert(st.name).second)
      throw core::MemberError(member.name, st.line, "SECTION=" + st.name, "section given twice");
    if (st.name == kGlobalSection) {
      check_keywords(member.name, st.params, {"DATASTORE"});
      global = read_datastores(member.name, st.params, cfg, "the global section");
      continue;
    }
    // Local section: ODBM(NAME=odbmname DATASTORE(...) ...), one per ODBM instance.
    std::set<std::string> odbms;
    for (const core::Param& p : st.params) {
      if (p.positional())
        throw core::MemberError(member.name, p.line, p.value.to_string(), "a parameter without a keyword is not valid");
      if (p.keyword != "ODBM")
        throw core::MemberError(member.name, p.line, p.keyword,
                                "unknown keyword in the local section; expected ODBM(NAME=...)");
      if (!p.value.is_list) throw bad_value(member.name, p, "must be ODBM(NAME=odbmname DATASTORE(...))");
      check_keywords(member.name, p.value.list, {"DATASTORE"});
      const core::Param* name = p.value.find("NAME");
      if (!name || name->value.is_list || !zos_name(name->value.scalar, 6))
        throw bad_value(member.name, p, "does not name an ODBM of 1-6 characters with NAME=");
      if (!odbms.insert(name->value.scalar).second)
        throw core::MemberError(member.name, p.line, "ODBM", "ODBM " + name->value.scalar + " is given twice");
      std::vector<core::Param> rest;
      for (const core::Param& e : p.value.list)
        if (&e != name) rest.push_back(e);
      // Every entry is checked; only this ODBM's apply.
      std::vector<OdbmDataStore> mine = read_datastores(member.name, rest, cfg, "ODBM " + name->value.scalar);
      if (name->value.scalar == cfg.odbm_name)
        for (auto& ds : mine) local.push_back(std::move(ds));
    }
  }
  if (!sections.count(std::string(kGlobalSection)) && !sections.count(std::string(kLocalSection)))
    throw core::MemberError(member.name, 0, "", "no section header: CSLDCxxx defines its data stores after "
                                                 "<SECTION=GLOBAL_ODBM_CONFIGURATION_DATA>");
  std::vector<OdbmDataStore> all = std::move(global);
  for (auto& ds : local) put_datastore(all, std::move(ds));
  // An alias routes to one data store only.
  std::map<std::string, std::string> owner;
  for (const auto& ds : all)
    for (const auto& a : ds.aliases) {
      auto [it, fresh] = owner.emplace(a, ds.name);
      if (!fresh)
        throw core::MemberError(member.name, ds.line, "ALIAS NAME",
                                fmt::format("alias {} names both data store {} and data store {}", a,
                                            it->second, ds.name));
    }
  cfg.datastores = std::move(all);
}

std::optional<OdbmSecure> parse_odbmsecure_dfscg(const core::Member& member) {
  return read_odbmsecure(member.name, only_statement(member, "DFSCG"));
}

std::optional<OdbmSecure> parse_odbmsecure_dfsdf(const core::Member& member) {
  if (member.format != core::MemberFormat::Csl)
    throw core::MemberError(member.name, 0, "", "expected a DFSDF member in the CSL members' format");
  const core::Statement* st = member.find("COMMON_SERVICE_LAYER");
  if (!st) return std::nullopt;
  return read_odbmsecure(member.name, *st);
}

std::optional<OdbmConfig> load_odbm_config(const fs::path& proclib, const std::string& csldi_name) {
  auto members = core::list_library(proclib, "PROCLIB");
  const std::pair<const std::string, fs::path>* csldi = nullptr;
  if (!csldi_name.empty()) {
    auto it = members.find(core::upper(csldi_name));
    if (it == members.end()) core::library_fail("PROCLIB", proclib, "no member " + core::upper(csldi_name));
    csldi = &*it;
  } else {
    csldi = pick(members, proclib, "CSLDI");
    if (!csldi) return std::nullopt;
  }
  OdbmConfig cfg = parse_csldi(core::read_member_file(csldi->second, csldi->first, core::MemberFormat::Csl));

  std::string csldc = "CSLDC" + cfg.odbmcfg;
  auto dc = members.find(csldc);
  if (dc == members.end())
    core::library_fail("PROCLIB", proclib,
                       fmt::format("no member {}, the ODBM configuration member that {} ODBMCFG={} names", csldc,
                                   cfg.csldi_member, cfg.odbmcfg));
  parse_csldc(core::read_member_file(dc->second, dc->first, core::MemberFormat::Csl), cfg);

  // DFSCGxxx overrides the CSL section of DFSDFxxx.
  if (const auto* df = pick(members, proclib, "DFSDF")) {
    std::string text = core::read_member_text(df->second, df->first);
    core::ParseResult r = core::parse_member(df->first, common_service_layer_only(text), core::MemberFormat::Csl);
    if (!r.ok())
      throw core::MemberError(df->first, r.error->line, "",
                              r.error->column > 0 ? fmt::format("column {}: {}", r.error->column, r.error->message)
                                                  : r.error->message);
    if (auto s = parse_odbmsecure_dfsdf(r.member)) {
      cfg.odbmsecure = s;
      cfg.odbmsecure_member = df->first;
    }
  }
  if (const auto* cg = pick(members, proclib, "DFSCG")) {
    if (auto s = parse_odbmsecure_dfscg(core::read_member_file(cg->second, cg->first, core::MemberFormat::Csl))) {
      cfg.odbmsecure = s;
      cfg.odbmsecure_member = cg->first;
    }
  }
  return cfg;
}

}  // namespace zgate::odbm

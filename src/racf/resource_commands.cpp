// RDEFINE, RALTER, RDELETE, RLIST: general resource profiles (TIMS, GIMS, FACILITY, PTKTDATA...).
#include <algorithm>
#include <array>

#include "core/text.h"
#include "racf/commands.h"
#include "racf/messages.h"
#include "racf/ssignon.h"
#include "racf/stdata.h"
#include "saf/class_table.h"

namespace zgate::racf {

namespace {

constexpr std::array<std::string_view, 1> kSecrets = {"SSIGNON"};

// CLASS positional: must be in the CDT (RACF: ICH10001I-style refusal otherwise).
const saf::ClassDescriptor* class_operand(Context& ctx, const Operands& ops) {
  auto cls = names(ctx, ops, 0, "CLASS NAME");
  if (cls.empty()) return nullptr;
  const auto* cdt = cls.size() == 1 ? saf::find_class(cls.front()) : nullptr;
  if (!cdt) ctx.fail(msg::class_not_defined(cls.front()));
  ctx.event_class = cls.front();
  return cdt;
}

// AUDIT(ALL(level) | SUCCESS(level) | FAILURES(level) | NONE ...); a missing level is READ.
bool audit_operand(Context& ctx, const Operands& ops, saf::AuditSpec& spec) {
  static constexpr std::array<std::string_view, 4> kKinds = {"ALL", "SUCCESS", "FAILURES", "NONE"};
  const Token* t = ops.find("AUDIT");
  std::string error;
  auto sub = t ? bind_sub(*t, kKinds, error) : std::nullopt;
  if (!sub || sub->keywords().empty()) {
    ctx.syntax(error.empty() ? msg::invalid("AUDIT", "(...)") : error);
    return false;
  }
  saf::AuditSpec out{std::nullopt, std::nullopt};
  for (const auto& [kind, tok] : sub->keywords()) {
    saf::Access level = saf::Access::Read;
    if (tok->has_args) {
      auto a = sub->value(kind) ? saf::parse_access(*sub->value(kind)) : std::nullopt;
      if (!a) {
        ctx.syntax(msg::invalid(kind, "(...)"));
        return false;
      }
      level = *a;
    }
    if (kind == "ALL" || kind == "SUCCESS") out.success = level;
    if (kind == "ALL" || kind == "FAILURES") out.failures = level;
  }
  spec = out;
  return true;
}

// The operands RDEFINE and RALTER share. Returns false (with a message) when one is bad.
bool apply_profile_operands(Context& ctx, const Operands& ops, const saf::ClassDescriptor& cdt, saf::Profile& p) {
  if (ops.has("UACC")) {
    auto a = access_operand(ctx, ops, "UACC");
    if (!a) return false;
    p.uacc = *a;
  }
  if (!owner_operand(ctx, ops, p.owner, msg::invalid("OWNER", ops.value("OWNER").value_or("(...)")))) return false;
  if (ops.has("AUDIT") && !audit_operand(ctx, ops, p.audit)) return false;
  if (ops.has("WARNING")) p.warning = true;
  if (ops.has("NOWARNING")) p.warning = false;
  if (ops.has("NOTIFY")) {
    auto n = ops.value("NOTIFY").value_or(ctx.me.id);  // NOTIFY alone: the issuer
    if (!user_defined(ctx.sm, n)) {
      ctx.fail(msg::invalid("NOTIFY", n));
      return false;
    }
    p.notify = n;
  }
  if (ops.has("NONOTIFY")) p.notify.clear();
  if (ops.has("APPLDATA")) {
    auto v = text_operand(ctx, ops, "APPLDATA", 255);
    if (!v) return false;
    p.appldata = core::upper(*v);
  }
  if (ops.has("NOAPPLDATA")) p.appldata.clear();
  if (ops.has("DATA")) {
    auto v = text_operand(ctx, ops, "DATA", 255);
    if (!v) return false;
    p.installation_data = *v;
  }
  if (ops.has("NODATA")) p.installation_data.clear();
  if (ops.has("LEVEL")) {
    auto n = number_operand(ctx, ops, "LEVEL", 0, 99);
    if (!n) return false;
    p.level = *n;
  }
  if (ops.has("ADDMEM") || ops.has("DELMEM")) {
    if (!cdt.is_grouping()) {
      ctx.warn(msg::not_grouping_class(cdt.name));
    } else {
      for (const auto& m : ops.values("ADDMEM"))
        if (std::find(p.members.begin(), p.members.end(), m) == p.members.end()) p.members.push_back(m);
      for (const auto& m : ops.values("DELMEM")) {
        auto it = std::find(p.members.begin(), p.members.end(), m);
        if (it == p.members.end())
          ctx.warn(msg::member_not_found(m));
        else
          p.members.erase(it);
      }
    }
  }
  if (const Token* t = ops.find("SSIGNON")) {
    if (cdt.name != "PTKTDATA") {
      ctx.warn(msg::ssignon_not_valid(cdt.name));
    } else {
      std::string error;
      auto s = parse_ssignon(*t, p.ssignon.value_or(saf::SsignOn{}), error);
      if (!s) {
        ctx.syntax(error);
        return false;
      }
      p.ssignon = *s;
    }
  }
  if (ops.has("NOSSIGNON")) p.ssignon.reset();
  if (const Token* t = ops.find("STDATA")) {
    if (cdt.name != "STARTED") {
      ctx.warn(msg::stdata_not_valid(cdt.name));
    } else {
      std::string error;
      auto s = parse_stdata(
          *t, p.stdata.value_or(saf::StData{}), [&](const std::string& id) { return user_defined(ctx.sm, id); },
          [&](const std::string& id) { return ctx.sm.group(id).has_value(); }, error);
      if (!s) {
        ctx.fail(error);
        return false;
      }
      p.stdata = *s;
    }
  }
  if (ops.has("NOSTDATA")) p.stdata.reset();
  return true;
}

constexpr std::array<std::string_view, 20> kDefineKeywords = {
    "UACC",     "OWNER",   "AUDIT",     "WARNING", "NOWARNING", "NOTIFY",   "NONOTIFY",
    "APPLDATA", "NOAPPLDATA", "DATA",   "NODATA",  "LEVEL",     "ADDMEM",   "DELMEM",
    "SSIGNON",  "NOSSIGNON", "STDATA",  "NOSTDATA", "FROM",     "FCLASS"};
// RALTER takes the same operands except the model (FROM/FCLASS).
constexpr std::span<const std::string_view> kAlterKeywords(kDefineKeywords.data(), kDefineKeywords.size() - 2);

// Every profile name of the command: upper case, fitting the class, and generic only when
// SETROPTS GENERIC or GENCMD allows it.
std::vector<std::string> profile_names(Context& ctx, const Operands& ops, const saf::ClassDescriptor& cdt,
                                       bool defining) {
  std::vector<std::string> out;
  for (const Token* t : ops.positional(1)) {
    std::string n = name_of(*t);
    if (t->has_args || n.empty()) {
      ctx.syntax(msg::invalid("PROFILE NAME", "(...)"));
      return {};
    }
    if (defining) {
      if (n.size() > static_cast<std::size_t>(cdt.max_length)) {
        ctx.fail(msg::name_too_long(n));
        continue;
      }
      bool generic = n.find_first_of("%*") != std::string::npos;
      if (generic && n.size() >= 2 && n.substr(n.size() - 2) == "%*") {
        ctx.fail(msg::kEndsPercentStar);
        continue;
      }
      if (generic && (!cdt.generic_allowed || (!ctx.opts.generic.count(cdt.name) && !ctx.opts.gencmd.count(cdt.name)))) {
        ctx.fail(msg::generic_not_active(cdt.name));
        continue;
      }
    }
    out.push_back(n);
  }
  if (out.empty() && !ctx.failed()) ctx.syntax(msg::missing("PROFILE NAME"));
  if (!out.empty()) ctx.event_profile = out.front();
  return out;
}

// ---- RDEFINE ---------------------------------------------------------------------------------

void run_rdefine(Context& ctx, const Operands& ops) {
  const auto* cdt = class_operand(ctx, ops);
  if (!cdt) return;
  // SPECIAL, or CLAUTH for the class; a CLAUTH holder cannot define in an inactive class.
  if (!ctx.auth.special()) {
    if (!ctx.auth.clauth(cdt->name)) return ctx.refuse(msg::not_authorized_define(cdt->name));
    std::string member = saf::member_class_of(cdt->name);
    if (!ctx.opts.classact.count(cdt->name) && !ctx.opts.classact.count(member))
      return ctx.refuse(msg::not_defined_remaining(cdt->name));
  }
  auto list = profile_names(ctx, ops, *cdt, true);
  if (list.empty()) return;
  std::optional<saf::Profile> model;
  if (ops.has("FROM")) {  // FROM(profile) [FCLASS(c)]: copy a model profile
    auto from = ops.value("FROM");
    auto fclass = ops.value("FCLASS").value_or(cdt->name);
    model = from ? ctx.sm.profile(fclass, *from) : std::nullopt;
    if (!model) return ctx.fail(msg::not_defined_remaining(list.front()));
    model->ssignon.reset();  // keys are never copied
  }
  std::vector<saf::Profile> added;
  for (const auto& name : list) {
    if (ctx.sm.profile(cdt->name, name)) {
      ctx.fail(msg::already_defined_to_class(name, cdt->name));
      continue;
    }
    saf::Profile p = model.value_or(saf::Profile{});
    p.cls = cdt->name;
    p.name = name;
    p.owner = ctx.me.id;
    p.created = ctx.now();
    if (!model) p.members.clear();
    // RACF (SETROPTS ADDCREATOR, the default) puts the creator on the access list with ALTER.
    std::erase_if(p.acl, [&](const saf::AccessEntry& e) { return e.id == ctx.me.id; });
    p.acl.insert(p.acl.begin(), saf::AccessEntry{ctx.me.id, saf::Access::Alter, 0});
    if (!apply_profile_operands(ctx, ops, *cdt, p)) return ctx.line(msg::not_defined_remaining(name));
    added.push_back(std::move(p));
  }
  if (added.empty()) return;
  commit(ctx, [&] {
    for (const auto& p : added) ctx.sm.put_profile(p);
  });
  if (!ctx.failed() && raclisted(ctx, cdt->name)) ctx.line(msg::rdefine_raclisted(cdt->name));
}

// The profile RALTER/RDELETE work on: it must exist and the issuer must administer it (the
// AUDITOR exception of RALTER is decided by the caller through `also_allowed`).
std::optional<saf::Profile> profile_to_change(Context& ctx, const saf::ClassDescriptor& cdt, const std::string& name,
                                              std::string (*not_defined)(std::string_view),
                                              std::string (*not_authorized)(std::string_view), bool also_allowed) {
  auto found = ctx.sm.profile(cdt.name, name);
  if (!found) {
    ctx.fail(not_defined(name));
  } else if (!also_allowed && !ctx.auth.administers(*found, ctx.opts.grplist)) {
    ctx.refuse(not_authorized(name));
    found.reset();
  }
  return found;
}

// ---- RALTER ----------------------------------------------------------------------------------

void run_ralter(Context& ctx, const Operands& ops) {
  const auto* cdt = class_operand(ctx, ops);
  if (!cdt) return;
  // AUDITOR may change the audit settings of any profile, nothing else.
  bool auditing = ops.keywords().size() == 1 && ops.has("AUDIT") && ctx.auth.auditor();
  for (const auto& name : profile_names(ctx, ops, *cdt, false)) {
    auto found = profile_to_change(ctx, *cdt, name, msg::ralter_not_defined, msg::not_authorized_alter, auditing);
    if (!found) continue;
    saf::Profile p = *found;
    if (!apply_profile_operands(ctx, ops, *cdt, p)) return;
    commit(ctx, [&] { ctx.sm.put_profile(p); });
  }
  if (!ctx.failed() && raclisted(ctx, cdt->name)) ctx.line(msg::ralter_raclisted(cdt->name));
}

// ---- RDELETE ---------------------------------------------------------------------------------

void run_rdelete(Context& ctx, const Operands& ops) {
  const auto* cdt = class_operand(ctx, ops);
  if (!cdt) return;
  for (const auto& name : profile_names(ctx, ops, *cdt, false)) {
    if (!profile_to_change(ctx, *cdt, name, msg::rdelete_not_defined, msg::not_authorized_delete_profile, false))
      continue;
    commit(ctx, [&] { ctx.sm.delete_profile(cdt->name, name); });
  }
  if (!ctx.failed() && raclisted(ctx, cdt->name)) ctx.line(msg::rdelete_raclisted(cdt->name));
}

// ---- RLIST -----------------------------------------------------------------------------------

constexpr std::array<std::string_view, 4> kListKeywords = {"AUTHUSER", "RESGROUP", "ALL", "STDATA"};

void run_rlist(Context& ctx, const Operands& ops) {
  const auto* cdt = class_operand(ctx, ops);
  if (!cdt) return;
  auto list = profile_names(ctx, ops, *cdt, false);
  if (list.empty()) return;
  bool all_profiles = list.size() == 1 && list.front() == "*";
  if (all_profiles) {
    list = ctx.sm.read([&](const saf::Database& db) {
      std::vector<std::string> names;
      if (auto it = db.profiles.find(cdt->name); it != db.profiles.end())
        for (const auto& [n, _] : it->second) names.push_back(n);
      return names;
    });
  }
  bool listed = false;
  for (const auto& name : list) {
    auto p = ctx.sm.profile(cdt->name, name);
    if (!p) {
      if (!all_profiles) ctx.fail(msg::rlist_not_found(name));
      continue;
    }
    if (!ctx.auth.may_list(*p, ctx.opts.grplist)) {
      if (!all_profiles) ctx.refuse(msg::not_authorized_list(name));
      continue;
    }
    ProfileListing how;
    how.your_access = ctx.auth.access_to(*p, ctx.opts.grplist);
    how.authuser = (ops.has("AUTHUSER") || ops.has("ALL")) &&
                   (ctx.auth.special() || ctx.auth.auditor() || ctx.auth.administers(*p, ctx.opts.grplist));
    how.resgroup = ops.has("RESGROUP") || ops.has("ALL");
    how.stdata = ops.has("STDATA");
    if (how.resgroup && !cdt->grouping.empty()) {
      how.resource_groups = ctx.sm.read([&](const saf::Database& db) {
        std::vector<std::string> groups;
        if (auto it = db.profiles.find(cdt->grouping); it != db.profiles.end())
          for (const auto& [gn, gp] : it->second)
            if (std::find(gp.members.begin(), gp.members.end(), name) != gp.members.end()) groups.push_back(gn);
        return groups;
      });
    }
    if (listed) ctx.line("");
    ctx.out += format_profile(*p, how);
    listed = true;
  }
  if (!listed && all_profiles) ctx.warn(msg::rlist_not_found("*"));
}

constexpr std::array<std::string_view, 0> kNoKeywords = {};

const std::array<CommandSpec, 4> kSpecs = {{
    {"RDEFINE", "RDEF", audit::EventCode::RDefine, 2, kDefineKeywords, kSecrets, "ICH10103I NOT AUTHORIZED TO ISSUE RDEFINE", run_rdefine},
    {"RALTER", "RALT", audit::EventCode::RAlter, 2, kAlterKeywords, kSecrets, "ICH11005I NOT AUTHORIZED TO ISSUE RALTER", run_ralter},
    {"RDELETE", "RDEL", audit::EventCode::RDelete, 2, kNoKeywords, {}, "ICH12003I NOT AUTHORIZED TO ISSUE RDELETE", run_rdelete},
    {"RLIST", "RL", std::nullopt, 2, kListKeywords, {}, "ICH13002I NOT AUTHORIZED TO ISSUE RLIST", run_rlist},
}};

}  // namespace

std::span<const CommandSpec> resource_commands() { return kSpecs; }

}  // namespace zgate::racf

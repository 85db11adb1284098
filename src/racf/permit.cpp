// PERMIT: the standard and conditional access lists of general resource profiles.
#include <algorithm>
#include <array>

#include "racf/commands.h"
#include "racf/messages.h"
#include "saf/class_table.h"

namespace zgate::racf {

namespace {

constexpr std::array<std::string_view, 10> kKeywords = {"CLASS", "ID",   "ACCESS", "WHEN",   "DELETE",
                                                        "RESET", "FROM", "FCLASS", "GENERIC", "FGENERIC"};

// WHEN(PROGRAM(p) TERMINAL(t) ...): the conditions of conditional access list entries.
constexpr std::array<std::string_view, 8> kWhenClasses = {"PROGRAM",  "TERMINAL", "CONSOLE",  "JESINPUT",
                                                          "APPCPORT", "SYSID",    "SERVAUTH", "CRITERIA"};

struct Condition {
  std::string cls, name;
};

bool when_operand(Context& ctx, const Operands& ops, std::vector<Condition>& out) {
  const Token* t = ops.find("WHEN");
  if (!t) return true;
  std::string error;
  auto sub = bind_sub(*t, kWhenClasses, error);
  if (!sub || sub->keywords().empty()) {
    ctx.syntax(error.empty() ? std::string("ICH06018I PERMIT failed. WHEN operand is incorrect without a value.") : error);
    return false;
  }
  for (const auto& [cls, tok] : sub->keywords()) {
    auto names = sub->values(cls);
    if (names.empty()) {
      ctx.syntax("ICH06018I PERMIT failed. WHEN operand is incorrect without a value.");  // verified
      return false;
    }
    for (const auto& n : names) out.push_back({std::string(cls), n});
  }
  return true;
}

void permit_one(Context& ctx, const Operands& ops, const saf::ClassDescriptor& cdt, const std::string& name,
                const std::vector<std::string>& ids, saf::Access access, const std::vector<Condition>& when) {
  auto found = ctx.sm.profile(cdt.name, name);
  if (!found) return ctx.fail(msg::permit_profile_not_defined(name));
  if (!ctx.auth.administers(*found, ctx.opts.grplist)) return ctx.refuse(msg::not_authorized_to(name));
  saf::Profile p = *found;
  bool del = ops.has("DELETE");

  // RESET[(STANDARD|WHEN|ALL)] empties the lists before anything is added.
  if (const Token* r = ops.find("RESET")) {
    if (del) {
      ctx.warn(msg::kResetConflicts);
    } else {
      std::string how = r->has_args ? ops.value("RESET").value_or("?") : "STANDARD";
      if (how != "STANDARD" && how != "WHEN" && how != "ALL") return ctx.syntax(msg::invalid("RESET", how));
      if (how != "WHEN") p.acl.clear();
      if (how != "STANDARD") p.conditional_acl.clear();
    }
  }

  // FROM(profile) [FCLASS(c)]: copy another profile's lists (entries already here stay).
  if (auto from = ops.value("FROM")) {
    std::string fclass = ops.value("FCLASS").value_or(cdt.name);
    auto model = ctx.sm.profile(fclass, *from);
    if (!model) return ctx.fail(msg::permit_profile_not_defined(*from));
    if (!ctx.auth.may_list(*model, ctx.opts.grplist)) return ctx.refuse(msg::not_authorized_to(*from));
    for (const auto& e : model->acl)
      if (!p.entry(e.id)) p.acl.push_back({e.id, e.access, 0});
    for (const auto& c : model->conditional_acl) {
      bool present = std::any_of(p.conditional_acl.begin(), p.conditional_acl.end(), [&](const auto& x) {
        return x.id == c.id && x.when_class == c.when_class && x.when_name == c.when_name;
      });
      if (!present) p.conditional_acl.push_back({c.id, c.access, c.when_class, c.when_name, 0});
    }
  }

  for (const auto& id : ids) {
    if (when.empty()) {
      auto it = std::find_if(p.acl.begin(), p.acl.end(), [&](const auto& e) { return e.id == id; });
      if (del) {
        if (it == p.acl.end())
          ctx.warn(msg::not_authorized_delete(id));
        else
          p.acl.erase(it);
      } else if (it != p.acl.end()) {
        it->access = access;
      } else {
        p.acl.push_back({id, access, 0});
      }
      continue;
    }
    for (const auto& c : when) {
      auto it = std::find_if(p.conditional_acl.begin(), p.conditional_acl.end(), [&](const auto& e) {
        return e.id == id && e.when_class == c.cls && e.when_name == c.name;
      });
      if (del) {
        if (it == p.conditional_acl.end())
          ctx.warn(fmt::format("ICH06014I {} not authorized, DELETE ignored for WHEN({}({}))", id, c.cls, c.name));  // verified
        else
          p.conditional_acl.erase(it);
      } else if (it != p.conditional_acl.end()) {
        it->access = access;
      } else {
        p.conditional_acl.push_back({id, access, c.cls, c.name, 0});
      }
    }
  }
  commit(ctx, [&] { ctx.sm.put_profile(p); });
}

void run_permit(Context& ctx, const Operands& ops) {
  auto profiles = names(ctx, ops, 0, "PROFILE NAME");
  if (profiles.empty()) return;
  ctx.event_profile = profiles.front();
  // zgate has no DATASET class, which is RACF's default: CLASS is required.
  std::string cls = ops.value("CLASS").value_or("DATASET");
  ctx.event_class = cls;
  const auto* cdt = saf::find_class(cls);
  if (!cdt) return ctx.fail(msg::class_not_defined(cls));
  if ((ops.has("GENERIC") || ops.has("FGENERIC")) && !ctx.opts.generic.count(cls) && !ctx.opts.gencmd.count(cls))
    return ctx.fail(msg::kGenericInactive);

  // ID(user|group ...|*): each must be defined; unknown ones are reported and skipped.
  std::vector<std::string> ids;
  for (const auto& id : ops.values("ID")) {
    if (id == "*" || id_defined(ctx.sm, id))
      ids.push_back(id);
    else
      ctx.warn(msg::id_not_defined(id));
  }
  if (ops.has("ID") && ids.empty()) return ctx.fail(msg::missing("ID"));
  if (ids.empty() && !ops.has("RESET") && !ops.has("FROM")) return ctx.syntax(msg::missing("ID, RESET OR FROM"));
  saf::Access access = saf::Access::Read;
  if (ops.has("ACCESS")) {
    auto a = access_operand(ctx, ops, "ACCESS");
    if (!a) return;
    access = *a;
  }
  std::vector<Condition> when;
  if (!when_operand(ctx, ops, when)) return;
  for (const auto& name : profiles) permit_one(ctx, ops, *cdt, name, ids, access, when);
  if (!ctx.failed() && raclisted(ctx, cls)) ctx.line(msg::permit_raclisted(cls));
}

const std::array<CommandSpec, 1> kSpecs = {{
    {"PERMIT", "PE", audit::EventCode::Permit, 1, kKeywords, {}, msg::kNotAuthPermit, run_permit},
}};

}  // namespace

std::span<const CommandSpec> permit_commands() { return kSpecs; }

}  // namespace zgate::racf

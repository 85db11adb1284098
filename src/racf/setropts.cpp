// SETROPTS: installation-wide options (active classes, RACLIST, generics, password rules) and
// the SETROPTS LIST display.
#include <array>

#include "racf/commands.h"
#include "racf/messages.h"

namespace zgate::racf {

namespace {

constexpr std::array<std::string_view, 19> kKeywords = {
    "CLASSACT", "NOCLASSACT", "RACLIST",  "NORACLIST", "REFRESH",  "GENERIC",    "NOGENERIC",
    "GENCMD",   "NOGENCMD",   "GRPLIST",  "NOGRPLIST", "WHEN",     "NOWHEN",     "AUDIT",
    "NOAUDIT",  "INACTIVE",   "NOINACTIVE", "PASSWORD", "LIST"};

// RULEn(...) syntax rules are not kept by zgate and so are not accepted.
constexpr std::array<std::string_view, 10> kPasswordKeywords = {
    "INTERVAL", "REVOKE", "NOREVOKE", "HISTORY", "NOHISTORY", "WARNING", "NOWARNING",
    "MIXEDCASE", "NOMIXEDCASE", "MINCHANGE"};

// CLASSACT(c...) / NOCLASSACT(c...) and the other class-list pairs; `*` is every class.
void class_pair(Context& ctx, const Operands& ops, std::string_view on, std::string_view off, std::set<std::string>& set) {
  for (const auto& c : class_list(ctx, ops.values(on))) set.insert(c);
  for (const auto& c : class_list(ctx, ops.values(off))) set.erase(c);
}

bool password_rules(Context& ctx, const Token& t, saf::PasswordRules& r) {
  std::string error;
  auto ops = bind_sub(t, kPasswordKeywords, error);
  if (!ops) {
    ctx.syntax(error);
    return false;
  }
  // Ranges as SETROPTS documents them.
  auto number = [&](std::string_view kw, int lo, int hi, int& field) {
    if (!ops->has(kw)) return true;
    auto n = number_operand(ctx, *ops, kw, lo, hi);
    if (n) field = *n;
    return n.has_value();
  };
  if (!number("INTERVAL", 1, 254, r.interval) || !number("REVOKE", 1, 255, r.revoke) ||
      !number("HISTORY", 1, 32, r.history) || !number("WARNING", 1, 255, r.warning) ||
      !number("MINCHANGE", 0, 254, r.min_change))
    return false;
  if (ops->has("NOREVOKE")) r.revoke = 0;
  if (ops->has("NOHISTORY")) r.history = 0;
  if (ops->has("NOWARNING")) r.warning = 0;
  if (ops->has("MIXEDCASE")) r.mixedcase = true;
  if (ops->has("NOMIXEDCASE")) r.mixedcase = false;
  return true;
}

void run_setropts(Context& ctx, const Operands& ops) {
  // Who may do what: LIST is open to every defined user, AUDIT/NOAUDIT to AUDITOR, the rest
  // needs SPECIAL.
  bool changes = false, audit_only = true;
  for (const auto& [kw, _] : ops.keywords()) {
    if (kw == "LIST") continue;
    changes = true;
    if (kw != "AUDIT" && kw != "NOAUDIT") audit_only = false;
  }
  if (changes && !ctx.auth.special() && !(audit_only && ctx.auth.auditor())) return ctx.refuse(msg::kNotAuthSetropts);

  saf::Options o = ctx.opts;
  bool refresh = ops.has("REFRESH");
  if (refresh) {
    // RACLIST(c) REFRESH rebuilds the in-storage profiles; GENERIC(c) REFRESH has nothing to
    // rebuild in zgate (generic profiles are part of the same snapshot).
    for (const auto& c : class_list(ctx, ops.values("RACLIST"))) {
      if (!o.raclist.count(c)) {
        ctx.fail(msg::refresh_not_raclisted(c));
        continue;
      }
      ctx.sm.refresh(c);
      ctx.line(msg::refresh_done(c));
    }
  } else {
    class_pair(ctx, ops, "RACLIST", "NORACLIST", o.raclist);
    class_pair(ctx, ops, "GENERIC", "NOGENERIC", o.generic);
  }
  class_pair(ctx, ops, "CLASSACT", "NOCLASSACT", o.classact);
  class_pair(ctx, ops, "GENCMD", "NOGENCMD", o.gencmd);
  class_pair(ctx, ops, "AUDIT", "NOAUDIT", o.audit);
  if (ops.has("GRPLIST")) o.grplist = true;
  if (ops.has("NOGRPLIST")) o.grplist = false;
  for (bool on : {true, false}) {  // WHEN(PROGRAM) / NOWHEN(PROGRAM)
    std::string_view kw = on ? "WHEN" : "NOWHEN";
    if (!ops.has(kw)) continue;
    auto v = ops.values(kw);
    if (v.size() != 1 || v.front() != "PROGRAM") return ctx.syntax(msg::invalid(kw, "(...)"));
    o.when_program = on;
  }
  if (ops.has("INACTIVE")) {
    auto n = number_operand(ctx, ops, "INACTIVE", 1, 255);
    if (!n) return;
    o.inactive = *n;
  }
  if (ops.has("NOINACTIVE")) o.inactive = 0;
  if (const Token* t = ops.find("PASSWORD"); t && !password_rules(ctx, *t, o.password)) return;
  if (ctx.failed()) return;
  if (!(o == ctx.opts)) {
    commit(ctx, [&] { ctx.sm.put_options(o); });
    ctx.opts = o;
  }
  if (ops.has("LIST")) ctx.out += format_setropts(ctx.opts);
}

const std::array<CommandSpec, 1> kSpecs = {{
    {"SETROPTS", "SETR", audit::EventCode::SetrOpts, 0, kKeywords, {}, msg::kNotAuthSetropts, run_setropts},
}};

}  // namespace

std::span<const CommandSpec> setropts_commands() { return kSpecs; }

}  // namespace zgate::racf

#include <charconv>

#include "core/clock.h"
#include "core/text.h"
#include "racf/commands.h"
#include "racf/messages.h"
#include "saf/class_table.h"
#include "saf/secret_rules.h"

namespace zgate::racf {

std::string name_of(const Token& t) { return core::upper(t.text); }

std::vector<std::string> names(Context& ctx, const Operands& ops, std::size_t n, std::string_view what) {
  std::vector<std::string> out;
  for (const Token* t : ops.positional(n)) {
    if (t->has_args) {
      ctx.syntax(msg::invalid(what, "(...)"));
      return {};
    }
    out.push_back(name_of(*t));
  }
  if (out.empty()) ctx.syntax(msg::missing(what));
  return out;
}

std::optional<saf::Access> access_operand(Context& ctx, const Operands& ops, std::string_view kw) {
  auto v = ops.value(kw);
  std::optional<saf::Access> a = v ? saf::parse_access(*v) : std::nullopt;
  if (!a) ctx.syntax(msg::invalid(kw, v ? *v : std::string("(...)")));
  return a;
}

std::optional<int> number_operand(Context& ctx, const Operands& ops, std::string_view kw, int lo, int hi) {
  auto v = ops.value(kw);
  int n = 0;
  if (v) {
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec == std::errc() && p == v->data() + v->size() && n >= lo && n <= hi) return n;
  }
  ctx.syntax(msg::invalid(kw, v ? *v : std::string("(...)")));
  return std::nullopt;
}

std::optional<std::string> text_operand(Context& ctx, const Operands& ops, std::string_view kw, std::size_t max) {
  auto v = ops.raw_value(kw);
  if (!v || v->size() > max) {
    ctx.syntax(msg::invalid(kw, "'...'"));
    return std::nullopt;
  }
  return v;
}

bool owner_operand(Context& ctx, const Operands& ops, std::string& owner, std::string_view bad) {
  if (!ops.has("OWNER")) return true;
  auto o = ops.value("OWNER");
  if (!o || !id_defined(ctx.sm, *o)) {
    ctx.fail(bad);
    return false;
  }
  owner = *o;
  return true;
}

bool user_defined(saf::SecurityManager& sm, const std::string& id) {
  return sm.read([&](const saf::Database& db) { return db.user(id) != nullptr; });
}

bool id_defined(saf::SecurityManager& sm, const std::string& id) {
  return sm.read([&](const saf::Database& db) { return db.user(id) != nullptr || db.group(id) != nullptr; });
}

std::vector<std::string> class_list(Context& ctx, const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    if (v == "*") {
      for (const auto& d : saf::class_table()) out.push_back(d.name);
    } else if (saf::find_class(v)) {
      out.push_back(v);
    } else {
      ctx.warn(msg::setropts_class_invalid(v));
    }
  }
  return out;
}

namespace {
// REVOKE / RESUME may carry a date; none means "now".
bool date_of(Context& ctx, const Operands& ops, std::string_view kw, std::int64_t& when) {
  const Token* t = ops.find(kw);
  when = 0;
  if (!t || !t->has_args) return true;
  auto v = ops.value(kw);
  when = v ? core::parse_racf_date(*v) : -1;
  if (when < 0) {
    ctx.syntax(msg::invalid(std::string(kw) + " DATE", v ? *v : std::string("(...)")));
    return false;
  }
  return true;
}
}  // namespace

bool apply_revoke_resume(Context& ctx, const Operands& ops, RevokeState& s, bool& resumed) {
  resumed = false;
  std::int64_t today = core::day_number(ctx.now()) * 86400;
  if (ops.has("NOREVOKE")) s.revoke_date = 0;
  if (ops.has("NORESUME")) s.resume_date = 0;
  std::int64_t when = 0;
  if (ops.has("REVOKE")) {
    if (!date_of(ctx, ops, "REVOKE", when)) return false;
    if (when == 0 || when <= today) {
      s.revoked = true;
      s.revoke_date = 0;
      // A RESUME date that has arrived is spent; kept, it would cancel this REVOKE (revoked_at
      // applies pending dates on top of the flag). A later one still ends the REVOKE.
      if (s.resume_date != 0 && s.resume_date <= today) s.resume_date = 0;
    } else {
      s.revoke_date = when;  // pending: saf applies it when the day comes
    }
  }
  if (ops.has("RESUME")) {
    if (!date_of(ctx, ops, "RESUME", when)) return false;
    if (when == 0 || when <= today) {
      s.revoked = false;
      s.resume_date = 0;
      if (s.revoke_date != 0 && s.revoke_date <= today) s.revoke_date = 0;
      resumed = true;
    } else {
      s.resume_date = when;
    }
  }
  return true;
}

std::string password_text(const Context& ctx, const Token& t) {
  return ctx.opts.password.mixedcase ? t.text : core::upper(t.text);
}

bool password_valid(const Context& ctx, std::string_view pw) {
  return saf::password_syntax_ok(pw, ctx.opts.password.mixedcase);
}

bool phrase_valid(std::string_view ph, std::string_view user) { return saf::phrase_syntax_ok(ph, user); }

bool raclisted(const Context& ctx, const std::string& cls) {
  std::string member = saf::member_class_of(cls);
  return ctx.opts.raclist.count(cls) > 0 || ctx.opts.raclist.count(member) > 0;
}

}  // namespace zgate::racf

// ADDUSER, ALTUSER, DELUSER, LISTUSER: the BASE segment of user profiles.
#include <array>

#include "core/text.h"
#include "racf/commands.h"
#include "racf/messages.h"
#include "saf/class_table.h"

namespace zgate::racf {

namespace {

constexpr std::array<std::string_view, 2> kSecrets = {"PASSWORD", "PHRASE"};

// SPECIAL / OPERATIONS / AUDITOR / RESTRICTED and their NO forms. Only SPECIAL may give or
// take the first three; RESTRICTED follows the user's administrator.
struct Attribute {
  std::string_view on, off;
  bool saf::User::*field;
  bool needs_special;
};
constexpr std::array<Attribute, 4> kAttributes = {{
    {"SPECIAL", "NOSPECIAL", &saf::User::special, true},
    {"OPERATIONS", "NOOPERATIONS", &saf::User::operations, true},
    {"AUDITOR", "NOAUDITOR", &saf::User::auditor, true},
    {"RESTRICTED", "NORESTRICTED", &saf::User::restricted, false},
}};

void apply_attributes(Context& ctx, const Operands& ops, saf::User& u,
                      std::string (*not_authorized)(std::string_view)) {
  for (const auto& a : kAttributes) {
    for (bool on : {true, false}) {
      std::string_view kw = on ? a.on : a.off;
      if (!ops.has(kw)) continue;
      if (a.needs_special && !ctx.auth.special()) {
        ctx.refuse_operand(not_authorized(kw));
        continue;
      }
      u.*a.field = on;
    }
  }
}

// CLAUTH(class ...) / NOCLAUTH(class ...): SPECIAL, or a class the issuer holds CLAUTH for.
// CLAUTH(USER) is RACF's authority to define users; every other name is a CDT class.
void apply_clauth(Context& ctx, const Operands& ops, saf::User& u) {
  for (bool add : {true, false}) {
    for (const auto& cls : ops.values(add ? "CLAUTH" : "NOCLAUTH")) {
      if (cls != "USER" && !saf::find_class(cls)) {
        ctx.warn(msg::setropts_class_invalid(cls));
        continue;
      }
      if (!ctx.auth.special() && !ctx.auth.clauth(cls)) {
        ctx.refuse_operand(msg::clauth_not_altered(cls));
        break;
      }
      if (add)
        u.class_authorizations.insert(cls);
      else
        u.class_authorizations.erase(cls);
    }
  }
}

// PASSWORD(pw) / PHRASE('...') / NOPASSWORD / NOPHRASE as an administrator sets them: the new
// secret is expired (the user must change it at the next sign-on) unless NOEXPIRED.
bool apply_secrets(Context& ctx, const Operands& ops, saf::User& u, bool expired) {
  if (const Token* t = ops.find("PASSWORD"); t && t->has_args) {
    if (t->args.size() != 1 || t->args[0].has_args || !password_valid(ctx, password_text(ctx, t->args[0]))) {
      ctx.syntax(msg::invalid("PASSWORD", "********"));
      return false;
    }
    u.password_hash = ctx.sm.hash_secret(password_text(ctx, t->args[0]));
    u.password_date = ctx.now();
    u.password_expired = expired;
    u.failed_attempts = 0;
  }
  if (const Token* t = ops.find("PHRASE"); t && t->has_args) {
    if (t->args.size() != 1 || t->args[0].has_args || !phrase_valid(t->args[0].text, u.id)) {
      ctx.syntax(msg::kPhraseRejected);
      return false;
    }
    u.phrase_hash = ctx.sm.hash_secret(t->args[0].text);
    u.phrase_date = ctx.now();
    u.phrase_expired = expired;
  }
  if (ops.has("NOPASSWORD")) {
    u.password_hash.clear();
    u.password_date = 0;
    u.password_history.clear();
  }
  if (ops.has("NOPHRASE")) {
    u.phrase_hash.clear();
    u.phrase_date = 0;
    u.phrase_history.clear();
  }
  return true;
}

bool apply_common(Context& ctx, const Operands& ops, saf::User& u) {
  if (ops.has("NAME"))
    if (auto v = text_operand(ctx, ops, "NAME", 20)) u.name = core::upper(*v);
  if (ops.has("DATA"))
    if (auto v = text_operand(ctx, ops, "DATA", 255)) u.installation_data = *v;
  if (ops.has("NODATA")) u.installation_data.clear();
  return owner_operand(ctx, ops, u.owner, msg::user_not_altered("OWNER")) && !ctx.failed();
}

// ---- ADDUSER ---------------------------------------------------------------------------------

constexpr std::array<std::string_view, 21> kAddUserKeywords = {
    "NAME",       "OWNER",   "DFLTGRP",      "PASSWORD", "PHRASE",     "NOPASSWORD", "NOPHRASE",
    "SPECIAL",    "NOSPECIAL", "OPERATIONS", "NOOPERATIONS", "AUDITOR", "NOAUDITOR",  "RESTRICTED",
    "NORESTRICTED", "DATA",  "CLAUTH",       "NOCLAUTH", "AUTHORITY",  "UACC",       "NODATA"};

void run_adduser(Context& ctx, const Operands& ops) {
  auto ids = names(ctx, ops, 0, "USERID");
  if (ids.empty()) return;
  std::string dfltgrp = ops.value("DFLTGRP").value_or(ctx.me.default_group);
  auto authority = ops.has("AUTHORITY") ? saf::parse_group_authority(ops.value("AUTHORITY").value_or(""))
                                        : std::optional(saf::GroupAuthority::Use);
  if (!authority) return ctx.syntax(msg::invalid("AUTHORITY", ops.value("AUTHORITY").value_or("(...)")));
  saf::Access uacc = saf::Access::None;
  if (ops.has("UACC")) {
    auto a = access_operand(ctx, ops, "UACC");
    if (!a) return;
    uacc = *a;
  }
  if (!ctx.sm.group(dfltgrp)) {
    ctx.fail(msg::unable_locate_entry("GROUP", dfltgrp));
    return ctx.fail(msg::user_not_added(ids.front()));
  }
  // SPECIAL, or CLAUTH(USER) with JOIN (or group-SPECIAL) in the default group.
  if (!ctx.auth.special() && !(ctx.auth.clauth("USER") && ctx.auth.join(dfltgrp)))
    return ctx.refuse(msg::kAddUserInsufficient);

  std::vector<saf::User> added;
  for (const auto& id : ids) {
    if (!saf::racf_id_valid(id)) {
      ctx.syntax(msg::invalid("USERID", id));
      continue;
    }
    if (id_defined(ctx.sm, id)) {
      ctx.fail(msg::user_already_defined(id));
      ctx.line(msg::user_not_added(id));
      continue;
    }
    saf::User u;
    u.id = id;
    u.owner = ctx.me.id;
    u.default_group = dfltgrp;
    u.created = ctx.now();
    if (!apply_common(ctx, ops, u)) return ctx.line(msg::user_not_added(id));
    apply_attributes(ctx, ops, u, msg::not_authorized_attr_adduser);
    apply_clauth(ctx, ops, u);
    // RACF makes the first password temporary: the user changes it at the first sign-on.
    if (!apply_secrets(ctx, ops, u, /*expired=*/true)) return ctx.line(msg::user_not_added(id));
    saf::Connect c;
    c.group = dfltgrp;
    c.authority = *authority;
    c.owner = u.owner;
    c.created = u.created;
    c.uacc = uacc;
    u.connects.push_back(c);
    added.push_back(std::move(u));
  }
  commit(ctx, [&] {
    for (const auto& u : added) ctx.sm.put_user(u);
  });
}

// ---- ALTUSER ---------------------------------------------------------------------------------

constexpr std::array<std::string_view, 25> kAltUserKeywords = {
    "NAME",       "OWNER",        "DFLTGRP",   "PASSWORD",  "PHRASE",     "NOPASSWORD", "NOPHRASE",
    "EXPIRED",    "NOEXPIRED",    "SPECIAL",   "NOSPECIAL", "OPERATIONS", "NOOPERATIONS", "AUDITOR",
    "NOAUDITOR",  "RESTRICTED",   "NORESTRICTED", "REVOKE", "RESUME",     "NOREVOKE",   "NORESUME",
    "DATA",       "NODATA",       "CLAUTH",    "NOCLAUTH"};

void run_altuser(Context& ctx, const Operands& ops) {
  auto ids = names(ctx, ops, 0, "USERID");
  for (const auto& id : ids) {
    auto found = ctx.sm.user(id);
    if (!found) {
      ctx.fail(msg::unable_locate_user(id));
      continue;
    }
    saf::User u = *found;
    if (!ctx.auth.special() && !ctx.auth.owns(u.owner)) {
      ctx.refuse(msg::kNotAuthAltUser);
      continue;
    }
    if (!apply_common(ctx, ops, u)) continue;
    if (ops.has("DFLTGRP")) {
      auto g = ops.value("DFLTGRP");
      if (!g || !u.connect(*g)) {  // the new default group must already be a connect group
        ctx.fail(msg::user_not_altered("DFLTGRP"));
        continue;
      }
      u.default_group = *g;
    }
    apply_attributes(ctx, ops, u, msg::not_authorized_operand_altuser);
    apply_clauth(ctx, ops, u);
    bool has_secret = ops.find("PASSWORD") || ops.find("PHRASE");
    if ((ops.has("EXPIRED") || ops.has("NOEXPIRED")) && !has_secret) ctx.warn(msg::kExpiredIgnored);
    if (!apply_secrets(ctx, ops, u, !ops.has("NOEXPIRED"))) continue;
    RevokeState rs{u.revoked, u.revoke_date, u.resume_date};
    bool was_revoked = u.revoked;
    bool resumed = false;
    if (!apply_revoke_resume(ctx, ops, rs, resumed)) continue;
    if (ops.has("RESUME") && !was_revoked && !ops.find("RESUME")->has_args) ctx.line(msg::resume_not_revoked(id));
    u.revoked = rs.revoked;
    u.revoke_date = rs.revoke_date;
    u.resume_date = rs.resume_date;
    if (resumed) {
      u.failed_attempts = 0;  // RESUME gives the user a fresh count of attempts
      u.resumed = ctx.now();  // and a fresh SETROPTS INACTIVE(n) interval (saf/verify.cpp)
    }
    commit(ctx, [&] { ctx.sm.put_user(u); });
  }
}

// ---- DELUSER ---------------------------------------------------------------------------------

void run_deluser(Context& ctx, const Operands& ops) {
  for (const auto& id : names(ctx, ops, 0, "USERID")) {
    auto u = ctx.sm.user(id);
    if (!u) {
      ctx.fail(msg::user_not_defined(id));
      continue;
    }
    if (!ctx.auth.special() && !ctx.auth.owns(u->owner)) {
      ctx.refuse(msg::kNotAuthDelUser);
      continue;
    }
    // RACF keeps a group's owner defined: delete or re-own the groups first.
    bool owns_groups = ctx.sm.read([&](const saf::Database& db) {
      for (const auto& [gid, g] : db.groups)
        if (g.owner == id) return true;
      return false;
    });
    if (owns_groups) {
      ctx.fail(msg::user_owns_groups(id));
      ctx.line(msg::user_not_deleted(id));
      continue;
    }
    commit(ctx, [&] { ctx.sm.delete_user(id); });
  }
}

// ---- LISTUSER --------------------------------------------------------------------------------

void run_listuser(Context& ctx, const Operands& ops) {
  std::vector<std::string> ids;
  for (const Token* t : ops.positional(0)) ids.push_back(name_of(*t));
  if (ids.empty()) ids.push_back(ctx.me.id);  // LISTUSER alone lists yourself
  if (ids.size() == 1 && ids.front() == "*") {
    if (!ctx.auth.special() && !ctx.auth.auditor()) return ctx.refuse(msg::not_auth_list_user("*"));
    ids = ctx.sm.read([](const saf::Database& db) {
      std::vector<std::string> all;
      for (const auto& [id, _] : db.users) all.push_back(id);
      return all;
    });
  }
  bool listed = false;
  for (const auto& id : ids) {
    auto u = ctx.sm.user(id);
    if (!u) {
      ctx.fail(msg::unable_locate_entry("USER", id));
      continue;
    }
    if (!ctx.auth.may_list_user(*u)) {
      ctx.refuse(msg::not_auth_list_user(id));
      continue;
    }
    if (listed) ctx.line("");
    ctx.out += format_user(*u, ctx.opts);
    listed = true;
  }
  if (!listed && !ctx.failed()) ctx.warn(msg::kNoUsersListed);
}

constexpr std::array<std::string_view, 0> kNoKeywords = {};
constexpr std::array<std::string_view, 1> kListUserKeywords = {"ALL"};

const std::array<CommandSpec, 4> kSpecs = {{
    {"ADDUSER", "AU", audit::EventCode::AddUser, 1, kAddUserKeywords, kSecrets, msg::kNotAuthAddUser, run_adduser},
    {"ALTUSER", "ALU", audit::EventCode::AltUser, 1, kAltUserKeywords, kSecrets, msg::kNotAuthAltUser, run_altuser},
    {"DELUSER", "DU", audit::EventCode::DelUser, 1, kNoKeywords, {}, msg::kNotAuthDelUser, run_deluser},
    {"LISTUSER", "LU", std::nullopt, 1, kListUserKeywords, {}, msg::kNotAuthListUser, run_listuser},
}};

}  // namespace

std::span<const CommandSpec> user_commands() { return kSpecs; }

}  // namespace zgate::racf

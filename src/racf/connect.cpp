// CONNECT and REMOVE: a user's membership of groups (RACF's connect profiles, kept on the user).
#include <array>

#include "racf/commands.h"
#include "racf/messages.h"

namespace zgate::racf {

namespace {

// CONNECT/REMOVE in a group: SPECIAL, CONNECT or JOIN (or group-SPECIAL) there, or its owner.
bool may_connect(const Context& ctx, const saf::Group& g) { return ctx.auth.connect(g.id) || ctx.auth.owns(g.owner); }

struct ConnectAttribute {
  std::string_view on, off;
  bool saf::Connect::*field;
};
constexpr std::array<ConnectAttribute, 3> kConnectAttributes = {{
    {"SPECIAL", "NOSPECIAL", &saf::Connect::special},
    {"OPERATIONS", "NOOPERATIONS", &saf::Connect::operations},
    {"AUDITOR", "NOAUDITOR", &saf::Connect::auditor},
}};

constexpr std::array<std::string_view, 14> kConnectKeywords = {
    "GROUP",   "AUTHORITY", "UACC",   "OWNER",  "SPECIAL",  "NOSPECIAL", "OPERATIONS", "NOOPERATIONS",
    "AUDITOR", "NOAUDITOR", "REVOKE", "RESUME", "NOREVOKE", "NORESUME"};

// GROUP(g), by default the issuer's current group: it must exist and the issuer must be
// allowed to connect users to it. nullopt (with the messages) otherwise.
std::optional<saf::Group> target_group(Context& ctx, const Operands& ops, const std::string& first_user,
                                       std::string (*not_done)(std::string_view), std::string_view refused) {
  std::string gid = ops.value("GROUP").value_or(ctx.me.default_group);
  auto g = ctx.sm.group(gid);
  if (!g) {
    ctx.fail(msg::unable_locate_entry("GROUP", gid));
    ctx.line(not_done(first_user));
  } else if (!may_connect(ctx, *g)) {
    ctx.refuse(refused);
    g.reset();
  }
  return g;
}

void run_connect(Context& ctx, const Operands& ops) {
  auto ids = names(ctx, ops, 0, "USERID");
  if (ids.empty()) return;
  auto g = target_group(ctx, ops, ids.front(), msg::not_connected, msg::kInsufficientToGroup);
  if (!g) return;
  const std::string& gid = g->id;
  std::optional<saf::GroupAuthority> authority;
  if (ops.has("AUTHORITY")) {
    authority = saf::parse_group_authority(ops.value("AUTHORITY").value_or(""));
    if (!authority) return ctx.syntax(msg::invalid("AUTHORITY", ops.value("AUTHORITY").value_or("(...)")));
    // Nobody hands out more group authority than they hold, unless SPECIAL or the owner.
    auto mine = ctx.auth.group_authority(gid);
    if (!ctx.auth.special() && !ctx.auth.owns(g->owner) && !ctx.auth.group_special(gid) &&
        (!mine || *authority > *mine))
      return ctx.refuse(msg::kAuthorityGreater);
  }
  std::optional<saf::Access> uacc;
  if (ops.has("UACC") && !(uacc = access_operand(ctx, ops, "UACC"))) return;
  std::string owner = ctx.me.id;
  if (ops.has("OWNER")) {
    auto o = ops.value("OWNER");
    if (!o || !id_defined(ctx.sm, *o)) return ctx.fail(msg::connect_owner_invalid());
    owner = *o;
  }
  for (const auto& id : ids) {
    auto found = ctx.sm.user(id);
    if (!found) {
      ctx.fail(msg::unable_locate_entry("USER", id));
      ctx.line(msg::not_connected(id));
      continue;
    }
    saf::User u = *found;
    saf::Connect* c = u.connect(gid);
    if (!c) {  // a new connection; CONNECT of an existing one modifies it
      saf::Connect fresh;
      fresh.group = gid;
      fresh.owner = owner;
      fresh.created = ctx.now();
      u.connects.push_back(fresh);
      c = &u.connects.back();
    } else if (ops.has("OWNER")) {
      c->owner = owner;
    }
    if (authority) c->authority = *authority;
    if (uacc) c->uacc = *uacc;
    for (const auto& a : kConnectAttributes) {
      for (bool on : {true, false}) {
        std::string_view kw = on ? a.on : a.off;
        if (!ops.has(kw)) continue;
        if (!ctx.auth.special() && !ctx.auth.group_special(gid)) {
          ctx.refuse_operand(msg::not_authorized_attr_connect(kw));
          continue;
        }
        c->*a.field = on;
      }
    }
    RevokeState rs{c->revoked, c->revoke_date, c->resume_date};
    bool was_revoked = c->revoked, resumed = false;
    if (!apply_revoke_resume(ctx, ops, rs, resumed)) return ctx.line(msg::not_connected(id));
    if (ops.has("RESUME") && !was_revoked && !ops.find("RESUME")->has_args)
      ctx.line(msg::resume_not_revoked_connect(id));
    c->revoked = rs.revoked;
    c->revoke_date = rs.revoke_date;
    c->resume_date = rs.resume_date;
    commit(ctx, [&] { ctx.sm.put_user(u); });
  }
}

constexpr std::array<std::string_view, 2> kRemoveKeywords = {"GROUP", "OWNER"};

void run_remove(Context& ctx, const Operands& ops) {
  auto ids = names(ctx, ops, 0, "USERID");
  if (ids.empty()) return;
  auto g = target_group(ctx, ops, ids.front(), msg::not_removed, msg::kNotAuthRemove);
  if (!g) return;
  const std::string& gid = g->id;
  for (const auto& id : ids) {
    auto found = ctx.sm.user(id);
    if (!found || !found->connect(gid)) {
      ctx.fail(msg::not_connected_to(id, gid));
      ctx.line(msg::not_removed(id));
      continue;
    }
    if (found->default_group == gid) {  // RACF: change DFLTGRP first (ALTUSER)
      ctx.fail(msg::default_group_remove(id, gid));
      continue;
    }
    saf::User u = *found;
    std::erase_if(u.connects, [&](const saf::Connect& c) { return c.group == gid; });
    commit(ctx, [&] { ctx.sm.put_user(u); });
  }
}

const std::array<CommandSpec, 2> kSpecs = {{
    {"CONNECT", "CO", audit::EventCode::Connect, 1, kConnectKeywords, {}, msg::kNotAuthConnect, run_connect},
    {"REMOVE", "RE", audit::EventCode::Remove, 1, kRemoveKeywords, {}, msg::kNotAuthRemove, run_remove},
}};

}  // namespace

std::span<const CommandSpec> connect_commands() { return kSpecs; }

}  // namespace zgate::racf

// ADDGROUP, ALTGROUP, DELGROUP, LISTGRP: group profiles and the group tree under SYS1.
#include <array>

#include "racf/commands.h"
#include "racf/messages.h"

namespace zgate::racf {

namespace {

// The issuer may hang groups under `sup` or move them there: SPECIAL, JOIN (or
// group-SPECIAL) in it, or ownership of it.
bool may_add_under(const Context& ctx, const saf::Group& sup) {
  return ctx.auth.join(sup.id) || ctx.auth.owns(sup.owner);
}

bool apply_group_common(Context& ctx, const Operands& ops, saf::Group& g) {
  if (ops.has("DATA"))
    if (auto v = text_operand(ctx, ops, "DATA", 255)) g.installation_data = *v;
  if (ops.has("NODATA")) g.installation_data.clear();
  if (ops.has("TERMUACC")) g.termuacc = true;
  if (ops.has("NOTERMUACC")) g.termuacc = false;
  if (ops.has("UNIVERSAL")) g.universal = true;
  if (!owner_operand(ctx, ops, g.owner, msg::invalid("OWNER", ops.value("OWNER").value_or("(...)")))) return false;
  return !ctx.failed();
}

// ---- ADDGROUP --------------------------------------------------------------------------------

constexpr std::array<std::string_view, 7> kAddGroupKeywords = {"SUPGROUP", "OWNER",      "DATA",     "NODATA",
                                                               "UNIVERSAL", "TERMUACC", "NOTERMUACC"};

void run_addgroup(Context& ctx, const Operands& ops) {
  auto ids = names(ctx, ops, 0, "GROUP NAME");
  if (ids.empty()) return;
  // RACF: with no SUPGROUP, an OWNER that is a group is the superior; else the issuer's
  // current connect group.
  std::string sup_id = ops.value("SUPGROUP").value_or("");
  if (sup_id.empty()) {
    auto owner = ops.value("OWNER");
    sup_id = owner && ctx.sm.group(*owner) ? *owner : ctx.me.default_group;
  }
  auto sup = ctx.sm.group(sup_id);
  if (!sup) {
    ctx.fail(msg::unable_locate_group(sup_id));
    return ctx.line(msg::group_not_added(ids.front()));
  }
  if (!may_add_under(ctx, *sup)) return ctx.refuse(msg::kNotAuthAddGroup);
  std::vector<saf::Group> added;
  for (const auto& id : ids) {
    if (!saf::racf_id_valid(id)) {
      ctx.syntax(msg::invalid("GROUP NAME", id));
      continue;
    }
    if (id_defined(ctx.sm, id)) {  // users and groups share one name space
      ctx.fail(msg::group_already_defined(id));
      ctx.line(msg::group_not_added(id));
      continue;
    }
    saf::Group g;
    g.id = id;
    g.superior = sup_id;
    g.owner = ctx.me.id;
    g.created = ctx.now();
    if (!apply_group_common(ctx, ops, g)) return ctx.line(msg::group_not_added(id));
    added.push_back(std::move(g));
  }
  commit(ctx, [&] {
    for (const auto& g : added) ctx.sm.put_group(g);
  });
}

// ---- ALTGROUP --------------------------------------------------------------------------------

constexpr std::array<std::string_view, 7> kAltGroupKeywords = {"SUPGROUP", "OWNER",      "DATA",     "NODATA",
                                                               "UNIVERSAL", "TERMUACC", "NOTERMUACC"};

// True when `candidate` is `g` or lies below it (a group cannot move under itself).
bool in_subtree(const saf::Database& db, const std::string& g, std::string candidate) {
  for (int depth = 0; depth < 1000; ++depth) {
    if (candidate.empty()) return false;  // reached the root
    if (candidate == g) return true;
    const auto* p = db.group(candidate);
    if (!p) return false;
    candidate = p->superior;
  }
  return true;  // a cycle in the tree: refuse rather than make it worse
}

void run_altgroup(Context& ctx, const Operands& ops) {
  for (const auto& id : names(ctx, ops, 0, "GROUP NAME")) {
    auto found = ctx.sm.group(id);
    if (!found) {
      ctx.fail(msg::unable_locate_group(id));
      continue;
    }
    saf::Group g = *found;
    if (!ctx.auth.owns(g.owner) && !ctx.auth.join(g.id)) {
      ctx.refuse(msg::not_auth_alter_group(id));
      continue;
    }
    if (auto sup_id = ops.value("SUPGROUP")) {
      auto sup = ctx.sm.group(*sup_id);
      if (!sup) {
        ctx.fail(msg::unable_locate_group(*sup_id));
        ctx.line(msg::group_not_altered(id));
        continue;
      }
      if (ctx.sm.read([&](const saf::Database& db) { return in_subtree(db, id, *sup_id); })) {
        ctx.fail(msg::cannot_be_superior(*sup_id, id));
        ctx.line(msg::group_not_altered(id));
        continue;
      }
      if (!may_add_under(ctx, *sup)) {
        ctx.refuse(msg::not_auth_alter_group(*sup_id));
        continue;
      }
      g.superior = *sup_id;
    }
    if (!apply_group_common(ctx, ops, g)) {
      ctx.line(msg::group_not_altered(id));
      continue;
    }
    commit(ctx, [&] { ctx.sm.put_group(g); });
  }
}

// ---- DELGROUP --------------------------------------------------------------------------------

void run_delgroup(Context& ctx, const Operands& ops) {
  for (const auto& id : names(ctx, ops, 0, "GROUP NAME")) {
    auto g = ctx.sm.group(id);
    if (!g) {
      ctx.fail(msg::error_locating_group(id));
      continue;
    }
    if (!ctx.auth.owns(g->owner) && !ctx.auth.join(g->superior)) {
      ctx.refuse(msg::kNotAuthDelGroup);
      continue;
    }
    // RACF refuses a group that still has subgroups or connected users (and SYS1, the root).
    bool busy = g->superior.empty() || ctx.sm.read([&](const saf::Database& db) {
      return !db.members_of(id).empty() || !db.subgroups_of(id).empty();
    });
    if (busy) {
      ctx.fail(msg::group_has_members(id));
      ctx.line(msg::group_not_deleted(id));
      continue;
    }
    commit(ctx, [&] { ctx.sm.delete_group(id); });
  }
}

// ---- LISTGRP ---------------------------------------------------------------------------------

void run_listgrp(Context& ctx, const Operands& ops) {
  std::vector<std::string> ids;
  for (const Token* t : ops.positional(0)) ids.push_back(name_of(*t));
  if (ids.empty()) ids.push_back(ctx.me.default_group);
  if (ids.size() == 1 && ids.front() == "*") {
    ids = ctx.sm.read([](const saf::Database& db) {
      std::vector<std::string> all;
      for (const auto& [id, _] : db.groups) all.push_back(id);
      return all;
    });
  }
  bool listed = false;
  for (const auto& id : ids) {
    auto g = ctx.sm.group(id);
    if (!g) {
      ctx.fail(msg::unable_locate_entry("GROUP", id));
      continue;
    }
    // SPECIAL, AUDITOR, the owner, or CONNECT (and up) in the group.
    if (!ctx.auth.special() && !ctx.auth.auditor() && !ctx.auth.owns(g->owner) && !ctx.auth.connect(id)) {
      if (ids.size() == 1) ctx.refuse(msg::not_auth_list_group(id));
      continue;
    }
    if (listed) ctx.line("");
    ctx.out += ctx.sm.read([&](const saf::Database& db) { return format_group(*g, db); });
    listed = true;
  }
  if (!listed && !ctx.failed()) ctx.warn(msg::kNoGroupsListed);
}

constexpr std::array<std::string_view, 0> kNoKeywords = {};

const std::array<CommandSpec, 4> kSpecs = {{
    {"ADDGROUP", "AG", audit::EventCode::AddGroup, 1, kAddGroupKeywords, {}, msg::kNotAuthAddGroup, run_addgroup},
    {"ALTGROUP", "ALG", audit::EventCode::AltGroup, 1, kAltGroupKeywords, {}, msg::kNotAuthAltGroup, run_altgroup},
    {"DELGROUP", "DG", audit::EventCode::DelGroup, 1, kNoKeywords, {}, msg::kNotAuthDelGroup, run_delgroup},
    {"LISTGRP", "LG", std::nullopt, 1, kNoKeywords, {}, msg::kNotAuthListGrp, run_listgrp},
}};

}  // namespace

std::span<const CommandSpec> group_commands() { return kSpecs; }

}  // namespace zgate::racf

#include "racf/authority.h"

#include <algorithm>

namespace zgate::racf {

std::optional<saf::GroupAuthority> Authority::group_authority(const std::string& group) const {
  if (const auto* c = me_.connect(group); c && !c->revoked) return c->authority;
  return std::nullopt;
}

bool Authority::group_special(const std::string& group) const {
  const auto* c = me_.connect(group);
  return c && !c->revoked && c->special;
}

bool Authority::join(const std::string& group) const {
  if (special() || group_special(group)) return true;
  auto a = group_authority(group);
  return a && *a >= saf::GroupAuthority::Join;
}

bool Authority::connect(const std::string& group) const {
  if (special() || group_special(group)) return true;
  auto a = group_authority(group);
  return a && *a >= saf::GroupAuthority::Connect;
}

bool Authority::owns(const std::string& owner) const {
  if (owner.empty()) return false;
  if (owner == me_.id) return true;
  // An owning group: its group-SPECIAL users and JOIN holders administer what it owns.
  return me_.connect(owner) != nullptr && join(owner);
}

saf::Access Authority::access_to(const saf::Profile& p, bool grplist) const {
  if (const auto* e = p.entry(me_.id)) return e->access;
  std::optional<saf::Access> best;
  for (const auto& c : me_.connects) {
    if (c.revoked) continue;
    if (!grplist && c.group != me_.default_group) continue;
    if (const auto* e = p.entry(c.group)) best = best ? std::max(*best, e->access) : e->access;
  }
  if (best) return *best;
  if (me_.restricted) return saf::Access::None;
  if (const auto* e = p.entry("*")) return e->access;
  return p.uacc;
}

bool Authority::administers(const saf::Profile& p, bool grplist) const {
  if (special() || owns(p.owner)) return true;
  return !p.generic() && access_to(p, grplist) == saf::Access::Alter;
}

bool Authority::may_list(const saf::Profile& p, bool grplist) const {
  return special() || auditor() || owns(p.owner) || access_to(p, grplist) >= saf::Access::Read;
}

bool Authority::may_list_user(const saf::User& u) const {
  return special() || auditor() || u.id == me_.id || owns(u.owner);
}

}  // namespace zgate::racf

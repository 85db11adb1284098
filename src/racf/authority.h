#pragma once
// Who may issue which RACF command, after z/OS RACF Command Language Reference
// ("Authorization required" of each command), simplified where zgate has no counterpart:
//
//   * An issuer that is not a defined user can do nothing (every command: NOT AUTHORIZED).
//   * SPECIAL can do everything.
//   * AUDITOR can list everything (LISTUSER, LISTGRP, RLIST, SEARCH, SETROPTS LIST) and set
//     AUDIT(...) on resource profiles and SETROPTS AUDIT/NOAUDIT, nothing else.
//   * Ownership: a profile (user, group, resource) is administered by its OWNER, which is a
//     user, or a group in which the issuer is group-SPECIAL or has JOIN authority.
//   * Group authority: CONNECT (or higher) in a group lets the issuer CONNECT users to it and
//     REMOVE them; JOIN additionally lets them ADDUSER with it as default group (with
//     CLAUTH(USER)) and ADDGROUP subgroups under it. group-SPECIAL counts as JOIN and more.
//   * CLAUTH(class): RDEFINE in that class (SPECIAL is not needed). A CLAUTH holder without
//     SPECIAL cannot define while the class is inactive (ICH10301I).
//   * RALTER, RDELETE, PERMIT: SPECIAL, the owner, or ALTER on a discrete profile's access list.
//   * LISTUSER: yourself, SPECIAL, AUDITOR, or the user's owner. PASSWORD/PHRASE change your
//     own; PASSWORD USER(x) INTERVAL needs SPECIAL or ownership of x.
//   * SETROPTS: SPECIAL (AUDITOR for AUDIT/NOAUDIT; anyone for LIST).
// Simplified: group-SPECIAL scope covers the group itself, not the groups it owns below it;
// group-AUDITOR and group-OPERATIONS are kept but grant nothing here; RACF's "scope of
// group" walk up the owner tree is not done.
#include <optional>
#include <string>

#include "saf/model.h"

namespace zgate::racf {

class Authority {
 public:
  explicit Authority(const saf::User& issuer) : me_(issuer) {}

  bool special() const { return me_.special; }
  bool auditor() const { return me_.auditor; }
  const std::string& id() const { return me_.id; }

  std::optional<saf::GroupAuthority> group_authority(const std::string& group) const;
  bool group_special(const std::string& group) const;
  // JOIN (or group-SPECIAL) in the group.
  bool join(const std::string& group) const;
  // CONNECT or higher (or group-SPECIAL) in the group.
  bool connect(const std::string& group) const;
  // The issuer is, or administers, this owner (see above).
  bool owns(const std::string& owner) const;
  bool clauth(const std::string& cls) const { return me_.class_authorizations.count(cls) > 0; }

  // The issuer's access from a profile's standard access list, as the decision would give it
  // without conditions: the user's own entry; else the highest group entry (all connect groups
  // under GRPLIST, the default group otherwise); else ID(*) and UACC (not for RESTRICTED).
  saf::Access access_to(const saf::Profile& p, bool grplist) const;
  // Administers the resource profile: SPECIAL, owner, or ALTER on a discrete profile.
  bool administers(const saf::Profile& p, bool grplist) const;
  // May list the resource profile: SPECIAL, AUDITOR, owner, or at least READ.
  bool may_list(const saf::Profile& p, bool grplist) const;
  // May list a user profile.
  bool may_list_user(const saf::User& u) const;

 private:
  const saf::User& me_;
};

}  // namespace zgate::racf

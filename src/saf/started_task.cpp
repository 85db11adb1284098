// Class STARTED: the user and group z/OS gives a started task. A profile named member.jobname
// (generic names allowed: ODBM1.*, *.*) carries an STDATA segment; when procedure `member`
// starts as job `jobname`, the most specific matching profile's USER and GROUP become the
// task's identity. RACF uses the class only while it is active and RACLISTed; otherwise z/OS
// falls back to the started procedures table ICHRIN03, which zgate does not have.
#include <mutex>

#include "core/text.h"
#include "saf/security_manager.h"

namespace zgate::saf {

std::optional<StartedIdentity> SecurityManager::started_task(const std::string& raw_member,
                                                             const std::string& raw_jobname) const {
  std::string member = core::upper(raw_member), jobname = core::upper(raw_jobname);
  if (!racf_id_valid(member) || !racf_id_valid(jobname)) return std::nullopt;
  SnapshotRef snap = snapshot();
  const Options& o = snap->options();
  if (!o.classact.count("STARTED") || !o.raclist.count("STARTED")) return std::nullopt;
  const ClassIndex* index = snap->class_index("STARTED");
  if (!index) return std::nullopt;
  // Generic STARTED profiles are used whatever SETROPTS GENERIC says (the class is RACLISTed).
  const CompiledProfile* p = index->find(member + "." + jobname, true);
  if (!p || !p->stdata || p->stdata->user.empty()) return std::nullopt;

  StartedIdentity out;
  out.user = p->stdata->user == "=MEMBER" ? member : p->stdata->user;
  out.group = p->stdata->group == "=MEMBER" ? member : p->stdata->group;
  out.trusted = p->stdata->trusted;
  out.privileged = p->stdata->privileged;
  out.profile = p->profile_name;

  std::lock_guard lk(mu_);
  const User* u = db_.user(out.user);
  if (!u) return std::nullopt;
  std::int64_t now = clock_.now();
  if (revoked_at(u->revoked, u->revoke_date, u->resume_date, now)) return std::nullopt;
  if (out.group.empty()) out.group = u->default_group;
  const Connect* c = u->connect(out.group);
  if (!c || revoked_at(c->revoked, c->revoke_date, c->resume_date, now)) return std::nullopt;
  return out;
}

}  // namespace zgate::saf

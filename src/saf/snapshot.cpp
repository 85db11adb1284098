#include "saf/snapshot.h"

#include <algorithm>
#include <functional>

namespace zgate::saf {

std::size_t StringHash::operator()(std::string_view s) const noexcept {
  return std::hash<std::string_view>{}(s);
}

const char* reason_text(Reason r) {
  switch (r) {
    case Reason::ClassNotDefined: return "class is not defined in the class descriptor table";
    case Reason::ClassInactive: return "class is not active (SETROPTS CLASSACT)";
    case Reason::NoProfile: return "no profile protects the resource";
    case Reason::UserEntry: return "user's entry in the access list";
    case Reason::GroupEntry: return "group entry in the access list";
    case Reason::ConditionalEntry: return "conditional access list entry";
    case Reason::IdStar: return "ID(*) entry in the access list";
    case Reason::Uacc: return "universal access (UACC)";
    case Reason::Restricted: return "RESTRICTED user not in the access list (UACC and ID(*) skipped)";
    case Reason::Warning: return "access permitted due to WARNING";
  }
  return "";
}

// ---- the index of one class -------------------------------------------------------------

namespace {

// The bucket key of a generic name: its characters before the first % or *. A "." just before
// "**" is left out, because ** can match zero qualifiers: "IMSXCF.**" protects "IMSXCF" too.
std::size_t literal_prefix_length(std::string_view name) {
  auto pos = name.find_first_of("%*");
  if (pos == std::string_view::npos) return name.size();
  if (pos > 0 && name[pos - 1] == '.' && name.substr(pos, 2) == "**") --pos;
  return pos;
}

std::unique_ptr<CompiledProfile> compile(const Profile& p, const std::string& name) {
  auto c = std::make_unique<CompiledProfile>();
  c->name = name;
  c->profile_class = p.cls;
  c->profile_name = p.name;
  c->generic = name.find_first_of("%*") != std::string::npos;
  c->uacc = p.uacc;
  c->warning = p.warning;
  c->audit = p.audit;
  for (const auto& e : p.acl) {
    if (e.id == "*") {
      c->has_id_star = true;
      c->id_star = e.access;
    } else {
      c->acl.emplace_back(e.id, e.access);
    }
  }
  std::sort(c->acl.begin(), c->acl.end());
  c->conditional = p.conditional_acl;
  return c;
}

}  // namespace

ClassIndex::ClassIndex(const ClassDescriptor& cdt, const Database& db) : cdt_(cdt) {
  if (auto it = db.profiles.find(cdt.name); it != db.profiles.end())
    for (const auto& [name, p] : it->second) add(p, name);
  // Members of grouping profiles (GIMS ADDMEM(PAY1 PAY2) protects TIMS PAY1 and PAY2) count
  // only where no member-class profile of the same name exists; the first grouping profile in
  // name order wins a tie (RACF merges such conflicts at RACLIST time; IBM advises against
  // them, docs/decisions.md says what zgate does).
  if (!cdt.grouping.empty())
    if (auto it = db.profiles.find(cdt.grouping); it != db.profiles.end())
      for (const auto& [gname, gp] : it->second)
        for (const auto& m : gp.members) add(gp, m);

  for (auto& [prefix, bucket] : generic_by_prefix_)
    std::stable_sort(bucket.begin(), bucket.end(), [](const CompiledProfile* a, const CompiledProfile* b) {
      return more_specific(a->name, b->name);
    });
}

void ClassIndex::add(const Profile& p, const std::string& name) {
  bool generic = name.find_first_of("%*") != std::string::npos;
  if (!generic) {
    if (discrete_.contains(name)) return;
    profiles_.push_back(compile(p, name));
    discrete_.emplace(name, profiles_.back().get());
    return;
  }
  std::size_t n = literal_prefix_length(name);
  auto& bucket = generic_by_prefix_[name.substr(0, n)];
  for (const auto* existing : bucket)
    if (existing->name == name) return;
  profiles_.push_back(compile(p, name));
  bucket.push_back(profiles_.back().get());
  longest_prefix_ = std::max(longest_prefix_, n);
}

const CompiledProfile* ClassIndex::find(std::string_view resource, bool generics) const {
  if (auto it = discrete_.find(resource); it != discrete_.end()) return it->second;
  if (!generics || generic_by_prefix_.empty()) return nullptr;
  // Longest literal prefix first: see the header for why the first match is the most specific.
  std::size_t len = std::min(resource.size(), longest_prefix_);
  for (std::size_t n = len + 1; n-- > 0;) {
    auto it = generic_by_prefix_.find(resource.substr(0, n));
    if (it == generic_by_prefix_.end()) continue;
    for (const auto* p : it->second)
      if (generic_match(p->name, resource)) return p;
  }
  return nullptr;
}

// ---- the decision -----------------------------------------------------------------------

Snapshot::Snapshot(Options options,
                   std::unordered_map<std::string, std::shared_ptr<const ClassIndex>, StringHash,
                                      std::equal_to<>> classes,
                   std::uint64_t generation)
    : options_(std::move(options)), generation_(generation) {
  for (auto& [name, index] : classes) {
    ClassState st;
    st.index = std::move(index);
    st.active = options_.classact.contains(name);
    st.generic = options_.generic.contains(name);
    classes_.emplace(name, std::move(st));
  }
}

const ClassIndex* Snapshot::class_index(std::string_view cls) const {
  auto it = classes_.find(cls);
  return it == classes_.end() ? nullptr : it->second.index.get();
}

Decision Snapshot::check(const Acee& acee, std::string_view cls, std::string_view resource,
                         Access requested, const AuthContext& ctx) const {
  Decision d;
  auto it = classes_.find(cls);
  if (it == classes_.end()) {
    d.reason = find_class(cls) ? Reason::ClassInactive : Reason::ClassNotDefined;
    return d;
  }
  const ClassState& st = it->second;
  if (!st.active) {
    d.reason = Reason::ClassInactive;
    return d;
  }
  const CompiledProfile* p = st.index ? st.index->find(resource, st.generic) : nullptr;
  if (!p) {
    d.rc = st.index ? st.index->descriptor().default_rc : kRcNotProtected;
    d.reason = Reason::NoProfile;
    return d;
  }
  return evaluate(*p, acee, requested, ctx);
}

namespace {

const Access* lookup(const std::vector<std::pair<std::string, Access>>& acl, const std::string& id) {
  auto it = std::lower_bound(acl.begin(), acl.end(), id,
                             [](const auto& e, const std::string& k) { return e.first < k; });
  return it != acl.end() && it->first == id ? &it->second : nullptr;
}

}  // namespace

bool Snapshot::condition_holds(const ConditionalEntry& e, const AuthContext& ctx) const {
  // A condition counts only while its class is active (RACF: WHEN(PROGRAM) needs program
  // control, SETROPTS WHEN(PROGRAM); TERMINAL needs the TERMINAL class). Conditions zgate
  // cannot observe (CONSOLE, JESINPUT, SYSID, ...) are never satisfied: deny by default.
  if (e.when_class == "PROGRAM")
    return options_.when_program && !ctx.program.empty() && generic_match(e.when_name, ctx.program);
  if (e.when_class == "TERMINAL")
    return options_.classact.contains("TERMINAL") && !ctx.terminal.empty() &&
           generic_match(e.when_name, ctx.terminal);
  return false;
}

Decision Snapshot::evaluate(const CompiledProfile& p, const Acee& acee, Access requested,
                            const AuthContext& ctx) const {
  Decision d;
  d.profile = p.profile_name;
  d.profile_class = p.profile_class;
  d.generic = p.generic;
  bool found = false;

  // 1. The user's own entry: used alone, even when a group would give more.
  if (acee.defined) {
    if (const Access* a = lookup(p.acl, acee.user)) {
      d.granted = *a;
      d.reason = Reason::UserEntry;
      d.entry = acee.user;
      found = true;
    }
  }
  // 2. Group entries: the current connect group, or with SETROPTS GRPLIST the highest
  //    authority over all connect groups.
  if (!found && acee.defined) {
    auto consider = [&](const std::string& g) {
      if (const Access* a = lookup(p.acl, g)) {
        if (!found || *a > d.granted) {
          d.granted = *a;
          d.entry = g;
        }
        found = true;
      }
    };
    if (options_.grplist)
      for (const auto& g : acee.groups) consider(g);
    else
      consider(acee.group);
    if (found) d.reason = Reason::GroupEntry;
  }
  // 3. The conditional access list can only add authority: user entries first, then groups
  //    (highest), then ID(*), as in the standard list.
  if (acee.defined && !p.conditional.empty()) {
    int best_rank = -1;  // 2 user, 1 group, 0 ID(*)
    Access best = Access::None;
    const std::string* best_id = nullptr;
    for (const auto& e : p.conditional) {
      int r = e.id == acee.user ? 2
              : (options_.grplist ? acee.in_group(e.id) : e.id == acee.group) ? 1
              : (e.id == "*" && !acee.restricted) ? 0
                                                  : -1;
      if (r < 0 || r < best_rank || !condition_holds(e, ctx)) continue;
      if (r > best_rank || e.access > best) {
        best = e.access;
        best_id = &e.id;
      }
      best_rank = r;
    }
    if (best_rank >= 0 && (!found || best > d.granted)) {
      d.granted = best;
      d.reason = Reason::ConditionalEntry;
      d.entry = *best_id;
      found = true;
    }
  }
  // 4. ID(*) applies to every defined user but a RESTRICTED one.
  if (!found && p.has_id_star && acee.defined && !acee.restricted) {
    d.granted = p.id_star;
    d.reason = Reason::IdStar;
    d.entry = "*";
    found = true;
  }
  // 5. UACC applies to everyone else, undefined users included, RESTRICTED users excepted.
  if (!found) {
    if (acee.restricted) {
      d.granted = Access::None;
      d.reason = Reason::Restricted;
    } else {
      d.granted = p.uacc;
      d.reason = Reason::Uacc;
    }
  }

  if (d.granted >= requested) {
    d.rc = kRcAllowed;
    d.log = p.audit.success && requested >= *p.audit.success;
  } else if (p.warning) {
    // WARNING mode: RACF grants, returns reason 4, and always logs (event 2 qualifier 3).
    d.rc = kRcAllowed;
    d.reason_code = 4;
    d.reason = Reason::Warning;
    d.log = true;
  } else {
    d.rc = kRcDenied;
    d.log = p.audit.failures && requested >= *p.audit.failures;
  }
  return d;
}

}  // namespace zgate::saf

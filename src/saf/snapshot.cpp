#include "saf/snapshot.h"

#include <algorithm>
#include <functional>

namespace zgate::saf {

std::size_t StringHash::operator()(std::string_view s) const noexcept {
  return static_cast<std::size_t>(name_hash(s));
}

std::uint64_t name_hash(std::string_view s) noexcept {
  std::uint64_t x;
  if (s.size() <= 8) {
    x = pack_name(s);
  } else {
    x = 0xCBF29CE484222325ull;  // FNV-1a
    for (char c : s) x = (x ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
  }
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::string unpack_name(std::uint64_t v) {
  std::string s;
  for (int i = 7; i >= 0; --i) {
    char c = static_cast<char>(v >> (8 * i));
    if (c == 0) break;
    s.push_back(c);
  }
  return s;
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
      if (std::uint64_t k = pack_name(e.id)) c->acl.emplace_back(k, e.access);
    }
  }
  std::sort(c->acl.begin(), c->acl.end());
  c->conditional = p.conditional_acl;
  c->stdata = p.stdata;
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

  for (auto& b : buckets_)
    std::stable_sort(b->profiles.begin(), b->profiles.end(), [](const CompiledProfile* a, const CompiledProfile* b) {
      return more_specific(a->name, b->name);
    });
}

void ClassIndex::add(const Profile& p, const std::string& name) {
  bool generic = name.find_first_of("%*") != std::string::npos;
  if (!generic) {
    if (discrete_.find(name)) return;
    profiles_.push_back(compile(p, name));
    discrete_.insert(profiles_.back()->name, profiles_.back().get());
    return;
  }
  std::size_t n = literal_prefix_length(name);
  if (n < 64) prefix_lengths_ |= std::uint64_t{1} << n;
  Bucket* bucket = generic_by_prefix_.find(std::string_view(name).substr(0, n));
  if (!bucket) {
    buckets_.push_back(std::make_unique<Bucket>());
    buckets_.back()->prefix = name.substr(0, n);
    bucket = generic_by_prefix_.insert(buckets_.back()->prefix, buckets_.back().get());
  }
  for (const auto* existing : bucket->profiles)
    if (existing->name == name) return;
  profiles_.push_back(compile(p, name));
  bucket->profiles.push_back(profiles_.back().get());
  longest_prefix_ = std::max(longest_prefix_, n);
}

const CompiledProfile* ClassIndex::find(std::string_view resource, bool generics) const {
  if (const CompiledProfile* p = discrete_.find(resource)) return p;
  if (!generics || generic_by_prefix_.empty()) return nullptr;
  // Longest literal prefix first: see the header for why the first match is the most specific.
  std::size_t len = std::min(resource.size(), longest_prefix_);
  for (std::size_t n = len + 1; n-- > 0;) {
    if (n < 64 && !(prefix_lengths_ & (std::uint64_t{1} << n))) continue;
    const Bucket* b = generic_by_prefix_.find(resource.substr(0, n));
    if (!b) continue;
    for (const auto* p : b->profiles)
      if (generic_match(p->name, resource)) return p;
  }
  return nullptr;
}

// ---- the decision -----------------------------------------------------------------------

Snapshot::Snapshot(Options options,
                   std::unordered_map<std::string, std::shared_ptr<const ClassIndex>, StringHash,
                                      std::equal_to<>> classes,
                   std::uint64_t generation)
    : options_(std::move(options)), terminal_active_(options_.classact.contains("TERMINAL")), generation_(generation) {
  // In class-table order, so the IMS classes checked on every message (TIMS, CIMS) come first
  // in the scan.
  for (const auto& d : class_table()) {
    auto it = classes.find(d.name);
    if (it == classes.end()) continue;
    ClassState st;
    st.name = pack_name(d.name);
    st.index = std::move(it->second);
    st.active = options_.classact.contains(d.name);
    st.generic = options_.generic.contains(d.name);
    classes_.push_back(std::move(st));
  }
}

const Snapshot::ClassState* Snapshot::state(std::string_view cls) const {
  std::uint64_t key = pack_name(cls);
  for (const auto& st : classes_)
    if (st.name == key && key != 0) return &st;
  return nullptr;
}

const ClassIndex* Snapshot::class_index(std::string_view cls) const {
  const ClassState* st = state(cls);
  return st ? st->index.get() : nullptr;
}

Decision Snapshot::check(const Acee& acee, std::string_view cls, std::string_view resource,
                         Access requested, const AuthContext& ctx) const {
  Decision d;
  const ClassState* found = state(cls);
  if (!found) {
    d.reason = find_class(cls) ? Reason::ClassInactive : Reason::ClassNotDefined;
    return d;
  }
  const ClassState& st = *found;
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

const Access* lookup(const std::vector<std::pair<std::uint64_t, Access>>& acl, std::uint64_t id) {
  auto it = std::lower_bound(acl.begin(), acl.end(), id,
                             [](const auto& e, std::uint64_t k) { return e.first < k; });
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
    return terminal_active_ && !ctx.terminal.empty() &&
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
    if (const Access* a = lookup(p.acl, pack_name(acee.user))) {
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
      if (const Access* a = lookup(p.acl, pack_name(g))) {
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
    d.entry.assign(1, '*');  // (not = "*": GCC 12 warns -Wrestrict falsely on that)
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

#pragma once
// The RACLIST snapshot: an immutable, indexed copy of the profiles and options that the
// decision reads. SETROPTS RACLIST(class) REFRESH builds a new one and swaps it in atomically;
// readers hold a shared_ptr and never lock. The decision is a pure function of
// (snapshot, ACEE, class, resource, access, context).
//
// Profile lookup: a hash lookup for the discrete profile, then generic profiles indexed by
// their literal prefix (the characters before the first % or *). Walking the resource name's
// prefixes from the longest down, the first bucket with a match holds the most specific
// generic: a longer literal prefix always wins at the first position where two matching names
// differ (literal beats %, % beats *, * beats **), and each bucket is sorted by that same
// order. So the cost grows with the resource name's length, not with the number of profiles.
#include <bit>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "saf/acee.h"
#include "saf/class_table.h"
#include "saf/decision.h"
#include "saf/model.h"
#include "saf/name_table.h"

namespace zgate::saf {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept;
};

// RACF user IDs, group names and class names are at most 8 characters, so each fits in one
// 64-bit word; access lists and the class table compare words instead of strings. The bytes
// are left-aligned and zero-padded, which is unambiguous because no valid name contains a NUL.
// An empty name, one longer than 8, or one containing a NUL packs to 0, which no valid name
// packs to: it matches nothing.
inline std::uint64_t pack_name(std::string_view s) {
  if (s.empty() || s.size() > 8) return 0;
  // One 8-byte copy over a word of 0xFF (so the padding holds no zero byte), the classic
  // has-a-zero-byte test to refuse names with a NUL, then the padding cleared.
  std::uint64_t w = ~std::uint64_t{0};
  std::memcpy(&w, s.data(), s.size());
  if constexpr (std::endian::native == std::endian::little) w = __builtin_bswap64(w);
  if (((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) != 0) return 0;
  return s.size() == 8 ? w : w & ~(~std::uint64_t{0} >> (8 * s.size()));
}
std::string unpack_name(std::uint64_t packed);

// A profile compiled for checking: access lists sorted by id for binary search.
struct CompiledProfile {
  std::string name;          // the name it matches: the profile's, or a grouping profile's member
  std::string profile_class;  // where the deciding profile lives (GIMS for a member of PAYGRP)
  std::string profile_name;
  bool generic = false;
  Access uacc = Access::None;
  bool warning = false;
  AuditSpec audit;
  std::vector<std::pair<std::uint64_t, Access>> acl;  // packed ids, sorted, without "*"
  bool has_id_star = false;
  Access id_star = Access::None;
  std::vector<ConditionalEntry> conditional;
  std::optional<StData> stdata;  // class STARTED: the identity it assigns (started_task.cpp)
};

// Generic name matching for general resource classes (reference §1.5): % is one character,
// * ending a qualifier is zero or more characters within it, * as a whole middle qualifier is
// one qualifier, * ending the name (ABC*, ABC.*) runs to the end of the resource name, ** is
// zero or more qualifiers.
bool generic_match(std::string_view pattern, std::string_view resource);
// RACF's order between two generic names matching the same resource: true when a is the more
// specific (at the first differing character: literal > % > * > **; longer > shorter).
bool more_specific(std::string_view a, std::string_view b);

class ClassIndex {
 public:
  // Builds the index of `cls` from its profiles and, for a member class, the ADDMEM members of
  // its grouping class's profiles (a member class profile wins over a grouping profile; among
  // grouping profiles naming the same member, the first in name order is used).
  ClassIndex(const ClassDescriptor& cdt, const Database& db);

  const ClassDescriptor& descriptor() const { return cdt_; }
  // The profile that protects `resource`: the discrete one, else the most specific generic
  // when `generics` is on. nullptr when none.
  const CompiledProfile* find(std::string_view resource, bool generics) const;
  std::size_t size() const { return profiles_.size(); }

 private:
  void add(const Profile& p, const std::string& name_override);

  // Generic profiles sharing one literal prefix, most specific first.
  struct Bucket {
    std::string prefix;
    std::vector<const CompiledProfile*> profiles;
  };

  ClassDescriptor cdt_;
  std::vector<std::unique_ptr<CompiledProfile>> profiles_;  // owns every compiled profile
  std::vector<std::unique_ptr<Bucket>> buckets_;            // owns the generic buckets
  NameTable<const CompiledProfile> discrete_;
  NameTable<Bucket> generic_by_prefix_;
  std::size_t longest_prefix_ = 0;
  std::uint64_t prefix_lengths_ = 0;  // bit n set: some generic has a literal prefix of n (n < 64)
};

class Snapshot {
 public:
  Snapshot(Options options,
           std::unordered_map<std::string, std::shared_ptr<const ClassIndex>, StringHash,
                              std::equal_to<>> classes,
           std::uint64_t generation);

  // RACROUTE REQUEST=FASTAUTH against this snapshot. Pure: no I/O, no locks, no audit (the
  // caller audits when Decision::log says so).
  Decision check(const Acee& acee, std::string_view cls, std::string_view resource,
                 Access requested, const AuthContext& ctx = {}) const;

  const Options& options() const { return options_; }
  const ClassIndex* class_index(std::string_view cls) const;
  std::uint64_t generation() const { return generation_; }

 private:
  Decision evaluate(const CompiledProfile& p, const Acee& acee, Access requested,
                    const AuthContext& ctx) const;
  bool condition_holds(const ConditionalEntry& e, const AuthContext& ctx) const;

  // Per class: its index and the SETROPTS switches that govern it, resolved once per
  // snapshot so a check does one hash lookup for the class.
  struct ClassState {
    std::uint64_t name = 0;  // packed class name
    std::shared_ptr<const ClassIndex> index;
    bool active = false;
    bool generic = false;
  };
  const ClassState* state(std::string_view cls) const;
  Options options_;
  bool terminal_active_ = false;  // WHEN(TERMINAL(...)) entries count only while it is
  std::vector<ClassState> classes_;  // a couple of dozen: a flat scan beats hashing the name
  std::uint64_t generation_;
};

using SnapshotRef = std::shared_ptr<const Snapshot>;

}  // namespace zgate::saf

#pragma once
// The in-storage copy of a RACLISTed class as SETROPTS RACLIST(class) or RACLIST(class) REFRESH
// took it: the profiles of the member class and of its grouping class, by class then name. The
// store keeps one per RACLISTed class (schema version 6), so that every process opening the
// database checks the class against the same copy, whatever was changed since without a REFRESH.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "saf/model.h"

namespace zgate::saf::store {

using ProfileSet = std::map<std::string, std::map<std::string, Profile>>;

struct RaclistImage {
  std::int64_t generation = 0;  // the class's REFRESH counter when the copy was taken
  ProfileSet profiles;

  bool operator==(const RaclistImage&) const = default;
};

// A self-describing byte string (a format byte, then length-prefixed big-endian fields) and
// back. decode throws std::runtime_error on bytes it did not write: a corrupt row is refused,
// never half read.
std::string encode_profiles(const ProfileSet& profiles);
ProfileSet decode_profiles(std::string_view bytes);

}  // namespace zgate::saf::store

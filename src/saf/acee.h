#pragma once
// The ACEE (accessor environment element): who a verified user is, frozen at VERIFY time.
// Immutable and shared by reference (AceeRef), so the OTMA userid cache, a region running
// under FULL and the decision path can hold the same one without copying or locking. A change
// to the user (REMOVE, REVOKE) does not alter an ACEE already built, as in RACF: holders
// refresh it (OTMA's ACEEAGE, /SECURE OTMA REFRESH) and can compare user_version.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace zgate::saf {

struct Acee {
  std::string user;    // ACEEUSRI
  std::string group;   // ACEEGRPN: the current connect group
  std::vector<std::string> groups;  // every connect group, sorted (used with SETROPTS GRPLIST)
  std::string name;
  std::string appl;      // ACEEAPLN: application the user signed on to
  std::string terminal;  // port of entry
  bool special = false;
  bool operations = false;
  bool auditor = false;
  bool restricted = false;
  bool defined = true;   // false: an undefined user (only UACC can apply)
  std::int64_t created = 0;        // when VERIFY built it
  std::uint64_t user_version = 0;  // the user's change counter when it was built

  bool in_group(const std::string& g) const;
};

using AceeRef = std::shared_ptr<const Acee>;

}  // namespace zgate::saf

#pragma once
// The class descriptor table (RACF's CDT, ICHRRCDE): which general resource classes exist,
// how long their names may be, and how member and grouping classes pair up (TIMS with GIMS:
// a GIMS profile's ADDMEM names protect TIMS resources).
#include <string>
#include <string_view>
#include <vector>

#include "saf/access.h"

namespace zgate::saf {

struct ClassDescriptor {
  std::string name;
  std::string grouping;  // for a member class: its grouping class (TIMS -> GIMS)
  std::string member;    // for a grouping class: its member class (GIMS -> TIMS)
  int max_length = 8;
  int default_rc = 4;    // DFTRC: RACF return code when no profile protects a resource
  bool generic_allowed = true;
  std::string description;

  bool is_grouping() const { return !member.empty(); }
};

// The built-in table: the IMS classes (TIMS/GIMS, CIMS/DIMS, AIMS, IIMS/JIMS, RIMS, LIMS/MIMS,
// PIMS/QIMS, SIMS/UIMS, FIMS/HIMS, OIMS/WIMS), FACILITY, PTKTDATA, APPL, PROGRAM, TERMINAL,
// SERVAUTH and STARTED (started tasks: STDATA).
const std::vector<ClassDescriptor>& class_table();
const ClassDescriptor* find_class(std::string_view name);
// The class whose profiles decide access for `cls`: the member class of a grouping class.
std::string member_class_of(std::string_view cls);

}  // namespace zgate::saf

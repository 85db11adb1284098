#include "saf/class_table.h"

namespace zgate::saf {

const std::vector<ClassDescriptor>& class_table() {
  // IMS class letters per IMS's RCLASS convention; the pairs beyond TIMS/GIMS, CIMS/DIMS and
  // IIMS/JIMS follow the common installation layout (reference racf-semantics.md §1.6).
  static const std::vector<ClassDescriptor> table = {
      {"TIMS", "GIMS", "", 8, 4, true, "IMS transactions"},
      {"GIMS", "", "TIMS", 8, 4, true, "IMS transaction groups"},
      {"CIMS", "DIMS", "", 8, 4, true, "IMS commands"},
      {"DIMS", "", "CIMS", 8, 4, true, "IMS command groups"},
      {"AIMS", "", "", 8, 4, true, "IMS application group names (APSB)"},
      {"IIMS", "JIMS", "", 8, 4, true, "IMS PSBs"},
      {"JIMS", "", "IIMS", 8, 4, true, "IMS PSB groups"},
      {"RIMS", "", "", 8, 4, true, "OTMA RESUME TPIPE hold queues"},
      {"LIMS", "MIMS", "", 8, 4, true, "IMS LTERMs"},
      {"MIMS", "", "LIMS", 8, 4, true, "IMS LTERM groups"},
      {"PIMS", "QIMS", "", 8, 4, true, "IMS databases"},
      {"QIMS", "", "PIMS", 8, 4, true, "IMS database groups"},
      {"SIMS", "UIMS", "", 8, 4, true, "IMS segments"},
      {"UIMS", "", "SIMS", 8, 4, true, "IMS segment groups"},
      {"FIMS", "HIMS", "", 8, 4, true, "IMS fields"},
      {"HIMS", "", "FIMS", 8, 4, true, "IMS field groups"},
      {"OIMS", "WIMS", "", 8, 4, true, "IMS other resources"},
      {"WIMS", "", "OIMS", 8, 4, true, "IMS other resource groups"},
      {"FACILITY", "", "", 246, 4, true, "miscellaneous facilities (IMSXCF.group.member, ...)"},
      {"PTKTDATA", "", "", 246, 4, false, "PassTicket keys"},
      {"APPL", "", "", 8, 4, true, "applications"},
      {"PROGRAM", "", "", 8, 4, true, "controlled programs"},
      {"TERMINAL", "", "", 8, 4, true, "terminals and ports of entry"},
      {"SERVAUTH", "", "", 246, 4, true, "server authorizations"},
      {"STARTED", "", "", 246, 4, true, "started tasks (STDATA: their user and group)"},
  };
  return table;
}

const ClassDescriptor* find_class(std::string_view name) {
  for (const auto& d : class_table())
    if (d.name == name) return &d;
  return nullptr;
}

std::string member_class_of(std::string_view cls) {
  const auto* d = find_class(cls);
  if (d && d->is_grouping()) return d->member;
  return std::string(cls);
}

}  // namespace zgate::saf

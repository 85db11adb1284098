#include "tm/stage1_catalog.h"

#include <set>

#include "core/member_error.h"

namespace zgate::tm {

std::vector<std::string> check_stage1(const TransactionTable& table, const db::Catalog& catalog) {
  const std::vector<DatabaseDef> dbs = table.databases();
  std::set<std::string, std::less<>> defined;
  for (const auto& d : dbs) {
    if (!catalog.dbd(d.dbd))
      throw core::MemberError(d.member, d.line, "DBD", "database " + d.dbd + " is not in DBDLIB");
    defined.insert(d.dbd);
  }
  for (const auto& d : dbs) {
    const db::Dbd& dbd = *catalog.dbd(d.dbd);
    if (dbd.access == db::Access::Hidam && !dbd.index_dbd.empty() && !defined.count(dbd.index_dbd))
      throw core::MemberError(d.member, d.line, "DBD",
                              "HIDAM database " + d.dbd + " needs a DATABASE for its primary index " + dbd.index_dbd);
  }
  // One APPLCTN may carry several TRANSACTs: check each PSB once, at its first transaction.
  std::set<std::string, std::less<>> checked;
  std::vector<std::string> message_only;
  for (const auto& t : table.all()) {
    if (!checked.insert(t.psb).second) continue;
    const db::Psb* psb = catalog.psb(t.psb);
    if (!psb) {
      message_only.push_back(t.psb);
      continue;
    }
    for (const auto& pcb : psb->pcbs)
      if (pcb.type == db::PcbDef::Type::Db && !defined.count(pcb.dbdname))
        throw core::MemberError(t.member, t.line, "PSB",
                                "PSB " + t.psb + " (" + psb->member + " line " + std::to_string(pcb.line) +
                                    ") has a DB PCB on " + pcb.dbdname +
                                    ", which stage-1 does not define with a DATABASE macro");
  }
  std::vector<std::string> warnings;
  if (!message_only.empty()) {
    std::string names;
    for (const auto& n : message_only) names += (names.empty() ? "" : ",") + n;
    warnings.push_back("APPLCTN PSB=" + names + (message_only.size() == 1 ? " is" : " are") +
                       " not in PSBLIB: message-only, scheduled with the I/O PCB alone (IMS would need " +
                       (message_only.size() == 1 ? "it" : "each") + " in ACBLIB)");
  }
  return warnings;
}

void define_databases(const TransactionTable& table, db::DatabaseStates& states) {
  for (const auto& d : table.databases()) states.define(d.dbd, d.access);
}

}  // namespace zgate::tm

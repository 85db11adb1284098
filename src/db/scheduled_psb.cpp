#include "db/scheduled_psb.h"

namespace zgate::db {

ScheduledPsb::ScheduledPsb(const Psb& psb, const DbdMap& dbds, DatabaseStore& store, ProgramIsolation& pi)
    : psb_(&psb), uow_(store, pi) {
  for (const auto& pcb : psb.pcbs) {
    if (pcb.type != PcbDef::Type::Db) continue;
    auto d = dbds.find(pcb.dbdname);
    if (d == dbds.end()) throw std::logic_error("zgate: PSB " + psb.name + " names DBD " + pcb.dbdname + ", not in the catalog");
    pcbs_.push_back(std::make_unique<DbPcb>(pcb, d->second));
  }
}

int ScheduledPsb::find(std::string_view pcbname) const {
  for (std::size_t i = 0; i < pcbs_.size(); ++i)
    if (!pcbname.empty() && pcbs_[i]->def().pcbname == pcbname) return static_cast<int>(i);
  return -1;
}

DbCallResult ScheduledPsb::call(std::size_t pcb, const DbCall& c,
                                std::optional<std::chrono::steady_clock::time_point> wait) {
  return pcbs_.at(pcb)->call(uow_, c, wait);
}

// The sync point and a backout end the unit of work alike: the changes are either in the
// store now or to be forgotten, the locks go, and IMS loses the database positions.
void ScheduledPsb::end_unit() {
  uow_.end();
  for (auto& p : pcbs_) p->reset_position();
}

}  // namespace zgate::db

#pragma once
// A PSB scheduled for one program run: its database PCBs, in PSB order, and the unit of work
// their changes make until the sync point. The transaction manager makes one when it gives a
// message to a region whose PSB has DB PCBs, passes the program's database calls to it, and at
// the end either commits its changes with the message's sync point or backs them out.
#include <memory>
#include <vector>

#include "db/catalog_view.h"
#include "db/db_pcb.h"
#include "db/unit_of_work.h"

namespace zgate::db {

class ScheduledPsb {
 public:
  // `dbds` holds every DBD the PSB names (check_psb made sure).
  ScheduledPsb(const Psb& psb, const DbdMap& dbds, DatabaseStore& store, ProgramIsolation& pi);

  const Psb& psb() const { return *psb_; }
  std::size_t db_pcbs() const { return pcbs_.size(); }
  DbPcb& pcb(std::size_t i) { return *pcbs_[i]; }
  // The DB PCB with PCBNAME= `name` (the AIB interface), or -1.
  int find(std::string_view pcbname) const;

  DbCallResult call(std::size_t pcb, const DbCall& c,
                    std::optional<std::chrono::steady_clock::time_point> wait);

  UnitOfWork& work() { return uow_; }
  // What the sync point writes.
  std::vector<Change> changes() const { return uow_.changes(); }
  // The sync point committed the changes (or there were none): a fresh unit of work begins.
  void committed() { end_unit(); }
  // ROLB, ROLL, an abend, a deadlock: the changes are forgotten, the locks freed.
  void back_out() { end_unit(); }

 private:
  void end_unit();
  const Psb* psb_;
  UnitOfWork uow_;
  std::vector<std::unique_ptr<DbPcb>> pcbs_;
};

}  // namespace zgate::db

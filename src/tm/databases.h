#pragma once
// The IMS databases the transaction manager's programs reach: the DBDs and PSBs (DBDLIB and
// PSBLIB), the store holding the databases, and program isolation between the regions. A
// message whose PSB has database PCBs gets a db::ScheduledPsb when it is scheduled; its
// database changes commit with the message's sync point, in the queue store's transaction when
// the databases live in the queue store's file (the default: see db/sqlite_store.h), and are
// backed out when the program abends.
#include <functional>
#include <map>
#include <string>

#include "db/catalog_view.h"
#include "db/program_isolation.h"
#include "db/psb.h"
#include "db/store.h"

namespace zgate::tm {

struct Databases {
  const db::DbdMap& dbds;
  const std::map<std::string, db::Psb, std::less<>>& psbs;
  db::DatabaseStore& store;
  // True when `store` is a db::SqliteStore on the queue store's file: the sync point writes
  // the changes inside the queue store's transaction (one commit for both). False (no queue
  // store, or another file): the database changes commit just before the queue's.
  bool in_queue_store_file = false;
  db::ProgramIsolation isolation;

  const db::Psb* psb(const std::string& name) const {
    auto it = psbs.find(name);
    return it == psbs.end() ? nullptr : &it->second;
  }
};

}  // namespace zgate::tm

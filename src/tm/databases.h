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

#include "db/catalog.h"
#include "db/database_states.h"
#include "db/program_isolation.h"
#include "db/store.h"

namespace zgate::tm {

struct Databases {
  const db::Catalog& catalog;  // DBDLIB and PSBLIB
  db::DatabaseStore& store;
  // True when `store` is a db::SqliteStore on the queue store's file: the sync point writes
  // the changes inside the queue store's transaction (one commit for both). False (no queue
  // store, or another file): the database changes commit just before the queue's.
  bool in_queue_store_file = false;
  db::ProgramIsolation isolation;
  // /STO, /STA, /DBR DB and stage-1 ACCESS= (the transaction manager's; null: all started).
  db::DatabaseStates* states = nullptr;

  const db::Psb* psb(const std::string& name) const { return catalog.psb(name); }
};

}  // namespace zgate::tm

#include "common.h"

#include "saf/bootstrap.h"

namespace zgate::app {

std::string audit_path_for(const std::string& db) {
  if (db == ":memory:") return "";
  return db + "-audit.jsonl";
}

Opened open_database(const std::string& db) {
  Opened o;
  std::string audit = audit_path_for(db);
  if (audit.empty())
    o.sink = std::make_unique<audit::NullSink>();
  else
    o.sink = std::make_unique<audit::JsonLinesSink>(audit);
  o.sm = std::make_unique<saf::SecurityManager>(saf::store::open_sqlite(db), *o.sink);
  o.created = saf::bootstrap_if_empty(*o.sm);
  return o;
}

}  // namespace zgate::app

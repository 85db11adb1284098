#include "common.h"

#include "audit/rate_limited_sink.h"
#include "saf/bootstrap.h"

namespace zgate::app {

std::string audit_path_for(const std::string& db, const std::string& audit) {
  if (!audit.empty()) return audit;
  if (db == ":memory:") return "";
  return db + "-audit.jsonl";
}

Opened open_database(const std::string& db, const std::string& audit_option, Auditing how) {
  Opened o;
  std::string audit = audit_path_for(db, audit_option);
  if (audit.empty()) {
    o.limited = std::make_unique<audit::NullSink>();
  } else {
    o.file = std::make_unique<audit::JsonLinesSink>(audit);
    o.limited = std::make_unique<audit::RateLimitedSink>(*o.file);
  }
  o.sink = o.limited.get();
  if (how == Auditing::Bus) {
    static core::SystemClock clock;
    o.bus = std::make_unique<audit::Bus>(clock);
    o.bus->add_sink(*o.limited);
    o.sink = o.bus.get();
  }
  o.sm = std::make_unique<saf::SecurityManager>(saf::store::open_sqlite(db), *o.sink);
  o.created = saf::bootstrap_if_empty(*o.sm);
  return o;
}

}  // namespace zgate::app

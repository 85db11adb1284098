#include "common.h"

#include <cstdio>
#include <filesystem>

#include "audit/rate_limited_sink.h"
#include "saf/bootstrap.h"

namespace zgate::app {

std::string audit_path_for(const std::string& db, const std::string& audit) {
  if (!audit.empty()) return audit;
  if (db == ":memory:") return "";
  return db + "-audit.jsonl";
}

void Opened::Forward::write(const audit::Event& e) {
  std::lock_guard lk(mu);
  if (to) {
    to->write(e);
  } else {
    std::fprintf(stderr, "zgate: audit: %s %s after the audit bus ended: %s\n", e.component.c_str(),
                 e.component_code.c_str(), e.detail.c_str());
  }
}

void add_receivers(Opened& o, const audit::AuditSettings& s) {
  if (s.syslog.empty() || !o.bus) return;
  audit::AuditSettings receivers = s;
  receivers.trail.clear();
  if (!o.forward) {
    o.forward = std::make_shared<Opened::Forward>();
    o.forward->to = o.bus.get();
  }
  o.receivers = audit::build_sinks(receivers, [f = o.forward](const audit::Event& e) { f->write(e); });
  for (auto& r : o.receivers) o.bus->add_sink(*r);
}

Opened open_database(const std::string& db, const std::string& audit_option, Auditing how,
                     const audit::JsonLinesOptions& trail) {
  Opened o;
  std::string audit = audit_path_for(db, audit_option);
  if (audit.empty()) {
    o.limited = std::make_unique<audit::NullSink>();
  } else {
    o.file = std::make_unique<audit::JsonLinesSink>(audit, trail);
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

std::string default_programs_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "programs";
  return (exe.parent_path().parent_path().parent_path() / "programs").string();
}

}  // namespace zgate::app

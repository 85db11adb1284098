#pragma once
// Events as zgate's components write them, and an engine over rules given as text or loaded
// from the repository's rules/ folder.
#include <string>
#include <string_view>
#include <vector>

#include "audit/event.h"
#include "audit/sink.h"
#include "watch/alert_engine.h"

namespace zgate::watch::testing {

inline constexpr std::int64_t kT0 = 1790000000;

inline audit::Event signon(std::string user, std::uint8_t qualifier, std::string ip = "10.1.1.1",
                           std::int64_t t = kT0) {
  audit::Event e;
  e.time = t;
  e.code = audit::EventCode::JobInit;
  e.qualifier = qualifier;
  e.violation = qualifier != audit::verify_q::kSuccess;
  e.user = std::move(user);
  e.component = "IMSCONN";
  e.source_ip = std::move(ip);
  return e;
}

inline audit::Event access_violation(std::string user, std::string ip, std::int64_t t = kT0,
                                     std::string cls = "TIMS", std::string resource = "PAYTXN") {
  audit::Event e;
  e.time = t;
  e.code = audit::EventCode::Access;
  e.qualifier = audit::access_q::kInsufficientAuthority;
  e.violation = true;
  e.user = std::move(user);
  e.source_ip = std::move(ip);
  e.resource_class = std::move(cls);
  e.resource = std::move(resource);
  e.component = "OTMA";
  return e;
}

inline audit::Event command(audit::EventCode code, std::string text, bool refused = false,
                            std::string user = "IBMUSER") {
  audit::Event e;
  e.time = kT0;
  e.code = code;
  e.qualifier = refused ? audit::command_q::kInsufficientAuthority : audit::command_q::kSuccess;
  e.violation = refused;
  e.user = std::move(user);
  e.component = "RACF";
  e.detail = std::move(text);
  return e;
}

// Loads rules and keeps what they raise.
struct Engine {
  audit::MemorySink alerts;
  AlertEngine engine;
  explicit Engine(AlertEngine::Options opt = {}) : engine(alerts, std::move(opt)) {}

  void load(std::string_view yaml) { engine.load_text(yaml, "test.yml"); }
  void load_shipped() { engine.load_directory(ZGATE_SOURCE_DIR "/rules"); }

  // The ids (resource) of the alerts raised since the last call.
  std::vector<std::string> feed(const audit::Event& e) {
    alerts.clear();
    engine.on_event(e);
    std::vector<std::string> ids;
    for (const auto& a : alerts.events()) ids.push_back(a.resource);
    return ids;
  }
  std::vector<audit::Event> raised() const { return alerts.events(); }
};

}  // namespace zgate::watch::testing

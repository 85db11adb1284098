// libFuzzer target for the Sigma alert rules (src/watch): the input is a rule file's text, then
// a NUL byte, then NUL-separated values for the fields of one event. The text goes through
// the YAML reader, the rule and correlation parsers and the engine's loader; when it loads,
// the event (under several times and users) and a fixed set of typical events go through
// every rule and correlation.
// Invariants: nothing crashes, hangs or leaks; loading either succeeds or throws
// watch::SigmaError (any other exception escapes and libFuzzer reports it); an alert raised is
// a WATCH/ALERT event with a severity of 1-10 naming a loaded rule.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "audit/event.h"
#include "audit/sink.h"
#include "watch/alert_engine.h"
#include "watch/sigma_file.h"

namespace {

using namespace zgate;

std::vector<std::string> split_nul(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size() && out.size() < 12) {
    std::size_t end = s.find('\0', start);
    if (end == std::string_view::npos) end = s.size();
    out.emplace_back(s.substr(start, std::min<std::size_t>(end - start, 256)));
    start = end + 1;
  }
  return out;
}

audit::Event typical(audit::EventCode code, std::uint8_t q, const char* user, const char* ip, const char* detail) {
  audit::Event e;
  e.time = 1790000000;
  e.code = code;
  e.qualifier = q;
  e.violation = q != 0;
  e.user = user;
  e.source_ip = ip;
  e.detail = detail;
  e.component = "RACF";
  return e;
}

void check_alerts(const audit::MemorySink& sink) {
  for (const auto& a : sink.events()) {
    if (a.component != "WATCH" || a.component_code != "ALERT" || a.code != audit::EventCode::None) std::abort();
    if (a.severity < 1 || a.severity > 10) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t nul = in.find('\0');
  std::string_view text = in.substr(0, nul);
  std::vector<std::string> values = nul == std::string_view::npos ? std::vector<std::string>{} : split_nul(in.substr(nul + 1));
  values.resize(12);

  // The parser alone: a SigmaError or a result, nothing else.
  try {
    (void)watch::parse_sigma(text, "fuzz.yml");
  } catch (const watch::SigmaError&) {
  }

  audit::MemorySink sink;
  watch::AlertEngine::Options opt;
  opt.limits.max_groups = 4;  // eviction on every run
  opt.limits.max_entries = 8;
  watch::AlertEngine engine(sink, opt);
  try {
    engine.load_text(text, "fuzz.yml");
  } catch (const watch::SigmaError&) {
    return 0;
  }

  audit::Event e;
  e.code = static_cast<audit::EventCode>(values[0].empty() ? 1 : static_cast<unsigned char>(values[0][0]) % 68);
  e.qualifier = values[1].empty() ? 0 : static_cast<std::uint8_t>(values[1][0]);
  e.violation = e.qualifier & 1;
  e.user = values[2];
  e.source_ip = values[3];
  e.detail = values[4];
  e.component = values[5];
  e.component_code = values[6];
  e.resource_class = values[7];
  e.resource = values[8];
  e.cert_subject = values[9];
  e.datastore = values[10];
  e.correlation = values[11];
  for (int i = 0; i < 6; ++i) {
    e.time = 1790000000 + i * 7;
    if (i % 2) e.user = "U" + std::to_string(i);
    engine.on_event(e);
  }
  const audit::Event fixed[] = {
      typical(audit::EventCode::JobInit, 0, "IBMUSER", "10.1.1.1", ""),
      typical(audit::EventCode::JobInit, 1, "JOE", "10.1.1.1", "PASSTICKET ALREADY USED (REPLAY)"),
      typical(audit::EventCode::JobInit, 6, "GONE", "::ffff:10.1.1.1", ""),
      typical(audit::EventCode::Access, 1, "JOE", "fd00::1", ""),
      typical(audit::EventCode::AltUser, 0, "IBMUSER", "", "ALTUSER JOEADMIN SPECIAL"),
      typical(audit::EventCode::Permit, 0, "IBMUSER", "", "PERMIT PAYTXN CLASS(TIMS) ID(*) ACCESS(READ)"),
  };
  for (const auto& f : fixed) engine.on_event(f);
  // The alerts themselves, as the bus would hand them back.
  for (const auto& a : sink.events()) engine.on_event(a);
  check_alerts(sink);
  return 0;
}

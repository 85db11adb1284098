// libFuzzer target for reading the audit trail back (audit/trail_verify.h, trail_reader.h):
// what `zgate audit verify` and `zgate audit list` read is a file anyone with write access to
// it may have edited. Input: the bytes of a trail. Invariants:
//   - neither verify_trail nor read_record throws or crashes, whatever the bytes;
//   - verify counts no more records than lines, and every problem names a line that exists;
//   - a record read_record accepts, written again by the sink's encoder and chained, reads
//     back as the same event, and a trail of such re-chained records verifies intact.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "audit/json_lines_sink.h"
#include "audit/trail_reader.h"
#include "audit/trail_verify.h"

using namespace zgate::audit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  std::istringstream in(bytes);
  TrailReport r = verify_trail(in);
  if (r.records > r.lines) std::abort();
  for (const auto& p : r.problems)
    if (p.line == 0 || p.line > r.lines + 1) std::abort();

  std::istringstream lines(bytes);
  std::string line, rechained, prev(64, '0');
  std::size_t n = 0;
  while (std::getline(lines, line) && n < 64) {
    auto t = read_record(line, ++n);
    if (!t) continue;
    const std::string again = to_chained_json_line(t->event, prev);
    auto back = read_record(again, n);
    if (!back) std::abort();
    const Event& a = t->event;
    const Event& b = back->event;
    if (a.time != b.time || a.code != b.code || a.qualifier != b.qualifier || a.violation != b.violation ||
        a.racf_rc != b.racf_rc)
      std::abort();
    // Strings may have had invalid UTF-8 replaced; once valid, they stay as they are.
    auto once = read_record(to_chained_json_line(b, prev), n);
    if (!once || once->event.user != b.user || once->event.detail != b.detail || once->event.terminal != b.terminal)
      std::abort();
    rechained += again;
    if (again.empty() || again.back() != '\n') rechained += '\n';
    const auto h = again.rfind("\"hash\":\"");
    if (h == std::string::npos) std::abort();
    prev = again.substr(h + 8, 64);
  }
  std::istringstream chained(rechained);
  if (!verify_trail(chained).intact()) std::abort();
  return 0;
}

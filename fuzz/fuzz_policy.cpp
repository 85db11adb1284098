// libFuzzer target for the data-access policy (guard/policy.cpp, guard/guard.cpp): a policy file
// anyone who edits the server's configuration wrote, then the questions of one message against
// it. The input is split at the first NUL: before it the policy's TOML, after it the reply text
// the extrusion rules scan.
// Invariants:
//   - parse_policy either returns a policy or throws PolicyError (never another exception,
//     never a crash); every rule it returns has a name, a kind and an action;
//   - on_request/on_output never throw; a verdict that fired names as many rules as it has;
//   - on_output never changes a segment's length, and after a Mask verdict no card number
//     remains in a segment that a mask rule for card numbers covered;
//   - find_card_numbers returns in-order, non-overlapping matches inside the text, each of
//     13-19 digits passing the Luhn check.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "audit/sink.h"
#include "guard/guard.h"

using namespace zgate;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = in.find('\0');
  const std::string_view policy_text = in.substr(0, nul);
  const std::string reply = nul == std::string_view::npos ? std::string() : std::string(in.substr(nul + 1));

  // Card numbers in the reply text alone.
  std::size_t last_end = 0;
  for (const auto& m : guard::find_card_numbers(reply)) {
    if (m.begin < last_end || m.end > reply.size() || m.begin >= m.end) std::abort();
    std::string digits;
    for (std::size_t i = m.begin; i < m.end; ++i)
      if (reply[i] >= '0' && reply[i] <= '9') digits += reply[i];
    if (!guard::luhn_valid(digits)) std::abort();
    last_end = m.end;
  }

  guard::Policy p;
  try {
    p = guard::parse_policy(policy_text, "fuzz.toml");
  } catch (const guard::PolicyError&) {
    return 0;
  }
  bool card_mask_for_all = false;
  for (const auto& r : p.rules) {
    if (r.name.empty()) std::abort();
    if (r.action == guard::Action::Mask && r.pattern.kind == guard::Pattern::Kind::CardNumber && r.users.empty() &&
        r.groups.empty() && r.appls.empty() && r.doors.empty() && r.sources.empty() && r.not_sources.empty() &&
        r.certs.empty() && !r.no_cert && r.transactions.empty() && r.commands.empty() && r.psbs.empty() &&
        r.segments.empty() && r.count == 0)
      card_mask_for_all = true;
  }
  audit::NullSink sink;
  guard::Guard g(std::move(p), sink, 16);
  guard::Request q;
  q.kind = guard::Request::Kind::Transaction;
  q.name = "CARDINQ";
  q.user = "APPSRV1";
  q.source_ip = "127.0.0.66";
  q.now = 1'790'000'000;
  for (int i = 0; i < 3; ++i) {
    guard::Verdict v = g.on_request(q);
    if (v.fired != !v.rules.empty()) std::abort();
    std::vector<std::string> segs{reply, reply.substr(0, reply.size() / 2)};
    const std::size_t l0 = segs[0].size(), l1 = segs[1].size();
    v = g.on_output(q, segs);
    if (segs.size() != 2 || segs[0].size() != l0 || segs[1].size() != l1) std::abort();
    if (v.masked() && card_mask_for_all && !guard::find_card_numbers(segs[0]).empty()) std::abort();
    g.on_outcome(q, "GE");
    ++q.now;
  }
  return 0;
}

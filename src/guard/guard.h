#pragma once
// The data-access policy in force: the decision otma, tm and odbm ask, as they ask saf
// (ARCHITECTURE.md: guard sits beside saf). Each question names the request, its outcome or its
// output; the answer is the strongest action of the rules that fired, and each rule that fired
// is on the audit trail (component GUARD, POLICY_LOG / _ALERT / _MASK / _BLOCK) with the
// request's user, source and correlation ID.
//
// A request's "who" comes from the caller and, where it left fields empty, from the thread's
// audit::Context (the client's address, certificate, door and correlation ID that IMS Connect
// put there): otma and odbm need not know where their requests came from.
//
// Thread-safe. Counts live in memory per rule, user and source (at most `max_keys` of them:
// the least recently used goes first, so an attacker rotating source addresses cannot grow
// them without bound; a count so evicted starts again from zero).
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "audit/sink.h"
#include "guard/policy.h"

namespace zgate::guard {

struct Request {
  enum class Kind : std::uint8_t { Transaction, Command, Psb, DlCall } kind = Kind::Transaction;
  std::string name;     // the transaction code, the command verb, the PSB
  std::string psb;      // DL/I calls: the PSB they run under
  std::string segment;  // DL/I calls: the segment named (the last SSA's)
  std::string user, group, appl, door, source_ip, cert_subject, correlation;
  std::int64_t now = 0;
};

struct Verdict {
  bool fired = false;
  Action action = Action::Log;
  std::vector<std::string> rules;  // the names of the rules that fired
  bool blocked() const { return fired && action == Action::Block; }
  bool masked() const { return fired && action == Action::Mask; }
};

class Guard {
 public:
  Guard(Policy policy, audit::Sink& sink, std::size_t max_keys = 10000);

  // Access rules, before the request runs.
  Verdict on_request(const Request& r);
  // Exception rules, after a request failed with `code` (a DL/I status, "NAK").
  Verdict on_outcome(const Request& r, const std::string& code);
  // Extrusion rules, on what goes back to the client. A Mask verdict has already masked
  // `segments` in place; a Block verdict leaves them to the caller to withhold.
  Verdict on_output(const Request& r, std::vector<std::string>& segments);

  const Policy& policy() const { return policy_; }

  // `r` with the fields its caller left empty taken from the thread's audit::Context, and the
  // time: for a question asked later on another thread (a reply's output on a tm thread).
  static Request in_context(const Request& r);

 private:
  bool who_matches(const Rule& rule, const Request& r) const;
  bool what_matches(const Rule& rule, const Request& r) const;
  // Adds `n` to the rule's count for r's user and source; true when the count within the
  // window is now over the rule's threshold (always true without one).
  bool over_threshold(std::size_t rule, const Request& r, std::uint64_t n);
  void record(const Rule& rule, const Request& r, Verdict& v, const std::string& detail);

  Policy policy_;
  audit::Sink& sink_;
  std::size_t max_keys_;
  std::mutex mu_;
  struct Counter {
    std::deque<std::pair<std::int64_t, std::uint64_t>> hits;  // (second, how many)
    std::uint64_t total = 0;
    std::uint64_t last_use = 0;
  };
  std::map<std::string, Counter> counters_;
  std::uint64_t uses_ = 0;
};

}  // namespace zgate::guard

#include "guard/guard.h"

#include <ctime>

#include "audit/context.h"

namespace zgate::guard {

namespace {

const char* kind_name(RuleKind k) {
  switch (k) {
    case RuleKind::Access: return "ACCESS";
    case RuleKind::Exception: return "EXCEPTION";
    case RuleKind::Extrusion: return "EXTRUSION";
  }
  return "ACCESS";
}

const char* request_name(Request::Kind k) {
  switch (k) {
    case Request::Kind::Transaction: return "TRAN";
    case Request::Kind::Command: return "COMMAND";
    case Request::Kind::Psb: return "PSB";
    case Request::Kind::DlCall: return "DL/I";
  }
  return "TRAN";
}

}  // namespace

Guard::Guard(Policy policy, audit::Sink& sink, std::size_t max_keys)
    : policy_(std::move(policy)), sink_(sink), max_keys_(max_keys == 0 ? 1 : max_keys) {}

Request Guard::in_context(const Request& in) {
  Request r = in;
  if (const audit::Context* c = audit::current_context()) {
    if (r.source_ip.empty()) r.source_ip = c->source_ip;
    if (r.cert_subject.empty()) r.cert_subject = c->cert_subject;
    if (r.door.empty()) r.door = c->door;
    if (r.correlation.empty()) r.correlation = c->correlation;
    if (r.appl.empty()) r.appl = c->appl;
  }
  if (r.now == 0) r.now = static_cast<std::int64_t>(std::time(nullptr));
  return r;
}

bool Guard::who_matches(const Rule& rule, const Request& r) const {
  if (!rule.users.empty() && !name_matches(rule.users, r.user)) return false;
  if (!rule.groups.empty() && !name_matches(rule.groups, r.group)) return false;
  if (!rule.appls.empty() && !name_matches(rule.appls, r.appl)) return false;
  if (!rule.doors.empty() && !name_matches(rule.doors, r.door)) return false;
  if (!rule.sources.empty()) {
    bool in = false;
    for (const auto& n : rule.sources) in = in || n.contains(r.source_ip);
    if (!in) return false;
  }
  // not_sources: a request from none of them. One with no address (a local program) is not
  // from an allowed network either.
  for (const auto& n : rule.not_sources)
    if (n.contains(r.source_ip)) return false;
  if (!rule.certs.empty() || rule.no_cert) {
    bool ok = rule.no_cert && r.cert_subject.empty();
    for (const auto& c : rule.certs) ok = ok || (!r.cert_subject.empty() && r.cert_subject.find(c) != std::string::npos);
    if (!ok) return false;
  }
  return true;
}

bool Guard::what_matches(const Rule& rule, const Request& r) const {
  using K = Request::Kind;
  const bool any_what = !rule.transactions.empty() || !rule.commands.empty() || !rule.psbs.empty() || !rule.segments.empty();
  if (!any_what) return true;
  switch (r.kind) {
    case K::Transaction: return name_matches(rule.transactions, r.name);
    case K::Command: return name_matches(rule.commands, r.name);
    case K::Psb: return name_matches(rule.psbs, r.name) && rule.segments.empty();
    case K::DlCall:
      if (!rule.psbs.empty() && !name_matches(rule.psbs, r.psb)) return false;
      if (!rule.segments.empty() && !name_matches(rule.segments, r.segment)) return false;
      return !rule.psbs.empty() || !rule.segments.empty();
  }
  return false;
}

bool Guard::over_threshold(std::size_t rule_index, const Request& r, std::uint64_t n) {
  const Rule& rule = policy_.rules[rule_index];
  if (rule.count <= 0) return n > 0;
  const std::string key = std::to_string(rule_index) + '\0' + r.user + '\0' + r.source_ip;
  std::lock_guard lk(mu_);
  auto it = counters_.find(key);
  if (it == counters_.end()) {
    if (counters_.size() >= max_keys_) {
      auto oldest = counters_.begin();
      for (auto c = counters_.begin(); c != counters_.end(); ++c)
        if (c->second.last_use < oldest->second.last_use) oldest = c;
      counters_.erase(oldest);
    }
    it = counters_.emplace(key, Counter{}).first;
  }
  Counter& c = it->second;
  c.last_use = ++uses_;
  while (!c.hits.empty() && c.hits.front().first <= r.now - rule.window) {
    c.total -= c.hits.front().second;
    c.hits.pop_front();
  }
  if (n > 0) {
    if (!c.hits.empty() && c.hits.back().first == r.now) c.hits.back().second += n;
    else c.hits.emplace_back(r.now, n);
    c.total += n;
  }
  return n > 0 && c.total > static_cast<std::uint64_t>(rule.count);
}

void Guard::record(const Rule& rule, const Request& r, Verdict& v, const std::string& detail) {
  if (!v.fired || rule.action > v.action) v.action = rule.action;
  v.fired = true;
  v.rules.push_back(rule.name);
  audit::Event e;
  e.time = r.now;
  e.code = audit::EventCode::None;
  e.component = "GUARD";
  e.component_code = std::string("POLICY_") + action_name(rule.action);
  e.violation = rule.action == Action::Block;
  e.severity = rule.effective_severity();
  e.user = r.user;
  e.group = r.group;
  e.appl = r.appl;
  e.door = r.door;
  e.source_ip = r.source_ip;
  e.cert_subject = r.cert_subject;
  e.correlation = r.correlation;
  e.resource_class = kind_name(rule.kind);
  e.resource = rule.name;
  e.detail = detail;
  if (rule.action == Action::Block) e.client_code = "REFUSED BY POLICY";
  sink_.write(e);
}

namespace {
std::string subject(const Request& r) {
  std::string s = std::string(request_name(r.kind)) + " " + r.name;
  if (r.kind == Request::Kind::DlCall) s += " PSB " + r.psb + (r.segment.empty() ? "" : " SEGMENT " + r.segment);
  return s;
}
std::string threshold(const Rule& rule) {
  if (rule.count <= 0) return "";
  return ": more than " + std::to_string(rule.count) + " within " + std::to_string(rule.window) + " s";
}
}  // namespace

Verdict Guard::on_request(const Request& in) {
  Verdict v;
  const Request r = in_context(in);
  for (std::size_t i = 0; i < policy_.rules.size(); ++i) {
    const Rule& rule = policy_.rules[i];
    if (rule.kind != RuleKind::Access || !who_matches(rule, r) || !what_matches(rule, r)) continue;
    if (over_threshold(i, r, 1)) record(rule, r, v, subject(r) + threshold(rule));
  }
  return v;
}

Verdict Guard::on_outcome(const Request& in, const std::string& code) {
  Verdict v;
  const Request r = in_context(in);
  for (std::size_t i = 0; i < policy_.rules.size(); ++i) {
    const Rule& rule = policy_.rules[i];
    if (rule.kind != RuleKind::Exception || !who_matches(rule, r) || !what_matches(rule, r)) continue;
    if (!rule.codes.empty() && !name_matches(rule.codes, code)) continue;
    if (over_threshold(i, r, 1)) record(rule, r, v, subject(r) + " failed " + code + threshold(rule));
  }
  return v;
}

Verdict Guard::on_output(const Request& in, std::vector<std::string>& segments) {
  Verdict v;
  const Request r = in_context(in);
  std::vector<std::pair<const Rule*, std::vector<std::vector<Match>>>> to_mask;
  for (std::size_t i = 0; i < policy_.rules.size(); ++i) {
    const Rule& rule = policy_.rules[i];
    if (rule.kind != RuleKind::Extrusion || !who_matches(rule, r) || !what_matches(rule, r)) continue;
    std::uint64_t n = 0;
    std::vector<std::vector<Match>> matches;
    if (rule.pattern.kind == Pattern::Kind::None) {
      n = segments.size();  // rows returned
    } else {
      for (const auto& s : segments) {
        matches.push_back(find(rule.pattern, s));
        n += matches.back().size();
      }
    }
    if (!over_threshold(i, r, n)) continue;
    record(rule, r, v,
           subject(r) + ": " + std::to_string(n) +
               (rule.pattern.kind == Pattern::Kind::None ? " segments" : " matches of " + rule.pattern.text) +
               " in the output" + threshold(rule));
    if (rule.action == Action::Mask) to_mask.emplace_back(&rule, std::move(matches));
  }
  // Masking is what a Mask verdict promises; under Block nothing goes back at all.
  if (v.masked())
    for (auto& [rule, matches] : to_mask)
      for (std::size_t s = 0; s < segments.size() && s < matches.size(); ++s) mask(rule->pattern, segments[s], matches[s]);
  return v;
}

}  // namespace zgate::guard

#include "watch/alert_engine.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>

#include "audit/json_lines_sink.h"
#include "watch/sigma_file.h"

namespace zgate::watch {

struct AlertEngine::Staged {
  std::vector<SigmaRule> rules;
  std::vector<SigmaCorrelation> correlations;
};

AlertEngine::AlertEngine(audit::Sink& out, Options opt) : out_(out), opt_(std::move(opt)) {
  if (!opt_.hook.argv.empty()) hook_ = std::make_unique<CommandHook>(opt_.hook);
}

AlertEngine::~AlertEngine() = default;

void AlertEngine::load_directory(const std::filesystem::path& dir) {
  Staged s = read_directory(dir);
  commit(s, false);
}

void AlertEngine::reload_directory(const std::filesystem::path& dir) {
  Staged s = read_directory(dir);
  commit(s, true);
}

AlertEngine::Staged AlertEngine::read_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".yml" || ext == ".yaml")) files.push_back(entry.path());
  }
  if (ec) throw SigmaError(dir.string() + ": cannot read the rule directory (" + ec.message() + ")");
  std::sort(files.begin(), files.end());
  Staged s;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) throw SigmaError(f.string() + ": cannot read");
    SigmaFile parsed = parse_sigma(text.str(), f.string());
    for (auto& r : parsed.rules) s.rules.push_back(std::move(r));
    for (auto& c : parsed.correlations) s.correlations.push_back(std::move(c));
  }
  return s;
}

void AlertEngine::load_text(std::string_view text, std::string_view origin) {
  SigmaFile parsed = parse_sigma(text, origin);
  Staged s{std::move(parsed.rules), std::move(parsed.correlations)};
  commit(s, false);
}

// Checks the staged rules against what is loaded (unique keys, correlations naming known
// rules, no loop of correlations) and only then adds them.
void AlertEngine::commit(Staged& s, bool replace) {
  std::lock_guard lk(mu_);
  std::vector<LoadedRule> rules;
  std::vector<LoadedCorrelation> corrs;
  if (!replace) {
    rules = rules_;
    corrs = correlations_;
  }
  auto is = [](const RuleInfo& i, const std::string& ref) { return i.id == ref || (!i.name.empty() && i.name == ref); };
  auto taken = [&](const RuleInfo& info) {
    for (const auto& r : rules)
      if (r.rule.info().key() == info.key() || is(r.rule.info(), info.key())) return true;
    for (const auto& c : corrs)
      if (c.corr->info().key() == info.key() || is(c.corr->info(), info.key())) return true;
    return false;
  };
  auto duplicate = [](const RuleInfo& info) {
    return SigmaError("rule '" + info.title + "': another rule already has the id or name '" + info.key() + "'");
  };
  for (auto& r : s.rules) {
    if (taken(r.info())) throw duplicate(r.info());
    bool evaluated = r.logsource().is_zgate();
    rules.push_back({std::move(r), evaluated, true, {}});
  }
  for (auto& c : s.correlations) {
    if (taken(c.info())) throw duplicate(c.info());
    c.set_limits(opt_.limits);
    corrs.push_back({std::make_shared<SigmaCorrelation>(std::move(c)), true, {}});
  }

  // Links are rebuilt from scratch: a correlation loaded now may name a rule loaded before.
  // A rule or correlation named by correlations alerts by itself only if one of them asks
  // (generate: true); one named by none alerts.
  std::vector<int> named(rules.size() + corrs.size(), 0), asked(rules.size() + corrs.size(), 0);
  for (auto& r : rules) r.feeds.clear();
  for (auto& c : corrs) c.feeds.clear();
  for (std::size_t ci = 0; ci < corrs.size(); ++ci) {
    const auto& c = *corrs[ci].corr;
    for (std::size_t pos = 0; pos < c.rules().size(); ++pos) {
      const std::string& ref = c.rules()[pos];
      std::size_t slot;
      auto r = std::find_if(rules.begin(), rules.end(), [&](const LoadedRule& x) { return is(x.rule.info(), ref); });
      auto k = std::find_if(corrs.begin(), corrs.end(), [&](const LoadedCorrelation& x) { return is(x.corr->info(), ref); });
      if (r != rules.end()) {
        r->feeds.emplace_back(ci, pos);
        slot = static_cast<std::size_t>(r - rules.begin());
      } else if (k != corrs.end()) {
        k->feeds.emplace_back(ci, pos);
        slot = rules.size() + static_cast<std::size_t>(k - corrs.begin());
      } else {
        throw SigmaError("rule '" + c.info().title + "': correlation.rules: '" + ref +
                         "' names no loaded rule (by id or name)");
      }
      named[slot] = 1;
      if (c.generate()) asked[slot] = 1;
    }
  }
  for (std::size_t i = 0; i < rules.size(); ++i) rules[i].generate = !named[i] || asked[i];
  for (std::size_t i = 0; i < corrs.size(); ++i) corrs[i].generate = !named[rules.size() + i] || asked[rules.size() + i];

  // A chain of correlations must end: one that feeds itself, directly or through others, is
  // refused (it would count its own hits).
  std::vector<int> state(corrs.size(), 0);  // 0 new, 1 on the path, 2 done
  std::function<void(std::size_t)> visit = [&](std::size_t ci) {
    state[ci] = 1;
    for (auto [next, pos] : corrs[ci].feeds) {
      (void)pos;
      if (state[next] == 1)
        throw SigmaError("rule '" + corrs[next].corr->info().title + "': correlation.rules: a chain of correlations loops back to it");
      if (state[next] == 0) visit(next);
    }
    state[ci] = 2;
  };
  for (std::size_t ci = 0; ci < corrs.size(); ++ci)
    if (state[ci] == 0) visit(ci);

  rules_ = std::move(rules);
  correlations_ = std::move(corrs);
  skipped_ = static_cast<std::size_t>(std::count_if(rules_.begin(), rules_.end(),
                                                    [](const LoadedRule& r) { return !r.evaluated; }));
}

void AlertEngine::on_event(const audit::Event& e) {
  std::vector<audit::Event> alerts;
  {
    std::lock_guard lk(mu_);
    evaluate(e, alerts);
    alerts_ += alerts.size();
  }
  // Written outside the lock: a sink that delivers synchronously may call on_event again.
  for (const auto& a : alerts) {
    out_.write(a);
    if (hook_) hook_->run(audit::to_json_line(a));
  }
}

void AlertEngine::evaluate(const audit::Event& e, std::vector<audit::Event>& alerts) {
  ++events_;
  const bool alert = e.component == "WATCH";
  for (auto& r : rules_) {
    if (!r.evaluated || r.rule.logsource().reads_alerts() != alert) continue;
    if (!r.rule.matches(e)) continue;
    ++matches_;
    if (r.generate) {
      std::string key;
      if (!e.user.empty()) key = "user=" + e.user;
      if (!e.source_ip.empty()) key += (key.empty() ? "" : " ") + std::string("source_ip=") + e.source_ip;
      alerts.push_back(alert_of(r.rule.info(), key, e));
    }
    for (auto [ci, pos] : r.feeds)
      if (auto hit = correlations_[ci].corr->observe(pos, e)) fire(ci, *hit, e, alerts);
  }
}

// A correlation's hit: its alert (unless an outer correlation silences it) and a match for
// every correlation that names it, with the event that completed it. The links have no loop
// (commit), so this ends.
void AlertEngine::fire(std::size_t ci, const SigmaCorrelation::Hit& hit, const audit::Event& e,
                       std::vector<audit::Event>& alerts) {
  const auto& c = correlations_[ci];
  if (c.generate) {
    std::string key = hit.key;
    key += (key.empty() ? "" : " ") + std::string("count=") + std::to_string(hit.count);
    alerts.push_back(alert_of(c.corr->info(), key, e));
  }
  for (auto [outer, pos] : c.feeds)
    if (auto next = correlations_[outer].corr->observe(pos, e)) fire(outer, *next, e, alerts);
}

audit::Event AlertEngine::alert_of(const RuleInfo& info, const std::string& key, const audit::Event& trigger) {
  audit::Event a;
  a.time = trigger.time;
  a.code = audit::EventCode::None;
  a.component = "WATCH";
  a.component_code = "ALERT";
  a.resource = info.key();
  a.detail = info.title + (key.empty() ? "" : " (" + key + ")");
  a.severity = severity_of(info.level);
  a.user = trigger.user;
  a.source_ip = trigger.source_ip;
  a.source_port = trigger.source_port;
  a.cert_subject = trigger.cert_subject;
  a.terminal = trigger.terminal;
  a.correlation = trigger.correlation;
  return a;
}

AlertEngine::Stats AlertEngine::stats() const {
  std::lock_guard lk(mu_);
  Stats s;
  s.events = events_;
  s.matches = matches_;
  s.alerts = alerts_;
  s.rules = rules_.size();
  s.correlations = correlations_.size();
  s.skipped = skipped_;
  for (const auto& c : correlations_) s.evicted_groups += c.corr->evicted();
  if (hook_) s.hook = hook_->stats();
  return s;
}

}  // namespace zgate::watch

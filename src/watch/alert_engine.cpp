#include "watch/alert_engine.h"

#include <algorithm>
#include <fstream>
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
// detection rules) and only then adds them.
void AlertEngine::commit(Staged& s, bool replace) {
  std::lock_guard lk(mu_);
  std::vector<LoadedRule> rules;
  std::vector<std::shared_ptr<SigmaCorrelation>> correlations;
  if (!replace) {
    rules = rules_;
    correlations = correlations_;
  }
  auto taken = [&](const std::string& key) {
    for (const auto& r : rules)
      if (r.rule.info().key() == key) return true;
    for (const auto& c : correlations)
      if (c->info().key() == key) return true;
    return false;
  };
  for (auto& r : s.rules) {
    if (taken(r.info().key()))
      throw SigmaError("rule '" + r.info().title + "': another rule already has the id or name '" +
                       r.info().key() + "'");
    bool evaluated = r.logsource().is_zgate();
    rules.push_back({std::move(r), evaluated, true, {}});
  }
  for (auto& c : s.correlations) {
    if (taken(c.info().key()))
      throw SigmaError("rule '" + c.info().title + "': another rule already has the id or name '" +
                       c.info().key() + "'");
    c.set_limits(opt_.limits);
    correlations.push_back(std::make_shared<SigmaCorrelation>(std::move(c)));
  }
  // Links are rebuilt from scratch: a correlation loaded now may name a rule loaded before.
  for (auto& r : rules) {
    r.feeds.clear();
    r.generate = true;
  }
  for (std::size_t ci = 0; ci < correlations.size(); ++ci) {
    const auto& c = *correlations[ci];
    for (std::size_t pos = 0; pos < c.rules().size(); ++pos) {
      const std::string& name = c.rules()[pos];
      auto it = std::find_if(rules.begin(), rules.end(), [&](const LoadedRule& r) {
        return r.rule.info().id == name || (!r.rule.info().name.empty() && r.rule.info().name == name);
      });
      if (it == rules.end()) {
        bool is_corr = std::any_of(correlations.begin(), correlations.end(), [&](const auto& o) {
          return o->info().id == name || (!o->info().name.empty() && o->info().name == name);
        });
        throw SigmaError("rule '" + c.info().title + "': correlation.rules: '" + name + "' " +
                         (is_corr ? "is a correlation; chained correlations are not supported"
                                  : "names no loaded detection rule (by id or name)"));
      }
      it->feeds.emplace_back(ci, pos);
    }
  }
  for (auto& r : rules)
    for (auto [ci, pos] : r.feeds)
      if (!correlations[ci]->generate()) r.generate = false;
  // A rule named by one correlation with generate: true and another without it alerts:
  // generate is the correlation's request that its rules be seen.
  for (auto& r : rules)
    for (auto [ci, pos] : r.feeds)
      if (correlations[ci]->generate()) r.generate = true;
  rules_ = std::move(rules);
  correlations_ = std::move(correlations);
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
    for (auto [ci, pos] : r.feeds) {
      auto hit = correlations_[ci]->observe(pos, e);
      if (hit) {
        std::string key = hit->key;
        key += (key.empty() ? "" : " ") + std::string("count=") + std::to_string(hit->count);
        alerts.push_back(alert_of(correlations_[ci]->info(), key, e));
      }
    }
  }
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
  for (const auto& c : correlations_) s.evicted_groups += c->evicted();
  if (hook_) s.hook = hook_->stats();
  return s;
}

}  // namespace zgate::watch

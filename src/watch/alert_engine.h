#pragma once
// zgate's alerts (zSecure Alert's role, issue 17 section 2): Sigma rules and Sigma correlation
// rules evaluated on the live audit stream. on_event is an audit::Bus subscriber; an alert is
// an audit event written to the sink the owner gives (the bus, so that it reaches the trail
// and the syslog, LEEF and CEF sinks with its severity) and, when a hook is configured, the
// hook's standard input.
//
// The alert: code None, component WATCH, component_code ALERT, resource the rule's id (else
// name, else title), detail the title and the matched key ("user=JOE"), severity from the
// level (informational 1, low 3, medium 5, high 8, critical 10), time, user, source_ip,
// cert_subject, terminal and correlation from the event that triggered it.
//
// Alerts do not feed the rules that raised them: a rule reads WATCH/ALERT events only when its
// logsource says service: alerts, and then nothing else. Rules whose logsource product is not
// zgate are loaded (they are valid Sigma) but not evaluated (counted as skipped).
//
// Loading may happen while events arrive (on_event and the loaders take one lock); a reload
// replaces every rule and starts the correlations' windows empty.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "audit/sink.h"
#include "watch/command_hook.h"
#include "watch/sigma_correlation.h"
#include "watch/sigma_rule.h"

namespace zgate::watch {

class AlertEngine {
 public:
  struct Options {
    CommandHook::Options hook;  // argv empty: no hook
    SigmaCorrelation::Limits limits;
  };
  struct Stats {
    std::uint64_t events = 0, matches = 0, alerts = 0;
    std::size_t rules = 0, correlations = 0, skipped = 0;
    std::uint64_t evicted_groups = 0;
    CommandHook::Stats hook;
  };

  AlertEngine(audit::Sink& out, Options opt);
  explicit AlertEngine(audit::Sink& out) : AlertEngine(out, Options{}) {}
  ~AlertEngine();

  // Every *.yml and *.yaml file of `dir` (not its subfolders), in name order. All or nothing:
  // on a SigmaError nothing of the directory is kept.
  void load_directory(const std::filesystem::path& dir);
  // The same, replacing every rule loaded before (SIGHUP, `zgate` reloading its rules); on a
  // SigmaError the rules loaded before stay.
  void reload_directory(const std::filesystem::path& dir);
  // One file's text; its correlations may name rules loaded before or in the same text.
  void load_text(std::string_view text, std::string_view origin);

  void on_event(const audit::Event& e);

  Stats stats() const;

 private:
  struct LoadedRule {
    SigmaRule rule;
    bool evaluated;  // product zgate
    bool generate = true;  // alerts by itself: not named by a correlation, or named with generate: true
    std::vector<std::pair<std::size_t, std::size_t>> feeds;  // (correlation, its rule position)
  };
  struct LoadedCorrelation {
    std::shared_ptr<SigmaCorrelation> corr;  // shared: a failed load keeps the windows
    bool generate = true;  // alerts: not named by another correlation, or named with generate: true
    std::vector<std::pair<std::size_t, std::size_t>> feeds;  // (outer correlation, its rule position)
  };
  struct Staged;
  Staged read_directory(const std::filesystem::path& dir);
  void commit(Staged& s, bool replace);
  void evaluate(const audit::Event& e, std::vector<audit::Event>& alerts);
  void fire(std::size_t ci, const SigmaCorrelation::Hit& hit, const audit::Event& e, std::vector<audit::Event>& alerts);
  static audit::Event alert_of(const RuleInfo& info, const std::string& key, const audit::Event& trigger);

  audit::Sink& out_;
  Options opt_;
  mutable std::mutex mu_;
  std::vector<LoadedRule> rules_;
  std::vector<LoadedCorrelation> correlations_;
  std::size_t skipped_ = 0;
  std::uint64_t events_ = 0, matches_ = 0, alerts_ = 0;
  std::unique_ptr<CommandHook> hook_;
};

}  // namespace zgate::watch

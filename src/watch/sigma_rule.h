#pragma once
// One Sigma detection rule (SigmaHQ sigma-specification, "Sigma Rules" v2), evaluated against
// zgate's audit events in process. The fields are the JSON trail's names (audit::field):
// logsource product "zgate", service "audit" (every event but alerts) or "alerts" (the
// WATCH/ALERT events themselves). docs/alerts.md lists the taxonomy and what zgate does not
// take from the specification.
//
// Detection: named search identifiers, each a map (every field matches: AND), a list of maps
// (any map matches: OR) or a list of plain values (keywords: any field contains one); a list
// of values under one field is OR unless `|all`. Values are case-insensitive and take the
// wildcards `*` and `?` (`\*`, `\?`, `\\` escape them); `null` matches an empty field.
// Modifiers: contains, startswith, endswith, all, re (with i, m), cased, cidr, exists,
// gt, gte, lt, lte, fieldref. The condition: and, or, not, parentheses, `1 of X*`,
// `all of X*`, `1 of them`, `all of them` (them: every identifier not starting with `_`).
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "audit/event.h"

namespace YAML {
class Node;
}

namespace zgate::watch {

// The one error loading a rule raises: the message names the file, the rule and what is
// wrong ("rules/x.yml: rule 'Title': detection.selection: unknown modifier 'foo'").
class SigmaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Level { Informational, Low, Medium, High, Critical };
// The alert's severity on the 1-10 scale of audit::Event: 1, 3, 5, 8, 10.
int severity_of(Level level);
const char* level_name(Level level);
// "informational", "low", ... as the specification spells them; throws SigmaError otherwise.
Level parse_level(std::string_view text, std::string_view where);

struct LogSource {
  std::string product, service, category;
  // product zgate: the rule is for this engine (its fields are checked against audit::field).
  bool is_zgate() const;
  // service alerts: the rule reads WATCH/ALERT events and nothing else.
  bool reads_alerts() const;
};

// Metadata shared by detection and correlation rules.
struct RuleInfo {
  std::string title, id, name, status, description;
  Level level = Level::Medium;  // the specification leaves it optional; zgate assumes medium
  // How correlations and alerts name the rule: id, else name, else title.
  const std::string& key() const;
};
// Reads title (required), id, name, status, description and level from a document.
RuleInfo parse_info(const YAML::Node& doc, std::string_view origin);
// "<origin>: rule '<title>': <what>"
std::string rule_error(std::string_view origin, std::string_view title, std::string_view what);

class SigmaRule {
 public:
  // One YAML document with a `detection`; throws SigmaError.
  static SigmaRule parse(const YAML::Node& doc, std::string_view origin);

  bool matches(const audit::Event& e) const;

  const RuleInfo& info() const { return info_; }
  const LogSource& logsource() const { return logsource_; }

  struct Detection;  // sigma_rule.cpp

 private:
  RuleInfo info_;
  LogSource logsource_;
  std::shared_ptr<const Detection> detection_;
};

}  // namespace zgate::watch

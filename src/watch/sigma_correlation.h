#pragma once
// A Sigma correlation rule (SigmaHQ sigma-specification, "Sigma Correlation Rules" v2):
// event_count, value_count, temporal and temporal_ordered over the matches of the rules it
// names, per group (the group-by fields' values), within a sliding timespan.
//
//   generate: false              # true: the named rules alert by themselves too
//   correlation:
//     type: event_count          # value_count, temporal, temporal_ordered
//     rules: [zgate_failed_password]   # detection rules or correlations, by id or name
//     group-by: [user]
//     timespan: 5m               # s, m, h, d
//     condition: {gte: 5}        # gt gte lt lte eq (neq), several: all hold; value_count: field
//
// The window is the event times (audit::Event::time) within `timespan` of the newest match,
// bounds included. The condition is evaluated when a match arrives (a stream cannot see a
// window close without one): `lt`/`lte` therefore fire on a match while the count is still
// low. A group that fires starts again empty, so one burst gives one alert.
//
// Memory is bounded: at most Limits::max_groups groups per correlation (the one matched
// least recently is evicted to make room, and counted), at most max_entries matches or
// distinct values kept per group (the oldest go first).
#include <cstdint>
#include <deque>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "audit/event.h"
#include "watch/sigma_rule.h"

namespace zgate::watch {

class SigmaCorrelation {
 public:
  enum class Type { EventCount, ValueCount, Temporal, TemporalOrdered };
  enum class Op { Gt, Gte, Lt, Lte, Eq, Neq };
  struct Test {
    Op op;
    std::int64_t value;
  };
  struct Limits {
    std::size_t max_groups = 10000;
    std::size_t max_entries = 10000;
  };
  struct Hit {
    std::string key;    // "user=JOE" ("user=JOE source_ip=10.1.1.1"; "" without group-by)
    std::int64_t count;  // events, distinct values or rules seen
  };

  // One YAML document with a `correlation`; throws SigmaError.
  static SigmaCorrelation parse(const YAML::Node& doc, std::string_view origin);

  // The referenced rule `rule` (an index into rules()) matched `e`; a hit when the
  // correlation's condition holds for e's group.
  std::optional<Hit> observe(std::size_t rule, const audit::Event& e);

  const RuleInfo& info() const { return info_; }
  Type type() const { return type_; }
  const std::vector<std::string>& rules() const { return rules_; }
  const std::vector<std::string>& group_by() const { return group_by_; }
  std::int64_t timespan() const { return timespan_; }  // seconds
  bool generate() const { return generate_; }
  const std::string& value_field() const { return field_; }

  void set_limits(Limits l) { limits_ = l; }
  std::size_t groups() const { return groups_.size(); }
  std::uint64_t evicted() const { return evicted_; }

 private:
  struct Group {
    std::list<std::string>::iterator lru;
    std::deque<std::int64_t> times;                    // event_count: match times, oldest first
    std::unordered_map<std::string, std::int64_t> values;  // value_count: value -> last seen
    std::vector<std::int64_t> last;                    // temporal: per rule, last seen (-1: never)
  };

  bool holds(std::int64_t n) const;
  Group& group_for(const std::string& key);

  RuleInfo info_;
  Type type_ = Type::EventCount;
  std::vector<std::string> rules_, group_by_;
  std::int64_t timespan_ = 0;
  std::vector<Test> tests_;
  std::string field_;
  bool generate_ = false;
  Limits limits_;
  std::unordered_map<std::string, Group> groups_;
  std::list<std::string> lru_;  // least recently matched first
  std::uint64_t evicted_ = 0;
};

// "30s", "5m", "1h", "2d" in seconds; throws SigmaError naming `where`.
std::int64_t parse_timespan(std::string_view text, std::string_view where);

}  // namespace zgate::watch

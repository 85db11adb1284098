// Sigma correlation rules: sliding windows per group over the matches of detection rules.
#include "watch/sigma_correlation.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>

namespace zgate::watch {

std::int64_t parse_timespan(std::string_view text, std::string_view where) {
  auto bad = [&] {
    return SigmaError(std::string(where) + ": timespan '" + std::string(text) +
                      "' is not a number and a unit (s, m, h, d), as in 5m");
  };
  if (text.size() < 2) throw bad();
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, n);
  if (ec != std::errc() || ptr != text.data() + text.size() - 1 || n <= 0 || n > 1000000) throw bad();
  switch (text.back()) {
    case 's': return n;
    case 'm': return n * 60;
    case 'h': return n * 3600;
    case 'd': return n * 86400;
    default: throw bad();
  }
}

namespace {

std::vector<std::string> text_list(const YAML::Node& n, std::string_view what, std::string_view origin,
                                   std::string_view title) {
  std::vector<std::string> out;
  if (!n || n.IsNull()) return out;
  if (n.IsScalar()) {
    out.push_back(n.Scalar());
    return out;
  }
  if (!n.IsSequence()) throw SigmaError(rule_error(origin, title, std::string(what) + " must be a list"));
  for (const auto& i : n) {
    if (!i.IsScalar() || i.Scalar().empty())
      throw SigmaError(rule_error(origin, title, std::string(what) + ": an item that is not a name"));
    out.push_back(i.Scalar());
  }
  return out;
}

}  // namespace

SigmaCorrelation SigmaCorrelation::parse(const YAML::Node& doc, std::string_view origin) {
  SigmaCorrelation c;
  try {
    if (!doc.IsMap()) throw SigmaError(std::string(origin) + ": a rule document must be a map");
    c.info_ = parse_info(doc, origin);
    const std::string& title = c.info_.title;
    auto fail = [&](const std::string& what) { return SigmaError(rule_error(origin, title, "correlation." + what)); };
    YAML::Node corr = doc["correlation"];
    if (!corr || !corr.IsMap()) throw SigmaError(rule_error(origin, title, "correlation must be a map"));

    YAML::Node type = corr["type"];
    if (!type || !type.IsScalar()) throw fail("type is missing");
    const std::string t = type.Scalar();
    if (t == "event_count") c.type_ = Type::EventCount;
    else if (t == "value_count") c.type_ = Type::ValueCount;
    else if (t == "temporal") c.type_ = Type::Temporal;
    else if (t == "temporal_ordered") c.type_ = Type::TemporalOrdered;
    else throw fail("type '" + t + "' is not event_count, value_count, temporal or temporal_ordered");

    c.rules_ = text_list(corr["rules"], "correlation.rules", origin, title);
    if (c.rules_.empty()) throw fail("rules names no rule");
    if ((c.type_ == Type::Temporal || c.type_ == Type::TemporalOrdered) && c.rules_.size() < 2)
      throw fail("rules: a temporal correlation needs two rules or more");
    c.group_by_ = text_list(corr["group-by"], "correlation.group-by", origin, title);
    for (const auto& f : c.group_by_) {
      const auto& names = audit::field_names();
      if (std::find(names.begin(), names.end(), f) == names.end())
        throw fail("group-by: '" + f + "' is not a field of zgate's audit events");
    }
    if (corr["aliases"]) throw fail("aliases are not supported (zgate's rules share one field taxonomy)");

    // timeframe: the name in drafts of the specification.
    YAML::Node span = corr["timespan"] ? corr["timespan"] : corr["timeframe"];
    if (!span || !span.IsScalar()) throw fail("timespan is missing");
    c.timespan_ = parse_timespan(span.Scalar(), rule_error(origin, title, "correlation"));

    // The specification puts generate at the top level; inside correlation is accepted too.
    YAML::Node gen = doc["generate"] ? doc["generate"] : corr["generate"];
    if (gen) {
      if (!gen.IsScalar() || (gen.Scalar() != "true" && gen.Scalar() != "false"))
        throw fail("generate must be true or false");
      c.generate_ = gen.Scalar() == "true";
    }

    YAML::Node cond = corr["condition"];
    if (cond) {
      if (!cond.IsMap()) throw fail("condition must be a map (gte: 5)");
      for (const auto& kv : cond) {
        if (!kv.first.IsScalar() || !kv.second.IsScalar()) throw fail("condition: an entry that is not text");
        const std::string op = kv.first.Scalar(), v = kv.second.Scalar();
        if (op == "field") {
          c.field_ = v;
          continue;
        }
        Test test{};
        if (op == "gt") test.op = Op::Gt;
        else if (op == "gte") test.op = Op::Gte;
        else if (op == "lt") test.op = Op::Lt;
        else if (op == "lte") test.op = Op::Lte;
        else if (op == "eq") test.op = Op::Eq;
        else if (op == "neq") test.op = Op::Neq;
        else throw fail("condition: '" + op + "' is not gt, gte, lt, lte, eq, neq or field");
        auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), test.value);
        if (ec != std::errc() || ptr != v.data() + v.size() || test.value < 0)
          throw fail("condition: '" + v + "' is not a count");
        c.tests_.push_back(test);
      }
    }
    if (c.type_ == Type::EventCount || c.type_ == Type::ValueCount) {
      if (c.tests_.empty()) throw fail("condition needs a comparison (gte: 5)");
    }
    if (c.type_ == Type::ValueCount) {
      if (c.field_.empty()) throw fail("condition: value_count needs the field whose values it counts");
      const auto& names = audit::field_names();
      if (std::find(names.begin(), names.end(), c.field_) == names.end())
        throw fail("condition.field: '" + c.field_ + "' is not a field of zgate's audit events");
    } else if (!c.field_.empty()) {
      throw fail("condition: field belongs to value_count only");
    }
  } catch (const YAML::Exception& e) {
    throw SigmaError(rule_error(origin, c.info_.title, std::string("YAML: ") + e.what()));
  }
  return c;
}

bool SigmaCorrelation::holds(std::int64_t n) const {
  for (const auto& t : tests_) {
    bool ok = false;
    switch (t.op) {
      case Op::Gt: ok = n > t.value; break;
      case Op::Gte: ok = n >= t.value; break;
      case Op::Lt: ok = n < t.value; break;
      case Op::Lte: ok = n <= t.value; break;
      case Op::Eq: ok = n == t.value; break;
      case Op::Neq: ok = n != t.value; break;
    }
    if (!ok) return false;
  }
  return true;
}

SigmaCorrelation::Group& SigmaCorrelation::group_for(const std::string& key) {
  auto it = groups_.find(key);
  if (it != groups_.end()) {
    lru_.splice(lru_.end(), lru_, it->second.lru);  // now the most recently matched
    return it->second;
  }
  while (!lru_.empty() && groups_.size() >= std::max<std::size_t>(1, limits_.max_groups)) {
    groups_.erase(lru_.front());
    lru_.pop_front();
    ++evicted_;
  }
  lru_.push_back(key);
  Group& g = groups_[key];
  g.lru = std::prev(lru_.end());
  g.last.assign(rules_.size(), -1);
  return g;
}

std::optional<SigmaCorrelation::Hit> SigmaCorrelation::observe(std::size_t rule, const audit::Event& e) {
  if (rule >= rules_.size()) return std::nullopt;
  std::string key;
  for (const auto& f : group_by_) {
    if (!key.empty()) key += ' ';
    key += f + "=" + audit::field(e, f);
  }
  Group& g = group_for(key);
  const std::int64_t now = e.time, oldest = e.time - timespan_;
  const std::size_t cap = std::max<std::size_t>(1, limits_.max_entries);
  std::int64_t n = 0;

  switch (type_) {
    case Type::EventCount: {
      // Kept sorted: events nearly always arrive in time order, so this is a push_back.
      g.times.insert(std::upper_bound(g.times.begin(), g.times.end(), now), now);
      while (!g.times.empty() && g.times.front() < oldest) g.times.pop_front();
      while (g.times.size() > cap) g.times.pop_front();
      n = static_cast<std::int64_t>(g.times.size());
      break;
    }
    case Type::ValueCount: {
      std::string v = audit::field(e, field_);
      if (!v.empty()) g.values[v] = std::max(g.values[v], now);
      std::erase_if(g.values, [&](const auto& kv) { return kv.second < oldest; });
      while (g.values.size() > cap) {
        auto old = std::min_element(g.values.begin(), g.values.end(),
                                    [](const auto& a, const auto& b) { return a.second < b.second; });
        g.values.erase(old);
      }
      n = static_cast<std::int64_t>(g.values.size());
      break;
    }
    case Type::Temporal: {
      g.last[rule] = std::max(g.last[rule], now);
      for (auto t : g.last)
        if (t >= 0 && t >= oldest) ++n;
      if (tests_.empty() ? n < static_cast<std::int64_t>(rules_.size()) : !holds(n)) return std::nullopt;
      g.last.assign(rules_.size(), -1);
      return Hit{key, n};
    }
    case Type::TemporalOrdered: {
      // last[k]: the start time of the latest sequence that has reached step k.
      if (rule == 0) g.last[0] = now;
      else if (g.last[rule - 1] >= 0 && g.last[rule - 1] >= oldest) g.last[rule] = std::max(g.last[rule], g.last[rule - 1]);
      if (g.last.back() < oldest || g.last.back() < 0) return std::nullopt;
      g.last.assign(rules_.size(), -1);
      return Hit{key, static_cast<std::int64_t>(rules_.size())};
    }
  }
  if (!holds(n)) return std::nullopt;
  g.times.clear();
  g.values.clear();
  return Hit{key, n};
}

}  // namespace zgate::watch

// Correlation rules: parsing, sliding windows, group-by, value_count, temporal, and the bound
// on the groups kept.
#include <gtest/gtest.h>

#include "watch/sigma_file.h"
#include "watch_fixture.h"

namespace zgate::watch {
namespace {

using testing::Engine;
using testing::kT0;
using testing::signon;

constexpr const char* kBase = R"(title: Failed password
name: failed
logsource: {product: zgate, service: audit}
detection:
  sel: {event_name: JOBINIT, qualifier: 1}
  condition: sel
---
title: Success
name: success
logsource: {product: zgate, service: audit}
detection:
  sel: {event_name: JOBINIT, qualifier: 0}
  condition: sel
---
)";

std::string correlation(const std::string& body) {
  return std::string(kBase) + "title: Corr\nid: corr-1\nlevel: high\ncorrelation:\n" + body;
}

std::size_t fired(Engine& e, const audit::Event& ev) {
  auto ids = e.feed(ev);
  return static_cast<std::size_t>(std::count(ids.begin(), ids.end(), "corr-1"));
}

std::string error_of(const std::string& body) {
  Engine e;
  try {
    e.load(correlation(body));
  } catch (const SigmaError& x) {
    return x.what();
  }
  return "(loaded)";
}

TEST(SigmaCorrelation, Timespans) {
  EXPECT_EQ(parse_timespan("30s", "x"), 30);
  EXPECT_EQ(parse_timespan("5m", "x"), 300);
  EXPECT_EQ(parse_timespan("2h", "x"), 7200);
  EXPECT_EQ(parse_timespan("1d", "x"), 86400);
  EXPECT_THROW(parse_timespan("5", "x"), SigmaError);
  EXPECT_THROW(parse_timespan("m", "x"), SigmaError);
  EXPECT_THROW(parse_timespan("5y", "x"), SigmaError);
  EXPECT_THROW(parse_timespan("-5m", "x"), SigmaError);
}

TEST(SigmaCorrelation, EventCountFiresAtTheThresholdWithinTheWindow) {
  Engine e;
  e.load(correlation("  type: event_count\n  rules: [failed]\n  group-by: [user]\n  timespan: 60s\n"
                     "  condition: {gte: 3}\n"));
  EXPECT_EQ(fired(e, signon("JOE", 1, "1.1.1.1", kT0)), 0u);
  EXPECT_EQ(fired(e, signon("JOE", 1, "1.1.1.1", kT0 + 30)), 0u);
  EXPECT_EQ(fired(e, signon("JOE", 0, "1.1.1.1", kT0 + 31)), 0u);  // success: not counted
  EXPECT_EQ(fired(e, signon("JOE", 1, "1.1.1.1", kT0 + 60)), 1u);  // bounds included
  auto a = e.raised().at(0);
  EXPECT_EQ(a.component, "WATCH");
  EXPECT_EQ(a.component_code, "ALERT");
  EXPECT_EQ(a.code, audit::EventCode::None);
  EXPECT_EQ(a.severity, 8);
  EXPECT_EQ(a.detail, "Corr (user=JOE count=3)");
  EXPECT_EQ(a.user, "JOE");
  // The group starts again: one burst, one alert.
  EXPECT_EQ(fired(e, signon("JOE", 1, "1.1.1.1", kT0 + 61)), 0u);
}

TEST(SigmaCorrelation, EventCountSlidesOldMatchesOut) {
  Engine e;
  e.load(correlation("  type: event_count\n  rules: [failed]\n  group-by: [user]\n  timespan: 60s\n"
                     "  condition: {gte: 3}\n"));
  EXPECT_EQ(fired(e, signon("JOE", 1, "1.1.1.1", kT0)), 0u);
  EXPECT_EQ(fired(e, signon("JOE", 1, "1.1.1.1", kT0 + 50)), 0u);
  EXPECT_EQ(fired(e, signon("JOE", 1, "1.1.1.1", kT0 + 61)), 0u);  // the first is out
  EXPECT_EQ(fired(e, signon("JOE", 1, "1.1.1.1", kT0 + 100)), 1u);
}

TEST(SigmaCorrelation, GroupByKeepsGroupsApart) {
  Engine e;
  e.load(correlation("  type: event_count\n  rules: [failed]\n  group-by: [user, source_ip]\n"
                     "  timespan: 5m\n  condition: {gte: 2}\n"));
  EXPECT_EQ(fired(e, signon("JOE", 1, "1.1.1.1", kT0)), 0u);
  EXPECT_EQ(fired(e, signon("ANN", 1, "1.1.1.1", kT0 + 1)), 0u);
  EXPECT_EQ(fired(e, signon("JOE", 1, "2.2.2.2", kT0 + 2)), 0u);
  EXPECT_EQ(fired(e, signon("JOE", 1, "1.1.1.1", kT0 + 3)), 1u);
  EXPECT_EQ(e.raised().at(0).detail, "Corr (user=JOE source_ip=1.1.1.1 count=2)");
}

TEST(SigmaCorrelation, WithoutGroupByEverythingIsOneGroup) {
  Engine e;
  e.load(correlation("  type: event_count\n  rules: [failed]\n  timespan: 5m\n  condition: {gte: 2}\n"));
  EXPECT_EQ(fired(e, signon("JOE", 1)), 0u);
  EXPECT_EQ(fired(e, signon("ANN", 1)), 1u);
  EXPECT_EQ(e.raised().at(0).detail, "Corr (count=2)");
}

TEST(SigmaCorrelation, RangeConditionsMustAllHold) {
  Engine e;
  e.load(correlation("  type: event_count\n  rules: [failed]\n  timespan: 5m\n  condition: {gt: 1, lte: 2}\n"));
  EXPECT_EQ(fired(e, signon("JOE", 1)), 0u);
  EXPECT_EQ(fired(e, signon("JOE", 1)), 1u);
}

TEST(SigmaCorrelation, ValueCountCountsDistinctValues) {
  Engine e;
  e.load(correlation("  type: value_count\n  rules: [failed]\n  group-by: [source_ip]\n  timespan: 10m\n"
                     "  condition: {field: user, gte: 3}\n"));
  EXPECT_EQ(fired(e, signon("JOE", 1, "6.6.6.6", kT0)), 0u);
  EXPECT_EQ(fired(e, signon("JOE", 1, "6.6.6.6", kT0 + 1)), 0u);  // same value
  EXPECT_EQ(fired(e, signon("ANN", 1, "6.6.6.6", kT0 + 2)), 0u);
  EXPECT_EQ(fired(e, signon("BOB", 1, "7.7.7.7", kT0 + 3)), 0u);  // other group
  EXPECT_EQ(fired(e, signon("BOB", 1, "6.6.6.6", kT0 + 4)), 1u);
}

TEST(SigmaCorrelation, ValueCountForgetsValuesOutsideTheWindow) {
  Engine e;
  e.load(correlation("  type: value_count\n  rules: [failed]\n  group-by: [source_ip]\n  timespan: 1m\n"
                     "  condition: {field: user, gte: 3}\n"));
  EXPECT_EQ(fired(e, signon("JOE", 1, "6.6.6.6", kT0)), 0u);
  EXPECT_EQ(fired(e, signon("ANN", 1, "6.6.6.6", kT0 + 40)), 0u);
  EXPECT_EQ(fired(e, signon("BOB", 1, "6.6.6.6", kT0 + 90)), 0u);  // JOE is out
  EXPECT_EQ(fired(e, signon("JOE", 1, "6.6.6.6", kT0 + 91)), 1u);
}

TEST(SigmaCorrelation, TemporalNeedsEveryRuleInTheWindow) {
  Engine e;
  e.load(correlation("  type: temporal\n  rules: [failed, success]\n  group-by: [user]\n  timespan: 5m\n"));
  EXPECT_EQ(fired(e, signon("JOE", 0, "1.1.1.1", kT0)), 0u);
  EXPECT_EQ(fired(e, signon("ANN", 1, "1.1.1.1", kT0 + 1)), 0u);  // other user
  EXPECT_EQ(fired(e, signon("JOE", 1, "1.1.1.1", kT0 + 2)), 1u);  // either order
  EXPECT_EQ(fired(e, signon("JOE", 0, "1.1.1.1", kT0 + 400)), 0u);
  EXPECT_EQ(fired(e, signon("JOE", 1, "1.1.1.1", kT0 + 800)), 0u);  // too far apart
}

TEST(SigmaCorrelation, TemporalOrderedNeedsTheOrder) {
  Engine e;
  e.load(correlation("  type: temporal_ordered\n  rules: [failed, success]\n  group-by: [user]\n  timespan: 5m\n"));
  EXPECT_EQ(fired(e, signon("JOE", 0, "1.1.1.1", kT0)), 0u);
  EXPECT_EQ(fired(e, signon("JOE", 1, "1.1.1.1", kT0 + 1)), 0u);  // success came first
  EXPECT_EQ(fired(e, signon("JOE", 0, "1.1.1.1", kT0 + 2)), 1u);  // failure then success
  EXPECT_EQ(fired(e, signon("JOE", 1, "1.1.1.1", kT0 + 10)), 0u);
  EXPECT_EQ(fired(e, signon("JOE", 0, "1.1.1.1", kT0 + 400)), 0u);  // too late
}

TEST(SigmaCorrelation, BaseRulesAlertOnlyWithGenerate) {
  Engine quiet;
  quiet.load(correlation("  type: event_count\n  rules: [failed]\n  timespan: 5m\n  condition: {gte: 5}\n"));
  EXPECT_TRUE(quiet.feed(signon("JOE", 1)).empty());
  EXPECT_EQ(quiet.feed(signon("JOE", 0)).size(), 1u);  // "success" is named by nothing: it alerts
  Engine loud;  // generate is a top-level attribute of the correlation rule
  loud.load(std::string(kBase) +
            "title: Corr\nid: corr-1\ngenerate: true\ncorrelation:\n  type: event_count\n  rules: [failed]\n"
            "  timespan: 5m\n  condition: {gte: 5}\n");
  EXPECT_EQ(loud.feed(signon("JOE", 1)).size(), 1u);
}

// The specification's example: many failed logins (a correlation) followed by a success.
TEST(SigmaCorrelation, CorrelationsChain) {
  Engine e;
  e.load(std::string(kBase) + R"(title: Many failures
name: many_failures
correlation: {type: event_count, rules: [failed], group-by: [user], timespan: 10m, condition: {gte: 3}}
---
title: Brute force then success
id: corr-1
level: critical
correlation: {type: temporal_ordered, rules: [many_failures, success], group-by: [user], timespan: 10m}
)");
  EXPECT_EQ(fired(e, signon("JOE", 0, "1.1.1.1", kT0)), 0u);  // a success before: nothing
  for (int i = 1; i <= 3; ++i) EXPECT_TRUE(e.feed(signon("JOE", 1, "1.1.1.1", kT0 + i)).empty()) << i;
  // "Many failures" fired at the third but is named by the outer correlation: silent.
  EXPECT_EQ(fired(e, signon("ANN", 0, "1.1.1.1", kT0 + 5)), 0u);  // another user's success
  EXPECT_EQ(fired(e, signon("JOE", 0, "1.1.1.1", kT0 + 6)), 1u);
  EXPECT_EQ(e.raised().at(0).severity, 10);
  EXPECT_EQ(e.raised().at(0).detail, "Brute force then success (user=JOE count=2)");
}

TEST(SigmaCorrelation, ALoopOfCorrelationsIsRefused) {
  Engine e;
  try {
    e.load(std::string(kBase) + R"(title: A
name: a
correlation: {type: temporal, rules: [b, failed], timespan: 1m}
---
title: B
name: b
correlation: {type: temporal, rules: [a, success], timespan: 1m}
)");
    FAIL() << "loaded a loop";
  } catch (const SigmaError& x) {
    EXPECT_NE(std::string(x.what()).find("loops back"), std::string::npos) << x.what();
  }
}

TEST(SigmaCorrelation, GroupsAreCappedAndTheLeastRecentEvicted) {
  AlertEngine::Options opt;
  opt.limits.max_groups = 2;
  Engine e(opt);
  e.load(correlation("  type: event_count\n  rules: [failed]\n  group-by: [user]\n  timespan: 5m\n"
                     "  condition: {gte: 2}\n"));
  EXPECT_EQ(fired(e, signon("A", 1)), 0u);
  EXPECT_EQ(fired(e, signon("B", 1)), 0u);
  EXPECT_EQ(fired(e, signon("A", 1, "1.1.1.1", kT0 + 1)), 1u);  // A is now the most recent
  EXPECT_EQ(fired(e, signon("A", 1, "1.1.1.1", kT0 + 2)), 0u);
  EXPECT_EQ(fired(e, signon("C", 1)), 0u);  // evicts B, the least recently matched
  EXPECT_EQ(e.engine.stats().evicted_groups, 1u);
  EXPECT_EQ(fired(e, signon("B", 1)), 0u);  // B starts again from nothing (evicts A)
  EXPECT_EQ(fired(e, signon("C", 1)), 1u);  // C was kept
}

TEST(SigmaCorrelation, MatchesPerGroupAreCapped) {
  AlertEngine::Options opt;
  opt.limits.max_entries = 3;
  Engine e(opt);
  e.load(correlation("  type: event_count\n  rules: [failed]\n  timespan: 5m\n  condition: {gte: 5}\n"));
  for (int i = 0; i < 10; ++i) EXPECT_EQ(fired(e, signon("A", 1)), 0u);  // never more than 3 kept
}

TEST(SigmaCorrelation, BadCorrelationsAreRejected) {
  EXPECT_NE(error_of("  type: sum\n  rules: [failed]\n  timespan: 5m\n  condition: {gte: 1}\n").find("type 'sum'"),
            std::string::npos);
  EXPECT_NE(error_of("  type: event_count\n  rules: [nothing]\n  timespan: 5m\n  condition: {gte: 1}\n")
                .find("'nothing' names no loaded rule"),
            std::string::npos);
  EXPECT_NE(error_of("  type: event_count\n  rules: [failed]\n  condition: {gte: 1}\n").find("timespan is missing"),
            std::string::npos);
  EXPECT_NE(error_of("  type: event_count\n  rules: [failed]\n  timespan: 5m\n").find("needs a comparison"),
            std::string::npos);
  EXPECT_NE(error_of("  type: value_count\n  rules: [failed]\n  timespan: 5m\n  condition: {gte: 1}\n")
                .find("needs the field"),
            std::string::npos);
  EXPECT_NE(error_of("  type: event_count\n  rules: [failed]\n  timespan: 5m\n  condition: {about: 1}\n")
                .find("'about' is not gt"),
            std::string::npos);
  EXPECT_NE(error_of("  type: event_count\n  rules: [failed]\n  group-by: [usr]\n  timespan: 5m\n"
                     "  condition: {gte: 1}\n")
                .find("'usr' is not a field"),
            std::string::npos);
  EXPECT_NE(error_of("  type: temporal\n  rules: [failed]\n  timespan: 5m\n").find("two rules"), std::string::npos);
  EXPECT_NE(error_of("  type: event_count\n  rules: [corr-1]\n  timespan: 5m\n  condition: {gte: 1}\n")
                .find("loops back"),
            std::string::npos);
  // The message names the file and the correlation.
  EXPECT_EQ(error_of("  type: sum\n  rules: [failed]\n  timespan: 5m\n").rfind("test.yml: rule 'Corr': ", 0), 0u);
}

}  // namespace
}  // namespace zgate::watch

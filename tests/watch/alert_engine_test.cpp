// The engine: the alert's shape, alerts not feeding the rules, loading all or nothing, and
// the command hook.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "audit/bus.h"
#include "core/clock.h"
#include "watch/command_hook.h"
#include "watch_fixture.h"

namespace zgate::watch {
namespace {

using testing::Engine;
using testing::signon;

constexpr const char* kAnyFailure = R"(title: Any failure
id: any-failure
level: low
logsource: {product: zgate, service: audit}
detection:
  sel: {violation: true}
  condition: sel
)";

std::filesystem::path temp_dir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("zgate_watch_" + name + "_" + std::to_string(getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

TEST(AlertEngine, TheAlertIsAnAuditEvent) {
  Engine e;
  e.load(kAnyFailure);
  auto ev = signon("JOE", 1, "10.2.3.4");
  ev.correlation = "C-42";
  ev.source_port = 5555;
  ASSERT_EQ(e.feed(ev), std::vector<std::string>{"any-failure"});
  auto a = e.raised().at(0);
  EXPECT_EQ(a.code, audit::EventCode::None);
  EXPECT_EQ(a.component, "WATCH");
  EXPECT_EQ(a.component_code, "ALERT");
  EXPECT_EQ(a.resource, "any-failure");
  EXPECT_EQ(a.detail, "Any failure (user=JOE source_ip=10.2.3.4)");
  EXPECT_EQ(a.severity, 3);
  EXPECT_EQ(audit::severity_of(a), 3);
  EXPECT_EQ(a.user, "JOE");
  EXPECT_EQ(a.source_ip, "10.2.3.4");
  EXPECT_EQ(a.source_port, 5555);
  EXPECT_EQ(a.correlation, "C-42");
  EXPECT_EQ(a.time, ev.time);
  EXPECT_FALSE(a.violation);
}

TEST(AlertEngine, AlertsDoNotFeedTheRulesThatRaiseThem) {
  audit::MemorySink trail;
  core::ManualClock clock{testing::kT0};
  audit::Bus bus(clock);
  bus.add_sink(trail);
  // A rule that would match its own alert (the alert has the user) if alerts were input.
  AlertEngine engine(bus);
  engine.load_text(R"(title: Joe anywhere
id: joe
logsource: {product: zgate, service: audit}
detection:
  sel: {user: JOE}
  condition: sel
)",
                   "joe.yml");
  bus.subscribe([&](const audit::Event& ev) { engine.on_event(ev); });
  bus.write(signon("JOE", 0));
  bus.flush();
  bus.flush();
  auto events = trail.events();
  ASSERT_EQ(events.size(), 2u);  // the sign-on and one alert, on the trail through the bus
  EXPECT_EQ(events[1].component, "WATCH");
  EXPECT_EQ(engine.stats().alerts, 1u);
}

TEST(AlertEngine, ARuleForAlertsReadsOnlyAlerts) {
  Engine e;
  e.load(std::string(kAnyFailure) + R"(---
title: Critical alert
id: on-alerts
logsource: {product: zgate, service: alerts}
detection:
  sel: {component_code: ALERT, resource: any-failure}
  condition: sel
)");
  EXPECT_EQ(e.feed(signon("JOE", 1)), std::vector<std::string>{"any-failure"});
  auto alert = e.raised().at(0);
  EXPECT_EQ(e.feed(alert), std::vector<std::string>{"on-alerts"});
}

TEST(AlertEngine, RulesForOtherProductsAreLoadedButNotEvaluated) {
  Engine e;
  e.load(R"(title: Windows logon failure
id: win
logsource: {product: windows, service: security}
detection:
  sel: {EventID: 4625}
  condition: sel
)");
  EXPECT_EQ(e.engine.stats().skipped, 1u);
  EXPECT_TRUE(e.feed(signon("JOE", 1)).empty());
}

TEST(AlertEngine, DuplicateIdsAreRefused) {
  Engine e;
  e.load(kAnyFailure);
  EXPECT_THROW(e.load(kAnyFailure), SigmaError);
  EXPECT_EQ(e.engine.stats().rules, 1u);
}

TEST(AlertEngine, ADirectoryLoadsAllOrNothing) {
  auto dir = temp_dir("dir");
  std::ofstream(dir / "a.yml") << kAnyFailure;
  std::ofstream(dir / "b.yml") << "title: broken\nlogsource: {product: zgate}\ndetection: {sel: {user: X}, condition: nope}\n";
  std::ofstream(dir / "notes.txt") << "not a rule";
  Engine e;
  try {
    e.engine.load_directory(dir);
    FAIL() << "loaded a directory with a broken rule";
  } catch (const SigmaError& x) {
    EXPECT_NE(std::string(x.what()).find("b.yml: rule 'broken': condition 'nope'"), std::string::npos) << x.what();
  }
  EXPECT_EQ(e.engine.stats().rules, 0u);
  std::filesystem::remove(dir / "b.yml");
  e.engine.load_directory(dir);
  EXPECT_EQ(e.engine.stats().rules, 1u);
  std::filesystem::remove_all(dir);
  EXPECT_THROW(e.engine.load_directory(dir), SigmaError);
}

TEST(AlertEngine, AReloadReplacesTheRulesOrKeepsThemOnError) {
  auto dir = temp_dir("reload");
  std::ofstream(dir / "a.yml") << kAnyFailure;
  Engine e;
  e.engine.load_directory(dir);
  EXPECT_THROW(e.engine.load_directory(dir), SigmaError);  // loading again: the same ids
  e.engine.reload_directory(dir);
  EXPECT_EQ(e.engine.stats().rules, 1u);
  std::ofstream(dir / "b.yml") << "title: broken\nlogsource: {product: zgate}\ndetection: {sel: {usr: X}, condition: sel}\n";
  EXPECT_THROW(e.engine.reload_directory(dir), SigmaError);
  EXPECT_EQ(e.feed(signon("JOE", 1)), std::vector<std::string>{"any-failure"});  // still the old rules
  std::filesystem::remove(dir / "b.yml");
  std::filesystem::remove(dir / "a.yml");
  e.engine.reload_directory(dir);
  EXPECT_EQ(e.engine.stats().rules, 0u);
  EXPECT_TRUE(e.feed(signon("JOE", 1)).empty());
  std::filesystem::remove_all(dir);
}

std::string read_when_done(const std::filesystem::path& p) {
  for (int i = 0; i < 200; ++i) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    if (s.str().find('\n') != std::string::npos) return s.str();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return {};
}

TEST(AlertEngine, TheHookGetsTheAlertAsOneJsonLine) {
  auto dir = temp_dir("hook");
  auto out = dir / "alert.json";
  AlertEngine::Options opt;
  opt.hook.argv = {"/bin/sh", "-c", "cat > \"$0\"", out.string()};
  {
    Engine e(opt);
    e.load(kAnyFailure);
    e.feed(signon("JOE", 1, "10.2.3.4"));
    std::string line = read_when_done(out);
    EXPECT_NE(line.find("\"component\":\"WATCH\""), std::string::npos) << line;
    EXPECT_NE(line.find("\"resource\":\"any-failure\""), std::string::npos) << line;
    EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
  }
  std::filesystem::remove_all(dir);
}

TEST(CommandHook, AHangingProgramIsKilledAtItsTimeoutAndNeverBlocksTheCaller) {
  CommandHook hook({{"/bin/sleep", "30"}, std::chrono::milliseconds(1000), 2});
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(hook.run("{}"));
  EXPECT_TRUE(hook.run("{}"));
  EXPECT_FALSE(hook.run("{}"));  // both slots busy: dropped, not queued
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(500));
  hook.wait_idle();
  auto s = hook.stats();
  EXPECT_EQ(s.started, 2u);
  EXPECT_EQ(s.dropped, 1u);
  EXPECT_EQ(s.killed, 2u);
  EXPECT_EQ(s.finished, 2u);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
}

TEST(CommandHook, AProgramThatDoesNotReadOrDoesNotExistHarmsNothing) {
  CommandHook quits({{"/bin/true"}, std::chrono::milliseconds(2000), 4});
  for (int i = 0; i < 3; ++i) quits.run(std::string(100000, 'x'));  // larger than it reads: no SIGPIPE
  quits.wait_idle();
  EXPECT_EQ(quits.stats().finished, 3u);
  CommandHook missing({{"/nonexistent/hook"}, std::chrono::milliseconds(2000), 4});
  EXPECT_FALSE(missing.run("{}"));
  EXPECT_EQ(missing.stats().failed, 1u);
}

}  // namespace
}  // namespace zgate::watch

// Loading Sigma detection rules: the attributes, the detection's shapes, the condition grammar,
// and the errors that name the file, the rule and what is wrong.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "watch/sigma_file.h"
#include "watch/sigma_rule.h"
#include "watch_fixture.h"

namespace zgate::watch {
namespace {

using testing::signon;

SigmaRule rule(const std::string& detection, const std::string& product = "zgate") {
  std::string text = "title: T\nid: t-1\nlevel: high\nlogsource:\n  product: " + product +
                     "\n  service: audit\ndetection:\n" + detection;
  auto f = parse_sigma(text, "t.yml");
  EXPECT_EQ(f.rules.size(), 1u);
  return f.rules.at(0);
}

std::string error_of(const std::string& text) {
  try {
    parse_sigma(text, "bad.yml");
  } catch (const SigmaError& e) {
    return e.what();
  }
  return "(loaded)";
}

std::string detection_error(const std::string& detection) {
  return error_of("title: Bad rule\nlogsource:\n  product: zgate\ndetection:\n" + detection);
}

TEST(SigmaRule, ReadsTheAttributes) {
  auto f = parse_sigma(R"(title: Failed password
id: 1b2c
name: zgate_failed_password
status: test
description: A sign-on refused for its password
level: critical
logsource: {product: zgate, service: audit}
detection:
  selection: {event_name: JOBINIT, qualifier: 1}
  condition: selection
)",
                       "x.yml");
  ASSERT_EQ(f.rules.size(), 1u);
  const auto& i = f.rules[0].info();
  EXPECT_EQ(i.title, "Failed password");
  EXPECT_EQ(i.id, "1b2c");
  EXPECT_EQ(i.name, "zgate_failed_password");
  EXPECT_EQ(i.status, "test");
  EXPECT_EQ(i.level, Level::Critical);
  EXPECT_EQ(severity_of(i.level), 10);
  EXPECT_TRUE(f.rules[0].logsource().is_zgate());
  EXPECT_TRUE(f.rules[0].matches(signon("JOE", 1)));
  EXPECT_FALSE(f.rules[0].matches(signon("JOE", 0)));
}

TEST(SigmaRule, LevelsMapToSeverities) {
  EXPECT_EQ(severity_of(Level::Informational), 1);
  EXPECT_EQ(severity_of(Level::Low), 3);
  EXPECT_EQ(severity_of(Level::Medium), 5);
  EXPECT_EQ(severity_of(Level::High), 8);
  EXPECT_EQ(severity_of(Level::Critical), 10);
}

TEST(SigmaRule, AMapIsAndAListOfMapsIsOr) {
  auto r = rule("  a: {user: JOE, qualifier: 1}\n  condition: a\n");
  EXPECT_TRUE(r.matches(signon("JOE", 1)));
  EXPECT_FALSE(r.matches(signon("JOE", 0)));
  EXPECT_FALSE(r.matches(signon("ANN", 1)));
  auto o = rule("  a:\n    - user: JOE\n    - qualifier: 6\n  condition: a\n");
  EXPECT_TRUE(o.matches(signon("JOE", 0)));
  EXPECT_TRUE(o.matches(signon("ANN", 6)));
  EXPECT_FALSE(o.matches(signon("ANN", 0)));
}

TEST(SigmaRule, AListOfValuesIsOrUnlessAll) {
  auto r = rule("  a: {user: [JOE, ANN]}\n  condition: a\n");
  EXPECT_TRUE(r.matches(signon("ANN", 0)));
  EXPECT_FALSE(r.matches(signon("BOB", 0)));
  auto all = rule("  a: {detail|contains|all: [ALTUSER, SPECIAL]}\n  condition: a\n");
  auto e = signon("X", 0);
  e.detail = "ALTUSER JOE SPECIAL";
  EXPECT_TRUE(all.matches(e));
  e.detail = "ALTUSER JOE OPERATIONS";
  EXPECT_FALSE(all.matches(e));
}

TEST(SigmaRule, KeywordListsSearchEveryField) {
  auto r = rule("  keywords: [REPLAY, 'evil*']\n  condition: keywords\n");
  auto e = signon("JOE", 1);
  EXPECT_FALSE(r.matches(e));
  e.detail = "PASSTICKET ALREADY USED (REPLAY)";
  EXPECT_TRUE(r.matches(e));
  e.detail.clear();
  e.appl = "EVILAPP";
  EXPECT_TRUE(r.matches(e));
}

TEST(SigmaRule, ConditionGrammar) {
  const std::string sels =
      "  sel_a: {user: JOE}\n  sel_b: {qualifier: 1}\n  filter: {source_ip: 10.9.9.9}\n  _helper: {user: ANN}\n";
  auto c = [&](const std::string& cond) { return rule(sels + "  condition: " + cond + "\n"); };
  auto joe1 = signon("JOE", 1), joe0 = signon("JOE", 0), ann1 = signon("ANN", 1);
  auto joe1_filtered = signon("JOE", 1, "10.9.9.9");

  EXPECT_TRUE(c("sel_a and sel_b").matches(joe1));
  EXPECT_FALSE(c("sel_a and sel_b").matches(joe0));
  EXPECT_TRUE(c("sel_a or sel_b").matches(ann1));
  EXPECT_FALSE(c("sel_a and not sel_b").matches(joe1));
  EXPECT_TRUE(c("sel_a and not sel_b").matches(joe0));
  EXPECT_TRUE(c("all of sel_*").matches(joe1));
  EXPECT_FALSE(c("all of sel_*").matches(ann1));
  EXPECT_TRUE(c("1 of sel_*").matches(ann1));
  EXPECT_TRUE(c("1 of sel_* and not filter").matches(joe1));
  EXPECT_FALSE(c("1 of sel_* and not filter").matches(joe1_filtered));
  // not binds tighter than and, and tighter than or; parentheses regroup.
  EXPECT_TRUE(c("sel_b or sel_a and filter").matches(ann1));
  EXPECT_FALSE(c("(sel_b or sel_a) and filter").matches(ann1));
  EXPECT_TRUE(c("not (sel_a or sel_b)").matches(signon("BOB", 0)));
  EXPECT_TRUE(c("NOT sel_a AND sel_b").matches(ann1));  // keywords in any case
  // them: every identifier but those starting with an underscore.
  EXPECT_FALSE(c("1 of them").matches(signon("ANN", 0)));
  EXPECT_TRUE(c("all of them").matches(joe1_filtered));
  EXPECT_TRUE(c("_helper").matches(signon("ANN", 0)));
}

TEST(SigmaRule, AListOfConditionsIsAnyOfThem) {
  auto r = rule("  a: {user: JOE}\n  b: {user: ANN}\n  condition: [a, b]\n");
  EXPECT_TRUE(r.matches(signon("ANN", 0)));
  EXPECT_TRUE(r.matches(signon("JOE", 0)));
  EXPECT_FALSE(r.matches(signon("BOB", 0)));
}

TEST(SigmaRule, MalformedYamlIsRejectedWithTheFileAndLine) {
  auto e = error_of("title: x\ndetection: {selection: [a, b\n");
  EXPECT_NE(e.find("bad.yml"), std::string::npos) << e;
  EXPECT_NE(e.find("not YAML"), std::string::npos) << e;
  EXPECT_NE(e.find("line"), std::string::npos) << e;
  EXPECT_NE(error_of("- just\n- a list\n").find("not a map"), std::string::npos);
  EXPECT_NE(error_of("title: x\nlogsource: {product: zgate}\n").find("neither detection nor correlation"),
            std::string::npos);
}

TEST(SigmaRule, MissingPartsAreNamed) {
  EXPECT_NE(error_of("logsource: {product: zgate}\ndetection: {a: {user: X}, condition: a}\n").find("without a title"),
            std::string::npos);
  EXPECT_NE(error_of("title: No source\ndetection: {a: {user: X}, condition: a}\n").find("rule 'No source': logsource"),
            std::string::npos);
  EXPECT_NE(detection_error("  a: {user: X}\n").find("rule 'Bad rule': detection has no condition"), std::string::npos);
  EXPECT_NE(detection_error("  condition: a\n").find("no search identifier"), std::string::npos);
  EXPECT_NE(error_of("title: L\nlevel: severe\nlogsource: {product: zgate}\ndetection: {a: {user: X}, condition: a}\n")
                .find("level 'severe'"),
            std::string::npos);
}

TEST(SigmaRule, BadConditionsAreRejected) {
  const std::string sels = "  a: {user: X}\n  b: {user: Y}\n";
  auto err = [&](const std::string& cond) { return detection_error(sels + "  condition: '" + cond + "'\n"); };
  EXPECT_NE(err("a and").find("ends where a search identifier was expected"), std::string::npos) << err("a and");
  EXPECT_NE(err("a and c").find("'c' is not a search identifier"), std::string::npos);
  EXPECT_NE(err("(a or b").find("not closed"), std::string::npos);
  EXPECT_NE(err("a or b)").find("unexpected ')'"), std::string::npos);
  EXPECT_NE(err("a b").find("unexpected 'b'"), std::string::npos);
  EXPECT_NE(err("2 of a*").find("only '1 of' and 'all of'"), std::string::npos);
  EXPECT_NE(err("1 of z*").find("matches no search identifier"), std::string::npos);
  EXPECT_NE(err("a | count() > 5").find("correlation rules"), std::string::npos);
  EXPECT_NE(err("").find("empty"), std::string::npos);
  EXPECT_NE(err("a and or b").find("'or' where a search identifier"), std::string::npos);
  std::string deep(100, '(');
  EXPECT_NE(err(deep + "a" + std::string(100, ')')).find("nested deeper"), std::string::npos);
  // The message names the file and the rule.
  EXPECT_EQ(err("a and c").rfind("bad.yml: rule 'Bad rule': condition 'a and c': ", 0), 0u) << err("a and c");
}

TEST(SigmaRule, BadSelectionsAreRejected) {
  EXPECT_NE(detection_error("  a: {usr: X}\n  condition: a\n").find("'usr' is not a field"), std::string::npos);
  EXPECT_NE(detection_error("  a: {user|sortof: X}\n  condition: a\n").find("unknown modifier 'sortof'"),
            std::string::npos);
  EXPECT_NE(detection_error("  a: {user|base64: X}\n  condition: a\n").find("not supported"), std::string::npos);
  EXPECT_NE(detection_error("  a: {user|re: '(unclosed'}\n  condition: a\n").find("does not compile"),
            std::string::npos);
  EXPECT_NE(detection_error("  a: {source_ip|cidr: 10.0.0.0/33}\n  condition: a\n").find("not an address"),
            std::string::npos);
  EXPECT_NE(detection_error("  a: {user: []}\n  condition: a\n").find("empty list"), std::string::npos);
  EXPECT_NE(detection_error("  a: {user: {nested: map}}\n  condition: a\n").find("a value must be"),
            std::string::npos);
  EXPECT_NE(detection_error("  a: [{user: X}, plain]\n  condition: a\n").find("mixes"), std::string::npos);
  EXPECT_NE(detection_error("  a: {user|contains|startswith: X}\n  condition: a\n").find("combined"),
            std::string::npos);
  EXPECT_NE(detection_error("  a: {user|re: 'a{5000}'}\n  condition: a\n").find("repetition"), std::string::npos);
  EXPECT_NE(detection_error("  a: {user|re: '(x+x+)+y'}\n  condition: a\n").find("catastrophic"), std::string::npos);
  EXPECT_NE(detection_error("  a: {user|re: '(a|aa)*b'}\n  condition: a\n").find("catastrophic"), std::string::npos);
  EXPECT_NE(detection_error("  a: {user|re: '((a+)b)*'}\n  condition: a\n").find("catastrophic"), std::string::npos);
  EXPECT_EQ(detection_error("  a: {user|re: '([a-z]+,)?[*+|(]x{1,3}(A|B)'}\n  condition: a\n"), "(loaded)");
  EXPECT_NE(detection_error("  a: {user: X}\n  timeframe: 5m\n  condition: a\n").find("correlation rule"),
            std::string::npos);
}

TEST(SigmaRule, OtherProductsAreNotCheckedAgainstZgatesFields) {
  auto r = rule("  a: {EventID: 4625}\n  condition: a\n", "windows");
  EXPECT_FALSE(r.logsource().is_zgate());
}

}  // namespace
}  // namespace zgate::watch

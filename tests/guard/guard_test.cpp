// The decision: who, what, how much -> log, alert, mask, block; each rule that fires on record.
#include <gtest/gtest.h>

#include "audit/context.h"
#include "guard/guard.h"

namespace zgate::guard {
namespace {

Policy policy(const char* text) { return parse_policy(text, "test.toml"); }

Request tran(const std::string& user, const std::string& ip, const std::string& code, std::int64_t now = 1000) {
  Request r;
  r.kind = Request::Kind::Transaction;
  r.name = code;
  r.user = user;
  r.source_ip = ip;
  r.now = now;
  return r;
}

TEST(Guard, AnAccessRuleFiresForItsUserFromOutsideTheAllowedSourceOnly) {
  audit::MemorySink sink;
  Guard g(policy(R"([[rule]]
name = "AppID outside the application server"
kind = "access"
users = ["APPSRV1"]
not_sources = ["127.0.0.10/32"]
action = "alert"
severity = 7
)"),
          sink);
  EXPECT_FALSE(g.on_request(tran("APPSRV1", "127.0.0.10", "CARDINQ")).fired);
  EXPECT_FALSE(g.on_request(tran("CLERK", "127.0.0.66", "CARDINQ")).fired);
  Verdict v = g.on_request(tran("APPSRV1", "127.0.0.66", "CARDINQ"));
  ASSERT_TRUE(v.fired);
  EXPECT_EQ(v.action, Action::Alert);
  EXPECT_FALSE(v.blocked());
  auto ev = sink.events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].component, "GUARD");
  EXPECT_EQ(ev[0].component_code, "POLICY_ALERT");
  EXPECT_EQ(ev[0].resource, "AppID outside the application server");
  EXPECT_EQ(ev[0].user, "APPSRV1");
  EXPECT_EQ(ev[0].source_ip, "127.0.0.66");
  EXPECT_EQ(audit::severity_of(ev[0]), 7);
  EXPECT_FALSE(ev[0].violation);
}

TEST(Guard, AThresholdBlocksTheRequestThatGoesOverItAndTheWindowForgets) {
  audit::MemorySink sink;
  Guard g(policy(R"([[rule]]
name = "Inquiries in volume"
kind = "access"
transactions = ["CARD*"]
count = 3
window = 60
action = "block"
)"),
          sink);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(g.on_request(tran("JOE", "10.0.0.1", "CARDINQ", 1000 + i)).fired) << i;
  EXPECT_FALSE(g.on_request(tran("JOE", "10.0.0.1", "ECHOTXN", 1003)).fired) << "another transaction";
  EXPECT_FALSE(g.on_request(tran("ANN", "10.0.0.1", "CARDINQ", 1003)).fired) << "counted per user";
  EXPECT_TRUE(g.on_request(tran("JOE", "10.0.0.1", "CARDINQ", 1004)).blocked());
  EXPECT_TRUE(g.on_request(tran("JOE", "10.0.0.1", "CARDINQ", 1005)).blocked()) << "still over";
  EXPECT_FALSE(g.on_request(tran("JOE", "10.0.0.1", "CARDINQ", 1100)).fired) << "a minute later the window is empty";
  auto ev = sink.events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].component_code, "POLICY_BLOCK");
  EXPECT_TRUE(ev[0].violation);
  EXPECT_EQ(ev[0].client_code, "REFUSED BY POLICY");
}

TEST(Guard, AnExtrusionRuleMasksCardNumbersInTheOutputItLetsThrough) {
  audit::MemorySink sink;
  Guard g(policy(R"([[rule]]
name = "Mask PANs"
kind = "extrusion"
pattern = "card-number"
action = "mask"
)"),
          sink);
  std::vector<std::string> out{"CUSTOMER C000000001 ANNA MUSTER", "CARD 4111111111111111 1228 VISA A",
                               "CARD 5555555555554444 0627 MC A", "2 CARDS"};
  Verdict v = g.on_output(tran("JOE", "10.0.0.1", "CARDINQ"), out);
  EXPECT_TRUE(v.masked());
  EXPECT_EQ(out[0], "CUSTOMER C000000001 ANNA MUSTER");
  EXPECT_EQ(out[1], "CARD ************1111 1228 VISA A");
  EXPECT_EQ(out[2], "CARD ************4444 0627 MC A");
  EXPECT_EQ(out[3], "2 CARDS");
  std::vector<std::string> none{"NOTHING SECRET"};
  EXPECT_FALSE(g.on_output(tran("JOE", "10.0.0.1", "CARDINQ"), none).fired);
  EXPECT_EQ(sink.events().at(0).component_code, "POLICY_MASK");
}

TEST(Guard, CardNumbersAreCountedAcrossRepliesAndABlockWinsOverAMask) {
  audit::MemorySink sink;
  Guard g(policy(R"([[rule]]
name = "Mask PANs"
kind = "extrusion"
pattern = "card-number"
action = "mask"

[[rule]]
name = "Card numbers in volume"
kind = "extrusion"
pattern = "card-number"
count = 4
window = 60
action = "block"
)"),
          sink);
  auto reply = [] { return std::vector<std::string>{"CARD 4111111111111111 1228", "CARD 5555555555554444 0627"}; };
  auto a = reply(), b = reply(), c = reply();
  EXPECT_TRUE(g.on_output(tran("JOE", "10.0.0.1", "CARDINQ", 1000), a).masked());
  EXPECT_TRUE(g.on_output(tran("JOE", "10.0.0.1", "CARDINQ", 1001), b).masked());
  Verdict v = g.on_output(tran("JOE", "10.0.0.1", "CARDINQ", 1002), c);
  EXPECT_TRUE(v.blocked()) << "6 card numbers within the minute, more than 4";
  EXPECT_EQ(v.rules.size(), 2u);
}

TEST(Guard, AnExceptionRuleCountsFailuresWithTheCodesItNames) {
  audit::MemorySink sink;
  Guard g(policy(R"([[rule]]
name = "Probing for customers"
kind = "exception"
codes = ["GE"]
count = 2
window = 60
action = "block"
)"),
          sink);
  Request r = tran("JOE", "10.0.0.1", "GU");
  r.kind = Request::Kind::DlCall;
  r.psb = "CARDINQ";
  EXPECT_FALSE(g.on_outcome(r, "GE").fired);
  EXPECT_FALSE(g.on_outcome(r, "GB").fired) << "not a code the rule names";
  EXPECT_FALSE(g.on_outcome(r, "GE").fired);
  EXPECT_TRUE(g.on_outcome(r, "GE").blocked());
}

TEST(Guard, WhoComesFromTheAuditContextWhenTheCallerDoesNotKnow) {
  audit::MemorySink sink;
  Guard g(policy(R"([[rule]]
name = "Rogue source"
kind = "access"
sources = ["127.0.0.66"]
doors = ["IRM"]
action = "block"
)"),
          sink);
  Request r = tran("APPSRV1", "", "CARDINQ");
  EXPECT_FALSE(g.on_request(r).fired) << "no address: not from that source";
  audit::Context c;
  c.source_ip = "127.0.0.66";
  c.door = "IRM";
  c.correlation = "IC0000000000000042";
  audit::Scope s(c);
  EXPECT_TRUE(g.on_request(r).blocked());
  EXPECT_EQ(sink.events().at(0).correlation, "IC0000000000000042");
}

TEST(Guard, CertificatesAndTheirAbsenceAreWho) {
  audit::MemorySink sink;
  Guard g(policy(R"([[rule]]
name = "No certificate"
kind = "access"
users = ["APPSRV1"]
no_cert = true
action = "block"
)"),
          sink);
  Request r = tran("APPSRV1", "127.0.0.10", "CARDINQ");
  EXPECT_TRUE(g.on_request(r).blocked());
  r.cert_subject = "CN=appserver,O=Example";
  EXPECT_FALSE(g.on_request(r).fired);
}

TEST(Guard, CountsAreBoundedAndTheLeastRecentlyUsedGoesFirst) {
  audit::MemorySink sink;
  Guard g(policy(R"([[rule]]
name = "Volume"
kind = "access"
count = 1
action = "block"
)"),
          sink, /*max_keys=*/2);
  EXPECT_FALSE(g.on_request(tran("A", "10.0.0.1", "T")).fired);
  EXPECT_FALSE(g.on_request(tran("B", "10.0.0.1", "T")).fired);
  EXPECT_TRUE(g.on_request(tran("A", "10.0.0.1", "T")).blocked());
  EXPECT_FALSE(g.on_request(tran("C", "10.0.0.1", "T")).fired);  // evicts B (least recent)
  EXPECT_FALSE(g.on_request(tran("B", "10.0.0.1", "T")).fired) << "B's count was evicted";
}

}  // namespace
}  // namespace zgate::guard

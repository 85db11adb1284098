// Correlation into offenses: the seed's scenario as the audit stream shows it. The application
// ID used from a rogue address (an alert), then JOEADMIN's card-number requests from the same
// address blocked by a policy: one offense, both users, the rogue source, severity raised
// because two detectors agree, and a ticket naming the source.
#include <gtest/gtest.h>

#include "audit/sink.h"
#include "watch/offenses.h"

namespace zgate::watch {
namespace {

audit::Event alert(std::int64_t t, const std::string& user, const std::string& ip, const std::string& rule, int sev) {
  audit::Event e;
  e.time = t;
  e.code = audit::EventCode::None;
  e.component = "WATCH";
  e.component_code = "ALERT";
  e.resource = rule;
  e.detail = rule + " (user=" + user + ")";
  e.user = user;
  e.source_ip = ip;
  e.severity = sev;
  return e;
}
audit::Event policy(std::int64_t t, const std::string& user, const std::string& ip, const std::string& code) {
  audit::Event e;
  e.time = t;
  e.code = audit::EventCode::None;
  e.component = "GUARD";
  e.component_code = code;
  e.resource = "Card numbers in volume";
  e.user = user;
  e.source_ip = ip;
  e.door = "IRM";
  e.violation = code == "POLICY_BLOCK";
  e.severity = 8;
  return e;
}
audit::Event jobinit(std::int64_t t, const std::string& user, const std::string& ip, bool violation) {
  audit::Event e;
  e.time = t;
  e.code = audit::EventCode::JobInit;
  e.qualifier = violation ? 1 : 0;
  e.violation = violation;
  e.component = "IMSCONN";
  e.user = user;
  e.source_ip = ip;
  e.door = "DRDA";
  return e;
}

std::vector<audit::Event> with_code(const audit::MemorySink& s, const std::string& code) {
  std::vector<audit::Event> out;
  for (const auto& e : s.events())
    if (e.component_code == code) out.push_back(e);
  return out;
}

TEST(Offenses, TheAppIdAlertAndJoeAdminsBlockedRequestsFromTheRogueSourceAreOneOffenseWithATicket) {
  audit::MemorySink out;
  Offenses o(&out, {.privileged = [](const std::string& u) { return u == "JOEADMIN"; }});
  o.on_event(alert(1000, "APPSRV1", "127.0.0.66", "zgate-appid-foreign-source", 8));
  o.on_event(jobinit(1001, "JOEADMIN", "127.0.0.66", false));  // not a violation: not part of it
  o.on_event(jobinit(1002, "JOEADMIN", "127.0.0.66", true));   // a violation from the same source joins
  for (int i = 0; i < 3; ++i) o.on_event(policy(1003 + i, "JOEADMIN", "127.0.0.66", "POLICY_BLOCK"));
  ASSERT_EQ(o.all().size(), 1u);
  const Offense& off = o.all()[0];
  EXPECT_EQ(off.users, (std::set<std::string>{"APPSRV1", "JOEADMIN"}));
  EXPECT_EQ(off.sources, (std::set<std::string>{"127.0.0.66"}));
  EXPECT_EQ(off.detectors.size(), 3u);  // alert rules, the policy, RACF
  EXPECT_EQ(off.event_count, 5u);
  EXPECT_EQ(off.severity, 10) << "8, raised because independent detectors agree";
  EXPECT_GE(off.magnitude, 7);
  EXPECT_TRUE(off.ticketed);
  ASSERT_EQ(with_code(out, "OFFENSE_OPENED").size(), 1u);
  auto tickets = with_code(out, "TICKET");
  ASSERT_EQ(tickets.size(), 1u);
  EXPECT_NE(tickets[0].detail.find("127.0.0.66"), std::string::npos) << tickets[0].detail;
  EXPECT_NE(tickets[0].detail.find("JOEADMIN"), std::string::npos) << tickets[0].detail;
  EXPECT_EQ(tickets[0].resource, off.id);
  EXPECT_GE(audit::severity_of(tickets[0]), 8);
}

TEST(Offenses, UnrelatedActivityAndPlainViolationsOpenNothing) {
  audit::MemorySink out;
  Offenses o(&out, {});
  o.on_event(jobinit(1000, "CLERK", "10.0.0.1", false));
  audit::Event v = jobinit(1001, "CLERK", "10.0.0.1", true);
  v.severity = 4;  // below the opening threshold
  o.on_event(v);
  o.on_event(policy(1002, "CLERK", "10.0.0.1", "POLICY_MASK"));  // a mask is not an alert
  EXPECT_TRUE(o.all().empty());
  EXPECT_TRUE(out.events().empty());
}

TEST(Offenses, ActivityAfterTheWindowOrFromOthersOpensAnotherOffense) {
  Offenses o(nullptr, {.window = 600});
  o.on_event(alert(1000, "APPSRV1", "127.0.0.66", "r1", 8));
  o.on_event(alert(1100, "BOB", "10.9.9.9", "r1", 8));          // shares nothing
  o.on_event(alert(1000 + 601 + 100, "APPSRV1", "127.0.0.66", "r1", 8));  // 701 s after the last
  EXPECT_EQ(o.all().size(), 3u);
  EXPECT_NE(o.all()[0].id, o.all()[2].id);
}

TEST(Offenses, ReplayingTheSameEventsGivesTheSameIdsAndAClosingRecordClosesOne) {
  std::vector<audit::Event> stream{alert(1000, "APPSRV1", "127.0.0.66", "r1", 8),
                                   policy(1001, "JOEADMIN", "127.0.0.66", "POLICY_BLOCK")};
  Offenses a(nullptr, {}), b(nullptr, {});
  for (const auto& e : stream) a.on_event(e), b.on_event(e);
  ASSERT_EQ(a.all().size(), 1u);
  EXPECT_EQ(a.all()[0].id, b.all()[0].id);
  b.on_event(Offenses::closing(a.all()[0].id, "SECADM", "false positive? no: APPSRV1 password reset", 2000));
  EXPECT_TRUE(b.all()[0].closed);
  EXPECT_EQ(b.all()[0].closed_by, "SECADM");
  b.on_event(alert(2001, "APPSRV1", "127.0.0.66", "r1", 8));
  EXPECT_EQ(b.all().size(), 2u) << "a closed offense takes nothing new";
}

TEST(Offenses, TheirOwnRecordsAreNeverInput) {
  audit::MemorySink out;
  Offenses o(&out, {});
  o.on_event(alert(1000, "APPSRV1", "127.0.0.66", "r1", 8));
  const auto records = out.events();
  for (const auto& r : records) o.on_event(r);
  EXPECT_EQ(o.all().size(), 1u);
  EXPECT_EQ(o.all()[0].event_count, 1u);
}

TEST(Offenses, OpenOffensesAreBounded) {
  Offenses o(nullptr, {.max_open = 3});
  for (int i = 0; i < 10; ++i) o.on_event(alert(1000 + i, "U" + std::to_string(i), "10.0.0." + std::to_string(i), "r", 8));
  EXPECT_EQ(o.all().size(), 3u);
  EXPECT_EQ(*o.all().back().users.begin(), "U9");
}

}  // namespace
}  // namespace zgate::watch

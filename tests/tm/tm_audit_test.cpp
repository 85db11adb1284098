// tm's records on the audit trail (issue 17): a program scheduled, an abend, a CHNG refused by
// TIMS; each under the correlation ID the message brought from its client's connection, next
// to RACF's record of the check behind it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tm_fixture.h"

namespace zgate::tm::testing {
namespace {

using ::testing::HasSubstr;

class TmAudit : public TmTest {
 protected:
  std::vector<audit::Event> tm_events(const std::string& code) {
    std::vector<audit::Event> out;
    for (const auto& e : sink.events())
      if (e.component == "TM" && e.component_code == code) out.push_back(e);
    return out;
  }
  InputMessage correlated(InputMessage m, const std::string& id) {
    m.correlation = id;
    return m;
  }
};

TEST_F(TmAudit, WithAuditSchedulesEveryScheduledMessageIsOnRecordWithItsPsbAndCorrelationId) {
  cfg.audit_schedules = true;
  start();
  EXPECT_EQ(text(run(correlated(message("ECHOTXN", "HELLO"), "IC00000000000000A1"))), "HELLO");
  auto s = tm_events("SCHEDULE");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].resource, "ECHOTXN");
  EXPECT_EQ(s[0].resource_class, "TIMS");
  EXPECT_THAT(s[0].detail, HasSubstr("PSB ECHOPGM"));
  EXPECT_EQ(s[0].correlation, "IC00000000000000A1");
  EXPECT_FALSE(s[0].violation);
  EXPECT_TRUE(tm_events("ABEND").empty());
}

TEST_F(TmAudit, ByDefaultSchedulesAreNotRecorded) {
  start();
  EXPECT_EQ(text(run(message("ECHOTXN", "HELLO"))), "HELLO");
  EXPECT_TRUE(tm_events("SCHEDULE").empty());
}

TEST_F(TmAudit, AnAbendIsOnRecordWithTheAbendCodeAndTheDfs555ITheClientGot) {
  start();
  Outcome o = run(correlated(message("CRASHTX", "SEGV", MessageSecurity::None, ""), "IC00000000000000B2"));
  ASSERT_EQ(o.abend_code, "S0C4");
  auto a = tm_events("ABEND");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].resource, "CRASHTX");
  EXPECT_EQ(a[0].client_code, "DFS555I S0C4");
  EXPECT_THAT(a[0].detail, HasSubstr("abended S0C4"));
  EXPECT_EQ(a[0].correlation, "IC00000000000000B2");
  EXPECT_EQ(audit::severity_of(a[0]), 5);
}

TEST_F(TmAudit, ACngRefusedByTimsIsOnRecordWithTheA4StatusNextToRacfsViolation) {
  user("BOB");
  protect("TIMS", "ECHOTXN");
  start();
  Outcome denied = run(correlated(message("SWITCHTX", "ECHOTXN SWITCHED", MessageSecurity::Check, "BOB"),
                                  "IC00000000000000C3"));
  EXPECT_EQ(text(denied), "CHNG ECHOTXN STATUS=A4");
  auto r = tm_events("CHNG_REFUSED");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].resource, "ECHOTXN");
  EXPECT_EQ(r[0].client_code, "DL/I A4");
  EXPECT_EQ(r[0].user, "BOB");
  const audit::Event* racf = nullptr;
  auto all = sink.events();
  for (const auto& e : all)
    if (e.code == audit::EventCode::Access && e.resource == "ECHOTXN" && e.violation) racf = &e;
  ASSERT_NE(racf, nullptr) << "RACF's own record of the check";
  EXPECT_EQ(racf->correlation, "IC00000000000000C3");
}

}  // namespace
}  // namespace zgate::tm::testing

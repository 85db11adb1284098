// Every rule in rules/ (loaded from the repository, as a site would) with an event sequence
// that makes it fire and one that must not.
#include <gtest/gtest.h>

#include <algorithm>

#include "watch_fixture.h"

namespace zgate::watch {
namespace {

using audit::EventCode;
using testing::access_violation;
using testing::command;
using testing::kT0;
using testing::signon;

class ShippedRules : public ::testing::Test {
 protected:
  void SetUp() override { e_.load_shipped(); }

  // The titles of the alerts the event raised.
  std::vector<std::string> feed(const audit::Event& ev) {
    e_.feed(ev);
    std::vector<std::string> titles;
    for (const auto& a : e_.raised()) titles.push_back(a.detail.substr(0, a.detail.rfind(" (")));
    return titles;
  }
  bool fires(const audit::Event& ev, const std::string& title) {
    auto t = feed(ev);
    return std::find(t.begin(), t.end(), title) != t.end();
  }
  int severity_of_last() { return e_.raised().empty() ? 0 : e_.raised().back().severity; }

  testing::Engine e_;
};

TEST_F(ShippedRules, AllLoad) {
  auto s = e_.engine.stats();
  EXPECT_EQ(s.rules, 12u);
  EXPECT_EQ(s.correlations, 6u);
  EXPECT_EQ(s.skipped, 0u);
}

constexpr const char* kPrivileged = "Sign-on by a privileged or emergency user ID";
TEST_F(ShippedRules, PrivilegedSignonFires) {
  EXPECT_TRUE(fires(signon("IBMUSER", 0), kPrivileged));
  EXPECT_EQ(severity_of_last(), 8);
  EXPECT_TRUE(fires(signon("firecall1", 0), kPrivileged));
}
TEST_F(ShippedRules, PrivilegedSignonDoesNotFireForOthersOrFailures) {
  EXPECT_FALSE(fires(signon("JOE", 0), kPrivileged));
  EXPECT_FALSE(fires(signon("FIRECALL1", 1), kPrivileged));
  auto access = access_violation("IBMUSER", "10.1.1.1");
  access.violation = false;
  access.qualifier = 0;
  EXPECT_FALSE(fires(access, kPrivileged));
}

constexpr const char* kFailedPerUser = "Repeated failed passwords for one user ID";
TEST_F(ShippedRules, FailedPasswordsFireAtFiveWithinTenMinutes) {
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(feed(signon("JOE", 1, "10.1.1.1", kT0 + i * 60)).empty());
  EXPECT_TRUE(fires(signon("JOE", 1, "10.1.1.1", kT0 + 300), kFailedPerUser));
  EXPECT_EQ(e_.raised().back().detail, std::string(kFailedPerUser) + " (user=JOE count=5)");
}
TEST_F(ShippedRules, FailedPasswordsDoNotFireSpreadOutOrAcrossUsers) {
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(fires(signon("JOE", 1, "10.1.1.1", kT0 + i * 200), kFailedPerUser));
  const char* users[] = {"A", "B", "C", "D"};
  for (auto u : users) EXPECT_FALSE(fires(signon(u, 1, "10.1.1.1", kT0 + 2000), kFailedPerUser));
}

constexpr const char* kSpray = "Failed passwords for many user IDs from one source";
TEST_F(ShippedRules, PasswordSprayFiresForFiveUsersFromOneSource) {
  const char* users[] = {"A", "B", "C", "D"};
  for (auto u : users) EXPECT_FALSE(fires(signon(u, 1, "6.6.6.6"), kSpray));
  EXPECT_TRUE(fires(signon("E", 1, "6.6.6.6"), kSpray));
}
TEST_F(ShippedRules, PasswordSprayDoesNotFireForOneUserOrManySources) {
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(fires(signon("A", 1, "6.6.6.6", kT0 + i), kSpray));
  const char* users[] = {"B", "C", "D", "E"};
  int n = 0;
  for (auto u : users) EXPECT_FALSE(fires(signon(u, 1, "7.7.7." + std::to_string(++n)), kSpray));
}

constexpr const char* kBruteForce = "Failed passwords followed by a successful sign-on";
TEST_F(ShippedRules, BruteForceSuccessFires) {
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(feed(signon("JOE", 1, "6.6.6.6", kT0 + i * 60)).empty());
  EXPECT_EQ(feed(signon("JOE", 0, "6.6.6.6", kT0 + 200)), std::vector<std::string>{kBruteForce});
}
TEST_F(ShippedRules, BruteForceSuccessDoesNotFireForFewFailuresOrALateSuccess) {
  for (int i = 0; i < 2; ++i) EXPECT_TRUE(feed(signon("ANN", 1, "6.6.6.6", kT0 + i)).empty());
  EXPECT_FALSE(fires(signon("ANN", 0, "6.6.6.6", kT0 + 5), kBruteForce));  // two failures only
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(feed(signon("BOB", 1, "6.6.6.6", kT0 + i)).empty());
  EXPECT_FALSE(fires(signon("JOE", 0, "6.6.6.6", kT0 + 10), kBruteForce));   // another user
  EXPECT_FALSE(fires(signon("BOB", 0, "6.6.6.6", kT0 + 1200), kBruteForce));  // 20 minutes later
}

constexpr const char* kRevoked = "Sign-on attempt by a revoked user ID";
TEST_F(ShippedRules, RevokedUserFires) {
  EXPECT_TRUE(fires(signon("GONE", 6), kRevoked));
  EXPECT_TRUE(fires(signon("GUESSED", 7), kRevoked));
}
TEST_F(ShippedRules, RevokedUserDoesNotFireForOtherRefusals) {
  EXPECT_FALSE(fires(signon("JOE", 9), kRevoked));
  EXPECT_FALSE(fires(signon("JOE", 1), kRevoked));
  auto access = access_violation("GONE", "10.1.1.1");
  access.qualifier = 6;  // qualifier 6 of another event is not a revoked user
  EXPECT_FALSE(fires(access, kRevoked));
}

constexpr const char* kReplay = "PassTicket replayed";
TEST_F(ShippedRules, PassTicketReplayFires) {
  auto e = signon("APPUSER", 1);
  e.detail = "PASSTICKET ALREADY USED (REPLAY)";
  EXPECT_TRUE(fires(e, kReplay));
  EXPECT_EQ(severity_of_last(), 10);
}
TEST_F(ShippedRules, PassTicketReplayDoesNotFireForOtherFailures) {
  auto e = signon("APPUSER", 1);
  e.detail = "PASSTICKET EXPIRED";
  EXPECT_FALSE(fires(e, kReplay));
  e = signon("APPUSER", 0);
  e.detail = "PASSTICKET ALREADY USED (REPLAY)";  // not a refusal: not this rule
  EXPECT_FALSE(fires(e, kReplay));
}

constexpr const char* kBurstUser = "Burst of access violations by one user ID";
constexpr const char* kBurstSource = "Burst of access violations from one source address";
TEST_F(ShippedRules, ViolationBurstByOneUserFires) {
  for (int i = 0; i < 9; ++i) EXPECT_TRUE(feed(access_violation("MALLORY", "10.0.0." + std::to_string(i), kT0 + i)).empty());
  auto t = feed(access_violation("MALLORY", "10.0.0.99", kT0 + 9));
  EXPECT_EQ(t, std::vector<std::string>{kBurstUser});
}
TEST_F(ShippedRules, ViolationBurstFromOneSourceFires) {
  for (int i = 0; i < 9; ++i) EXPECT_TRUE(feed(access_violation("U" + std::to_string(i), "6.6.6.6", kT0 + i)).empty());
  auto t = feed(access_violation("U9", "6.6.6.6", kT0 + 9));
  EXPECT_EQ(t, std::vector<std::string>{kBurstSource});
}
TEST_F(ShippedRules, ViolationBurstDoesNotFireSlowlyOrForGrantedAccess) {
  for (int i = 0; i < 12; ++i) {
    auto t = feed(access_violation("MALLORY", "6.6.6.6", kT0 + i * 10));  // 12 in 110 s: never 10 in 60 s
    EXPECT_TRUE(t.empty()) << i;
  }
  for (int i = 0; i < 12; ++i) {
    auto ok = access_violation("JOE", "7.7.7.7", kT0 + 1000);
    ok.violation = false;
    ok.qualifier = 0;
    EXPECT_TRUE(feed(ok).empty());
  }
}

constexpr const char* kSpecialGranted = "SPECIAL, OPERATIONS or AUDITOR granted";
TEST_F(ShippedRules, SpecialGrantedFires) {
  EXPECT_TRUE(fires(command(EventCode::AltUser, "ALTUSER JOEADMIN SPECIAL"), kSpecialGranted));
  EXPECT_EQ(severity_of_last(), 10);
  EXPECT_TRUE(fires(command(EventCode::AddUser, "adduser newguy name('NEW GUY') operations"), kSpecialGranted));
  EXPECT_TRUE(fires(command(EventCode::Connect, "CONNECT JOE GROUP(PAYROLL) AUDITOR"), kSpecialGranted));
}
TEST_F(ShippedRules, SpecialGrantedDoesNotFireForRemovalsRefusalsOrOtherCommands) {
  EXPECT_FALSE(fires(command(EventCode::AltUser, "ALTUSER JOEADMIN NOSPECIAL"), kSpecialGranted));
  EXPECT_FALSE(fires(command(EventCode::AltUser, "ALTUSER JOEADMIN SPECIAL", /*refused=*/true), kSpecialGranted));
  EXPECT_FALSE(fires(command(EventCode::AltUser, "ALTUSER SPECIALX PASSWORD(********)"), kSpecialGranted));
  EXPECT_FALSE(fires(command(EventCode::Permit, "PERMIT SPECIAL CLASS(TIMS) ID(JOE)"), kSpecialGranted));
}

constexpr const char* kSpecialUsed = "System-wide RACF options changed, SPECIAL used";
TEST_F(ShippedRules, SpecialUsedFiresForSetropts) {
  EXPECT_TRUE(fires(command(EventCode::SetrOpts, "SETROPTS NOPROTECTALL"), kSpecialUsed));
  EXPECT_TRUE(fires(command(EventCode::SetrOpts, "SETROPTS PASSWORD(REVOKE(10))"), kSpecialUsed));
}
TEST_F(ShippedRules, SpecialUsedDoesNotFireForRefreshOrRefusal) {
  EXPECT_FALSE(fires(command(EventCode::SetrOpts, "SETROPTS RACLIST(TIMS) REFRESH"), kSpecialUsed));
  EXPECT_FALSE(fires(command(EventCode::SetrOpts, "SETROPTS NOPROTECTALL", /*refused=*/true), kSpecialUsed));
}

// An event that is not RACF's: a component's own code and detail.
audit::Event component_event(std::string component, std::string code, std::string detail) {
  audit::Event e;
  e.time = kT0;
  e.code = EventCode::None;
  e.component = std::move(component);
  e.component_code = std::move(code);
  e.detail = std::move(detail);
  return e;
}
audit::Event secure_otma(std::string detail) {
  auto e = component_event("OTMA", "SECURE_OTMA", std::move(detail));
  e.resource = "*";
  e.user = "OPER1";
  return e;
}
constexpr const char* kOtma = "OTMA security level lowered to NONE or JOIN";
TEST_F(ShippedRules, OtmaLoweredFires) {
  EXPECT_TRUE(fires(secure_otma("CHECK->NONE"), kOtma));
  EXPECT_TRUE(fires(secure_otma("FULL->JOIN"), kOtma));
  EXPECT_TRUE(fires(secure_otma("JOIN->NONE"), kOtma));
}
TEST_F(ShippedRules, OtmaLoweredDoesNotFireWhenRaised) {
  EXPECT_FALSE(fires(secure_otma("NONE->CHECK"), kOtma));
  EXPECT_FALSE(fires(secure_otma("NONE->JOIN"), kOtma));
  EXPECT_FALSE(fires(secure_otma("CHECK->FULL"), kOtma));
  auto other = secure_otma("CHECK->NONE");
  other.component_code = "CLIENT_BID";
  EXPECT_FALSE(fires(other, kOtma));
}

audit::Event hws_start(std::string detail) {
  auto e = component_event("IMSCONN", "HWS_START", std::move(detail));
  e.datastore = "IMS1";
  return e;
}
constexpr const char* kRacfN = "IMS Connect started with RACF=N for a data store";
TEST_F(ShippedRules, RacfNFires) { EXPECT_TRUE(fires(hws_start("HWS=(ID=HWS1,RACF=N) DATASTORE IMS1"), kRacfN)); }
TEST_F(ShippedRules, RacfNDoesNotFireWithRacfY) {
  EXPECT_FALSE(fires(hws_start("HWS=(ID=HWS1,RACF=Y) DATASTORE IMS1"), kRacfN));
}

constexpr const char* kUniversal = "Transactions or IMS commands opened to every user";
TEST_F(ShippedRules, UniversalAccessFires) {
  EXPECT_TRUE(fires(command(EventCode::Permit, "PERMIT PAYTXN CLASS(TIMS) ID(*) ACCESS(READ)"), kUniversal));
  EXPECT_TRUE(fires(command(EventCode::Permit, "permit DIS class(cims) id(*)"), kUniversal));  // READ by default
  EXPECT_TRUE(fires(command(EventCode::Permit, "PERMIT PAY* CLASS(TIMS) ID(JOE *) ACCESS(UPDATE)"), kUniversal));
  EXPECT_TRUE(fires(command(EventCode::RDefine, "RDEFINE TIMS PAY* UACC(READ)"), kUniversal));
  EXPECT_TRUE(fires(command(EventCode::RAlter, "RALTER CIMS DIS UACC(UPDATE)"), kUniversal));
}
TEST_F(ShippedRules, UniversalAccessDoesNotFireForNamedUsersNoneOrOtherClasses) {
  EXPECT_FALSE(fires(command(EventCode::Permit, "PERMIT PAYTXN CLASS(TIMS) ID(JOE) ACCESS(READ)"), kUniversal));
  EXPECT_FALSE(fires(command(EventCode::Permit, "PERMIT PAYTXN CLASS(TIMS) ID(*) ACCESS(NONE)"), kUniversal));
  EXPECT_FALSE(fires(command(EventCode::Permit, "PERMIT PAYTXN CLASS(TIMS) ID(*) DELETE"), kUniversal));
  EXPECT_FALSE(fires(command(EventCode::Permit, "PERMIT X CLASS(FACILITY) ID(*) ACCESS(READ)"), kUniversal));
  EXPECT_FALSE(fires(command(EventCode::Permit, "PERMIT PAYTXN CLASS(TIMS) ID(*) ACCESS(READ)", true), kUniversal));
  EXPECT_FALSE(fires(command(EventCode::RDefine, "RDEFINE TIMS PAY* UACC(NONE)"), kUniversal));
  EXPECT_FALSE(fires(command(EventCode::RDefine, "RDEFINE FACILITY TIMS.X UACC(READ)"), kUniversal));
}

constexpr const char* kAppId = "Application user ID used from outside its allowed sources";
TEST_F(ShippedRules, ApplicationIdFromElsewhereFires) {
  EXPECT_TRUE(fires(signon("APPSRV1", 0, "10.9.9.9"), kAppId));
  auto access = access_violation("APPSRV1", "127.0.0.11");
  access.violation = false;
  EXPECT_TRUE(fires(access, kAppId));
}
TEST_F(ShippedRules, ApplicationIdFromItsSourceOrCertificateDoesNotFire) {
  EXPECT_FALSE(fires(signon("APPSRV1", 0, "127.0.0.10"), kAppId));
  auto with_cert = signon("APPSRV1", 0, "10.9.9.9");
  with_cert.cert_subject = "CN=appserver,O=Example";
  EXPECT_FALSE(fires(with_cert, kAppId));
  EXPECT_FALSE(fires(signon("JOE", 0, "10.9.9.9"), kAppId));
}

TEST_F(ShippedRules, ARoutineStreamRaisesNothing) {
  for (int i = 0; i < 50; ++i) {
    EXPECT_TRUE(feed(signon("USER" + std::to_string(i % 7), 0, "10.1.1." + std::to_string(i % 5), kT0 + i)).empty());
    auto ok = access_violation("USER1", "10.1.1.1", kT0 + i);
    ok.violation = false;
    ok.qualifier = 0;
    EXPECT_TRUE(feed(ok).empty());
  }
}

}  // namespace
}  // namespace zgate::watch

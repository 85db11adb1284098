// The compliance report's findings for a database built in the test, each with its fix.
#include <gtest/gtest.h>

#include <algorithm>

#include "report_fixture.h"
#include "watch/report_proclib.h"

namespace zgate::watch::testing {
namespace {

#define EXPECT_FINDING(r, check, subject, sev, fix_text)                                  \
  do {                                                                                   \
    const Finding* f_ = find(r, check, subject);                                         \
    ASSERT_NE(f_, nullptr) << "no " << check << " finding for " << subject;              \
    EXPECT_EQ(f_->severity, sev) << check << " " << subject;                             \
    EXPECT_EQ(f_->fix, fix_text) << check << " " << subject;                             \
  } while (0)

TEST_F(ReportTest, PrivilegedUsersWithTheirFixes) {
  build_database();
  Report r = report();
  EXPECT_FINDING(r, "USER-SPECIAL", "JOEADMIN", Severity::High, "ALTUSER JOEADMIN NOSPECIAL");
  EXPECT_FINDING(r, "GROUP-SPECIAL", "GRPADM", Severity::Medium, "CONNECT GRPADM GROUP(PAYGRP) NOSPECIAL");
  // The bootstrap administrator has all three: SPECIAL with AUDITOR is a separation-of-duties finding.
  EXPECT_FINDING(r, "USER-SPECIAL-AUDITOR", "IBMUSER", Severity::High, "ALTUSER IBMUSER NOAUDITOR");
  EXPECT_FINDING(r, "USER-OPERATIONS", "IBMUSER", Severity::Medium, "ALTUSER IBMUSER NOOPERATIONS");
  auto joe = std::find_if(r.privileged.begin(), r.privileged.end(), [](auto& p) { return p.user == "JOEADMIN"; });
  ASSERT_NE(joe, r.privileged.end());
  EXPECT_EQ(joe->attributes, "SPECIAL");
  EXPECT_EQ(joe->scope, "SYSTEM");
  auto grp = std::find_if(r.privileged.begin(), r.privileged.end(), [](auto& p) { return p.user == "GRPADM"; });
  ASSERT_NE(grp, r.privileged.end());
  EXPECT_EQ(grp->scope, "GROUP PAYGRP");
  EXPECT_EQ(find(r, "USER-SPECIAL", "PAYUSER"), nullptr);
}

TEST_F(ReportTest, RevokedInactiveNeverUsedAndApplicationIds) {
  build_database();
  Report r = report();
  EXPECT_FINDING(r, "USER-REVOKED", "OLDREV", Severity::Low, "DELUSER OLDREV");
  EXPECT_EQ(find(r, "USER-INACTIVE", "OLDREV"), nullptr) << "a revoked ID is reported once, as revoked";
  EXPECT_FINDING(r, "USER-NEVER-USED", "NEWBIE", Severity::Medium, "ALTUSER NEWBIE REVOKE");
  EXPECT_FINDING(r, "USER-INACTIVE", "SLEEPY", Severity::Medium, "ALTUSER SLEEPY REVOKE");
  EXPECT_EQ(find(r, "USER-INACTIVE", "PAYUSER"), nullptr);
  EXPECT_FINDING(r, "USER-NOINTERVAL", "APPSRV1", Severity::Medium, "ALTUSER APPSRV1 NOPASSWORD NOPHRASE");
}

TEST_F(ReportTest, InactiveFollowsSetroptsInactive) {
  build_database();
  saf::Options o = sm->options();
  o.inactive = 250;  // SLEEPY (200 days) is within it now
  sm->put_options(o);
  Report r = report();
  EXPECT_EQ(find(r, "USER-INACTIVE", "SLEEPY"), nullptr);
  EXPECT_FINDING(r, "POLICY-INACTIVE", "INACTIVE", Severity::Medium, "SETROPTS INACTIVE(35)");
}

TEST_F(ReportTest, PasswordPolicyAgainstWhatAnAuditorExpects) {
  build_database();
  Report r = report();  // RACF's defaults: INTERVAL(30), NOREVOKE, NOHISTORY, NOINACTIVE
  EXPECT_FINDING(r, "POLICY-REVOKE", "PASSWORD REVOKE", Severity::High, "SETROPTS PASSWORD(REVOKE(3))");
  EXPECT_FINDING(r, "POLICY-HISTORY", "PASSWORD HISTORY", Severity::Medium, "SETROPTS PASSWORD(HISTORY(10))");
  EXPECT_FINDING(r, "POLICY-INACTIVE", "INACTIVE", Severity::Medium, "SETROPTS INACTIVE(35)");
  EXPECT_EQ(find(r, "POLICY-INTERVAL", "PASSWORD INTERVAL"), nullptr);
  saf::Options o = sm->options();
  o.password.revoke = 3;
  o.password.history = 12;
  o.password.interval = 180;
  sm->put_options(o);
  r = report();
  EXPECT_EQ(find(r, "POLICY-REVOKE", "PASSWORD REVOKE"), nullptr);
  EXPECT_EQ(find(r, "POLICY-HISTORY", "PASSWORD HISTORY"), nullptr);
  EXPECT_FINDING(r, "POLICY-INTERVAL", "PASSWORD INTERVAL", Severity::Medium, "SETROPTS PASSWORD(INTERVAL(90))");
  auto row = std::find_if(r.policy.begin(), r.policy.end(), [](auto& p) { return p.setting == "PASSWORD REVOKE"; });
  ASSERT_NE(row, r.policy.end());
  EXPECT_EQ(row->value, "AFTER 3 ATTEMPTS");
  EXPECT_TRUE(row->ok);
}

TEST_F(ReportTest, UaccIdStarAndWarningOnTheImsClasses) {
  build_database();
  Report r = report();
  EXPECT_FINDING(r, "PROFILE-UACC", "TIMS PAYROLL", Severity::High, "RALTER TIMS PAYROLL UACC(NONE)");
  EXPECT_FINDING(r, "PROFILE-ID-STAR", "CIMS DIS", Severity::Medium, "PERMIT DIS CLASS(CIMS) ID(*) DELETE");
  EXPECT_FINDING(r, "PROFILE-WARNING", "TIMS WARNME", Severity::High, "RALTER TIMS WARNME NOWARNING");
  EXPECT_FINDING(r, "CLASS-INACTIVE", "RIMS", Severity::Medium, "SETROPTS CLASSACT(RIMS) RACLIST(RIMS)");
  EXPECT_EQ(find(r, "CLASS-INACTIVE", "TIMS"), nullptr);
  EXPECT_EQ(find(r, "PROFILE-UACC", "TIMS IVTNO"), nullptr);
}

TEST_F(ReportTest, ARaclistedClassNeedsItsRefreshInTheFix) {
  build_database();
  saf::Options o = sm->options();
  o.raclist.insert("TIMS");
  sm->put_options(o);
  sm->refresh("TIMS");
  Report r = report();
  EXPECT_FINDING(r, "PROFILE-UACC", "TIMS PAYROLL", Severity::High,
                 "RALTER TIMS PAYROLL UACC(NONE)\nSETROPTS RACLIST(TIMS) REFRESH");
}

TEST_F(ReportTest, PassTicketKeysWithoutReplayProtection) {
  build_database();
  Report r = report();
  EXPECT_FINDING(r, "PTKT-NO-REPLAY", "PTKTDATA IMSAPPL", Severity::Medium, "RALTER PTKTDATA IMSAPPL NOAPPLDATA");
  EXPECT_NE(find(r, "PTKT-LEGACY-ONLY", "PTKTDATA IMSAPPL"), nullptr);
  auto p = *sm->profile("PTKTDATA", "IMSAPPL");
  p.appldata.clear();
  p.ssignon->enhanced_key = std::string(128, 'A');
  p.ssignon->enhanced_replay = false;
  sm->put_profile(p);
  r = report();
  EXPECT_EQ(find(r, "PTKT-NO-REPLAY", "PTKTDATA IMSAPPL"), nullptr);
  EXPECT_FINDING(r, "PTKT-EPTREPLAY", "PTKTDATA IMSAPPL", Severity::Medium,
                 "RALTER PTKTDATA IMSAPPL SSIGNON(EPTREPLAY(NO))");
}

TEST_F(ReportTest, ImsConnectAndOtmaPosture) {
  build_database();
  ProclibPosture p = weak_proclib();
  Report r = report(&p);
  EXPECT_FINDING(r, "CONNECT-RACF-N", "HWSCFG00", Severity::High, "HWSCFG00: HWS (ID=ZGATEHWS,RACF=Y)");
  EXPECT_FINDING(r, "CONNECT-NO-TLS", "HWSCFG00 PORT 9999", Severity::High,
                 "HWSCFG00: TCPIP (SSLPORT=(ID=9999),SSLENVAR=HWSSSL00)\n(in place of PORT=(ID=9999))");
  EXPECT_FINDING(r, "CONNECT-UIDAGE", "HWSCFG00", Severity::Medium, "HWSCFG00: HWS (UIDCACHE=Y,UIDAGE=600)");
  EXPECT_FINDING(r, "CONNECT-TRUSTED", "APPSRV1", Severity::Medium,
                 "PERMIT HWS.ZGATEHWS.TRUSTED CLASS(FACILITY) ID(APPSRV1) DELETE");
  EXPECT_FINDING(r, "OTMA-OTMASE-JOIN", "DFSPB000", Severity::High, "DFSPB000: OTMASE=F");
  EXPECT_FINDING(r, "TM-ISIS-N", "DFSPB000", Severity::Medium, "DFSPB000: ISIS=R");
  EXPECT_FINDING(r, "OTMA-CLIENT-BID", "FACILITY IMSXCF.XCFGRP.HWSMEM1", Severity::Medium,
                 "RDEFINE FACILITY IMSXCF.XCFGRP.HWSMEM1 UACC(NONE)\n"
                 "PERMIT IMSXCF.XCFGRP.HWSMEM1 CLASS(FACILITY) ID(ZGATEDEF) ACCESS(READ)");
  EXPECT_NE(r.transaction_note.find("OTMASE=J"), std::string::npos);

  p.hws.racf = true;
  p.hws.uidage = 300;
  p.dfspb->otma.level = otma::SecurityLevel::Full;
  p.dfspb->isis = tm::Isis::Racf;
  r = report(&p);
  EXPECT_EQ(find(r, "CONNECT-RACF-N", "HWSCFG00"), nullptr);
  EXPECT_EQ(find(r, "CONNECT-UIDAGE", "HWSCFG00"), nullptr);
  EXPECT_EQ(find(r, "OTMA-OTMASE-JOIN", "DFSPB000"), nullptr);
  EXPECT_EQ(find(r, "TM-ISIS-N", "DFSPB000"), nullptr);
  EXPECT_TRUE(r.transaction_note.empty());
}

TEST_F(ReportTest, OtmaseNoneIsHigh) {
  build_database();
  ProclibPosture p = weak_proclib();
  p.dfspb->otma.level = otma::SecurityLevel::None;
  Report r = report(&p);
  EXPECT_FINDING(r, "OTMA-OTMASE-NONE", "DFSPB000", Severity::High, "DFSPB000: OTMASE=F");
  EXPECT_EQ(find(r, "OTMA-CLIENT-BID", "FACILITY IMSXCF.XCFGRP.HWSMEM1"), nullptr)
      << "with NONE the client-bid is not checked at all: the OTMASE finding says so";
}

TEST_F(ReportTest, TheClientBidProfileNeedsAnActiveFacilityClass) {
  build_database();
  sm->put_profile(make_profile("FACILITY", "IMSXCF.XCFGRP.HWSMEM1"));
  ProclibPosture p = weak_proclib();
  EXPECT_EQ(find(report(&p), "OTMA-CLIENT-BID", "FACILITY IMSXCF.XCFGRP.HWSMEM1"), nullptr);
  saf::Options o = sm->options();
  o.classact.erase("FACILITY");
  sm->put_options(o);
  Report r = report(&p);
  EXPECT_FINDING(r, "OTMA-CLIENT-BID", "FACILITY IMSXCF.XCFGRP.HWSMEM1", Severity::Medium,
                 "SETROPTS CLASSACT(FACILITY)");
}

// Without a PROCLIB the IMS Connect IDs come from the HWS.<id>.TRUSTED profiles.
TEST_F(ReportTest, TrustedClientsWithoutAProclib) {
  build_database();
  Report r = report();
  EXPECT_FINDING(r, "CONNECT-TRUSTED", "APPSRV1", Severity::Medium,
                 "PERMIT HWS.ZGATEHWS.TRUSTED CLASS(FACILITY) ID(APPSRV1) DELETE");
  EXPECT_EQ(find(r, "CONNECT-TRUSTED", "PAYUSER"), nullptr);
}

// The matrix is saf's own decision: groups and generic profiles resolved as at run time.
TEST_F(ReportTest, WhoCanRunEachTransaction) {
  build_database();
  ProclibPosture p = weak_proclib();
  Report r = report(&p);
  auto tran = [&](const std::string& code) -> const TransactionAccess& {
    auto it = std::find_if(r.transactions.begin(), r.transactions.end(), [&](auto& t) { return t.code == code; });
    EXPECT_NE(it, r.transactions.end()) << code;
    return *it;
  };
  auto users = [](const TransactionAccess& t) {
    std::vector<std::string> out;
    for (const auto& g : t.grants) out.push_back(g.user + ":" + g.via);
    return out;
  };
  // IVTNO: PAYGRP's members (their default group), not SLEEPY's... SLEEPY is in PAYGRP too.
  const auto& ivtno = tran("IVTNO");
  EXPECT_EQ(ivtno.profile, "TIMS IVTNO");
  EXPECT_FALSE(ivtno.everyone);
  EXPECT_EQ(users(ivtno), (std::vector<std::string>{"GRPADM:GROUP PAYGRP", "PAYUSER:GROUP PAYGRP", "SLEEPY:GROUP PAYGRP"}));
  // PAYSLIP has no discrete profile: the generic PAY* decides.
  const auto& payslip = tran("PAYSLIP");
  EXPECT_EQ(payslip.profile, "TIMS PAY* (G)");
  EXPECT_EQ(users(payslip).size(), 3u);
  // PAYROLL: UACC(READ), everyone; the revoked OLDREV is not among them (it cannot sign on).
  const auto& payroll = tran("PAYROLL");
  EXPECT_TRUE(payroll.everyone);
  EXPECT_EQ(payroll.uacc, "READ");
  EXPECT_TRUE(std::none_of(payroll.grants.begin(), payroll.grants.end(), [](auto& g) { return g.user == "OLDREV"; }));
  EXPECT_TRUE(std::all_of(payroll.grants.begin(), payroll.grants.end(), [](auto& g) { return g.via == "UACC"; }));
  // ORPHAN: in stage-1 with no profile.
  const auto& orphan = tran("ORPHAN");
  EXPECT_TRUE(orphan.everyone);
  EXPECT_TRUE(orphan.profile.empty());
  EXPECT_FINDING(r, "TRAN-UNPROTECTED", "TIMS ORPHAN", Severity::Medium,
                 "RDEFINE TIMS ORPHAN UACC(NONE)\nPERMIT ORPHAN CLASS(TIMS) ID(group) ACCESS(READ)");
  // WARNME is known from TIMS alone; WARNING lets everyone in.
  const auto& warnme = tran("WARNME");
  EXPECT_TRUE(warnme.warning);
  EXPECT_FALSE(warnme.in_stage1);
}

TEST_F(ReportTest, GroupingProfilesDecideForTheirMembers) {
  build_database();
  sm->batch([&] {
    auto g = make_profile("GIMS", "PAYTXNS");
    g.members = {"BATCHPAY"};
    g.acl.push_back({"JOEADMIN", saf::Access::Read, 0});
    sm->put_profile(g);
  });
  Report r = report();
  auto it = std::find_if(r.transactions.begin(), r.transactions.end(), [](auto& t) { return t.code == "BATCHPAY"; });
  ASSERT_NE(it, r.transactions.end());
  EXPECT_EQ(it->profile, "GIMS PAYTXNS (member)");
  ASSERT_EQ(it->grants.size(), 1u);
  EXPECT_EQ(it->grants[0].user, "JOEADMIN");
  EXPECT_EQ(it->grants[0].via, "USER");
}

TEST_F(ReportTest, MostSevereFirst) {
  build_database();
  ProclibPosture p = weak_proclib();
  Report r = report(&p);
  ASSERT_FALSE(r.findings.empty());
  EXPECT_TRUE(std::is_sorted(r.findings.begin(), r.findings.end(),
                             [](const Finding& a, const Finding& b) { return a.severity < b.severity; }));
  EXPECT_GT(r.count(Severity::High), 0u);
  EXPECT_EQ(r.count(Severity::High) + r.count(Severity::Medium) + r.count(Severity::Low) + r.count(Severity::Info),
            r.findings.size());
}

// The sample PROCLIB as `zgate serve` reads it: RACF=N on a plain port, OTMASE=C, ISIS=R.
TEST_F(ReportTest, TheSampleProclib) {
  build_database();
  ProclibPosture p = read_proclib_posture(std::string(ZGATE_SOURCE_DIR) + "/docs/proclib-sample");
  Report r = report(&p);
  EXPECT_FINDING(r, "CONNECT-RACF-N", "HWSCFG00", Severity::High, "HWSCFG00: HWS (ID=ZGATEHWS,RACF=Y)");
  EXPECT_NE(find(r, "CONNECT-NO-TLS", "HWSCFG00 PORT 9999"), nullptr);
  EXPECT_NE(find(r, "CONNECT-NO-TLS", "HWSCFG00 DRDAPORT 9996"), nullptr);
  EXPECT_EQ(find(r, "OTMA-OTMASE-JOIN", "DFSPB000"), nullptr);
  EXPECT_EQ(find(r, "TM-ISIS-N", "DFSPB000"), nullptr);
  EXPECT_TRUE(std::any_of(r.transactions.begin(), r.transactions.end(),
                          [](auto& t) { return t.code == "IVTNO" && t.in_stage1; }));
}

}  // namespace
}  // namespace zgate::watch::testing

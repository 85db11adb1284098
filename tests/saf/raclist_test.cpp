// SETROPTS RACLIST and REFRESH (reference §1.8): a RACLISTed class is checked against its
// in-storage copy, which changes only at REFRESH; a class that is not RACLISTed sees every
// change at once. Plus the audit records a check writes.
#include <gtest/gtest.h>

#include "saf_fixture.h"

namespace zgate::saf::testing {
namespace {

class Raclist : public SafTest {
 protected:
  void SetUp() override {
    group("PAYROLL");
    user("ALICE", "PAYROLL");
    options([](Options& o) { o.classact = {"TIMS", "CIMS"}; });
    profile("TIMS", "PAYTX");
    save_profiles();
  }
};

TEST_F(Raclist, WithoutRaclistAPermitTakesEffectAtOnce) {
  EXPECT_EQ(check("ALICE", "TIMS", "PAYTX", Access::Read).rc, kRcDenied);
  permit("TIMS", "PAYTX", "ALICE", Access::Read);
  save_profiles();
  EXPECT_EQ(check("ALICE", "TIMS", "PAYTX", Access::Read).rc, kRcAllowed);
}

TEST_F(Raclist, RaclistedClassIgnoresPermitUntilRefresh) {
  options([](Options& o) { o.raclist = {"TIMS"}; });
  permit("TIMS", "PAYTX", "ALICE", Access::Read);
  save_profiles();
  EXPECT_EQ(check("ALICE", "TIMS", "PAYTX", Access::Read).rc, kRcDenied) << "before REFRESH";
  sm->refresh("TIMS");
  EXPECT_EQ(check("ALICE", "TIMS", "PAYTX", Access::Read).rc, kRcAllowed) << "after REFRESH";
}

TEST_F(Raclist, RaclistedClassKeepsDeletedProfileUntilRefresh) {
  options([](Options& o) { o.raclist = {"TIMS"}; });
  sm->delete_profile("TIMS", "PAYTX");
  EXPECT_EQ(check("ALICE", "TIMS", "PAYTX", Access::Read).rc, kRcDenied);
  sm->refresh("TIMS");
  EXPECT_EQ(check("ALICE", "TIMS", "PAYTX", Access::Read).rc, kRcNotProtected);
}

TEST_F(Raclist, ARefreshSwapsInANewSnapshotWhileReadersKeepTheOld) {
  options([](Options& o) { o.raclist = {"TIMS"}; });
  SnapshotRef before = sm->snapshot();
  permit("TIMS", "PAYTX", "ALICE", Access::Read);
  save_profiles();
  sm->refresh("TIMS");
  SnapshotRef after = sm->snapshot();
  EXPECT_GT(after->generation(), before->generation());
  auto acee = sm->acee_for("ALICE");
  EXPECT_EQ(before->check(*acee, "TIMS", "PAYTX", Access::Read).rc, kRcDenied);
  EXPECT_EQ(after->check(*acee, "TIMS", "PAYTX", Access::Read).rc, kRcAllowed);
}

TEST_F(Raclist, GroupingClassIsRefreshedWithItsMemberClass) {
  options([](Options& o) {
    o.classact.insert("GIMS");
    o.raclist = {"TIMS"};
  });
  profile("GIMS", "PAYGRP").members = {"NEWTX"};
  permit("GIMS", "PAYGRP", "ALICE", Access::Read);
  save_profiles();
  EXPECT_EQ(check("ALICE", "TIMS", "NEWTX", Access::Read).rc, kRcNotProtected);
  sm->refresh("GIMS");
  Decision d = check("ALICE", "TIMS", "NEWTX", Access::Read);
  EXPECT_EQ(d.rc, kRcAllowed);
  EXPECT_EQ(d.profile_class, "GIMS");
}

TEST_F(Raclist, ClassActivationTakesEffectWithoutRefresh) {
  EXPECT_EQ(check("ALICE", "TIMS", "PAYTX", Access::Read).rc, kRcDenied);
  options([](Options& o) { o.classact.erase("TIMS"); });
  EXPECT_EQ(check("ALICE", "TIMS", "PAYTX", Access::Read).reason, Reason::ClassInactive);
}

TEST_F(Raclist, DenialIsAuditedByDefaultFailuresRead) {
  sink.clear();
  check("ALICE", "TIMS", "PAYTX", Access::Read);
  auto ev = sink.events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].code, audit::EventCode::Access);
  EXPECT_EQ(ev[0].qualifier, audit::access_q::kInsufficientAuthority);
  EXPECT_TRUE(ev[0].violation);
  EXPECT_EQ(ev[0].user, "ALICE");
  EXPECT_EQ(ev[0].resource_class, "TIMS");
  EXPECT_EQ(ev[0].resource, "PAYTX");
  EXPECT_EQ(ev[0].profile, "PAYTX");
  EXPECT_EQ(ev[0].access_requested, "READ");
}

TEST_F(Raclist, SuccessIsAuditedOnlyWhenAuditSuccessAsksForIt) {
  permit("TIMS", "PAYTX", "ALICE", Access::Update);
  save_profiles();
  sink.clear();
  check("ALICE", "TIMS", "PAYTX", Access::Read);
  EXPECT_TRUE(sink.events().empty());
  profile_ref("TIMS", "PAYTX").audit.success = Access::Update;
  save_profiles();
  check("ALICE", "TIMS", "PAYTX", Access::Read);
  EXPECT_TRUE(sink.events().empty()) << "READ is below SUCCESS(UPDATE)";
  check("ALICE", "TIMS", "PAYTX", Access::Update);
  ASSERT_EQ(sink.events().size(), 1u);
  EXPECT_EQ(sink.events()[0].qualifier, audit::access_q::kSuccess);
}

TEST_F(Raclist, WarningGrantIsAuditedAsQualifierThree) {
  profile_ref("TIMS", "PAYTX").warning = true;
  save_profiles();
  sink.clear();
  Decision d = check("ALICE", "TIMS", "PAYTX", Access::Read);
  EXPECT_EQ(d.rc, kRcAllowed);
  EXPECT_EQ(d.reason_code, 4);
  ASSERT_EQ(sink.events().size(), 1u);
  EXPECT_EQ(sink.events()[0].qualifier, audit::access_q::kWarning);
  EXPECT_TRUE(sink.events()[0].warning);
}

TEST_F(Raclist, AnEntryForOneEightCharacterUserNeverMatchesAnother) {
  user("PAYUSER8", "PAYROLL");
  user("PAYUSER0", "PAYROLL");
  permit("TIMS", "PAYTX", "PAYUSER8", Access::Read);
  save_profiles();
  EXPECT_EQ(check("PAYUSER8", "TIMS", "PAYTX", Access::Read).rc, kRcAllowed);
  EXPECT_EQ(check("PAYUSER0", "TIMS", "PAYTX", Access::Read).rc, kRcDenied);
}

TEST_F(Raclist, UndefinedUserGetsOnlyUacc) {
  profile("TIMS", "OPENTX", Access::Read);
  permit("TIMS", "OPENTX", "*", Access::None);
  save_profiles();
  Acee undefined;
  undefined.user = "NOBODY";
  undefined.defined = false;
  EXPECT_EQ(sm->check(undefined, "TIMS", "OPENTX", Access::Read).reason, Reason::Uacc);
  EXPECT_EQ(sm->check(undefined, "TIMS", "OPENTX", Access::Read).rc, kRcAllowed);
}

}  // namespace
}  // namespace zgate::saf::testing

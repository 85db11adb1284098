// RDEFINE, RALTER, RDELETE, RLIST, PERMIT, SEARCH.
#include "racf_fixture.h"

namespace zgate::racf::testing {
namespace {

using ResourceCommands = RacfTest;

TEST_F(ResourceCommands, RdefinePutsTheCreatorOnTheAccessListWithAlter) {
  ok("RDEFINE TIMS PAYROLL UACC(READ) DATA('pay')");
  auto p = sm_.profile("TIMS", "PAYROLL");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->uacc, saf::Access::Read);
  EXPECT_EQ(p->owner, "IBMUSER");
  EXPECT_EQ(p->installation_data, "pay");
  ASSERT_NE(p->entry("IBMUSER"), nullptr);
  EXPECT_EQ(p->entry("IBMUSER")->access, saf::Access::Alter);
  EXPECT_EQ(p->audit, saf::AuditSpec{});  // FAILURES(READ), RACF's default
}

TEST_F(ResourceCommands, UnknownClassIsRefused) {
  auto r = run("RDEF NOSUCH X");
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.output.find("NOSUCH"), std::string::npos);
}

TEST_F(ResourceCommands, ExistingProfileIsNotRedefined) {
  ok("RDEF TIMS PAY");
  auto r = run("RDEF TIMS PAY");
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.output.find("ALREADY DEFINED TO CLASS TIMS"), std::string::npos);
}

TEST_F(ResourceCommands, GenericNamesNeedGenericOrGencmd) {
  EXPECT_EQ(run("RDEF TIMS PAY*").rc, 8);
  ok("SETROPTS GENCMD(TIMS)");
  ok("RDEF TIMS PAY*");
  ok("SETROPTS NOGENCMD(TIMS) GENERIC(TIMS)");
  ok("RDEF TIMS PA%X");
  EXPECT_EQ(run("RDEF TIMS PAY%*").rc, 8);  // ICH10313I
}

TEST_F(ResourceCommands, NameMustFitTheClass) {
  auto r = run("RDEF TIMS NINECHARS");
  EXPECT_EQ(r.rc, 8);
  ok("RDEF FACILITY IMSXCF.XCFGRP.MEMBER1");
}

TEST_F(ResourceCommands, RalterAuditWarningNotifyAppldata) {
  ok("RDEF TIMS PAY");
  ok("RALTER TIMS PAY AUDIT(SUCCESS(UPDATE) FAILURES(READ)) WARNING NOTIFY(IBMUSER) APPLDATA('reverify')");
  auto p = sm_.profile("TIMS", "PAY");
  EXPECT_EQ(p->audit.success, saf::Access::Update);
  EXPECT_EQ(p->audit.failures, saf::Access::Read);
  EXPECT_TRUE(p->warning);
  EXPECT_EQ(p->notify, "IBMUSER");
  EXPECT_EQ(p->appldata, "REVERIFY");
  ok("RALT TIMS PAY AUDIT(NONE) NOWARNING NONOTIFY NOAPPLDATA UACC(UPDATE)");
  p = sm_.profile("TIMS", "PAY");
  EXPECT_FALSE(p->audit.success || p->audit.failures);
  EXPECT_FALSE(p->warning);
  EXPECT_TRUE(p->notify.empty() && p->appldata.empty());
  EXPECT_EQ(p->uacc, saf::Access::Update);
  ok("RALT TIMS PAY AUDIT(ALL(ALTER))");
  EXPECT_EQ(sm_.profile("TIMS", "PAY")->audit.failures, saf::Access::Alter);
}

TEST_F(ResourceCommands, MembersOnlyInGroupingClasses) {
  ok("RDEF GIMS PAYGRP ADDMEM(PAY1 PAY2 PAY3)");
  EXPECT_EQ(sm_.profile("GIMS", "PAYGRP")->members, (std::vector<std::string>{"PAY1", "PAY2", "PAY3"}));
  ok("RALT GIMS PAYGRP DELMEM(PAY2)");
  EXPECT_EQ(sm_.profile("GIMS", "PAYGRP")->members, (std::vector<std::string>{"PAY1", "PAY3"}));
  auto r = run("RDEF TIMS PAY ADDMEM(X)");
  EXPECT_EQ(r.rc, 4);
  EXPECT_TRUE(sm_.profile("TIMS", "PAY")->members.empty());
}

TEST_F(ResourceCommands, RdeleteDeletes) {
  ok("RDEF TIMS PAY");
  ok("RDEL TIMS PAY");
  EXPECT_FALSE(sm_.profile("TIMS", "PAY"));
  EXPECT_EQ(run("RDELETE TIMS PAY").rc, 8);
}

TEST_F(ResourceCommands, RacListedClassesWarnToRefresh) {
  ok("SETROPTS CLASSACT(TIMS) RACLIST(TIMS)");
  auto r = ok("RDEF TIMS PAY");
  EXPECT_NE(r.output.find("ICH10006I RACLISTED PROFILES FOR TIMS"), std::string::npos);
  r = ok("PERMIT PAY CLASS(TIMS) ID(IBMUSER) ACCESS(READ)");
  EXPECT_NE(r.output.find("ICH06011I RACLISTED PROFILES FOR TIMS"), std::string::npos);
}

TEST_F(ResourceCommands, RlistLayout) {
  ok("SETROPTS GENERIC(TIMS)");
  ok("AU ALICE");
  ok("RDEF TIMS PAY* UACC(NONE) DATA('payroll') APPLDATA('REVERIFY')");
  ok("PE PAY* CLASS(TIMS) ID(ALICE) ACCESS(UPDATE)");
  ok("PE PAY* CLASS(TIMS) ID(ALICE) ACCESS(READ) WHEN(PROGRAM(PAYPGM))");
  auto r = ok("RLIST TIMS PAY* AUTHUSER");
  const auto& o = r.output;
  EXPECT_NE(o.find("CLASS      NAME\n-----      ----\nTIMS       PAY* (G)\n"), std::string::npos) << o;
  EXPECT_NE(o.find("LEVEL  OWNER      UNIVERSAL ACCESS  YOUR ACCESS  WARNING\n"), std::string::npos);
  EXPECT_NE(o.find(" 00    IBMUSER         NONE              ALTER    NO\n"), std::string::npos) << o;
  EXPECT_NE(o.find("INSTALLATION DATA\n-----------------\npayroll\n"), std::string::npos) << o;
  EXPECT_NE(o.find("APPLICATION DATA\n----------------\nREVERIFY\n"), std::string::npos);
  EXPECT_NE(o.find("AUDITING\n--------\nFAILURES(READ)\n"), std::string::npos) << o;
  EXPECT_NE(o.find("NOTIFY\n------\nNO USER TO BE NOTIFIED\n"), std::string::npos);
  EXPECT_NE(o.find("USER      ACCESS   ACCESS COUNT\n"), std::string::npos);
  EXPECT_NE(o.find("IBMUSER   ALTER       000000\n"), std::string::npos) << o;
  EXPECT_NE(o.find("ALICE     UPDATE      000000\n"), std::string::npos) << o;
  EXPECT_NE(o.find("PROGRAM"), std::string::npos);
  EXPECT_NE(o.find("PAYPGM"), std::string::npos);
  // Without AUTHUSER no access list.
  EXPECT_EQ(ok("RL TIMS PAY*").output.find("USER      ACCESS"), std::string::npos);
}

TEST_F(ResourceCommands, RlistResgroupShowsGroupingProfiles) {
  ok("RDEF TIMS PAY1");
  ok("RDEF GIMS PAYGRP ADDMEM(PAY1 PAY2)");
  auto r = ok("RLIST TIMS PAY1 RESGROUP");
  EXPECT_NE(r.output.find("RESOURCE GROUPS\n---------------\nPAYGRP\n"), std::string::npos) << r.output;
  r = ok("RLIST GIMS PAYGRP");
  EXPECT_NE(r.output.find("PAY2"), std::string::npos);
}

TEST_F(ResourceCommands, RlistStarListsTheClass) {
  ok("RDEF TIMS A1");
  ok("RDEF TIMS B2");
  auto r = ok("RLIST TIMS *");
  EXPECT_NE(r.output.find("TIMS       A1"), std::string::npos);
  EXPECT_NE(r.output.find("TIMS       B2"), std::string::npos);
  EXPECT_EQ(run("RLIST TIMS NOSUCH").rc, 8);
}

TEST_F(ResourceCommands, PermitAddsChangesAndDeletes) {
  ok("AU ALICE");
  ok("AG PAY");
  ok("RDEF TIMS PAYROLL");
  ok("PERMIT PAYROLL CLASS(TIMS) ID(ALICE PAY *) ACCESS(READ)");
  auto p = sm_.profile("TIMS", "PAYROLL");
  EXPECT_EQ(p->entry("ALICE")->access, saf::Access::Read);
  EXPECT_EQ(p->entry("PAY")->access, saf::Access::Read);
  EXPECT_EQ(p->entry("*")->access, saf::Access::Read);
  ok("PE PAYROLL CLASS(TIMS) ID(ALICE) ACCESS(UPDATE)");
  EXPECT_EQ(sm_.profile("TIMS", "PAYROLL")->entry("ALICE")->access, saf::Access::Update);
  ok("PE PAYROLL CLASS(TIMS) ID(ALICE) DELETE");
  EXPECT_EQ(sm_.profile("TIMS", "PAYROLL")->entry("ALICE"), nullptr);
  EXPECT_EQ(run("PE PAYROLL CLASS(TIMS) ID(ALICE) DELETE").rc, 4);  // ICH06002I
}

TEST_F(ResourceCommands, PermitIdsMustBeDefined) {
  ok("RDEF TIMS PAYROLL");
  auto r = run("PE PAYROLL CLASS(TIMS) ID(NOBODY) ACCESS(READ)");
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.output.find("ICH06007I NOBODY NOT DEFINED TO RACF"), std::string::npos);
  EXPECT_EQ(run("PE NOSUCH CLASS(TIMS) ID(IBMUSER)").rc, 8);
}

TEST_F(ResourceCommands, PermitWhenResetAndFrom) {
  ok("AU ALICE");
  ok("RDEF TIMS PAY");
  ok("RDEF TIMS PAY2");
  ok("PE PAY CLASS(TIMS) ID(ALICE) ACCESS(UPDATE) WHEN(PROGRAM(PAYPGM) TERMINAL(T1))");
  auto p = sm_.profile("TIMS", "PAY");
  ASSERT_EQ(p->conditional_acl.size(), 2u);
  EXPECT_EQ(p->conditional_acl[0].when_class, "PROGRAM");
  EXPECT_EQ(p->conditional_acl[0].when_name, "PAYPGM");
  ok("PE PAY2 CLASS(TIMS) FROM(PAY)");
  EXPECT_EQ(sm_.profile("TIMS", "PAY2")->conditional_acl.size(), 2u);
  ok("PE PAY CLASS(TIMS) RESET(WHEN)");
  EXPECT_TRUE(sm_.profile("TIMS", "PAY")->conditional_acl.empty());
  EXPECT_FALSE(sm_.profile("TIMS", "PAY")->acl.empty());
  ok("PE PAY CLASS(TIMS) RESET");
  EXPECT_TRUE(sm_.profile("TIMS", "PAY")->acl.empty());
}

TEST_F(ResourceCommands, SearchListsProfilesUsersAndGroups) {
  ok("SETROPTS GENERIC(TIMS)");
  ok("RDEF TIMS PAY1");
  ok("RDEF TIMS PAY*");
  ok("RDEF TIMS HR1");
  auto r = ok("SEARCH CLASS(TIMS) MASK(PAY)");
  EXPECT_NE(r.output.find("PAY1\n"), std::string::npos);
  EXPECT_NE(r.output.find("PAY* (G)\n"), std::string::npos);
  EXPECT_EQ(r.output.find("HR1"), std::string::npos);
  r = ok("SR CLASS(TIMS) FILTER(%R*)");
  EXPECT_NE(r.output.find("HR1"), std::string::npos);
  EXPECT_EQ(r.output.find("PAY1"), std::string::npos);
  ok("AU ALICE");
  r = ok("SEARCH CLASS(USER)");
  EXPECT_NE(r.output.find("ALICE\n"), std::string::npos);
  EXPECT_NE(r.output.find("IBMUSER\n"), std::string::npos);
  r = ok("SEARCH CLASS(GROUP)");
  EXPECT_NE(r.output.find("SYS1\n"), std::string::npos);
  EXPECT_EQ(run("SEARCH CLASS(TIMS) MASK(ZZZ)").rc, 4);
}

TEST_F(ResourceCommands, PtktdataKeysAreStoredButNeverListed) {
  std::string key16 = "0123456789ABCDEF";
  std::string key128(128, 'A');
  ok("RDEFINE PTKTDATA IMSA SSIGNON(KEYMASKED(" + key16 + ")) UACC(NONE)");
  ok("RALTER PTKTDATA IMSA SSIGNON(EPTKEYMASKED(" + key128 + ") EPTTYPE(MIXED) EPTTIMEOUT(120) EPTREPLAY(NO))");
  auto p = sm_.profile("PTKTDATA", "IMSA");
  ASSERT_TRUE(p->ssignon);
  EXPECT_EQ(p->ssignon->legacy_key, key16);
  EXPECT_EQ(p->ssignon->enhanced_key, key128);
  EXPECT_EQ(p->ssignon->enhanced_type, saf::PassTicketType::Mixed);
  EXPECT_EQ(p->ssignon->enhanced_timeout, 120);
  EXPECT_TRUE(p->ssignon->enhanced_replay);
  auto r = ok("RLIST PTKTDATA IMSA ALL");
  EXPECT_EQ(r.output.find(key16), std::string::npos);
  EXPECT_EQ(r.output.find("AAAAAAAA"), std::string::npos);
  EXPECT_NE(r.output.find("SSIGNON INFORMATION"), std::string::npos);
  EXPECT_EQ(run("RALTER PTKTDATA IMSA SSIGNON(KEYMASKED(XYZ))").rc, 8);
  ok("RALTER PTKTDATA IMSA NOSSIGNON");
  EXPECT_FALSE(sm_.profile("PTKTDATA", "IMSA")->ssignon);
  EXPECT_EQ(run("RDEF TIMS X SSIGNON(KEYMASKED(" + key16 + "))").rc, 4);  // not PTKTDATA: ignored
  EXPECT_FALSE(sm_.profile("TIMS", "X")->ssignon);
}

}  // namespace
}  // namespace zgate::racf::testing

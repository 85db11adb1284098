// ADDGROUP, ALTGROUP, DELGROUP, LISTGRP, CONNECT, REMOVE.
#include "racf_fixture.h"

namespace zgate::racf::testing {
namespace {

using GroupCommands = RacfTest;

TEST_F(GroupCommands, AddGroupUnderIssuersCurrentGroupByDefault) {
  ok("ADDGROUP PAY DATA('Payroll')");
  auto g = sm_.group("PAY");
  ASSERT_TRUE(g);
  EXPECT_EQ(g->superior, "SYS1");
  EXPECT_EQ(g->owner, "IBMUSER");
  EXPECT_EQ(g->installation_data, "Payroll");
  ok("AG PAYDEV SUPGROUP(PAY) OWNER(PAY) UNIVERSAL");
  EXPECT_EQ(sm_.group("PAYDEV")->superior, "PAY");
  EXPECT_TRUE(sm_.group("PAYDEV")->universal);
}

TEST_F(GroupCommands, AddGroupRefusesDuplicatesAndUnknownSuperior) {
  ok("AG PAY");
  EXPECT_EQ(run("AG PAY").rc, 8);
  EXPECT_EQ(run("AG IBMUSER").rc, 8);  // users and groups share one name space
  EXPECT_EQ(run("AG X SUPGROUP(NOSUCH)").rc, 8);
}

TEST_F(GroupCommands, AltGroupMovesGroupButNotUnderItself) {
  ok("AG A");
  ok("AG B SUPGROUP(A)");
  ok("AG C");
  ok("ALG B SUPGROUP(C)");
  EXPECT_EQ(sm_.group("B")->superior, "C");
  auto r = run("ALG C SUPGROUP(B)");
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.output.find("ICH20006I B CANNOT BE A SUPERIOR GROUP OF C"), std::string::npos) << r.output;
}

TEST_F(GroupCommands, DelGroupRefusesGroupWithMembersOrSubgroups) {
  ok("AG PAY");
  ok("AG PAYDEV SUPGROUP(PAY)");
  ok("AU ALICE");
  ok("CO ALICE GROUP(PAYDEV)");
  auto r = run("DG PAY");
  EXPECT_EQ(r.rc, 8);
  EXPECT_NE(r.output.find("ICH05004I PAY NOT DELETED"), std::string::npos);
  EXPECT_EQ(run("DG PAYDEV").rc, 8);
  ok("REMOVE ALICE GROUP(PAYDEV)");
  ok("DG PAYDEV");
  ok("DG PAY");
  EXPECT_FALSE(sm_.group("PAY"));
  EXPECT_EQ(run("DG SYS1").rc, 8);
}

TEST_F(GroupCommands, ConnectSetsAuthorityAttributesAndRevoke) {
  ok("AG PAY");
  ok("AU ALICE");
  ok("CONNECT ALICE GROUP(PAY) AUTHORITY(CONNECT) UACC(READ) SPECIAL");
  auto alice = sm_.user("ALICE");  // keep the copy alive: connect() points into it
  ASSERT_TRUE(alice);
  const auto* c = alice->connect("PAY");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->authority, saf::GroupAuthority::Connect);
  EXPECT_EQ(c->uacc, saf::Access::Read);
  EXPECT_TRUE(c->special);
  ok("CO ALICE GROUP(PAY) REVOKE");
  EXPECT_TRUE(sm_.user("ALICE")->connect("PAY")->revoked);
  ok("CO ALICE GROUP(PAY) RESUME");
  EXPECT_FALSE(sm_.user("ALICE")->connect("PAY")->revoked);
}

TEST_F(GroupCommands, RemoveCannotRemoveTheDefaultGroup) {
  ok("AU ALICE");
  auto r = run("REMOVE ALICE GROUP(SYS1)");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(sm_.user("ALICE")->connect("SYS1"));
  EXPECT_EQ(run("RE ALICE GROUP(SYS1X)").rc, 8);
}

TEST_F(GroupCommands, ListGrpShowsSubgroupsAndUsers) {
  ok("AG PAY DATA('Payroll')");
  ok("AG PAYDEV SUPGROUP(PAY)");
  ok("AU ALICE");
  ok("CO ALICE GROUP(PAY) AUTHORITY(JOIN)");
  auto r = ok("LG PAY");
  const auto& o = r.output;
  EXPECT_NE(o.find("INFORMATION FOR GROUP PAY"), std::string::npos);
  EXPECT_NE(o.find("    SUPERIOR GROUP=SYS1      OWNER=IBMUSER   CREATED=26.325"), std::string::npos) << o;
  EXPECT_NE(o.find("    INSTALLATION DATA=Payroll"), std::string::npos);
  EXPECT_NE(o.find("    SUBGROUP(S)= PAYDEV"), std::string::npos) << o;
  EXPECT_NE(o.find("USER(S)=      ACCESS=      ACCESS COUNT=      UNIVERSAL ACCESS="), std::string::npos);
  EXPECT_NE(o.find("      ALICE         JOIN         000000              NONE"), std::string::npos) << o;
}

}  // namespace
}  // namespace zgate::racf::testing

// RACLIST copies kept in the security database: every process that opens it checks a RACLISTed
// class against the profiles of the last SETROPTS RACLIST(class) or RACLIST(class) REFRESH,
// never against profiles changed since (RACF: "RACLISTED PROFILES FOR class WILL NOT REFLECT
// THE UPDATE(S) UNTIL A SETROPTS REFRESH IS ISSUED", ICH06011I). `admin` plays `zgate racf --db`,
// `server` a running `zgate serve`, and a third manager a new process (`zgate racf check`, a
// second server, a restart).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "audit/sink.h"
#include "core/clock.h"
#include "saf/bootstrap.h"
#include "saf/security_manager.h"
#include "saf/store/store.h"
#include "saf_fixture.h"
#include "temp_db.h"

namespace zgate::saf::testing {
namespace {

class RaclistSnapshot : public ::testing::Test {
 protected:
  RaclistSnapshot() : clock(kT0) {
    admin = open();
    bootstrap_if_empty(*admin);
    Group g;
    g.id = "PAYROLL";
    g.superior = "SYS1";
    g.owner = "IBMUSER";
    admin->put_group(g);
    User u;
    u.id = "ALICE";
    u.name = "ALICE";
    u.owner = "IBMUSER";
    u.default_group = "PAYROLL";
    Connect c;
    c.group = "PAYROLL";
    u.connects.push_back(c);
    admin->put_user(u);
    put_tims("PAYTX", {});  // UACC(NONE), nobody permitted
    Options o = admin->options();
    o.classact = {"TIMS"};
    o.raclist = {"TIMS"};  // SETROPTS RACLIST(TIMS): the copy is taken now
    admin->put_options(o);
    server = open();
  }

  std::unique_ptr<SecurityManager> open() {
    return std::make_unique<SecurityManager>(store::open_sqlite(path), sink, clock, HashCost{1, 8192});
  }
  void put_tims(const std::string& name, std::vector<AccessEntry> acl, SecurityManager* sm = nullptr) {
    Profile p;
    p.cls = "TIMS";
    p.name = name;
    p.owner = "IBMUSER";
    p.acl = std::move(acl);
    (sm ? *sm : *admin).put_profile(p);
  }
  int rc(SecurityManager& sm, const std::string& resource) {
    AceeRef a = sm.acee_for("ALICE");
    EXPECT_TRUE(a);
    return a ? sm.check(*a, "TIMS", resource, Access::Read).rc : -1;
  }

  TempDir dir;
  std::string path = dir.file("racf.db");
  audit::MemorySink sink;
  core::ManualClock clock;
  std::unique_ptr<SecurityManager> admin;
  std::unique_ptr<SecurityManager> server;
};

TEST_F(RaclistSnapshot, ASecondManagerOnTheSameDatabaseSeesTheRefreshedProfilesNotTheCurrentOnes) {
  put_tims("PAYTX", {{"ALICE", Access::Read, 0}});  // PERMIT without REFRESH
  EXPECT_EQ(rc(*admin, "PAYTX"), kRcDenied) << "not in this process's in-storage copy";
  EXPECT_EQ(rc(*open(), "PAYTX"), kRcDenied) << "nor in a process that opens the database now";
  admin->refresh("TIMS");
  EXPECT_EQ(rc(*open(), "PAYTX"), kRcAllowed) << "a new process sees the REFRESH";
}

TEST_F(RaclistSnapshot, RdefineOnARaclistedClassWithoutRefreshChangesNoDecisionInAnyProcess) {
  put_tims("ORDERS", {});  // RDEFINE TIMS ORDERS UACC(NONE), no REFRESH
  server->sync_from_store();
  EXPECT_EQ(rc(*admin, "ORDERS"), kRcNotProtected);
  EXPECT_EQ(rc(*server, "ORDERS"), kRcNotProtected);
  EXPECT_EQ(rc(*open(), "ORDERS"), kRcNotProtected);
}

TEST_F(RaclistSnapshot, ARunningServerTakesARefreshByAnotherProcessAsThatRefreshSawIt) {
  put_tims("PAYTX", {{"ALICE", Access::Read, 0}});
  admin->refresh("TIMS");  // the copy now permits ALICE
  put_tims("PAYTX", {});   // and then a change with no REFRESH takes the permission away again
  ASSERT_TRUE(server->sync_from_store());
  EXPECT_EQ(rc(*server, "PAYTX"), kRcAllowed) << "built from the refreshed copy, not the database now";
  EXPECT_EQ(rc(*open(), "PAYTX"), kRcAllowed);
}

TEST_F(RaclistSnapshot, NoraclistDropsTheCopyAndChecksReadTheDatabase) {
  put_tims("PAYTX", {{"ALICE", Access::Read, 0}});
  Options o = admin->options();
  o.raclist.clear();  // SETROPTS NORACLIST(TIMS)
  admin->put_options(o);
  EXPECT_TRUE(store::open_sqlite(path)->raclist_images().empty());
  EXPECT_EQ(rc(*admin, "PAYTX"), kRcAllowed);
  EXPECT_EQ(rc(*open(), "PAYTX"), kRcAllowed);
  server->sync_from_store();
  EXPECT_EQ(rc(*server, "PAYTX"), kRcAllowed);
}

TEST_F(RaclistSnapshot, RaclistAgainTakesANewCopy) {
  Options o = admin->options();
  o.raclist.clear();
  admin->put_options(o);
  put_tims("PAYTX", {{"ALICE", Access::Read, 0}});
  o.raclist = {"TIMS"};
  admin->put_options(o);
  put_tims("PAYTX", {});  // after the RACLIST: waits for a REFRESH
  EXPECT_EQ(rc(*open(), "PAYTX"), kRcAllowed);
  server->sync_from_store();
  EXPECT_EQ(rc(*server, "PAYTX"), kRcAllowed);
}

TEST_F(RaclistSnapshot, AGroupingClassProfileIsPartOfTheCopy) {
  Profile g;
  g.cls = "GIMS";
  g.name = "PAYGRP";
  g.owner = "IBMUSER";
  g.members = {"PAYRPT"};
  g.acl = {{"ALICE", Access::Read, 0}};
  admin->put_profile(g);  // no REFRESH yet
  EXPECT_EQ(rc(*open(), "PAYRPT"), kRcNotProtected);
  admin->refresh("GIMS");
  EXPECT_EQ(rc(*open(), "PAYRPT"), kRcAllowed);
}

}  // namespace
}  // namespace zgate::saf::testing

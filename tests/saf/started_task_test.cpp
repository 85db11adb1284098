// Class STARTED: the identity a started task (ODBM's job) gets from its profile's STDATA
// (SecurityManager::started_task, src/saf/started_task.cpp).
#include <gtest/gtest.h>

#include "saf_fixture.h"
#include "temp_db.h"

namespace zgate::saf::testing {
namespace {

class StartedTask : public SafTest {
 protected:
  StartedTask() {
    group("ODBMGRP");
    user("ODBMUSR", "SYS1", {"ODBMGRP"});
    user("ODBM1", "SYS1");  // a user named like the procedure, for USER(=MEMBER)
    options([](Options& o) {
      o.classact.insert("STARTED");
      o.raclist.insert("STARTED");
    });
  }
  void started(const std::string& name, StData s) {
    profile("STARTED", name).stdata = std::move(s);
    save_profiles();
    sm->refresh("STARTED");
  }
};

TEST_F(StartedTask, ProfileMemberDotJobnameAssignsUserAndGroup) {
  started("ODBM1.ODBM1", StData{"ODBMUSR", "ODBMGRP", true, false, false});
  auto id = sm->started_task("ODBM1", "ODBM1");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->user, "ODBMUSR");
  EXPECT_EQ(id->group, "ODBMGRP");
  EXPECT_TRUE(id->trusted);
  EXPECT_FALSE(id->privileged);
  EXPECT_EQ(id->profile, "ODBM1.ODBM1");
  EXPECT_FALSE(sm->started_task("ODBM1", "OTHERJOB"));
}

TEST_F(StartedTask, GenericProfileAndNoGroupMeansDefaultGroup) {
  started("ODBM1.*", StData{"ODBMUSR", "", false, false, false});
  auto id = sm->started_task("odbm1", "ODBMJOB2");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->user, "ODBMUSR");
  EXPECT_EQ(id->group, "SYS1");
  EXPECT_EQ(id->profile, "ODBM1.*");
}

TEST_F(StartedTask, MostSpecificProfileWins) {
  profile("STARTED", "*.*").stdata = StData{"ODBM1", "", false, false, false};
  started("ODBM1.*", StData{"ODBMUSR", "", false, true, false});
  auto id = sm->started_task("ODBM1", "ODBM1");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->user, "ODBMUSR");
  EXPECT_TRUE(id->privileged);
  EXPECT_EQ(sm->started_task("OTHER", "OTHER")->user, "ODBM1");
}

TEST_F(StartedTask, UserEqualsMemberIsTheProcedureName) {
  started("ODBM1.*", StData{"=MEMBER", "", false, false, false});
  auto id = sm->started_task("ODBM1", "ODBMX");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->user, "ODBM1");
  EXPECT_EQ(id->group, "SYS1");
}

TEST_F(StartedTask, RaclistedClassChangesOnlyAtRefresh) {
  started("ODBM1.*", StData{"ODBMUSR", "", false, false, false});
  profile("STARTED", "ODBM1.*").stdata->user = "ODBM1";
  save_profiles();
  EXPECT_EQ(sm->started_task("ODBM1", "ODBM1")->user, "ODBMUSR") << "before REFRESH";
  sm->refresh("STARTED");
  EXPECT_EQ(sm->started_task("ODBM1", "ODBM1")->user, "ODBM1") << "after REFRESH";
}

TEST_F(StartedTask, DeniedByDefault) {
  EXPECT_FALSE(sm->started_task("ODBM1", "ODBM1")) << "no profile";
  started("ODBM1.*", StData{"", "ODBMGRP", false, false, false});
  EXPECT_FALSE(sm->started_task("ODBM1", "ODBM1")) << "STDATA without USER";
  started("ODBM1.*", StData{"ODBMUSR", "NOTCONN", false, false, false});
  EXPECT_FALSE(sm->started_task("ODBM1", "ODBM1")) << "user not connected to the group";
  started("ODBM1.*", StData{"NOSUCHU", "", false, false, false});
  EXPECT_FALSE(sm->started_task("ODBM1", "ODBM1")) << "undefined user";
  started("ODBM1.*", StData{"ODBMUSR", "", false, false, false});
  ASSERT_TRUE(sm->started_task("ODBM1", "ODBM1"));
  users_["ODBMUSR"].revoked = true;
  save("ODBMUSR");
  EXPECT_FALSE(sm->started_task("ODBM1", "ODBM1")) << "revoked user";
  users_["ODBMUSR"].revoked = false;
  save("ODBMUSR");
  options([](Options& o) { o.raclist.erase("STARTED"); });
  EXPECT_FALSE(sm->started_task("ODBM1", "ODBM1")) << "STARTED not RACLISTed";
  options([](Options& o) {
    o.raclist.insert("STARTED");
    o.classact.erase("STARTED");
  });
  EXPECT_FALSE(sm->started_task("ODBM1", "ODBM1")) << "STARTED not active";
  EXPECT_FALSE(sm->started_task("BAD.NAME", "ODBM1")) << "not a member name";
}

TEST_F(StartedTask, StdataSurvivesTheStoreAndTheRaclistCopy) {
  TempDir dir;
  const std::string path = dir.file("racf.db");
  StData s{"=MEMBER", "ODBMGRP", true, true, true};
  {
    SecurityManager a(store::open_sqlite(path), sink, clock, HashCost{1, 8192});
    bootstrap_if_empty(a);
    Profile p;
    p.cls = "STARTED";
    p.name = "ODBM1.*";
    p.owner = "IBMUSER";
    p.stdata = s;
    a.put_profile(p);
    Options o = a.options();
    o.raclist.insert("STARTED");
    a.put_options(o);
  }
  SecurityManager b(store::open_sqlite(path), sink, clock, HashCost{1, 8192});
  EXPECT_EQ(b.profile("STARTED", "ODBM1.*")->stdata, s);
  const ClassIndex* index = b.snapshot()->class_index("STARTED");
  ASSERT_NE(index, nullptr);
  const CompiledProfile* c = index->find("ODBM1.JOB", true);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->stdata, s);
}

}  // namespace
}  // namespace zgate::saf::testing

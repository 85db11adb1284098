// A RACF command whose COMMIT fails (a full disk) changes nothing: the command ends with
// IRR52021I, the security manager's memory goes back to what is committed, and a later command
// of the same run cannot write the failed change back as part of a whole user record (issue
// 14, hole 6: ALTUSER MALLORY SPECIAL failed, yet LISTUSER showed SPECIAL, and the next
// ALTUSER of MALLORY made it real).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "audit/sink.h"
#include "core/clock.h"
#include "racf/processor.h"
#include "saf/bootstrap.h"
#include "saf/failing_store.h"
#include "saf/security_manager.h"
#include "saf/temp_db.h"

namespace zgate::racf {
namespace {

using saf::testing::FailingStore;
using saf::testing::Faults;
using saf::testing::TempDir;

constexpr std::int64_t kNow = 1795262400;

bool has_entry(const saf::Profile& p, const std::string& id) {
  for (const auto& e : p.acl)
    if (e.id == id) return true;
  return false;
}

class RacfCommitFailure : public ::testing::Test {
 protected:
  RacfCommitFailure() : clock_(kNow), path_(dir_.file("racf.db")), faults_(std::make_shared<Faults>()) {
    sm_ = open(std::make_unique<FailingStore>(saf::store::open_sqlite(path_), faults_));
    saf::bootstrap_if_empty(*sm_);
  }
  std::unique_ptr<saf::SecurityManager> open(std::unique_ptr<saf::store::Store> store) {
    return std::make_unique<saf::SecurityManager>(std::move(store), sink_, clock_, saf::HashCost{1, 8192});
  }
  CommandResult run(std::string_view cmd) { return CommandProcessor(*sm_, "IBMUSER").execute(cmd); }

  TempDir dir_;
  audit::MemorySink sink_;
  core::ManualClock clock_;
  std::string path_;
  std::shared_ptr<Faults> faults_;
  std::unique_ptr<saf::SecurityManager> sm_;
};

TEST_F(RacfCommitFailure, AnAltuserWhoseCommitFailsIsNotApplied) {
  ASSERT_EQ(run("ADDUSER MALLORY DFLTGRP(SYS1) PASSWORD(MAL1)").rc, 0);
  int heard = 0;
  sm_->add_user_change_listener([&](const std::string& id) { heard += id == "MALLORY"; });

  faults_->commit = true;
  CommandResult failed = run("ALTUSER MALLORY SPECIAL");
  faults_->commit = false;
  EXPECT_NE(failed.rc, 0);
  EXPECT_NE(failed.output.find("IRR52021I"), std::string::npos) << failed.output;

  // Memory is what was committed, and whoever cached MALLORY (UIDCACHE) heard that it changed.
  EXPECT_FALSE(sm_->user("MALLORY")->special);
  CommandResult listed = run("LISTUSER MALLORY");
  ASSERT_EQ(listed.rc, 0) << listed.output;
  EXPECT_NE(listed.output.find(" ATTRIBUTES=NONE"), std::string::npos) << listed.output;
  EXPECT_EQ(listed.output.find("SPECIAL"), std::string::npos) << listed.output;
  EXPECT_GE(heard, 1);

  // The next command of the same run writes MALLORY's whole record: without SPECIAL.
  ASSERT_EQ(run("ALTUSER MALLORY NAME('MAL LORY')").rc, 0);
  EXPECT_FALSE(sm_->user("MALLORY")->special);
  EXPECT_EQ(sm_->user("MALLORY")->name, "MAL LORY");

  // And another manager on the same file (a restart, another process) agrees.
  auto fresh = open(saf::store::open_sqlite(path_));
  ASSERT_TRUE(fresh->user("MALLORY"));
  EXPECT_FALSE(fresh->user("MALLORY")->special);
  EXPECT_EQ(fresh->user("MALLORY")->name, "MAL LORY");
}

TEST_F(RacfCommitFailure, AResourceCommandWhoseCommitFailsLeavesNoProfileAndNoAccess) {
  ASSERT_EQ(run("SETROPTS CLASSACT(TIMS)").rc, 0);
  ASSERT_EQ(run("ADDUSER MALLORY DFLTGRP(SYS1)").rc, 0);
  ASSERT_EQ(run("RDEFINE TIMS PAYTX UACC(NONE)").rc, 0);

  faults_->commit = true;
  CommandResult failed = run("PERMIT PAYTX CLASS(TIMS) ID(MALLORY) ACCESS(READ)");
  faults_->commit = false;
  EXPECT_NE(failed.output.find("IRR52021I"), std::string::npos) << failed.output;

  ASSERT_TRUE(sm_->profile("TIMS", "PAYTX"));
  EXPECT_FALSE(has_entry(*sm_->profile("TIMS", "PAYTX"), "MALLORY"));
  auto acee = sm_->acee_for("MALLORY");
  ASSERT_TRUE(acee);
  EXPECT_EQ(sm_->check(*acee, "TIMS", "PAYTX", saf::Access::Read).rc, saf::kRcDenied);
  // A later PERMIT for someone else rewrites the profile: MALLORY's entry does not come back.
  ASSERT_EQ(run("PERMIT PAYTX CLASS(TIMS) ID(IBMUSER) ACCESS(READ)").rc, 0);
  EXPECT_EQ(sm_->check(*acee, "TIMS", "PAYTX", saf::Access::Read).rc, saf::kRcDenied);
  EXPECT_FALSE(has_entry(*open(saf::store::open_sqlite(path_))->profile("TIMS", "PAYTX"), "MALLORY"));
}

TEST_F(RacfCommitFailure, ACommandWhoseWriteFailsOutsideACommitChangesNothingEither) {
  ASSERT_EQ(run("ADDUSER MALLORY DFLTGRP(SYS1)").rc, 0);
  faults_->writes = true;
  CommandResult failed = run("ALTUSER MALLORY SPECIAL");
  faults_->writes = false;
  EXPECT_NE(failed.output.find("IRR52021I"), std::string::npos) << failed.output;
  EXPECT_FALSE(sm_->user("MALLORY")->special);
  ASSERT_EQ(run("ALTUSER MALLORY NAME('MAL LORY')").rc, 0);
  EXPECT_FALSE(open(saf::store::open_sqlite(path_))->user("MALLORY")->special);
}

}  // namespace
}  // namespace zgate::racf

// The security manager's memory is what the store committed, also when the store fails: a write
// that throws leaves memory as it was, and a batch whose COMMIT throws is rolled back and reread
// (issue 14, hole 6). The store fails through FailingStore, as a full disk would make it.
#include <gtest/gtest.h>

#include "audit/sink.h"
#include "core/clock.h"
#include "failing_store.h"
#include "saf/bootstrap.h"
#include "saf/security_manager.h"
#include "saf_fixture.h"
#include "temp_db.h"

namespace zgate::saf {
namespace {

using testing::FailingStore;
using testing::Faults;
using testing::kT0;
using testing::TempDir;

class WriteFailure : public ::testing::Test {
 protected:
  WriteFailure() : clock_(kT0), path_(dir_.file("racf.db")), faults_(std::make_shared<Faults>()) {
    sm_ = std::make_unique<SecurityManager>(std::make_unique<FailingStore>(store::open_sqlite(path_), faults_),
                                            sink_, clock_, HashCost{1, 8192});
    bootstrap_if_empty(*sm_);
    User u;
    u.id = "MALLORY";
    u.default_group = "SYS1";
    u.connects.emplace_back().group = "SYS1";
    sm_->put_user(u);
    Options o = sm_->options();
    o.classact.insert("TIMS");
    sm_->put_options(o);
  }
  Profile paytx(Access uacc) {
    Profile p;
    p.cls = "TIMS";
    p.name = "PAYTX";
    p.owner = "IBMUSER";
    p.uacc = uacc;
    return p;
  }
  int mallory_reads_paytx() {
    auto acee = sm_->acee_for("MALLORY");
    return sm_->check(*acee, "TIMS", "PAYTX", Access::Read).rc;
  }
  std::unique_ptr<SecurityManager> reopened() {
    return std::make_unique<SecurityManager>(store::open_sqlite(path_), sink_, clock_, HashCost{1, 8192});
  }

  TempDir dir_;
  audit::MemorySink sink_;
  core::ManualClock clock_;
  std::string path_;
  std::shared_ptr<Faults> faults_;
  std::unique_ptr<SecurityManager> sm_;
};

TEST_F(WriteFailure, ABatchWhoseCommitFailsIsRolledBackInMemoryToo) {
  sm_->put_profile(paytx(Access::None));
  std::vector<std::string> heard;
  sm_->add_user_change_listener([&](const std::string& id) { heard.push_back(id); });

  faults_->commit = true;
  EXPECT_THROW(sm_->batch([&] {
    User u = *sm_->user("MALLORY");
    u.special = true;
    sm_->put_user(u);
    sm_->put_profile(paytx(Access::Read));
  }),
               std::runtime_error);
  faults_->commit = false;

  EXPECT_FALSE(sm_->user("MALLORY")->special);
  EXPECT_EQ(sm_->profile("TIMS", "PAYTX")->uacc, Access::None);
  EXPECT_EQ(mallory_reads_paytx(), kRcDenied);
  EXPECT_NE(std::find(heard.begin(), heard.end(), "MALLORY"), heard.end());

  // A later change of the same user writes the committed record, not the failed one.
  User u = *sm_->user("MALLORY");
  u.name = "LATER";
  sm_->put_user(u);
  EXPECT_FALSE(reopened()->user("MALLORY")->special);
  EXPECT_EQ(reopened()->user("MALLORY")->name, "LATER");
}

TEST_F(WriteFailure, AFailedWriteOutsideABatchLeavesMemoryAsItWas) {
  sm_->put_profile(paytx(Access::None));
  faults_->writes = true;
  User u = *sm_->user("MALLORY");
  u.special = true;
  EXPECT_THROW(sm_->put_user(u), std::runtime_error);
  EXPECT_THROW(sm_->put_profile(paytx(Access::Read)), std::runtime_error);
  EXPECT_THROW(sm_->delete_user("MALLORY"), std::runtime_error);
  Options o = sm_->options();
  o.classact.erase("TIMS");
  EXPECT_THROW(sm_->put_options(o), std::runtime_error);
  faults_->writes = false;

  EXPECT_FALSE(sm_->user("MALLORY")->special);
  EXPECT_EQ(sm_->profile("TIMS", "PAYTX")->uacc, Access::None);
  EXPECT_TRUE(sm_->options().classact.contains("TIMS"));
  EXPECT_EQ(mallory_reads_paytx(), kRcDenied);
  EXPECT_EQ(reopened()->user("MALLORY")->special, false);
}

}  // namespace
}  // namespace zgate::saf

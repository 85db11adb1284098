// Changes made by another process: two security managers on one database file (two SQLite
// connections, as `zgate serve` and `zgate racf --db` are). The server catches up at
// sync_from_store() (or its watcher thread): users, connects and options at once, profiles of a
// class that is not RACLISTed at once, a RACLISTed class only after SETROPTS RACLIST REFRESH.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "audit/sink.h"
#include "core/clock.h"
#include "saf/bootstrap.h"
#include "saf/security_manager.h"
#include "saf/store/sqlite_schema.h"
#include "saf/store/store.h"
#include "saf_fixture.h"
#include "temp_db.h"

namespace zgate::saf::testing {
namespace {

namespace fs = std::filesystem;


// `admin` plays `zgate racf --db`, `server` the long-running `zgate serve`.
class StoreSync : public ::testing::Test {
 protected:
  StoreSync() : clock(kT0) {
    admin = open();
    bootstrap_if_empty(*admin);
    Group g;
    g.id = "PAYROLL";
    g.superior = "SYS1";
    g.owner = "IBMUSER";
    admin->put_group(g);
    g.id = "AUDITORS";
    admin->put_group(g);
    add_user("PAYUSER");
    add_user("OTHER");
    Options o = admin->options();
    o.classact = {"TIMS", "CIMS"};
    admin->put_options(o);
    Profile p;
    p.cls = "TIMS";
    p.name = "PAYTX";
    p.owner = "IBMUSER";
    admin->put_profile(p);

    server = open();
    server->add_user_change_listener([this](const std::string& id) {
      std::lock_guard lk(heard_mu);
      heard.push_back(id);
    });
  }

  std::unique_ptr<SecurityManager> open() {
    return std::make_unique<SecurityManager>(store::open_sqlite(path), sink, clock, HashCost{1, 8192});
  }

  void add_user(const std::string& id) {
    User u;
    u.id = id;
    u.name = id;
    u.owner = "IBMUSER";
    u.default_group = "PAYROLL";
    u.password_hash = admin->hash_secret("PASS1");
    u.password_date = clock.now();
    Connect c;
    c.group = "PAYROLL";
    u.connects.push_back(c);
    admin->put_user(u);
  }

  // ALTUSER id REVOKE, from the admin process.
  void revoke(const std::string& id) {
    User u = *admin->user(id);
    u.revoked = true;
    admin->put_user(u);
  }

  // PERMIT name CLASS(cls) ID(id) ACCESS(a), from the admin process.
  void permit(const std::string& cls, const std::string& name, const std::string& id, Access a) {
    Profile p = *admin->profile(cls, name);
    p.acl.push_back({id, a, 0});
    admin->put_profile(p);
  }

  int signon(SecurityManager& sm, const std::string& user, const std::string& pw = "PASS1") {
    VerifyRequest r;
    r.user = user;
    r.password = core::SecretString(pw);
    return sm.verify(r).rc;
  }

  int check(SecurityManager& sm, const std::string& user, const std::string& cls, const std::string& res) {
    AceeRef acee = sm.acee_for(user);
    if (!acee) return -1;
    return sm.check(*acee, cls, res, Access::Read).rc;
  }

  std::vector<std::string> take_heard() {
    std::lock_guard lk(heard_mu);
    return std::exchange(heard, {});
  }

  TempDir dir;
  std::string path = dir.file("racf.db");
  audit::MemorySink sink;
  core::ManualClock clock;
  std::unique_ptr<SecurityManager> admin;
  std::unique_ptr<SecurityManager> server;
  std::mutex heard_mu;
  std::vector<std::string> heard;
};

TEST(StoreDataVersion, ChangesForAnotherConnectionsCommitsOnly) {
  TempDir dir;
  std::string path = dir.file("racf.db");
  auto mine = store::open_sqlite(path);
  auto theirs = store::open_sqlite(path);
  std::uint64_t v0 = mine->data_version();
  mine->put_setting("k", "mine");
  EXPECT_EQ(mine->data_version(), v0) << "own commit";
  EXPECT_EQ(mine->data_version(), v0) << "asking again";
  theirs->put_setting("k", "theirs");
  std::uint64_t v1 = mine->data_version();
  EXPECT_NE(v1, v0) << "another connection committed";
  EXPECT_EQ(mine->data_version(), v1);
  theirs->begin();
  theirs->put_setting("k", "open");
  EXPECT_EQ(mine->data_version(), v1) << "not committed yet";
  theirs->commit();
  EXPECT_NE(mine->data_version(), v1);
}

TEST(StoreDataVersion, RefreshCountersAreDurableAndShared) {
  TempDir dir;
  std::string path = dir.file("racf.db");
  auto a = store::open_sqlite(path);
  auto b = store::open_sqlite(path);
  EXPECT_TRUE(b->raclist_refreshes().empty());
  EXPECT_EQ(a->bump_raclist_refresh("TIMS"), 1);
  EXPECT_EQ(a->bump_raclist_refresh("TIMS"), 2);
  EXPECT_EQ(b->bump_raclist_refresh("CIMS"), 1);
  auto seen = b->raclist_refreshes();
  EXPECT_EQ(seen.at("TIMS"), 2);
  EXPECT_EQ(seen.at("CIMS"), 1);
  a.reset();
  EXPECT_EQ(store::open_sqlite(path)->raclist_refreshes().at("TIMS"), 2);
}

TEST(StoreDataVersion, Version2DatabaseIsMigrated) {
  TempDir dir;
  std::string path = dir.file("racf.db");
  {
    auto s = store::open_sqlite(path);
    Group g;
    g.id = "SYS1";
    s->put_group(g);
  }
  // As an earlier release left it: schema version 2, no raclist_refresh table (nor the later
  // passticket_replay).
  raw_sql(path, "DROP TABLE raclist_refresh; DROP TABLE passticket_replay; ALTER TABLE users DROP COLUMN resumed; "
                "DROP TABLE raclist_snapshot; DROP TABLE profile_stdata; PRAGMA user_version = 2;");
  {
    auto s = store::open_sqlite(path);
    EXPECT_NE(s->load().group("SYS1"), nullptr);  // existing data untouched
    EXPECT_TRUE(s->raclist_refreshes().empty());
    EXPECT_EQ(s->bump_raclist_refresh("TIMS"), 1);
  }
  EXPECT_GE(store::sqlite_schema::latest_version(), 3);
  EXPECT_EQ(store::open_sqlite(path)->raclist_refreshes().at("TIMS"), 1);
}

TEST_F(StoreSync, RevokeIsSeenAfterSyncAndOnlyThatUserIsAnnounced) {
  ASSERT_EQ(signon(*server, "PAYUSER"), kVerifyOk);
  std::uint64_t version = server->user_version("PAYUSER");
  revoke("PAYUSER");
  EXPECT_NE(server->acee_for("PAYUSER"), nullptr) << "not seen before the sync";
  EXPECT_TRUE(server->sync_from_store());
  EXPECT_EQ(take_heard(), std::vector<std::string>{"PAYUSER"});
  EXPECT_GT(server->user_version("PAYUSER"), version);
  EXPECT_EQ(server->acee_for("PAYUSER"), nullptr);
  EXPECT_EQ(signon(*server, "PAYUSER"), kVerifyRevoked);
  EXPECT_EQ(signon(*server, "OTHER"), kVerifyOk);
}

TEST_F(StoreSync, VerifyCatchesUpWithoutWaitingForTheWatcher) {
  revoke("PAYUSER");
  EXPECT_EQ(signon(*server, "PAYUSER"), kVerifyRevoked);
  EXPECT_EQ(take_heard(), std::vector<std::string>{"PAYUSER"});
}

TEST_F(StoreSync, PermitInAClassThatIsNotRaclistedTakesEffectAtSync) {
  EXPECT_EQ(check(*server, "PAYUSER", "TIMS", "PAYTX"), kRcDenied);
  permit("TIMS", "PAYTX", "PAYUSER", Access::Read);
  EXPECT_TRUE(server->sync_from_store());
  EXPECT_EQ(check(*server, "PAYUSER", "TIMS", "PAYTX"), kRcAllowed);
  EXPECT_TRUE(take_heard().empty()) << "a profile change is no user change";
}

TEST_F(StoreSync, RaclistedClassWaitsForARefreshIssuedByAnyProcess) {
  Options o = admin->options();
  o.raclist = {"TIMS"};
  admin->put_options(o);
  server->sync_from_store();
  ASSERT_EQ(server->options().raclist, std::set<std::string>{"TIMS"});

  permit("TIMS", "PAYTX", "PAYUSER", Access::Read);
  EXPECT_TRUE(server->sync_from_store());
  EXPECT_EQ(server->profile("TIMS", "PAYTX")->acl.size(), 1u) << "the database copy is current";
  EXPECT_EQ(check(*server, "PAYUSER", "TIMS", "PAYTX"), kRcDenied) << "the in-storage copy is not";

  admin->refresh("TIMS");  // SETROPTS RACLIST(TIMS) REFRESH in the admin process
  EXPECT_EQ(check(*server, "PAYUSER", "TIMS", "PAYTX"), kRcDenied) << "until the server syncs";
  EXPECT_TRUE(server->sync_from_store());
  EXPECT_EQ(check(*server, "PAYUSER", "TIMS", "PAYTX"), kRcAllowed);

  // A REFRESH in the server itself builds from what the admin wrote meanwhile.
  Profile p = *admin->profile("TIMS", "PAYTX");
  p.acl.clear();
  admin->put_profile(p);
  server->sync_from_store();
  EXPECT_EQ(check(*server, "PAYUSER", "TIMS", "PAYTX"), kRcAllowed);
  server->refresh("TIMS");
  EXPECT_EQ(check(*server, "PAYUSER", "TIMS", "PAYTX"), kRcDenied);
  // ... and the admin's manager, RACLISTing TIMS too, follows that refresh at its next sync.
  EXPECT_EQ(check(*admin, "PAYUSER", "TIMS", "PAYTX"), kRcAllowed);
  EXPECT_TRUE(admin->sync_from_store());
  EXPECT_EQ(check(*admin, "PAYUSER", "TIMS", "PAYTX"), kRcDenied);
}

TEST_F(StoreSync, OptionsTakeEffectAtSync) {
  permit("TIMS", "PAYTX", "PAYUSER", Access::Read);
  Options o = admin->options();
  o.classact = {"CIMS"};  // NOCLASSACT(TIMS)
  admin->put_options(o);
  server->sync_from_store();
  EXPECT_EQ(check(*server, "PAYUSER", "TIMS", "PAYTX"), kRcNotProtected);
}

TEST_F(StoreSync, DeletedUserDisappears) {
  admin->delete_user("OTHER");
  EXPECT_TRUE(server->sync_from_store());
  EXPECT_EQ(take_heard(), std::vector<std::string>{"OTHER"});
  EXPECT_FALSE(server->user("OTHER"));
  EXPECT_EQ(server->acee_for("OTHER"), nullptr);
  EXPECT_EQ(signon(*server, "OTHER"), kVerifyUndefinedUser);
}

TEST_F(StoreSync, ConnectChangeIsAnnounced) {
  User u = *admin->user("PAYUSER");
  Connect c;
  c.group = "AUDITORS";
  u.connects.push_back(c);
  admin->put_user(u);
  EXPECT_TRUE(server->sync_from_store());
  EXPECT_EQ(take_heard(), std::vector<std::string>{"PAYUSER"});
  AceeRef acee = server->acee_for("PAYUSER", "AUDITORS");
  ASSERT_NE(acee, nullptr);
  EXPECT_EQ(acee->groups, (std::vector<std::string>{"AUDITORS", "PAYROLL"}));
}

TEST_F(StoreSync, NewUserIsSeen) {
  add_user("NEWBIE");
  EXPECT_TRUE(server->sync_from_store());
  EXPECT_EQ(take_heard(), std::vector<std::string>{"NEWBIE"});
  EXPECT_EQ(signon(*server, "NEWBIE"), kVerifyOk);
}

TEST_F(StoreSync, CertificateFiltersTakeEffectAtSync) {
  admin->put_cert_map(CertMap{"PAYUSER", "pay", "CN=Pay.O=Bank.C=US", "", true, 0});
  EXPECT_EQ(server->map_certificate("CN=Pay.O=Bank.C=US", "CN=CA.O=Bank.C=US"), std::nullopt);
  server->sync_from_store();
  EXPECT_EQ(server->map_certificate("CN=Pay.O=Bank.C=US", "CN=CA.O=Bank.C=US"), "PAYUSER");
}

TEST_F(StoreSync, NothingChangedMeansNothingHappens) {
  SnapshotRef before = server->snapshot();
  EXPECT_FALSE(server->sync_from_store());
  EXPECT_FALSE(server->sync_from_store());
  EXPECT_TRUE(take_heard().empty());
  EXPECT_EQ(server->snapshot(), before);
}

TEST_F(StoreSync, OwnWritesDoNotTriggerAReload) {
  User u = *server->user("OTHER");
  u.name = "RENAMED BY THE SERVER";
  server->put_user(u);
  EXPECT_FALSE(server->sync_from_store()) << "its own put_user";
  permit("TIMS", "PAYTX", "OTHER", Access::Read);  // by the admin: one reload for that
  EXPECT_TRUE(server->sync_from_store());
  EXPECT_EQ(take_heard(), std::vector<std::string>{"OTHER"}) << "the server's own put_user only";
  Profile p = *server->profile("TIMS", "PAYTX");
  p.uacc = Access::Read;
  server->put_profile(p);
  ASSERT_EQ(signon(*server, "OTHER", "WRONG"), kVerifyBadPassword);  // writes failed_attempts
  SnapshotRef before = server->snapshot();
  EXPECT_FALSE(server->sync_from_store());
  EXPECT_FALSE(server->sync_from_store());
  EXPECT_EQ(server->snapshot(), before);
  EXPECT_TRUE(take_heard().empty());
}

TEST_F(StoreSync, ASettingWrittenElsewhereReloadsButChangesNothing) {
  SnapshotRef before = server->snapshot();
  admin->raco_key();  // creates the key: a commit that touches no RACF profile
  EXPECT_TRUE(server->sync_from_store());
  EXPECT_TRUE(take_heard().empty());
  EXPECT_EQ(server->snapshot(), before);
  EXPECT_EQ(server->raco_key(), admin->raco_key());
}

TEST_F(StoreSync, AChangeByTheServerCatchesUpFirst) {
  revoke("PAYUSER");
  // The server changes OTHER without a sync: it must not work from a copy that misses the
  // revoke, and the listeners hear of PAYUSER.
  User u = *server->user("OTHER");
  u.name = "X";
  server->put_user(u);
  EXPECT_EQ(take_heard(), (std::vector<std::string>{"PAYUSER", "OTHER"}));
  EXPECT_TRUE(server->user("PAYUSER")->revoked);
  // A batch catches up under the write lock too.
  revoke("OTHER");
  server->batch([&] {
    EXPECT_TRUE(server->user("OTHER")->revoked);
  });
  EXPECT_EQ(take_heard(), std::vector<std::string>{"OTHER"});
}

TEST_F(StoreSync, BatchRollbackAnnouncesTheUsersItHadChanged) {
  EXPECT_THROW(server->batch([&] {
    User u = *server->user("OTHER");
    u.revoked = true;
    server->put_user(u);
    throw std::runtime_error("command failed");
  }),
               std::runtime_error);
  EXPECT_EQ(take_heard(), (std::vector<std::string>{"OTHER", "OTHER"}));  // the change, its undoing
  EXPECT_FALSE(server->user("OTHER")->revoked);
  EXPECT_NE(server->acee_for("OTHER"), nullptr);
}

TEST_F(StoreSync, WatcherPicksUpAChangeOnItsOwn) {
  server->start_watching(std::chrono::milliseconds(20));
  revoke("PAYUSER");
  // The reload publishes the user first and tells the listeners just after, outside the
  // lock; wait for both.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::vector<std::string> heard_now;
  while ((server->acee_for("PAYUSER") != nullptr || heard_now.empty()) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto more = take_heard();
    heard_now.insert(heard_now.end(), more.begin(), more.end());
  }
  EXPECT_EQ(server->acee_for("PAYUSER"), nullptr) << "not seen within 10 s";
  EXPECT_EQ(heard_now, std::vector<std::string>{"PAYUSER"});
  EXPECT_EQ(server->last_sync_error(), "");
  server->stop_watching();
  server->stop_watching();  // idempotent
  // Restartable, and the destructor stops a running watcher.
  server->start_watching(std::chrono::milliseconds(20));
  server->start_watching(std::chrono::milliseconds(30));
}

TEST_F(StoreSync, ChecksRunWhileTheWatcherReloads) {
  server->start_watching(std::chrono::milliseconds(1));
  AceeRef acee = server->acee_for("OTHER");
  ASSERT_NE(acee, nullptr);
  std::atomic<bool> stop{false};
  std::thread checker([&] {
    while (!stop) server->check(*acee, "TIMS", "PAYTX", Access::Read);
  });
  for (int i = 0; i < 20; ++i) {
    Profile p = *admin->profile("TIMS", "PAYTX");
    p.uacc = i % 2 ? Access::Read : Access::None;
    admin->put_profile(p);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server->profile("TIMS", "PAYTX")->uacc != Access::Read && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  stop = true;
  checker.join();
  EXPECT_EQ(check(*server, "OTHER", "TIMS", "PAYTX"), kRcAllowed);
}

}  // namespace
}  // namespace zgate::saf::testing

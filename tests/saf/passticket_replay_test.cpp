// PassTicket replay protection kept in the security database (issue 14, hole 11): a ticket
// accepted once is refused by every process that shares the database, also after a restart;
// the record goes when the ticket's window has passed; APPLDATA('NO REPLAY PROTECTION') still
// allows reuse; and a ticket whose use cannot be recorded is refused (fail closed).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <thread>

#include "audit/sink.h"
#include "core/bytes.h"
#include "core/clock.h"
#include "failing_store.h"
#include "saf/bootstrap.h"
#include "saf/passticket.h"
#include "saf/security_manager.h"
#include "saf/store/sqlite_schema.h"
#include "saf_fixture.h"
#include "temp_db.h"

namespace zgate::saf {
namespace {

using testing::FailingStore;
using testing::Faults;
using testing::kT0;
using testing::raw_sql;
using testing::TempDir;

constexpr const char* kKey = "0123456789ABCDEF";

std::int64_t count_rows(const std::string& path, const char* query) {
  sqlite3* db = nullptr;
  std::int64_t n = -1;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, query, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
      n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return n;
}

class PassTicketReplay : public ::testing::Test {
 protected:
  PassTicketReplay() : clock_(kT0), path_(dir_.file("racf.db")), faults_(std::make_shared<Faults>()) {}

  // A manager on the shared file; the first one sets the database up.
  std::unique_ptr<SecurityManager> open() {
    auto sm = std::make_unique<SecurityManager>(
        std::make_unique<FailingStore>(store::open_sqlite(path_), faults_), sink_, clock_, HashCost{1, 8192});
    if (bootstrap_if_empty(*sm)) {
      User u;
      u.id = "ALICE";
      u.default_group = "SYS1";
      u.password_hash = sm->hash_secret("WONDER1");
      u.password_date = kT0;
      u.connects.emplace_back().group = "SYS1";
      sm->put_user(u);
      Profile p;
      p.cls = "PTKTDATA";
      p.name = "IMSAPPL";
      p.owner = "IBMUSER";
      p.ssignon = SsignOn{};
      p.ssignon->legacy_key = kKey;
      p.appldata = appldata_;
      sm->put_profile(p);
      Options o = sm->options();
      o.classact.insert("PTKTDATA");
      sm->put_options(o);
    }
    return sm;
  }
  std::string ticket_at(std::int64_t t) {
    core::Bytes key;
    core::from_hex(kKey, key);
    return passticket::generate_legacy(key, "ALICE", "IMSAPPL", t);
  }
  static VerifyResult signon(SecurityManager& sm, const std::string& ticket) {
    VerifyRequest r;
    r.user = "ALICE";
    r.password = core::SecretString(ticket);
    r.appl = "IMSAPPL";
    return sm.verify(r);
  }
  std::int64_t records() { return count_rows(path_, "SELECT count(*) FROM passticket_replay"); }

  TempDir dir_;
  audit::MemorySink sink_;
  core::ManualClock clock_;
  std::string path_;
  std::shared_ptr<Faults> faults_;
  std::string appldata_;
};

TEST_F(PassTicketReplay, ATicketAcceptedByOneManagerIsRefusedByAnotherOnTheSameDatabase) {
  auto a = open();
  auto b = open();
  const std::string t = ticket_at(kT0);
  VerifyResult first = signon(*a, t);
  ASSERT_EQ(first.rc, kVerifyOk) << first.message;
  EXPECT_TRUE(first.passticket);
  VerifyResult again = signon(*b, t);
  EXPECT_EQ(again.rc, kVerifyBadPassword);
  EXPECT_EQ(again.message, "PASSTICKET ALREADY USED (REPLAY)");
  EXPECT_EQ(signon(*a, t).rc, kVerifyBadPassword);
  // One key for every process on the database, kept there; the record is a digest, not the ticket.
  EXPECT_EQ(count_rows(path_, "SELECT count(*) FROM settings WHERE key = 'passticket_replay_key'"), 1);
  EXPECT_EQ(records(), 1);
  EXPECT_EQ(count_rows(path_, ("SELECT count(*) FROM passticket_replay WHERE instr(digest, '" + t + "') > 0").c_str()), 0);
}

TEST_F(PassTicketReplay, ATicketAcceptedBeforeARestartIsRefusedAfterIt) {
  const std::string t = ticket_at(kT0);
  {
    auto sm = open();
    ASSERT_EQ(signon(*sm, t).rc, kVerifyOk);
  }
  auto restarted = open();
  EXPECT_EQ(signon(*restarted, t).rc, kVerifyBadPassword);
}

TEST_F(PassTicketReplay, TwoManagersOfferedTheSameTicketAtOnceAcceptItOnce) {
  auto a = open();
  auto b = open();
  for (int round = 0; round < 20; ++round) {
    clock_.set(kT0 + round);
    const std::string t = ticket_at(kT0 + round);
    std::atomic<int> accepted{0};
    std::thread ta([&] { accepted += signon(*a, t).rc == kVerifyOk; });
    std::thread tb([&] { accepted += signon(*b, t).rc == kVerifyOk; });
    ta.join();
    tb.join();
    EXPECT_EQ(accepted.load(), 1) << "round " << round;
  }
}

TEST_F(PassTicketReplay, ARecordGoesWhenTheTicketsWindowHasPassed) {
  auto sm = open();
  for (int i = 0; i < 20; ++i) {
    clock_.set(kT0 + i);
    ASSERT_EQ(signon(*sm, ticket_at(kT0 + i)).rc, kVerifyOk);
  }
  EXPECT_EQ(records(), 20);
  // Well past every window: each sign-on deletes a few expired records as it goes (bounded
  // work per sign-on), so the table drains to the tickets still inside their window.
  for (int i = 0; i < 10; ++i) {
    clock_.set(kT0 + 2000 + i);
    ASSERT_EQ(signon(*sm, ticket_at(kT0 + 2000 + i)).rc, kVerifyOk);
  }
  EXPECT_EQ(records(), 10);
}

TEST_F(PassTicketReplay, AnExpiredRecordDoesNotBlockItsDigestForever) {
  auto s = store::open_sqlite(path_);
  const std::string d(16, '\x01');
  EXPECT_TRUE(s->record_passticket(d, kT0 + 601, kT0));
  EXPECT_FALSE(s->record_passticket(d, kT0 + 700, kT0 + 600));
  // At its expiry the record no longer counts, purged or not.
  EXPECT_TRUE(s->record_passticket(d, kT0 + 1300, kT0 + 601));
  EXPECT_FALSE(s->record_passticket(d, kT0 + 1300, kT0 + 700));
  // Another digest is independent.
  EXPECT_TRUE(s->record_passticket(std::string(16, '\x02'), kT0 + 1300, kT0 + 700));
}

TEST_F(PassTicketReplay, NoReplayProtectionStillAllowsReuseEverywhere) {
  appldata_ = "NO REPLAY PROTECTION";
  auto a = open();
  auto b = open();
  const std::string t = ticket_at(kT0);
  EXPECT_EQ(signon(*a, t).rc, kVerifyOk);
  EXPECT_EQ(signon(*a, t).rc, kVerifyOk);
  EXPECT_EQ(signon(*b, t).rc, kVerifyOk);
  EXPECT_EQ(records(), 0);
}

TEST_F(PassTicketReplay, ATicketWhoseUseCannotBeRecordedIsRefused) {
  auto sm = open();
  ASSERT_EQ(signon(*sm, ticket_at(kT0 - 1)).rc, kVerifyOk);  // the digest key exists now
  const std::string t = ticket_at(kT0);
  faults_->writes = true;
  VerifyResult r = signon(*sm, t);
  faults_->writes = false;
  EXPECT_EQ(r.rc, kVerifyBadPassword);
  EXPECT_FALSE(r.passticket);
  EXPECT_EQ(r.acee, nullptr);
  EXPECT_EQ(r.message, "PASSTICKET REFUSED: ITS USE COULD NOT BE RECORDED");
  EXPECT_EQ(records(), 1);
  // Nothing was recorded, so the ticket is still good once the database takes writes again.
  EXPECT_EQ(signon(*sm, t).rc, kVerifyOk);
}

TEST_F(PassTicketReplay, ADatabaseOfSchemaVersion3GetsTheTable) {
  open().reset();
  raw_sql(path_, "DROP TABLE passticket_replay; ALTER TABLE users DROP COLUMN resumed; DROP TABLE raclist_snapshot; "
                 "DROP TABLE profile_stdata; PRAGMA user_version = 3;");
  auto sm = open();
  EXPECT_EQ(count_rows(path_, "PRAGMA user_version"), store::sqlite_schema::latest_version());
  EXPECT_EQ(signon(*sm, ticket_at(kT0)).rc, kVerifyOk);
  EXPECT_EQ(signon(*sm, ticket_at(kT0)).rc, kVerifyBadPassword);
  EXPECT_EQ(records(), 1);
}

}  // namespace
}  // namespace zgate::saf

// The SQLite store: every field of the RACF database round-trips, put_ replaces and delete_
// removes whole entities, transactions group and discard, files reopen, foreign files are refused.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "saf/store/sqlite_schema.h"
#include "temp_db.h"
#include "saf/store/store.h"

namespace zgate::saf::store {
namespace {

using testing::raw_sql;
using testing::TempDir;

namespace fs = std::filesystem;


std::string sql_text(const std::string& path, const std::string& query) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, query.c_str(), -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
    out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

User full_user() {
  User u;
  u.id = "IMSUSR1";
  u.name = "IMS TEST USER";
  u.owner = "SYS1";
  u.default_group = "IMSGRP";
  u.installation_data = "BATCH USER FOR IMS; 'quoted' \"and\" unicode \xc3\xa9";
  u.created = 1'700'000'000;
  u.special = true;
  u.operations = true;
  u.auditor = true;
  u.restricted = true;
  u.revoked = true;
  u.revoke_date = 1'700'100'000;
  u.resume_date = 1'700'200'000;
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
  u.phrase_hash = "$argon2id$v=19$m=65536,t=2,p=1$cGhyYXNl$cGhyYXNlaGFzaA";
  u.password_date = 1'700'300'000;
  u.phrase_date = 1'700'400'000;
  u.password_expired = true;
  u.phrase_expired = true;
  u.password_interval = 0;
  u.password_history = {"$argon2id$newest", "$argon2id$middle", "$argon2id$oldest"};
  u.phrase_history = {"$argon2id$phrase2", "$argon2id$phrase1"};
  u.failed_attempts = 2;
  u.last_access = 1'700'500'000;
  u.resumed = 1'700'600'000;
  Connect c1;
  c1.group = "IMSGRP";
  c1.authority = GroupAuthority::Join;
  c1.owner = "SYS1";
  c1.created = 1'700'000'001;
  c1.uacc = Access::Read;
  c1.special = true;
  c1.operations = true;
  c1.auditor = true;
  c1.revoked = true;
  c1.revoke_date = 11;
  c1.resume_date = 12;
  c1.last_connect = 13;
  c1.connect_count = 14;
  Connect c2;
  c2.group = "AAAGRP";  // listed after IMSGRP: the order of connects is kept, not sorted
  c2.authority = GroupAuthority::Create;
  c2.owner = "IMSGRP";
  c2.uacc = Access::Alter;
  u.connects = {c1, c2};
  u.class_authorizations = {"TIMS", "GIMS", "PTKTDATA"};
  return u;
}

Group full_group() {
  Group g;
  g.id = "IMSGRP";
  g.superior = "SYS1";
  g.owner = "IBMUSER";
  g.installation_data = "IMS PRODUCTION";
  g.created = 1'600'000'000;
  g.universal = true;
  g.termuacc = false;
  return g;
}

Profile full_profile() {
  Profile p;
  p.cls = "TIMS";
  p.name = "PAY**";
  p.owner = "IMSGRP";
  p.created = 1'650'000'000;
  p.level = 7;
  p.uacc = Access::Execute;
  p.warning = true;
  p.audit.success = Access::Update;
  p.audit.failures = Access::Alter;
  p.notify = "SECADM";
  p.appldata = "NO REPLAY PROTECTION";
  p.installation_data = "PAYROLL TRANSACTIONS";
  p.acl = {{"IMSUSR1", Access::Read, 42}, {"*", Access::Execute, 0}, {"IMSGRP", Access::Control, 7}};
  p.conditional_acl = {{"CLERK", Access::Update, "PROGRAM", "X", 3},
                       {"OPER", Access::Read, "TERMINAL", "LTERM01", 0}};
  p.members = {"PAYTRN1", "PAYTRN2", "PAYTRN0"};
  SsignOn s;
  s.legacy_key = "0123456789ABCDEF";
  s.enhanced_key = std::string(128, 'A');
  s.enhanced_type = PassTicketType::Mixed;
  s.enhanced_timeout = 600;
  s.enhanced_replay = false;
  p.ssignon = s;
  p.stdata = StData{"=MEMBER", "IMSGRP", true, false, true};
  return p;
}

Options full_options() {
  Options o;
  o.classact = {"TIMS", "CIMS", "PTKTDATA"};
  o.raclist = {"TIMS"};
  o.generic = {"TIMS", "GIMS"};
  o.gencmd = {"TIMS"};
  o.audit = {"USER", "GROUP"};
  o.grplist = true;
  o.when_program = true;
  o.inactive = 90;
  o.password.interval = 60;
  o.password.revoke = 3;
  o.password.history = 8;
  o.password.warning = 10;
  o.password.mixedcase = true;
  o.password.min_change = 1;
  return o;
}

Profile small_profile(const std::string& cls, const std::string& name) {
  Profile p;
  p.cls = cls;
  p.name = name;
  p.owner = "SYS1";
  p.acl = {{"U1", Access::Read, 0}};
  return p;
}

TEST(SqliteStore, EmptyDatabaseLoadsAsDefaults) {
  auto s = open_sqlite(":memory:");
  Database db = s->load();
  EXPECT_TRUE(db.users.empty());
  EXPECT_TRUE(db.groups.empty());
  EXPECT_TRUE(db.profiles.empty());
  EXPECT_EQ(db.options, Options{});
  EXPECT_EQ(s->setting("missing"), std::nullopt);
}

TEST(SqliteStore, FullyPopulatedUserRoundTrips) {
  auto s = open_sqlite(":memory:");
  User u = full_user();
  s->put_user(u);
  Database db = s->load();
  ASSERT_EQ(db.users.size(), 1u);
  EXPECT_EQ(db.users.at("IMSUSR1"), u);
}

TEST(SqliteStore, DefaultUserRoundTrips) {
  auto s = open_sqlite(":memory:");
  User u;
  u.id = "PROT";  // PROTECTED: no password, no phrase, no connects
  s->put_user(u);
  EXPECT_EQ(s->load().users.at("PROT"), u);
}

TEST(SqliteStore, FullyPopulatedGroupRoundTrips) {
  auto s = open_sqlite(":memory:");
  Group g = full_group();
  Group root;
  root.id = "SYS1";
  s->put_group(g);
  s->put_group(root);
  Database db = s->load();
  EXPECT_EQ(db.groups.at("IMSGRP"), g);
  EXPECT_EQ(db.groups.at("SYS1"), root);
}

TEST(SqliteStore, FullyPopulatedProfileRoundTrips) {
  auto s = open_sqlite(":memory:");
  Profile p = full_profile();
  s->put_profile(p);
  Database db = s->load();
  const Profile* got = db.profile("TIMS", "PAY**");
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(*got, p);
  EXPECT_EQ(got->conditional_acl[0].when_class, "PROGRAM");
  EXPECT_EQ(got->conditional_acl[0].when_name, "X");
}

TEST(SqliteStore, ProfileWithoutOptionalPartsRoundTrips) {
  auto s = open_sqlite(":memory:");
  Profile p;
  p.cls = "PTKTDATA";
  p.name = "IMSA";
  p.audit.success = std::nullopt;
  p.audit.failures = std::nullopt;  // AUDIT(NONE)
  Profile q = p;
  q.name = "IMSB";
  q.ssignon = SsignOn{};  // present, all defaults: must not come back as absent
  s->put_profile(p);
  s->put_profile(q);
  Database db = s->load();
  EXPECT_EQ(*db.profile("PTKTDATA", "IMSA"), p);
  EXPECT_EQ(*db.profile("PTKTDATA", "IMSB"), q);
  EXPECT_FALSE(db.profile("PTKTDATA", "IMSA")->ssignon.has_value());
  EXPECT_TRUE(db.profile("PTKTDATA", "IMSB")->ssignon.has_value());
}

TEST(SqliteStore, ProfilesAreKeyedByClassAndName) {
  auto s = open_sqlite(":memory:");
  Profile a = small_profile("TIMS", "PAY1");
  Profile b = small_profile("CIMS", "PAY1");
  b.uacc = Access::Read;
  s->put_profile(a);
  s->put_profile(b);
  Database db = s->load();
  EXPECT_EQ(*db.profile("TIMS", "PAY1"), a);
  EXPECT_EQ(*db.profile("CIMS", "PAY1"), b);
}

TEST(SqliteStore, OptionsRoundTrip) {
  auto s = open_sqlite(":memory:");
  Options o = full_options();
  s->put_options(o);
  EXPECT_EQ(s->load().options, o);
}

TEST(SqliteStore, PutOptionsReplacesTheClassLists) {
  auto s = open_sqlite(":memory:");
  s->put_options(full_options());
  Options o;
  o.classact = {"GIMS"};
  s->put_options(o);
  EXPECT_EQ(s->load().options, o);
}

TEST(SqliteStore, SettingsRoundTripIncludingBinaryValues) {
  auto s = open_sqlite(":memory:");
  std::string key_bytes("\x00\x01\xff\x80zz\x00", 7);
  s->put_setting("raco.key", key_bytes);
  s->put_setting("site", "PLANT 1");
  EXPECT_EQ(s->setting("raco.key"), key_bytes);
  EXPECT_EQ(s->setting("site"), "PLANT 1");
  s->put_setting("site", "PLANT 2");
  EXPECT_EQ(s->setting("site"), "PLANT 2");
}

TEST(SqliteStore, PutUserReplacesTheWholeUser) {
  auto s = open_sqlite(":memory:");
  s->put_user(full_user());
  User u;
  u.id = "IMSUSR1";
  u.name = "SHRUNK";
  Connect other;
  other.group = "OTHER";
  u.connects = {other};
  s->put_user(u);
  Database db = s->load();
  ASSERT_EQ(db.users.size(), 1u);
  EXPECT_EQ(db.users.at("IMSUSR1"), u);  // no history, CLAUTH or old connects left behind
}

TEST(SqliteStore, PutProfileReplacesTheWholeProfile) {
  auto s = open_sqlite(":memory:");
  s->put_profile(full_profile());
  Profile p = small_profile("TIMS", "PAY**");
  s->put_profile(p);
  Database db = s->load();
  EXPECT_EQ(*db.profile("TIMS", "PAY**"), p);  // old ACL, members, SSIGNON all gone
}

TEST(SqliteStore, PutGroupReplacesTheGroup) {
  auto s = open_sqlite(":memory:");
  s->put_group(full_group());
  Group g;
  g.id = "IMSGRP";
  g.superior = "OTHER";
  s->put_group(g);
  EXPECT_EQ(s->load().groups.at("IMSGRP"), g);
}

TEST(SqliteStore, DeleteRemovesTheEntityAndItsChildRows) {
  TempDir dir;
  std::string path = dir.file("racf.db");
  {
    auto s = open_sqlite(path);
    s->put_user(full_user());
    s->put_group(full_group());
    s->put_profile(full_profile());
    s->put_profile(small_profile("TIMS", "KEEP"));
    s->delete_user("IMSUSR1");
    s->delete_group("IMSGRP");
    s->delete_profile("TIMS", "PAY**");
    s->delete_profile("TIMS", "NEVER.DEFINED");  // deleting what is not there is not an error
    Database db = s->load();
    EXPECT_TRUE(db.users.empty());
    EXPECT_TRUE(db.groups.empty());
    ASSERT_EQ(db.profiles.at("TIMS").size(), 1u);
    EXPECT_NE(db.profile("TIMS", "KEEP"), nullptr);
  }
  // No orphans: the child tables hold only KEEP's one access entry.
  EXPECT_EQ(sql_text(path, "SELECT (SELECT count(*) FROM user_connects) + (SELECT count(*) FROM user_history)"
                           " + (SELECT count(*) FROM user_class_authorizations)"
                           " + (SELECT count(*) FROM profile_conditional_access)"
                           " + (SELECT count(*) FROM profile_members) + (SELECT count(*) FROM profile_ssignon)"),
            "0");
  EXPECT_EQ(sql_text(path, "SELECT count(*) FROM profile_access"), "1");
}

TEST(SqliteStore, CommitMakesABatchVisibleToAnotherConnection) {
  TempDir dir;
  std::string path = dir.file("racf.db");
  auto writer = open_sqlite(path);
  auto reader = open_sqlite(path);
  writer->begin();
  writer->put_profile(small_profile("TIMS", "A"));
  writer->put_profile(small_profile("TIMS", "B"));
  EXPECT_TRUE(reader->load().profiles.empty());  // not committed yet
  writer->commit();
  EXPECT_EQ(reader->load().profiles.at("TIMS").size(), 2u);
}

TEST(SqliteStore, EachCallOutsideATransactionCommitsOnItsOwn) {
  TempDir dir;
  std::string path = dir.file("racf.db");
  auto writer = open_sqlite(path);
  auto reader = open_sqlite(path);
  writer->put_user(full_user());
  EXPECT_EQ(reader->load().users.size(), 1u);
  writer->put_setting("k", "v");
  EXPECT_EQ(reader->setting("k"), "v");
}

TEST(SqliteStore, RollbackDiscardsTheBatch) {
  auto s = open_sqlite(":memory:");
  s->put_profile(small_profile("TIMS", "KEPT"));
  s->begin();
  s->put_profile(small_profile("TIMS", "DISCARDED"));
  s->delete_profile("TIMS", "KEPT");
  s->put_user(full_user());
  s->put_options(full_options());
  s->put_setting("k", "v");
  s->rollback();
  Database db = s->load();
  EXPECT_EQ(db.profiles.at("TIMS").size(), 1u);
  EXPECT_NE(db.profile("TIMS", "KEPT"), nullptr);
  EXPECT_TRUE(db.users.empty());
  EXPECT_EQ(db.options, Options{});
  EXPECT_EQ(s->setting("k"), std::nullopt);
}

TEST(SqliteStore, LoadInsideATransactionSeesItsOwnWrites) {
  auto s = open_sqlite(":memory:");
  s->begin();
  s->put_profile(small_profile("TIMS", "A"));
  EXPECT_NE(s->load().profile("TIMS", "A"), nullptr);
  s->commit();
  EXPECT_NE(s->load().profile("TIMS", "A"), nullptr);
}

TEST(SqliteStore, BeginInsideBeginIsALogicError) {
  auto s = open_sqlite(":memory:");
  s->begin();
  EXPECT_THROW(s->begin(), std::logic_error);
  s->rollback();
  EXPECT_THROW(s->commit(), std::logic_error);  // commit without begin
  EXPECT_NO_THROW(s->rollback());               // rollback without begin does nothing
  s->begin();                                   // usable again
  s->commit();
}

TEST(SqliteStore, AFailedPutInsideABatchLeavesNoHalfEntity) {
  auto s = open_sqlite(":memory:");
  s->begin();
  s->put_profile(small_profile("TIMS", "GOOD"));
  Profile bad = full_profile();
  bad.acl[1].access = static_cast<Access>(9);  // violates the CHECK on the third insert
  EXPECT_THROW(s->put_profile(bad), std::runtime_error);
  s->commit();
  Database db = s->load();
  EXPECT_NE(db.profile("TIMS", "GOOD"), nullptr);
  EXPECT_EQ(db.profile("TIMS", "PAY**"), nullptr);
}

TEST(SqliteStore, SqliteErrorsCarrySqlitesMessage) {
  auto s = open_sqlite(":memory:");
  Profile bad = small_profile("TIMS", "X");
  bad.uacc = static_cast<Access>(6);
  try {
    s->put_profile(bad);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("CHECK constraint failed"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(s->load().profiles.empty());
}

TEST(SqliteStore, ReopenedFileShowsTheSameData) {
  TempDir dir;
  std::string path = dir.file("racf.db");
  Database written;
  {
    auto s = open_sqlite(path);
    s->put_user(full_user());
    s->put_group(full_group());
    s->put_profile(full_profile());
    s->put_profile(small_profile("GIMS", "GROUP1"));
    s->put_options(full_options());
    s->put_setting("raco.key", "secret");
    written = s->load();
  }
  auto s = open_sqlite(path);
  Database db = s->load();
  EXPECT_EQ(db.users, written.users);
  EXPECT_EQ(db.groups, written.groups);
  EXPECT_EQ(db.profiles, written.profiles);
  EXPECT_EQ(db.options, written.options);
  EXPECT_EQ(db.users.at("IMSUSR1"), full_user());
  EXPECT_EQ(*db.profile("TIMS", "PAY**"), full_profile());
  EXPECT_EQ(db.options, full_options());
  EXPECT_EQ(s->setting("raco.key"), "secret");
}

TEST(SqliteStore, NewFileIsPrivateWalWithTheCurrentSchema) {
  TempDir dir;
  std::string path = dir.file("racf.db");
  mode_t old_umask = ::umask(022);  // the usual umask would leave a new file 0644
  {
    auto s = open_sqlite(path);
    s->put_setting("k", "v");
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    // SQLite gives the WAL the database file's permissions.
    ASSERT_EQ(::stat((path + "-wal").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
  }
  ::umask(old_umask);
  EXPECT_EQ(sql_text(path, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(sql_text(path, "PRAGMA user_version"), std::to_string(sqlite_schema::latest_version()));
  EXPECT_EQ(sql_text(path, "PRAGMA application_id"), std::to_string(0x5A474154));
}

TEST(SqliteStore, ExistingEmptyFileBecomesADatabase) {
  TempDir dir;
  std::string path = dir.file("racf.db");
  std::ofstream(path).close();
  auto s = open_sqlite(path);
  s->put_profile(small_profile("TIMS", "A"));
  EXPECT_NE(s->load().profile("TIMS", "A"), nullptr);
}

// Version 5 added users.resumed (ALTUSER RESUME restarts SETROPTS INACTIVE(n)).
TEST(SqliteStore, ADatabaseOfSchemaVersion4GetsTheResumedColumn) {
  TempDir dir;
  std::string path = dir.file("racf.db");
  User u = full_user();
  u.resumed = 0;
  open_sqlite(path)->put_user(u);
  raw_sql(path, "ALTER TABLE users DROP COLUMN resumed; DROP TABLE raclist_snapshot; "
                "DROP TABLE profile_stdata; PRAGMA user_version = 4;");
  auto s = open_sqlite(path);
  EXPECT_EQ(s->load().users.at(u.id), u) << "existing users: never resumed";
  u.resumed = 1'790'000'000;
  s->put_user(u);
  EXPECT_EQ(open_sqlite(path)->load().users.at(u.id).resumed, u.resumed);
}

TEST(SqliteStore, TheRaclistCopyKeepsEveryProfileFieldAndRefusesATruncatedRow) {
  ProfileSet set;
  Profile p = full_profile();
  p.installation_data = std::string("BYTES\0AND \xc3\xa9", 12);
  p.audit.failures = std::nullopt;
  set[p.cls][p.name] = p;
  set["GIMS"]["PAYGRP"] = small_profile("GIMS", "PAYGRP");
  std::string bytes = encode_profiles(set);
  EXPECT_EQ(decode_profiles(bytes), set);
  EXPECT_THROW(decode_profiles(bytes.substr(0, bytes.size() - 1)), std::runtime_error);
  EXPECT_THROW(decode_profiles(bytes + "x"), std::runtime_error);
}

// Version 7 added profile_stdata (class STARTED's STDATA segment).
TEST(SqliteStore, ADatabaseOfSchemaVersion6GetsTheStdataTable) {
  TempDir dir;
  std::string path = dir.file("racf.db");
  Profile p = small_profile("STARTED", "ODBM1.*");
  open_sqlite(path)->put_profile(p);
  raw_sql(path, "DROP TABLE profile_stdata; PRAGMA user_version = 6;");
  auto s = open_sqlite(path);
  EXPECT_EQ(s->load().profile("STARTED", "ODBM1.*")->stdata, std::nullopt);
  p.stdata = StData{"ODBMUSR", "SYS1", false, true, false};
  s->put_profile(p);
  EXPECT_EQ(open_sqlite(path)->load().profile("STARTED", "ODBM1.*")->stdata, p.stdata);
  EXPECT_EQ(sql_text(path, "PRAGMA user_version"), std::to_string(sqlite_schema::latest_version()));
}

TEST(SqliteStore, ARaclistCopyOfFormat1StillDecodes) {
  ProfileSet set;
  set["TIMS"]["A"] = small_profile("TIMS", "A");
  std::string bytes = encode_profiles(set);
  // Format 1 had no STDATA flag after each profile.
  ASSERT_EQ(bytes.front(), '\x02');
  ASSERT_EQ(bytes.back(), '\x00');
  bytes.front() = '\x01';
  bytes.pop_back();
  EXPECT_EQ(decode_profiles(bytes), set);
  bytes.front() = '\x03';
  EXPECT_THROW(decode_profiles(bytes), std::runtime_error);
}

// Version 6 added raclist_snapshot: the RACLIST copy of a class, written with its REFRESH.
TEST(SqliteStore, ADatabaseOfSchemaVersion5GetsTheRaclistCopies) {
  TempDir dir;
  std::string path = dir.file("racf.db");
  open_sqlite(path)->bump_raclist_refresh("TIMS");
  raw_sql(path, "DROP TABLE raclist_snapshot; DROP TABLE profile_stdata; PRAGMA user_version = 5;");
  auto s = open_sqlite(path);
  EXPECT_TRUE(s->raclist_images().empty()) << "RACLISTed before: no copy until the next REFRESH";
  ProfileSet set;
  set["TIMS"]["A"] = small_profile("TIMS", "A");
  EXPECT_EQ(s->put_raclist_image("TIMS", set), 2) << "the REFRESH counter moves with the copy";
  EXPECT_EQ(open_sqlite(path)->raclist_images().at("TIMS"), (RaclistImage{2, set}));
  EXPECT_EQ(open_sqlite(path)->raclist_refreshes().at("TIMS"), 2);
  s->delete_raclist_image("TIMS");
  EXPECT_TRUE(open_sqlite(path)->raclist_images().empty());
}

TEST(SqliteStore, NewerSchemaVersionIsRefused) {
  TempDir dir;
  std::string path = dir.file("racf.db");
  open_sqlite(path)->put_setting("k", "v");
  raw_sql(path, "PRAGMA user_version = 99");
  try {
    open_sqlite(path);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find("schema version 99"), std::string::npos) << what;
  }
}

TEST(SqliteStore, NonDatabaseFileIsRefused) {
  TempDir dir;
  std::string path = dir.file("racf.db");
  std::string content = "ZGATE IS NOT IN HERE. This is a text file, long enough to have a header.\n";
  for (int i = 0; i < 10; ++i) content += content;
  std::ofstream(path) << content;
  try {
    open_sqlite(path);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find("not a database"), std::string::npos) << what;
  }
  // Refused untouched.
  std::ifstream in(path);
  std::string after((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(after, content);
}

TEST(SqliteStore, OtherApplicationsDatabaseIsRefusedUntouched) {
  TempDir dir;
  std::string path = dir.file("other.db");
  raw_sql(path, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  try {
    open_sqlite(path);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find("not a zgate security database"), std::string::npos) << what;
  }
  EXPECT_EQ(sql_text(path, "PRAGMA journal_mode"), "delete");  // not switched to WAL
}

TEST(SqliteStore, MissingDirectoryIsAClearError) {
  try {
    open_sqlite("/nonexistent-zgate-dir/racf.db");
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-zgate-dir/racf.db"), std::string::npos) << e.what();
  }
}

// Not a test but a measurement (no assertions on time): run with
//   test_saf --gtest_also_run_disabled_tests --gtest_filter='SqliteStorePerf.*'
// ZGATE_STORE_PERF_PROFILES overrides the 100,000 profiles.
TEST(SqliteStorePerf, DISABLED_LoadAndPutTimings) {
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
  int n = 100'000;
  if (const char* e = std::getenv("ZGATE_STORE_PERF_PROFILES")) n = std::atoi(e);
  auto make = [](int i) {
    Profile p;
    p.cls = i % 2 ? "TIMS" : "GIMS";
    p.name = "PAY" + std::to_string(i) + ".**";
    p.owner = "IMSGRP";
    p.created = 1'700'000'000 + i;
    p.acl = {{"USER" + std::to_string(i % 1000), Access::Read, 0},
             {"IMSGRP", Access::Update, 0},
             {"*", Access::Execute, 0}};
    return p;
  };
  TempDir dir;
  std::string path = dir.file("perf.db");
  {
    auto s = open_sqlite(path);
    auto t0 = Clock::now();
    s->begin();
    for (int i = 0; i < n; ++i) s->put_profile(make(i));
    s->commit();
    auto t1 = Clock::now();
    std::printf("put_profile in one transaction: %d profiles in %.0f ms = %.1f us/profile\n", n,
                ms(t1 - t0), ms(t1 - t0) * 1000 / n);

    const int single = 200;
    auto t2 = Clock::now();
    for (int i = 0; i < single; ++i) s->put_profile(make(n + i));
    auto t3 = Clock::now();
    std::printf("put_profile one per transaction (fsync each): %d in %.0f ms = %.2f ms/profile\n",
                single, ms(t3 - t2), ms(t3 - t2) / single);
  }
  auto s = open_sqlite(path);
  auto t4 = Clock::now();
  Database db = s->load();
  auto t5 = Clock::now();
  std::size_t count = 0;
  for (const auto& [cls, m] : db.profiles) count += m.size();
  std::printf("load(): %zu profiles with 3 access entries each in %.0f ms\n", count, ms(t5 - t4));
  EXPECT_EQ(count, static_cast<std::size_t>(n + 200));
}

}  // namespace
}  // namespace zgate::saf::store

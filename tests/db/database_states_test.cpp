// The online states of databases: started with the stage-1 ACCESS=, /STO DB, /DBR DB, /STA DB.
#include <gtest/gtest.h>

#include "db/database_states.h"

namespace zgate::db {
namespace {

TEST(DatabaseStates, ADatabaseStartsStartedAndNotOpenWithItsAccessIntent) {
  DatabaseStates s;
  ASSERT_TRUE(s.define("DFSIVD1", AccessIntent::Up));
  EXPECT_FALSE(s.define("DFSIVD1", AccessIntent::Ex)) << "one definition per name";
  auto st = s.find("DFSIVD1");
  ASSERT_TRUE(st);
  EXPECT_EQ(st->state, DatabaseState::Started);
  EXPECT_EQ(st->access, AccessIntent::Up);
  EXPECT_FALSE(st->opened);
  EXPECT_TRUE(s.may_update("DFSIVD1"));
  EXPECT_TRUE(s.find("DFSIVD1")->opened) << "first use opens it";
}

TEST(DatabaseStates, StopDbAllowsNothingAndStartDbAllowsItAgain) {
  DatabaseStates s;
  s.define("DFSIVD1", AccessIntent::Ex);
  ASSERT_TRUE(s.stop("DFSIVD1"));
  EXPECT_FALSE(s.may_read("DFSIVD1"));
  EXPECT_FALSE(s.may_update("DFSIVD1"));
  ASSERT_TRUE(s.start("DFSIVD1"));
  EXPECT_TRUE(s.may_read("DFSIVD1"));
}

TEST(DatabaseStates, DbrStopsAndClosesTheDatabase) {
  DatabaseStates s;
  s.define("DFSIVD1", AccessIntent::Up);
  ASSERT_TRUE(s.may_read("DFSIVD1"));
  ASSERT_TRUE(s.dbr("DFSIVD1"));
  auto st = s.find("DFSIVD1");
  EXPECT_EQ(st->state, DatabaseState::Dbr);
  EXPECT_FALSE(st->opened) << "closed";
  EXPECT_FALSE(s.may_update("DFSIVD1"));
}

TEST(DatabaseStates, ReadAccessIntentsAllowNoUpdate) {
  DatabaseStates s;
  s.define("CARDDB", AccessIntent::Rd);
  s.define("CARDRO", AccessIntent::Ro);
  EXPECT_TRUE(s.may_read("CARDDB"));
  EXPECT_FALSE(s.may_update("CARDDB"));
  EXPECT_FALSE(s.may_update("CARDRO"));
}

TEST(DatabaseStates, AnUndefinedDatabaseAllowsNothingAndCommandsOnItFail) {
  DatabaseStates s;
  EXPECT_FALSE(s.may_read("NOSUCH"));
  EXPECT_FALSE(s.stop("NOSUCH"));
  EXPECT_FALSE(s.start("NOSUCH"));
  EXPECT_FALSE(s.dbr("NOSUCH"));
}

TEST(DatabaseStates, AccessIntentNamesAreStageOnesFour) {
  for (auto a : {AccessIntent::Ex, AccessIntent::Up, AccessIntent::Rd, AccessIntent::Ro})
    EXPECT_EQ(parse_access_intent(access_intent_name(a)), a);
  EXPECT_FALSE(parse_access_intent("RW"));
}

}  // namespace
}  // namespace zgate::db

// The audit trail's bound on one source (issue 14 hole 5): repeated violations are folded into
// one record that carries their count; nothing is dropped uncounted, and successes and command
// records always pass.
#include <gtest/gtest.h>

#include "audit/rate_limited_sink.h"

namespace zgate::audit {
namespace {

constexpr std::int64_t kT = 1790000000;

Event unknown_user(const std::string& user, std::int64_t t, const std::string& terminal = "10.0.0.9") {
  Event e;
  e.time = t;
  e.code = EventCode::JobInit;
  e.qualifier = verify_q::kUndefinedUser;
  e.violation = true;
  e.user = user;
  e.component = "IMSCONN";
  e.terminal = terminal;
  e.racf_rc = 4;
  e.detail = "USER ID NOT DEFINED TO RACF";
  return e;
}

TEST(RateLimitedSink, IdenticalViolationsBeyondTheLimitAreFoldedIntoOneCountedRecord) {
  MemorySink out;
  RateLimitedSink sink(out, {.per_record = 5, .per_source = 50});
  for (int i = 0; i < 100; ++i) sink.write(unknown_user("?8:00ff", kT));
  EXPECT_EQ(out.events().size(), 5u);
  sink.write(unknown_user("?8:00ff", kT + 1));  // the next second closes the first one's window
  auto ev = out.events();
  ASSERT_EQ(ev.size(), 7u);
  EXPECT_EQ(ev[5].detail.find("REPEATED 95 MORE TIMES"), 0u) << ev[5].detail;
  EXPECT_EQ(ev[5].user, "?8:00ff");
  EXPECT_EQ(ev[5].time, kT);
  EXPECT_EQ(ev[6].detail, "USER ID NOT DEFINED TO RACF") << "a new second starts a new window";
}

TEST(RateLimitedSink, OneTerminalTryingManyUserIdsIsBoundedToo) {
  MemorySink out;
  RateLimitedSink sink(out, {.per_record = 5, .per_source = 50});
  for (int i = 0; i < 1000; ++i) sink.write(unknown_user("?8:" + std::to_string(i), kT));
  sink.write(unknown_user("?8:x", kT, "10.0.0.10"));
  EXPECT_EQ(out.events().size(), 51u) << "50 from the flooding terminal, the other terminal's own";
  sink.flush();
  auto ev = out.events();
  ASSERT_EQ(ev.size(), 52u);
  EXPECT_NE(ev.back().detail.find("950 MORE"), std::string::npos) << ev.back().detail;
  EXPECT_TRUE(ev.back().user.empty()) << "a summary of many users names none";
}

TEST(RateLimitedSink, SuccessesAndCommandRecordsAreNeverFolded) {
  MemorySink out;
  RateLimitedSink sink(out, {.per_record = 1, .per_source = 1});
  for (int i = 0; i < 20; ++i) {
    Event ok = unknown_user("ALICE", kT);
    ok.violation = false;
    ok.qualifier = verify_q::kSuccess;
    sink.write(ok);
    Event cmd;
    cmd.time = kT;
    cmd.code = EventCode::AltUser;
    cmd.qualifier = command_q::kKeywordViolation;
    cmd.violation = true;
    sink.write(cmd);
  }
  EXPECT_EQ(out.events().size(), 40u);
}

TEST(RateLimitedSink, WhatIsHeldBackIsWrittenWhenTheSinkCloses) {
  MemorySink out;
  {
    RateLimitedSink sink(out, {.per_record = 2, .per_source = 50});
    for (int i = 0; i < 10; ++i) sink.write(unknown_user("?8:00ff", kT));
  }
  auto ev = out.events();
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[2].detail.find("REPEATED 8 MORE TIMES"), 0u) << ev[2].detail;
}

}  // namespace
}  // namespace zgate::audit

// The JSON-lines trail rotated by size and by age: the old file renamed PATH.YYYYMMDDTHHMMSSZ,
// the new file's chain continuing from the old file's last hash, and `verify_series` checking
// the files as one chain (and finding a file of the series removed or a record altered).
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "audit/json_lines_sink.h"
#include "audit/trail_verify.h"
#include "temp_dir.h"

namespace zgate::audit {
namespace {

namespace fs = std::filesystem;
using testing::lines_of;
using testing::TempDir;

Event access(int i, std::int64_t time = 1790000000) {
  Event e;
  e.time = time;
  e.code = EventCode::Access;
  e.user = "USER" + std::to_string(i);
  e.resource_class = "TIMS";
  e.resource = "PAYROLL";
  return e;
}

std::string all_problems(const SeriesReport& s) {
  std::string out;
  for (std::size_t i = 0; i < s.files.size(); ++i)
    for (const auto& p : s.reports[i].problems)
      out += s.files[i] + ":" + std::to_string(p.line) + " " + kind_name(p.kind) + ": " + p.text + "\n";
  return out;
}

TEST(AuditRotation, BySizeTheChainContinuesIntoTheNewFile) {
  TempDir d;
  std::string path = d.file("trail.jsonl");
  JsonLinesOptions o;
  o.rotate_bytes = 1500;  // a record is about 500 bytes: two or three a file
  {
    JsonLinesSink s(path, o);
    for (int i = 0; i < 10; ++i) s.write(access(i));
    EXPECT_GE(s.rotations(), 2u);
  }
  auto files = rotated_series(path);
  ASSERT_GE(files.size(), 3u);
  EXPECT_EQ(files.back(), path);
  std::size_t records = 0;
  for (const auto& f : files) {
    EXPECT_LE(fs::file_size(f), 1500u) << f;
    struct stat st {};
    ASSERT_EQ(::stat(f.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << f;
    records += lines_of(f).size();
    EXPECT_EQ(fs::path(f).filename().string().rfind("trail.jsonl", 0), 0u);
  }
  EXPECT_EQ(records, 10u);
  SeriesReport s = verify_series(files);
  EXPECT_TRUE(s.intact()) << all_problems(s);
  EXPECT_EQ(s.reports[0].continues_from, "");
  EXPECT_EQ(s.reports[1].continues_from, "");  // checked against the file before it instead
  // Alone, a later file is cut at the front; as a file that may continue another, it is not.
  std::ifstream in(files[1]);
  TrailReport alone = verify_trail(in);
  ASSERT_EQ(alone.problems.size(), 1u);
  EXPECT_EQ(alone.problems[0].kind, TrailProblem::Kind::TruncatedFront);
  in.clear();
  in.seekg(0);
  VerifyOptions may;
  may.may_continue = true;
  TrailReport continued = verify_trail(in, may);
  EXPECT_TRUE(continued.intact());
  EXPECT_FALSE(continued.continues_from.empty());
}

TEST(AuditRotation, AFileRemovedFromTheMiddleOfTheSeriesIsFound) {
  TempDir d;
  std::string path = d.file("trail.jsonl");
  JsonLinesOptions o;
  o.rotate_bytes = 1000;
  {
    JsonLinesSink s(path, o);
    for (int i = 0; i < 8; ++i) s.write(access(i));
  }
  auto files = rotated_series(path);
  ASSERT_GE(files.size(), 3u);
  fs::remove(files[1]);
  files.erase(files.begin() + 1);
  SeriesReport s = verify_series(files);
  ASSERT_FALSE(s.intact());
  EXPECT_EQ(s.reports[1].problems.at(0).kind, TrailProblem::Kind::NotContinued) << all_problems(s);
}

TEST(AuditRotation, ByAgeCountedFromTheFilesFirstRecord) {
  TempDir d;
  std::string path = d.file("trail.jsonl");
  JsonLinesOptions o;
  o.rotate_seconds = 3600;
  std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  {
    JsonLinesSink s(path, o);
    s.write(access(0, now - 7200));  // the file's first record is two hours old
    s.write(access(1, now));         // so this one starts a new file
    s.write(access(2, now));
    EXPECT_EQ(s.rotations(), 1u);
  }
  // A restart counts from the first record of the file it finds, not from its own start.
  {
    JsonLinesSink s(path, o);
    s.write(access(3, now));
    EXPECT_EQ(s.rotations(), 0u);
  }
  auto files = rotated_series(path);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(lines_of(files[0]).size(), 1u);
  EXPECT_EQ(lines_of(files[1]).size(), 3u);
  EXPECT_TRUE(verify_series(files).intact());
}

TEST(AuditRotation, TwoSinksOnOneFileFollowTheRotationOfTheOther) {
  TempDir d;
  std::string path = d.file("trail.jsonl");
  JsonLinesOptions o;
  o.rotate_bytes = 1200;
  JsonLinesSink a(path, o);
  JsonLinesSink b(path);  // like a `zgate racf` process: never rotates, follows
  for (int i = 0; i < 12; ++i) (i % 2 ? a : b).write(access(i));
  auto files = rotated_series(path);
  ASSERT_GE(files.size(), 2u);
  std::size_t records = 0;
  for (const auto& f : files) records += lines_of(f).size();
  EXPECT_EQ(records, 12u);
  SeriesReport s = verify_series(files);
  EXPECT_TRUE(s.intact()) << all_problems(s);
}

TEST(AuditRotation, FsyncPoliciesWriteTheSameTrail) {
  TempDir d;
  for (auto p : {FsyncPolicy::None, FsyncPolicy::Always, FsyncPolicy::Interval}) {
    std::string path = d.file("trail" + std::to_string(static_cast<int>(p)) + ".jsonl");
    JsonLinesOptions o;
    o.fsync = p;
    o.fsync_ms = 10;
    {
      JsonLinesSink s(path, o);
      for (int i = 0; i < 5; ++i) s.write(access(i));
      EXPECT_EQ(s.failed_writes(), 0u);
    }
    std::ifstream in(path);
    TrailReport r = verify_trail(in);
    EXPECT_TRUE(r.intact());
    EXPECT_EQ(r.records, 5u);
  }
  EXPECT_EQ(parse_fsync_policy("interval"), FsyncPolicy::Interval);
  EXPECT_EQ(parse_fsync_policy("sometimes"), std::nullopt);
}

}  // namespace
}  // namespace zgate::audit

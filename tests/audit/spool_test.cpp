// The spool: records survive a reopen, delivery is at least once (nothing committed is sent
// again, nothing uncommitted is lost), the bound drops and alerts once, damage is skipped with
// an alert and never crashes the reader.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "audit/spool.h"
#include "temp_dir.h"

namespace zgate::audit {
namespace {

using testing::TempDir;

struct Alerts {
  std::vector<Event> seen;
  std::function<void(const Event&)> fn() {
    return [this](const Event& e) { seen.push_back(e); };
  }
  std::vector<std::string> codes() const {
    std::vector<std::string> c;
    for (const auto& e : seen) c.push_back(e.component_code);
    return c;
  }
};

Spool::Options options(const TempDir& d, Alerts& a, std::uint64_t max = 1 << 20) {
  Spool::Options o;
  o.dir = d.file("spool.d");
  o.name = "test";
  o.max_bytes = max;
  o.fsync = FsyncPolicy::None;
  o.alert = a.fn();
  return o;
}

std::vector<std::string> drain(Spool& s) {
  std::vector<std::string> out;
  for (;;) {
    auto b = s.read(0, 3, 1 << 20);
    if (b.end == s.committed()) return out;
    for (auto& r : b.records) out.push_back(r);
    s.commit(b.end);
  }
}

TEST(AuditSpool, RecordsComeBackInOrderAndTheFileIsPrivate) {
  TempDir d;
  Alerts a;
  Spool s(options(d, a));
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(s.append("record " + std::to_string(i)));
  struct stat st {};
  ASSERT_EQ(::stat(s.path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto got = drain(s);
  ASSERT_EQ(got.size(), 10u);
  EXPECT_EQ(got[0], "record 0");
  EXPECT_EQ(got[9], "record 9");
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(std::filesystem::file_size(s.path()), Spool::kHeaderSize);  // cut back when all delivered
  EXPECT_TRUE(a.seen.empty());
}

TEST(AuditSpool, WhatWasNotCommittedSurvivesAReopenAndWhatWasIsNotSentAgain) {
  TempDir d;
  Alerts a;
  {
    Spool s(options(d, a));
    for (int i = 0; i < 5; ++i) s.append("r" + std::to_string(i));
    auto b = s.read(0, 2, 1 << 20);
    ASSERT_EQ(b.records.size(), 2u);
    s.commit(b.end);
    s.read(b.end, 2, 1 << 20);  // read ahead, never committed: a crash before the ack
  }
  Spool s(options(d, a));
  auto got = drain(s);
  EXPECT_EQ(got, (std::vector<std::string>{"r2", "r3", "r4"}));
}

TEST(AuditSpool, ASecondOwnerIsRefused) {
  TempDir d;
  Alerts a;
  Spool s(options(d, a));
  EXPECT_THROW(Spool(options(d, a)), std::runtime_error);
}

TEST(AuditSpool, ASymbolicLinkIsRefused) {
  TempDir d;
  Alerts a;
  std::filesystem::create_directory(d.file("spool.d"));
  std::ofstream(d.file("elsewhere")) << "x";
  std::filesystem::create_symlink(d.file("elsewhere"), d.file("spool.d/spool"));
  EXPECT_THROW(Spool(options(d, a)), std::runtime_error);
}

TEST(AuditSpool, AtTheBoundEventsAreDroppedWithOneAlertAndResumeWithAnother) {
  TempDir d;
  Alerts a;
  std::string rec(88, 'x');  // 100 bytes with its header
  Spool s(options(d, a, 1000));
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(s.append(rec));
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(s.append(rec));
  EXPECT_EQ(s.stats().dropped, 5u);
  EXPECT_TRUE(s.stats().full);
  ASSERT_EQ(a.codes(), std::vector<std::string>{"SPOOL_FULL"});
  EXPECT_EQ(a.seen[0].severity, 8);
  EXPECT_EQ(a.seen[0].component, "AUDIT");
  EXPECT_EQ(a.seen[0].code, EventCode::None);
  // Delivering 4 leaves 600 bytes: still above half the bound, still dropping.
  auto b = s.read(0, 4, 1 << 20);
  s.commit(b.end);
  EXPECT_FALSE(s.append(rec));
  // Two more: 400 bytes + this one's 100 is at half: taken again, with the second alert.
  b = s.read(0, 2, 1 << 20);
  s.commit(b.end);
  EXPECT_TRUE(s.append(rec));
  ASSERT_EQ(a.codes(), (std::vector<std::string>{"SPOOL_FULL", "SPOOL_RESUMED"}));
  EXPECT_NE(a.seen[1].detail.find("6 events"), std::string::npos) << a.seen[1].detail;
}

TEST(AuditSpool, ARecordLargerThanTheLimitIsRefused) {
  TempDir d;
  Alerts a;
  Spool s(options(d, a));
  EXPECT_FALSE(s.append(std::string(Spool::kMaxRecord + 1, 'x')));
  EXPECT_EQ(s.stats().failed, 1u);
}

void corrupt(const std::string& path, off_t at, const std::string& bytes) {
  int fd = ::open(path.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::pwrite(fd, bytes.data(), bytes.size(), at), static_cast<ssize_t>(bytes.size()));
  ::close(fd);
}

TEST(AuditSpool, ADamagedRecordIsSkippedWithAnAlertAndTheRestDelivered) {
  TempDir d;
  Alerts a;
  std::string path;
  {
    Spool s(options(d, a));
    for (int i = 0; i < 3; ++i) s.append("record-" + std::to_string(i));
    path = s.path();
  }
  // Flip a payload byte of the second record: its CRC no longer checks.
  corrupt(path, static_cast<off_t>(Spool::kHeaderSize + 12 + 8 + 12 + 2), "Z");
  Spool s(options(d, a));
  auto got = drain(s);
  EXPECT_EQ(got, (std::vector<std::string>{"record-0", "record-2"}));
  EXPECT_EQ(a.codes(), std::vector<std::string>{"SPOOL_CORRUPT"});
  EXPECT_EQ(s.stats().corrupt_bytes, 20u);
}

TEST(AuditSpool, AHugeLengthOrADamagedHeaderNeverCrashesTheReader) {
  TempDir d;
  Alerts a;
  std::string path;
  {
    Spool s(options(d, a));
    s.append("first");
    s.append("second");
    path = s.path();
  }
  corrupt(path, static_cast<off_t>(Spool::kHeaderSize + 4), "\xff\xff\xff\x7f");  // length 2 GiB
  corrupt(path, 0, "NOTASPOOL");
  Spool s(options(d, a));
  EXPECT_EQ(drain(s), std::vector<std::string>{"second"});
  EXPECT_EQ(a.codes(), (std::vector<std::string>{"SPOOL_CORRUPT", "SPOOL_CORRUPT"}));
}

TEST(AuditSpool, ATornTailFromACrashIsSkippedAndAppendsAfterItAreDelivered) {
  TempDir d;
  Alerts a;
  std::string path;
  {
    Spool s(options(d, a));
    s.append("whole");
    path = s.path();
  }
  {
    std::ofstream f(path, std::ios::app | std::ios::binary);
    f << "ZGSR\x05";  // a record header cut short
  }
  Spool s(options(d, a));
  s.append("after");
  EXPECT_EQ(drain(s), (std::vector<std::string>{"whole", "after"}));
}

TEST(AuditSpool, CompactionKeepsWhatIsNotDelivered) {
  TempDir d;
  Alerts a;
  Spool s(options(d, a, 2000));
  std::string rec(38, 'y');  // 50 bytes
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(s.append(rec + std::to_string(i % 10)));
  auto b = s.read(0, 25, 1 << 20);  // 25 * 51 bytes > half the bound: compacted
  s.commit(b.end);
  EXPECT_LT(std::filesystem::file_size(s.path()), 400u);
  auto got = drain(s);
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[0], rec + "5");
}

}  // namespace
}  // namespace zgate::audit

namespace zgate::audit {
namespace {

// A sender reads ahead of what it has committed. When a commit delivers everything, the file is
// cut back to its header and new records start at its beginning again: the commit says by how
// much the offsets moved, so the sender neither reads mid-record (a false SPOOL_CORRUPT and a
// skipped record) nor commits records it has not sent. (zgate serve's SIEM test found this.)
TEST(AuditSpool, ACommitThatEmptiesTheSpoolSaysHowFarOffsetsMovedAndNewRecordsReadWhole) {
  TempDir d;
  Alerts a;
  Spool s(options(d, a));
  ASSERT_TRUE(s.append("one"));
  ASSERT_TRUE(s.append("two"));
  Spool::Batch b1 = s.read(0, 1, 1 << 20);
  Spool::Batch b2 = s.read(b1.end, 10, 1 << 20);
  ASSERT_EQ(b2.records.size(), 1u);
  EXPECT_EQ(s.commit(b1.end), 0u) << "something is left: nothing moves";
  const std::uint64_t shift = s.commit(b2.end);
  EXPECT_EQ(shift, b2.end - Spool::kHeaderSize);
  ASSERT_TRUE(s.append("three"));
  const std::uint64_t next = b2.end - shift;
  Spool::Batch b3 = s.read(next, 10, 1 << 20);
  ASSERT_EQ(b3.records.size(), 1u);
  EXPECT_EQ(b3.records[0], "three");
  EXPECT_TRUE(a.seen.empty()) << "no SPOOL_CORRUPT alert";
  EXPECT_EQ(s.stats().corrupt_bytes, 0u);
}

}  // namespace
}  // namespace zgate::audit

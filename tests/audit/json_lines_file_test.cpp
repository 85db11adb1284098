// The audit log as a file (issue 14 hole 12, and hole 6's audit half): 0600 whatever the umask,
// no symbolic link followed, one write(2) per record, and a write that fails or is short is
// announced and never merged into the next record, nor breaks the hash chain after it.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "audit/json_lines_sink.h"
#include "audit/temp_dir.h"
#include "audit/trail_verify.h"

namespace zgate::audit {
namespace {

namespace fs = std::filesystem;

using testing::lines_of;
using testing::TempDir;

Event signon_failure(const std::string& detail) {
  Event e;
  e.time = 1790000000;
  e.code = EventCode::JobInit;
  e.qualifier = verify_q::kInvalidPassword;
  e.violation = true;
  e.user = "ALICE";
  e.racf_rc = 8;
  e.detail = detail;
  return e;
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 0777;
}

TEST(JsonLinesFile, IsCreated0600WhateverTheUmask) {
  TempDir d;
  mode_t old = ::umask(0);
  { JsonLinesSink sink(d.file("audit.jsonl")); }
  ::umask(old);
  EXPECT_EQ(mode_of(d.file("audit.jsonl")), 0600u);
}

TEST(JsonLinesFile, AnOlderWiderLogIsNarrowedTo0600) {
  TempDir d;
  { std::ofstream(d.file("audit.jsonl")) << ""; }
  ::chmod(d.file("audit.jsonl").c_str(), 0644);
  { JsonLinesSink sink(d.file("audit.jsonl")); }
  EXPECT_EQ(mode_of(d.file("audit.jsonl")), 0600u);
}

TEST(JsonLinesFile, ASymbolicLinkAtThePathIsRefusedWithAClearError) {
  TempDir d;
  { std::ofstream(d.file("elsewhere")) << ""; }
  fs::create_symlink(d.file("elsewhere"), d.file("audit.jsonl"));
  try {
    JsonLinesSink sink(d.file("audit.jsonl"));
    sink.write(signon_failure("x"));
    FAIL() << "a symbolic link was followed";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("symbolic link"), std::string::npos) << e.what();
  }
  EXPECT_EQ(fs::file_size(d.file("elsewhere")), 0u) << "nothing written through the link";
}

TEST(JsonLinesFile, AFailedWriteIsAnnouncedOnStderr) {
  JsonLinesSink sink("/dev/full");  // every write fails with ENOSPC
  ::testing::internal::CaptureStderr();
  sink.write(signon_failure("disk full"));
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("AUDIT RECORD LOST"), std::string::npos) << err;
  EXPECT_NE(err.find("/dev/full"), std::string::npos) << err;
}

// A file-size limit makes the kernel take only part of a record: the rest is lost, the loss is
// announced, and the next record does not continue the broken line.
TEST(JsonLinesFile, AShortWriteIsAnnouncedAndNeverMergedIntoTheNextRecord) {
  TempDir d;
  std::string path = d.file("audit.jsonl");
  JsonLinesSink sink(path);
  sink.write(signon_failure("first"));
  auto before = fs::file_size(path);

  struct sigaction ignore {}, old_action {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGXFSZ, &ignore, &old_action);
  rlimit old_limit {};
  ::getrlimit(RLIMIT_FSIZE, &old_limit);
  rlimit small = old_limit;
  small.rlim_cur = before + 20;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  ::testing::internal::CaptureStderr();
  sink.write(signon_failure(std::string(200, 'x')));
  std::string err = ::testing::internal::GetCapturedStderr();
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &old_limit), 0);
  ::sigaction(SIGXFSZ, &old_action, nullptr);

  EXPECT_NE(err.find("AUDIT RECORD LOST"), std::string::npos) << err;
  sink.write(signon_failure("third"));
  auto lines = lines_of(path);
  ASSERT_EQ(lines.size(), 3u);
  const std::string zeros(64, '0');
  std::string first = to_chained_json_line(signon_failure("first"), zeros);
  EXPECT_EQ(lines[0] + "\n", first);
  EXPECT_EQ(lines[1].size(), 20u) << "the fragment stands alone: " << lines[1];
  // The next record is whole, on its own line, and chains to the last whole record: verify
  // names the fragment's line and nothing else.
  std::string first_hash = first.substr(first.rfind("\"hash\":\"") + 8, 64);
  EXPECT_EQ(lines[2] + "\n", to_chained_json_line(signon_failure("third"), first_hash));
  std::ifstream in(path);
  TrailReport r = verify_trail(in);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 2u);
  EXPECT_EQ(r.problems[0].kind, TrailProblem::Kind::NotJson);
  EXPECT_EQ(r.records, 2u);
}

}  // namespace
}  // namespace zgate::audit

// The audit trail's hash chain (issue 17): every JSON line carries the previous record's hash and
// its own, so an auditor's `zgate audit verify` finds a record altered, removed, inserted or
// reordered, the front of the trail cut off, and lines that are not records; several writers
// (zgate serve and zgate racf are separate processes) keep one chain. And the line is valid
// JSON in UTF-8 whatever bytes a user ID or a command's text holds.
#include <gtest/gtest.h>

#include <filesystem>
#include <initializer_list>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/json_lines_sink.h"
#include "audit/temp_dir.h"
#include "audit/trail_verify.h"

namespace zgate::audit {
namespace {

namespace fs = std::filesystem;
using Kind = TrailProblem::Kind;
const std::string kZeros(64, '0');

using testing::lines_of;
using testing::TempDir;

Event permit(const std::string& user, const std::string& detail) {
  Event e;
  e.time = 1790000000;
  e.code = EventCode::Permit;
  e.qualifier = command_q::kSuccess;
  e.user = user;
  e.component = "RACF";
  e.detail = detail;
  return e;
}

TrailReport verify_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  std::istringstream in(text);
  return verify_trail(in);
}

TrailReport verify_file(const std::string& path) {
  std::ifstream in(path);
  return verify_trail(in);
}

// What one process does: opens the trail, writes `events`, closes it.
void append(const std::string& path, std::initializer_list<Event> events) {
  JsonLinesSink sink(path);
  for (const auto& e : events) sink.write(e);
}

std::string field(const std::string& line, const char* name) {
  return nlohmann::json::parse(line).at(name).get<std::string>();
}

std::string describe(const TrailReport& r) {
  std::string s = std::to_string(r.records) + " records;";
  for (const auto& p : r.problems) s += " [line " + std::to_string(p.line) + " " + kind_name(p.kind) + ": " + p.text + "]";
  return s;
}

// The trail has exactly one problem, of `kind`, on `line`.
void expect_only(const TrailReport& r, std::uint64_t line, Kind kind) {
  ASSERT_EQ(r.problems.size(), 1u) << describe(r);
  EXPECT_EQ(r.problems[0].line, line) << describe(r);
  EXPECT_EQ(r.problems[0].kind, kind) << describe(r);
}

// Four RACF command records by one administrator, the trail an auditor is handed.
std::vector<std::string> four_record_trail(const TempDir& d) {
  std::string path = d.file("audit.jsonl");
  {
    JsonLinesSink sink(path);
    for (const char* who : {"IBMUSER", "ALICE", "BOB", "CAROL"})
      sink.write(permit("IBMUSER", std::string("PERMIT PAYROLL CLASS(TIMS) ID(") + who + ") ACCESS(READ)"));
  }
  auto lines = lines_of(path);
  EXPECT_EQ(lines.size(), 4u);
  EXPECT_TRUE(verify_lines(lines).intact()) << describe(verify_lines(lines));
  return lines;
}

TEST(AuditHashChain, TheFirstRecordChainsTo64ZerosAndEachNextToThePreviousHash) {
  TempDir d;
  auto lines = four_record_trail(d);
  EXPECT_EQ(field(lines[0], "prev"), kZeros);
  for (std::size_t i = 1; i < lines.size(); ++i) EXPECT_EQ(field(lines[i], "prev"), field(lines[i - 1], "hash"));
  EXPECT_EQ(lines[0] + "\n", to_chained_json_line(permit("IBMUSER", "PERMIT PAYROLL CLASS(TIMS) ID(IBMUSER) ACCESS(READ)"), kZeros));
  TrailReport r = verify_lines(lines);
  EXPECT_EQ(r.records, 4u);
  EXPECT_EQ(r.lines, 4u);
}

// zgate serve and zgate racf each open the file: two sinks (two open file descriptions, as two
// processes have) taking turns keep one chain, each noticing the other's records.
TEST(AuditHashChain, TwoWritersOnOneFileKeepOneChain) {
  TempDir d;
  std::string path = d.file("audit.jsonl");
  JsonLinesSink serve(path), racf(path);
  serve.write(permit("ALICE", "SIGN-ON"));
  racf.write(permit("IBMUSER", "ALTUSER ALICE REVOKE"));
  racf.write(permit("IBMUSER", "ALTUSER BOB REVOKE"));
  serve.write(permit("BOB", "SIGN-ON"));
  serve.write(permit("CAROL", "SIGN-ON"));
  racf.write(permit("IBMUSER", "ALTUSER CAROL REVOKE"));
  auto lines = lines_of(path);
  ASSERT_EQ(lines.size(), 6u);
  for (std::size_t i = 1; i < lines.size(); ++i) EXPECT_EQ(field(lines[i], "prev"), field(lines[i - 1], "hash")) << i;
  TrailReport r = verify_file(path);
  EXPECT_TRUE(r.intact()) << describe(r);
  EXPECT_EQ(r.records, 6u);
}

// A write cut short just before its newline left a whole record: the next one goes on a line of
// its own and chains to it, and the trail verifies.
TEST(AuditHashChain, ARecordThatLostOnlyItsNewlineIsChainedTo) {
  TempDir d;
  std::string path = d.file("audit.jsonl");
  append(path, {permit("IBMUSER", "FIRST"), permit("IBMUSER", "SECOND")});
  fs::resize_file(path, fs::file_size(path) - 1);
  append(path, {permit("IBMUSER", "THIRD")});
  auto lines = lines_of(path);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(field(lines[2], "prev"), field(lines[1], "hash"));
  TrailReport r = verify_file(path);
  EXPECT_TRUE(r.intact()) << describe(r);
}

TEST(AuditHashChain, TwoWritersAtOnceFromTwoThreadsStillKeepOneChain) {
  TempDir d;
  std::string path = d.file("audit.jsonl");
  JsonLinesSink a(path), b(path);
  auto run = [](JsonLinesSink& s, const char* who) {
    for (int i = 0; i < 200; ++i) s.write(permit(who, "RECORD " + std::to_string(i)));
  };
  std::thread ta(run, std::ref(a), "SERVE"), tb(run, std::ref(b), "RACF");
  ta.join();
  tb.join();
  TrailReport r = verify_file(path);
  EXPECT_TRUE(r.intact()) << describe(r);
  EXPECT_EQ(r.records, 400u);
}

TEST(AuditHashChain, VerifyFindsAnAlteredFieldAndNamesTheLine) {
  TempDir d;
  auto lines = four_record_trail(d);
  auto pos = lines[2].find("ID(BOB)");
  ASSERT_NE(pos, std::string::npos);
  lines[2].replace(pos, 7, "ID(EVE)");  // who was given access, rewritten after the fact
  TrailReport r = verify_lines(lines);
  expect_only(r, 3, Kind::Altered);
}

TEST(AuditHashChain, AnAlteredRecordWhoseHashWasRecomputedBreaksTheLinkAfterIt) {
  TempDir d;
  auto lines = four_record_trail(d);
  auto j = nlohmann::ordered_json::parse(lines[1]);
  Event e = permit("EVE", j["detail"].get<std::string>());
  lines[1] = to_chained_json_line(e, j["prev"].get<std::string>());
  lines[1].pop_back();
  TrailReport r = verify_lines(lines);
  expect_only(r, 3, Kind::Removed);
  ASSERT_FALSE(r.problems.empty());
  EXPECT_NE(r.problems[0].text.find("line 2"), std::string::npos) << r.problems[0].text;
}

TEST(AuditHashChain, VerifyFindsARemovedRecord) {
  TempDir d;
  auto lines = four_record_trail(d);
  lines.erase(lines.begin() + 1);  // ALICE's PERMIT no longer on record
  TrailReport r = verify_lines(lines);
  expect_only(r, 2, Kind::Removed);
}

TEST(AuditHashChain, VerifyFindsAReorderedPair) {
  TempDir d;
  auto lines = four_record_trail(d);
  std::swap(lines[1], lines[2]);
  TrailReport r = verify_lines(lines);
  ASSERT_FALSE(r.intact());
  EXPECT_EQ(r.problems[0].line, 2u) << describe(r);
  EXPECT_EQ(r.problems[0].kind, Kind::Reordered) << describe(r);
  EXPECT_NE(r.problems[0].text.find("line 3"), std::string::npos) << r.problems[0].text;
  for (const auto& p : r.problems) EXPECT_NE(p.kind, Kind::Altered) << describe(r);
}

TEST(AuditHashChain, VerifyFindsARecordInsertedFromElsewhereInTheTrail) {
  TempDir d;
  auto lines = four_record_trail(d);
  lines.insert(lines.begin() + 3, lines[1]);  // a copy of line 2 replayed before line 4
  TrailReport r = verify_lines(lines);
  ASSERT_FALSE(r.intact());
  bool named = false;
  for (const auto& p : r.problems) named |= p.kind == Kind::Inserted;
  EXPECT_TRUE(named) << describe(r);
}

TEST(AuditHashChain, VerifyFindsTheFrontOfTheTrailCutOff) {
  TempDir d;
  auto lines = four_record_trail(d);
  lines.erase(lines.begin(), lines.begin() + 2);
  TrailReport r = verify_lines(lines);
  expect_only(r, 1, Kind::TruncatedFront);
}

TEST(AuditHashChain, VerifyFindsALineThatIsNotJsonAndTheChainGoesOnAcrossIt) {
  TempDir d;
  auto lines = four_record_trail(d);
  lines.insert(lines.begin() + 2, "ICH408I USER(EVE) LOGON/JOB INITIATION - ACCESS GRANTED");
  TrailReport r = verify_lines(lines);
  expect_only(r, 3, Kind::NotJson);
  EXPECT_EQ(r.records, 4u);
}

// A repeated key: a JSON reader keeps the last value (the hash still matches) while a SIEM may
// show the first. The text is not what zgate wrote, and verify says so.
TEST(AuditHashChain, VerifyFindsARepeatedKeyAddedToARecord) {
  TempDir d;
  auto lines = four_record_trail(d);
  lines[1].insert(1, "\"user\":\"EVE\",");
  TrailReport r = verify_lines(lines);
  expect_only(r, 2, Kind::Rewritten);
}

TEST(AuditHashChain, ARecordFromAnotherTrailStartingItsOwnChainIsNamed) {
  TempDir d;
  auto lines = four_record_trail(d);
  lines.insert(lines.begin() + 2, lines[0]);
  TrailReport r = verify_lines(lines);
  ASSERT_FALSE(r.intact());
  EXPECT_EQ(r.problems[0].line, 3u) << describe(r);
  EXPECT_EQ(r.problems[0].kind, Kind::Restarted) << describe(r);
}

// A trail written before the chain existed: its lines are named, and the first chained record
// after them starts the chain.
TEST(AuditHashChain, LinesFromBeforeTheChainAreNamedAndTheNewRecordsStartIt) {
  TempDir d;
  std::string path = d.file("audit.jsonl");
  { std::ofstream(path) << to_json_line(permit("IBMUSER", "OLD")) << to_json_line(permit("IBMUSER", "OLDER")); }
  append(path, {permit("IBMUSER", "NEW")});
  auto lines = lines_of(path);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(field(lines[2], "prev"), kZeros);
  TrailReport r = verify_file(path);
  ASSERT_EQ(r.problems.size(), 2u) << describe(r);
  EXPECT_EQ(r.problems[0].kind, Kind::NotChained);
  EXPECT_EQ(r.problems[1].line, 2u);
  EXPECT_EQ(r.records, 1u);
}

TEST(AuditHashChain, AnEmptyTrailIsIntact) {
  std::istringstream in("");
  TrailReport r = verify_trail(in);
  EXPECT_TRUE(r.intact());
  EXPECT_EQ(r.records, 0u);
}

// A user ID or command text with bytes that are not UTF-8 (an EBCDIC-translated field, a
// hostile client) and control characters (a terminal escape sequence for whoever tails the log).
TEST(AuditJsonUtf8, InvalidUtf8AndControlCharactersStillMakeOneValidJsonLine) {
  const char detail_bytes[] = "PERMIT \xFF\xFE X\x01\x1B[31mRED\x7F caf\xC3\xA9 \x00 end";
  Event e = permit("AL\xC3\x28ICE", std::string(detail_bytes, sizeof detail_bytes - 1));
  std::string line = to_json_line(e);
  ASSERT_EQ(line.find('\n'), line.size() - 1) << line;
  for (char c : line.substr(0, line.size() - 1)) EXPECT_GE(static_cast<unsigned char>(c), 0x20u) << line;
  nlohmann::json j = nlohmann::json::parse(line);  // throws on invalid UTF-8 or an unescaped control
  EXPECT_EQ(j["user"], "AL\xEF\xBF\xBD(ICE");       // the bad byte is U+FFFD, the rest kept
  std::string detail = j["detail"];
  EXPECT_NE(detail.find("caf\xC3\xA9"), std::string::npos) << "valid UTF-8 is kept as it is";
  EXPECT_NE(detail.find("\x1B[31m"), std::string::npos);
  EXPECT_NE(line.find("\\u001b[31m"), std::string::npos) << "the escape is escaped on the line: " << line;
  EXPECT_NE(line.find("\\u0000"), std::string::npos) << line;
}

TEST(AuditJsonUtf8, ATrailWithSuchRecordsVerifies) {
  TempDir d;
  std::string path = d.file("audit.jsonl");
  append(path, {permit("AL\xC3\x28ICE", "X\x01\xFF"), permit("BOB", "caf\xC3\xA9")});
  TrailReport r = verify_file(path);
  EXPECT_TRUE(r.intact()) << describe(r);
  EXPECT_EQ(r.records, 2u);
}

}  // namespace
}  // namespace zgate::audit

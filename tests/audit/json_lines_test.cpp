// The default audit sink: one JSON object per line, SMF 80 names, escaping that keeps a hostile
// resource name from breaking the line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "audit/json_lines_sink.h"

namespace zgate::audit {
namespace {

Event denial() {
  Event e;
  e.time = 1790000000;
  e.code = EventCode::Access;
  e.qualifier = access_q::kInsufficientAuthority;
  e.violation = true;
  e.user = "ALICE";
  e.resource_class = "TIMS";
  e.resource = "PAY\"ROLL\n";
  e.profile = "PAY*";
  e.generic = true;
  e.access_requested = "READ";
  e.racf_rc = 8;
  return e;
}

TEST(JsonLines, CarriesTheSmf80EventNameAndQualifierText) {
  std::string line = to_json_line(denial());
  EXPECT_NE(line.find("\"event\":2,\"event_name\":\"ACCESS\",\"qualifier\":1"), std::string::npos) << line;
  EXPECT_NE(line.find("INSUFFICIENT AUTHORITY"), std::string::npos);
  EXPECT_NE(line.find("\"violation\":true"), std::string::npos);
  EXPECT_NE(line.find("\"generic\":true"), std::string::npos);
}

TEST(JsonLines, EscapesQuotesAndNewlinesSoEachEventIsOneLine) {
  std::string line = to_json_line(denial());
  EXPECT_NE(line.find("PAY\\\"ROLL\\n"), std::string::npos) << line;
  EXPECT_EQ(line.find('\n'), line.size() - 1);
}

TEST(JsonLines, AppendsToTheFile) {
  auto path = std::filesystem::temp_directory_path() / "zgate-audit-test.jsonl";
  std::filesystem::remove(path);
  {
    JsonLinesSink sink(path.string());
    sink.write(denial());
    sink.write(denial());
  }
  std::ifstream in(path);
  int lines = 0;
  for (std::string l; std::getline(in, l);) ++lines;
  EXPECT_EQ(lines, 2);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace zgate::audit

// zgate db unload / load / list: a DBA's round trip of a database through the flat segment
// format, and the load errors IMS's initial load reports (LB LC LD LE, V1).
#include <gtest/gtest.h>

#include <sstream>

#include "db/unload.h"
#include "dli_world.h"

namespace zgate::db {
namespace {

using namespace testing;

TEST(SegmentText, AnyBytesSurviveEscaping) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  std::string back;
  ASSERT_TRUE(unescape_segment(escape_segment(all), back));
  EXPECT_EQ(back, all);
  EXPECT_EQ(escape_segment("A\\B\x0C"), "A\\\\B\\x0C");
  EXPECT_FALSE(unescape_segment("bad \\q", back));
  EXPECT_FALSE(unescape_segment("cut \\x4", back));
}

TEST(DbUnload, UnloadThenLoadReproducesTheDatabaseTwinsAndAll) {
  DliWorld a;
  a.load(3);
  {
    auto s = a.schedule();
    ASSERT_EQ(DliWorld::st(*s, kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8), ssa("CARD")}), "  ");
    ASSERT_EQ(DliWorld::st(*s, kAll, "ISRT", {ssa("TXN")}, txn("20261201", "SECOND")), "  ");
    ASSERT_EQ(DliWorld::st(*s, kAll, "ISRT", {qual("CUSTOMER", "CUSTNO", "EQ", "00000002", 8), ssa("NOTE")}, std::string("BIN\x00\x01\xFF\\", 8) + pad("", 12)), "  ");
    a.store->commit(s->changes());
  }
  std::stringstream text;
  EXPECT_EQ(unload(*a.store, a.dbds.at("CUSTDB"), text), 3u * 4u + 2u);
  DliWorld b;
  std::stringstream in(text.str());
  EXPECT_EQ(load(*b.store, b.dbds.at("CUSTDB"), in, 5), 14u);
  std::stringstream again;
  unload(*b.store, b.dbds.at("CUSTDB"), again);
  EXPECT_EQ(again.str(), text.str());
  // The twin order survives: the transaction of equal date inserted second is still second.
  auto s = b.schedule();
  std::string io;
  ASSERT_EQ(DliWorld::st(*s, kAll, "GU", {qual("CUSTOMER", "CUSTNO", "EQ", "00000001", 8), ssa("CARD"), ssa("TXN")}), "  ");
  ASSERT_EQ(DliWorld::st(*s, kAll, "GN", {ssa("TXN")}, "", &io), "  ");
  EXPECT_EQ(io.substr(8, 6), "SECOND");
}

TEST(DbUnload, ListShowsOneRecordIndentedByLevel) {
  DliWorld a;
  a.load(2);
  std::stringstream out;
  EXPECT_EQ(list(*a.store, a.dbds.at("CUSTDB"), out, "00000002"), 4u);
  EXPECT_EQ(out.str().substr(0, 12), "CUSTOMER 01 ");
  EXPECT_NE(out.str().find("\n  CARD 02 4111000000020001"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("\n    TXN 03 20261201"), std::string::npos);
}

struct BadLoad {
  const char* name;
  std::string text;
  const char* status;
  int line;
};
void PrintTo(const BadLoad& b, std::ostream* os) { *os << b.name; }
class DbLoadRefuses : public ::testing::TestWithParam<BadLoad> {};

TEST_P(DbLoadRefuses, NamingTheLineAndImsLoadStatus) {
  DliWorld w;
  std::stringstream in(GetParam().text);
  try {
    load(*w.store, w.dbds.at("CUSTDB"), in);
    FAIL() << "loaded";
  } catch (const LoadError& e) {
    EXPECT_EQ(e.status, GetParam().status) << e.what();
    EXPECT_EQ(e.line, GetParam().line) << e.what();
  }
}

const std::string c1 = "CUSTOMER 01 " + customer("00000001", "A") + "\n";
const std::string c2 = "CUSTOMER 01 " + customer("00000002", "B") + "\n";
INSTANTIATE_TEST_SUITE_P(
    Ims, DbLoadRefuses,
    ::testing::Values(BadLoad{"LbDuplicateKey", c1 + c1, "LB", 2}, BadLoad{"LcKeyOutOfSequence", c2 + c1, "LC", 2},
                      BadLoad{"LdNoParent", "CARD 02 " + card("4111") + "\n", "LD", 1},
                      BadLoad{"LeTypeOutOfOrder", c1 + "NOTE 02 " + pad("N", 20) + "\nCARD 02 " + card("4111") + "\n", "LE", 3},
                      BadLoad{"LeUnknownSegment", "NOSUCH 01 x\n", "LE", 1},
                      BadLoad{"V1WrongLength", "CUSTOMER 01 short\n", "V1", 1}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(DbLoad, RefusesADatabaseThatIsNotEmpty) {
  DliWorld w;
  w.load(1);
  std::stringstream in(c2);
  EXPECT_THROW(load(*w.store, w.dbds.at("CUSTDB"), in), LoadError);
}

}  // namespace
}  // namespace zgate::db

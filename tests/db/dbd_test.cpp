// DBDGEN decks as a DBA writes them: IBM's IVP phone book (DFSIVD1, HIDAM with its primary
// index DFSIVD1I), a three-level database, and the mistakes DBDGEN stops on.
#include <gtest/gtest.h>

#include "core/member_error.h"
#include "core/proclib.h"
#include "decks.h"
#include "db/dbd.h"

namespace zgate::db {
namespace {

using testing::deck;

// IBM's IVP database: the phone book, one 40-byte root keyed by last name.
const char* kDfsivd1 =
    "         DBD   NAME=DFSIVD1,ACCESS=(HIDAM,OSAM)\n"
    "         DATASET DD1=DFSIVD1,DEVICE=3380,BLOCK=1024\n"
    "         SEGM  NAME=A1111111,PARENT=0,BYTES=40,RULES=(LLL,HERE)\n"
    "         FIELD NAME=(A1111111,SEQ,U),BYTES=10,START=1,TYPE=C\n"
    "         LCHILD NAME=(A1111111,DFSIVD1I),PTR=INDX\n"
    "         DBDGEN\n"
    "         FINISH\n"
    "         END\n";

const char* kDfsivd1i =
    "         DBD   NAME=DFSIVD1I,ACCESS=(INDEX,VSAM,PROT)\n"
    "         DATASET DD1=DFSIVD1X,DEVICE=3380\n"
    "         SEGM  NAME=A1111111,BYTES=10\n"
    "         FIELD NAME=(A1111111,SEQ,U),BYTES=10,START=1\n"
    "         LCHILD NAME=(A1111111,DFSIVD1),INDEX=A1111111\n"
    "         DBDGEN\n"
    "         END\n";

TEST(Dbdgen, TheIvpPhoneBookIsAHidamRootKeyedByItsFirstTenBytes) {
  Dbd d = read_dbd(deck("DFSIVD1", kDfsivd1));
  EXPECT_EQ(d.name, "DFSIVD1");
  EXPECT_EQ(d.access, Access::Hidam);
  ASSERT_EQ(d.segments.size(), 1u);
  const SegmentDef& root = d.segments[0];
  EXPECT_EQ(root.name, "A1111111");
  EXPECT_TRUE(root.parent.empty());
  EXPECT_EQ(root.level, 1);
  EXPECT_EQ(root.max_bytes, 40);
  EXPECT_EQ(root.insert, InsertRule::Here);
  ASSERT_NE(root.sequence_field(), nullptr);
  EXPECT_EQ(root.sequence_field()->bytes, 10);
  EXPECT_TRUE(root.sequence_field()->unique);
}

TEST(Dbdgen, TheHidamPrimaryIndexDbdIsReadAsAnIndex) {
  Dbd d = read_dbd(deck("DFSIVD1I", kDfsivd1i));
  EXPECT_EQ(d.access, Access::Index);
}

const char* kThreeLevels =
    "         DBD   NAME=CARDDB,ACCESS=HIDAM\n"
    "         SEGM  NAME=CUSTOMER,PARENT=0,BYTES=60\n"
    "         FIELD NAME=(CUSTNO,SEQ,U),BYTES=8,START=1\n"
    "         FIELD NAME=CUSTNAME,BYTES=30,START=9\n"
    "         SEGM  NAME=CARD,PARENT=CUSTOMER,BYTES=(40,20)\n"
    "         FIELD NAME=(PAN,SEQ,U),BYTES=16,START=1,TYPE=C\n"
    "         FIELD NAME=LIMIT,BYTES=5,START=17,TYPE=P\n"
    "         SEGM  NAME=TXN,PARENT=((CARD,SNGL)),BYTES=30\n"
    "         FIELD NAME=(TXNDATE,SEQ,M),BYTES=8,START=1\n"
    "         SEGM  NAME=ADDRESS,PARENT=CUSTOMER,BYTES=80\n"
    "         DBDGEN\n"
    "         END\n";

TEST(Dbdgen, SegmentsKeepTheirLevelsLengthsAndSequenceFields) {
  Dbd d = read_dbd(deck("CARDDB", kThreeLevels));
  ASSERT_EQ(d.segments.size(), 4u);
  EXPECT_EQ(d.segment("CARD")->level, 2);
  EXPECT_EQ(d.segment("CARD")->min_bytes, 20);
  EXPECT_EQ(d.segment("TXN")->level, 3);
  EXPECT_EQ(d.segment("TXN")->parent, "CARD");
  EXPECT_FALSE(d.segment("TXN")->sequence_field()->unique);
  EXPECT_EQ(d.segment("ADDRESS")->level, 2);
  EXPECT_EQ(d.segment("ADDRESS")->sequence_field(), nullptr);  // unkeyed
  EXPECT_EQ(d.segment("CARD")->field("LIMIT")->type, 'P');
}

// Each mistake stops the deck with its member, line and keyword, as DBDGEN stops.
struct Mistake {
  const char* name;
  std::string text;
  int line;
  const char* keyword;
  const char* says;
};

std::string ivp_with(const std::string& replace, const std::string& with) {
  std::string s = kDfsivd1;
  s.replace(s.find(replace), replace.size(), with);
  return s;
}

std::string three_with(const std::string& replace, const std::string& with) {
  std::string s = kThreeLevels;
  s.replace(s.find(replace), replace.size(), with);
  return s;
}

void PrintTo(const Mistake& m, std::ostream* os) { *os << m.name; }

class DbdgenMistake : public ::testing::TestWithParam<Mistake> {};

TEST_P(DbdgenMistake, IsRefusedNamingMemberLineAndKeyword) {
  const Mistake& m = GetParam();
  try {
    read_dbd(deck("BADDBD", m.text));
    FAIL() << "accepted";
  } catch (const core::MemberError& e) {
    EXPECT_EQ(e.member, "BADDBD");
    EXPECT_EQ(e.line, m.line) << e.what();
    EXPECT_EQ(e.keyword, m.keyword) << e.what();
    EXPECT_NE(std::string(e.what()).find(m.says), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Dbdgen, DbdgenMistake,
    ::testing::Values(
        Mistake{"UnknownAccessMethod", ivp_with("(HIDAM,OSAM)", "HIXAM"), 1, "ACCESS", "is not HIDAM"},
        Mistake{"HidamRootWithoutAUniqueKey", ivp_with("SEQ,U", "SEQ,M"), 3, "FIELD", "unique sequence field"},
        Mistake{"FieldPastTheEndOfItsSegment", ivp_with("START=1,TYPE=C", "START=35,TYPE=C"), 4, "START", "ends after byte 40"},
        Mistake{"PackedFieldTooLong", ivp_with("BYTES=10,START=1,TYPE=C", "BYTES=20,START=1,TYPE=P"), 4, "BYTES", "TYPE=P"},
        Mistake{"SecondaryIndex", ivp_with("PTR=INDX", "PTR=SNGL"), 5, "LCHILD", "secondary index"},
        Mistake{"XdfldIsNotBuilt", ivp_with("         LCHILD NAME=(A1111111,DFSIVD1I),PTR=INDX\n",
                                            "         XDFLD NAME=XNAME,SRCH=A1111111\n"), 5, "XDFLD", "secondary index"},
        Mistake{"ParentNotDefinedBefore", three_with("PARENT=CUSTOMER,BYTES=(40,20)", "PARENT=NOSUCH,BYTES=(40,20)"), 5, "PARENT", "not defined before"},
        Mistake{"OutOfHierarchicalOrder", three_with("         DBDGEN\n", "         SEGM  NAME=LATE,PARENT=CARD,BYTES=9\n         DBDGEN\n"), 11, "PARENT", "hierarchical order"},
        Mistake{"TwoRoots", ivp_with("         DBDGEN\n", "         SEGM  NAME=B2,PARENT=0,BYTES=9\n         DBDGEN\n"), 6, "PARENT", "one root"},
        Mistake{"NoDbdgen", ivp_with("         DBDGEN\n", ""), 6, "DBDGEN", "must end with DBDGEN"},
        Mistake{"UnknownKeyword", ivp_with("RULES=(LLL,HERE)", "COLOUR=RED"), 3, "COLOUR", "unknown SEGM keyword"}),
    [](const ::testing::TestParamInfo<Mistake>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace zgate::db

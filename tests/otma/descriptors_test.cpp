// DFSYDTx: the OTMA destination descriptors IMS programs name in ICAL and alternate-PCB ISRT
// calls, and errors that name member, line and keyword as an IMS systems programmer expects.
#include "otma/descriptors.h"

#include <gtest/gtest.h>

namespace zgate::otma {
namespace {

using namespace std::chrono_literals;

const char* kMember =
    "*********************************************************************\n"
    "* DFSYDT0: OTMA DESCRIPTORS\n"
    "*********************************************************************\n"
    "M DFSOTMA          DDESCMAX=600\n"
    "M HWS1             T/O=120 INPUT=5000\n"
    "D CALLOUT1 TYPE=IMSCON TMEMBER=HWS1 TPIPE=CALLOUT1 SYNTIMER=500\n"
    "D PAYEVENT TYPE=IMSCON TMEMBER=HWS1\n"
    "* a comment between the records of one descriptor does not break it\n"
    "D PAYEVENT TPIPE=PAYEVTTP EXIT=NO SMEM=NO                               00010000\n"
    "\n"
    "D WEBSVC*  TYPE=IMSCON TMEMBER=HWS2 TPIPE=WEBTP01\n"
    "D WEBSVC*  ADAPTER=XMLADPTR CONVRTR=CONV01\n"
    "D MQDEST1  TYPE=MQSERIES TMEMBER=CSQ1 MQRTQ=REPLY.Q\n"
    "D PRINTER1 TYPE=NONOTMA\n";

TEST(Dfsydt, ReadsImsconDestinationsWithTheirTmemberTpipeAndSyntimer) {
  Dfsydt d = parse_dfsydt(kMember, "DFSYDT0");
  EXPECT_EQ(d.member, "DFSYDT0");
  ASSERT_EQ(d.destinations.size(), 5u);
  const Descriptor& c = d.destinations.at("CALLOUT1");
  EXPECT_EQ(c.type, "IMSCON");
  EXPECT_EQ(c.tmember, "HWS1");
  EXPECT_EQ(c.tpipe, "CALLOUT1");
  EXPECT_EQ(c.syntimer, 5000ms) << "SYNTIMER= is in hundredths of a second";
  EXPECT_EQ(c.callout_timeout(), 5000ms);
  EXPECT_EQ(c.line, 6);
  EXPECT_EQ(d.clients, (std::vector<std::string>{"DFSOTMA", "HWS1"}));
  EXPECT_EQ(d.ignored.size(), 2u) << "MQSERIES and NONOTMA are read, not routed";
}

TEST(Dfsydt, ConsecutiveRecordsWithTheSameNameAreOneDescriptor) {
  Descriptor p = parse_dfsydt(kMember, "DFSYDT0").destinations.at("PAYEVENT");
  EXPECT_EQ(p.tmember, "HWS1");
  EXPECT_EQ(p.tpipe, "PAYEVTTP");
  EXPECT_FALSE(p.exit);
  EXPECT_EQ(p.syntimer, 0ms) << "not given";
  EXPECT_EQ(p.callout_timeout(), kDefaultSyntimer);
  EXPECT_EQ(kDefaultSyntimer, 10s);
}

TEST(Dfsydt, ReadDfsydtKeepsOnlyWhatZgateRoutes) {
  Destinations r = read_dfsydt(kMember, "DFSYDT0");
  EXPECT_EQ(r.size(), 3u);
  EXPECT_TRUE(r.count("CALLOUT1") && r.count("PAYEVENT") && r.count("WEBSVC*"));
  EXPECT_FALSE(r.count("MQDEST1"));
}

TEST(Dfsydt, AnIcalNamesADescriptorExactlyOrThroughTheLongestMaskedName) {
  Destinations r = read_dfsydt(
      "D CALLOUT1 TYPE=IMSCON TMEMBER=HWS1 TPIPE=TP1\n"
      "D CALL*    TYPE=IMSCON TMEMBER=HWS1 TPIPE=TPCALL\n"
      "D CALLOUT* TYPE=IMSCON TMEMBER=HWS2 TPIPE=TPCALLO\n"
      "D ASYNC1   TYPE=IMSCON TMEMBER=HWS1\n",
      "DFSYDT0");
  EXPECT_EQ(find_destination(r, "CALLOUT1")->tpipe, "TP1");
  EXPECT_EQ(find_destination(r, "CALLOUT9")->tpipe, "TPCALLO");
  EXPECT_EQ(find_destination(r, "CALLX")->tpipe, "TPCALL");
  EXPECT_EQ(find_destination(r, "NOSUCH"), nullptr);
  EXPECT_EQ(find_destination(r, "CAL"), nullptr) << "the mask is a prefix: CAL is shorter";
  auto m = resolve_destination(r, "CALLOUT9");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->name, "CALLOUT9");
  EXPECT_EQ(m->tmember, "HWS2");
  // Without TPIPE= the tpipe is the destination name.
  EXPECT_EQ(resolve_destination(r, "ASYNC1")->tpipe, "ASYNC1");
  EXPECT_FALSE(resolve_destination(r, "NOSUCH"));
}

TEST(Dfsydt, SyntimerRange) {
  EXPECT_EQ(read_dfsydt("D X TYPE=IMSCON TMEMBER=H TPIPE=T SYNTIMER=999999\n", "M").at("X").syntimer,
            9999990ms);
  EXPECT_EQ(read_dfsydt("D X TYPE=IMSCON TMEMBER=H TPIPE=T SYNTIMER=0\n", "M").at("X").callout_timeout(),
            kDefaultSyntimer);
}

TEST(Dfsydt, AnEmptyMemberHasNoDescriptors) {
  Dfsydt d = parse_dfsydt("* nothing yet\n\n", "DFSYDT0");
  EXPECT_TRUE(d.destinations.empty());
  EXPECT_TRUE(d.clients.empty());
}

TEST(Dfsydt, RemoteImsDescriptorsAreReadButNotRouted) {
  Dfsydt d = parse_dfsydt(
      "D RMT1 TYPE=IMSCON TMEMBER=HWS1 TPIPE=RMTTP RMTIMSCON=RMTCON1\n"
      "D RMT1 RMTIMS=IMS2 RMTTRAN=TRAN2 RMTSEC=C\n",
      "DFSYDT0");
  EXPECT_EQ(d.destinations.at("RMT1").rmtims, "IMS2");
  EXPECT_TRUE(routable(d).empty());
  ASSERT_EQ(d.ignored.size(), 1u);
  EXPECT_NE(d.ignored[0].find("RMTIMSCON"), std::string::npos);
}

void expect_error(const std::string& text, int line, const std::string& keyword, const std::string& what) {
  try {
    parse_dfsydt(text, "DFSYDT1");
    ADD_FAILURE() << "no error for " << text;
  } catch (const core::MemberError& e) {
    EXPECT_EQ(e.member, "DFSYDT1");
    EXPECT_EQ(e.line, line) << e.what();
    EXPECT_EQ(e.keyword, keyword) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

TEST(Dfsydt, RecordFormatErrorsNameMemberAndLine) {
  expect_error("D OK TYPE=IMSCON TMEMBER=H\nX BAD TYPE=IMSCON\n", 2, "", "column 1 is 'X'");
  expect_error("DBAD TYPE=IMSCON\n", 1, "", "column 3");
  expect_error("D  BAD TYPE=IMSCON\n", 1, "", "column 3");
  expect_error("D TOOLONGNAME TYPE=IMSCON TMEMBER=H\n", 1, "", "longer than 8");
  expect_error("D callout1 TYPE=IMSCON TMEMBER=H\n", 1, "", "upper case");
  expect_error("D CALL*X TYPE=IMSCON TMEMBER=H\n", 1, "", "A-Z 0-9 $ # @");
  expect_error("D X\tTYPE=IMSCON\n", 1, "", "tab character");
  expect_error("D X TYPE=IMSCON TMEMBER=H " + std::string(60, ' ') + "X\n", 1, "", "longer than 80");
}

TEST(Dfsydt, ADescriptorsRecordsMustBeConsecutive) {
  expect_error(
      "D A TYPE=IMSCON TMEMBER=H\n"
      "D B TYPE=IMSCON TMEMBER=H\n"
      "D A TPIPE=T\n",
      3, "", "defined more than once");
  std::string many;
  for (int i = 0; i < 51; ++i) many += "D A\n";
  expect_error(many, 51, "", "more than 50 records");
}

TEST(Dfsydt, KeywordErrorsNameMemberLineAndKeyword) {
  expect_error("D A TYPE=IMSCON TMEMBER=H TPIPEX=T\n", 1, "TPIPEX", "unknown keyword");
  expect_error("D A TYPE=IMSCON TMEMBER=H\nD A TMEMBER=H2\n", 2, "TMEMBER", "specified more than once");
  expect_error("D A TYPE=IMSCON tmember=H\n", 1, "tmember", "upper case");
  expect_error("D A TYPE=IMSCON TMEMBER=H GARBAGE\n", 1, "GARBAGE", "not a KEYWORD=value");
  expect_error("D A TMEMBER=H\n", 1, "TYPE", "has no TYPE=");
  expect_error("D A TYPE=IMSCONN TMEMBER=H\n", 1, "TYPE", "not IMSCON, IMSTRAN, MQSERIES or NONOTMA");
  expect_error("D A TYPE=IMSCON\n", 1, "TMEMBER", "has no TMEMBER=");
  expect_error("D A TYPE=IMSCON TMEMBER=H LTERMOVR=LT1\n", 1, "LTERMOVR", "not valid for TYPE=IMSCON");
  expect_error("D A TYPE=IMSCON TMEMBER=H SYNTIMER=1000000\n", 1, "SYNTIMER", "0 to 999999");
  expect_error("D A TYPE=IMSCON TMEMBER=H SYNTIMER=5S\n", 1, "SYNTIMER", "'5S'");
  expect_error("D A TYPE=IMSCON TMEMBER=H SMEM=Y\n", 1, "SMEM", "is not YES or NO");
  expect_error("D A TYPE=IMSCON TMEMBER=H TPIPE=TOOLONGTP\n", 1, "TPIPE", "1-8 characters");
  expect_error("D A TYPE=IMSCON TMEMBER=H TPIPE=TP#1\n", 1, "TPIPE", "A-Z 0-9 $ @");
  expect_error("D A TYPE=IMSCON TMEMBER=H TPIPE=DFSTP1\n", 1, "TPIPE", "starts with DFS");
  expect_error("D A TYPE=IMSCON TMEMBER=H TPIPE=\n", 1, "TPIPE", "has no value");
  expect_error("D A* TYPE=IMSCON TMEMBER=H\n", 1, "TPIPE", "needs TPIPE=");
  expect_error("D A TYPE=IMSCON TMEMBER=H CONVRTR=C1\n", 1, "CONVRTR", "needs ADAPTER=");
  expect_error("D A TYPE=IMSCON TMEMBER=H RMTIMS=IMS2\n", 1, "RMTIMS", "needs RMTIMSCON=");
  expect_error("D A TYPE=IMSCON TMEMBER=ABCDEFGHIJKLMNOPQ\n", 1, "TMEMBER", "1-16 characters");
}

TEST(Dfsydt, DfsotmaLimitsTheNumberOfDestinationDescriptors) {
  expect_error(
      "M DFSOTMA DDESCMAX=2\n"
      "D A TYPE=IMSCON TMEMBER=H\n"
      "D B TYPE=IMSCON TMEMBER=H\n"
      "D C TYPE=IMSCON TMEMBER=H\n",
      4, "", "more than 2 destination descriptors");
  expect_error("M DFSOTMA DDESCMAX=ABC\n", 1, "DDESCMAX", "1 to 4 digits");
  std::string many;
  for (int i = 0; i < 511; ++i) many += "D N" + std::to_string(i) + " TYPE=NONOTMA\n";
  expect_error(many, 511, "", "more than 510 destination descriptors");
}

}  // namespace
}  // namespace zgate::otma

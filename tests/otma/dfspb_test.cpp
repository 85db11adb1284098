// DFSPBxxx: the OTMA parameters of the IMS control region, and errors that name member, line and
// keyword as an IMS systems programmer expects from a failed start.
#include "otma/dfspb.h"

#include <gtest/gtest.h>

namespace zgate::otma {
namespace {

core::Member member(const std::string& text) {
  auto r = core::parse_member("DFSPBIM1", text, core::MemberFormat::Dfspb);
  EXPECT_TRUE(r.ok()) << (r.error ? r.error->to_string() : "");
  return r.member;
}

TEST(Dfspb, ReadsTheOtmaParameters) {
  Dfspb d = parse_dfspb(member(
      "* IMS1 control region\n"
      "IMSID=IMS1,RGSUF=001,SUF=I,PST=50\n"
      "GRNAME=XCFGRP1,OTMA=Y,OTMANM=IMS1OTMA,OTMASE=C\n"
      "OTMAMD=Y,OTMASP=N,OTMAASY=S,PSWDC=R,AUTO=Y,RES=N\n"));
  EXPECT_EQ(d.otma.group, "XCFGRP1");
  EXPECT_EQ(d.otma.ims_member, "IMS1OTMA");
  EXPECT_EQ(d.otma.level, SecurityLevel::Check);
  EXPECT_TRUE(d.otma_start);
  EXPECT_TRUE(d.otmamd);
  EXPECT_FALSE(d.otmasp);
  EXPECT_EQ(d.otmaasy, 'S');
  EXPECT_EQ(d.imsid, "IMS1");
  std::vector<std::string> ignored;
  for (const auto& i : d.ignored) ignored.push_back(i.keyword);
  EXPECT_EQ(ignored, (std::vector<std::string>{"RGSUF", "SUF", "PST", "PSWDC", "AUTO", "RES"}));
  EXPECT_EQ(d.ignored.front().line, 2);  // RGSUF
}

TEST(Dfspb, OtmaseDefaultsToFullAndOtmanmToApplidThenImsidThenIms1) {
  OtmaConfig c = read_dfspb(member("GRNAME=XCFGRP1\n"));
  EXPECT_EQ(c.level, SecurityLevel::Full);
  EXPECT_EQ(c.ims_member, "IMS1");
  EXPECT_EQ(read_dfspb(member("GRNAME=G1,IMSID=IMSB\n")).ims_member, "IMSB");
  EXPECT_EQ(read_dfspb(member("GRNAME=G1,IMSID=IMSB,APPLID1=IMSBAPPL\n")).ims_member, "IMSBAPPL");
  for (const char* l : {"N", "J", "C", "F", "P"})
    EXPECT_EQ(read_dfspb(member(std::string("GRNAME=G1,OTMASE=") + l + "\n")).level, *parse_level(l));
}

void expect_error(const std::string& text, int line, const std::string& keyword, const std::string& what) {
  try {
    read_dfspb(member(text));
    ADD_FAILURE() << "no error for " << text;
  } catch (const core::MemberError& e) {
    EXPECT_EQ(e.member, "DFSPBIM1");
    EXPECT_EQ(e.line, line) << e.what();
    EXPECT_EQ(e.keyword, keyword) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

TEST(Dfspb, AnUnknownKeywordNamesMemberLineAndKeyword) {
  expect_error("GRNAME=XCFGRP1\nOTMAXX=Y\n", 2, "OTMAXX", "unknown keyword");
}

TEST(Dfspb, BadValuesNameMemberLineAndKeyword) {
  expect_error("GRNAME=XCFGRP1,OTMASE=X\n", 1, "OTMASE", "'X' is not C, F, J, N or P");
  expect_error("IMSID=IMS1\nGRNAME=TOOLONGGROUP\n", 2, "GRNAME", "1-8 characters");
  expect_error("GRNAME=1GRP\n", 1, "GRNAME", "XCF group name");
  expect_error("GRNAME=G1\n\nOTMA=MAYBE\n", 3, "OTMA", "is not Y, N or M");
  expect_error("GRNAME=G1,OTMANM=(A,B)\n", 1, "OTMANM", "not a list");
  expect_error("GRNAME=G1,OTMAASY=Q\n", 1, "OTMAASY", "Y, N or S");
  expect_error("GRNAME=G1,IMSID=IMSXY\n", 1, "IMSID", "1-4 characters");
  expect_error("GRNAME=G1\nGRNAME=G2\n", 2, "GRNAME", "more than once");
}

TEST(Dfspb, GrnameIsRequired) {
  expect_error("OTMA=Y,OTMASE=F\n", 0, "GRNAME", "required");
}

// zgate serves only through OTMA: OTMA=N, or no OTMA= (IMS's default N), is refused for serving
// with member, line and keyword; the member still parses (OTMA=N is valid IMS).
TEST(Dfspb, OtmaNIsRefusedForServing) {
  const Dfspb y = parse_dfspb(member("GRNAME=G1,OTMA=Y\n"));
  EXPECT_NO_THROW(require_otma_started(y, "DFSPBIM1"));
  EXPECT_NO_THROW(require_otma_started(parse_dfspb(member("GRNAME=G1,OTMA=M\n")), "DFSPBIM1"));
  const Dfspb n = parse_dfspb(member("GRNAME=G1\nOTMA=N\n"));
  try {
    require_otma_started(n, "DFSPBIM1");
    ADD_FAILURE() << "OTMA=N accepted";
  } catch (const core::MemberError& e) {
    EXPECT_EQ(e.member, "DFSPBIM1");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.keyword, "OTMA");
  }
  EXPECT_THROW(require_otma_started(parse_dfspb(member("GRNAME=G1\n")), "DFSPBIM1"), core::MemberError);
}

// ISIS= (PSB scheduling security) and ODBASE= are read, not ignored: N, R, C, A, IBM's default N,
// and 0, 1, 2 read as N as IMS reads them; a bad value stops start-up naming member, line and
// keyword.
TEST(Dfspb, IsisAndOdbaseAreReadWithImsDefaultsN) {
  Dfspb none = parse_dfspb(member("GRNAME=G1\n"));
  EXPECT_EQ(none.isis, tm::Isis::None);
  EXPECT_EQ(none.isis_line, 0);
  EXPECT_FALSE(none.odbase);
  Dfspb d = parse_dfspb(member("GRNAME=G1\nISIS=A,ODBASE=Y\n"));
  EXPECT_EQ(d.isis, tm::Isis::Both);
  EXPECT_EQ(d.isis_line, 2);
  EXPECT_TRUE(d.odbase);
  EXPECT_TRUE(d.ignored.empty()) << "neither is listed as accepted-but-ignored";
  EXPECT_EQ(parse_dfspb(member("GRNAME=G1,ISIS=R\n")).isis, tm::Isis::Racf);
  EXPECT_EQ(parse_dfspb(member("GRNAME=G1,ISIS=C\n")).isis, tm::Isis::Exit);
  for (const char* v : {"0", "1", "2", "N"})
    EXPECT_EQ(parse_dfspb(member(std::string("GRNAME=G1,ISIS=") + v + "\n")).isis, tm::Isis::None) << v;
}

TEST(Dfspb, AnInvalidIsisOrOdbaseValueIsRefusedNamingMemberLineAndKeyword) {
  expect_error("GRNAME=G1\nISIS=X\n", 2, "ISIS", "'X' is not N, R, C or A");
  expect_error("GRNAME=G1,ISIS=3\n", 1, "ISIS", "is not N, R, C or A");
  expect_error("GRNAME=G1,ISIS=(R,C)\n", 1, "ISIS", "not a list");
  expect_error("GRNAME=G1\n\nODBASE=M\n", 3, "ODBASE", "'M' is not Y or N");
}

// ISIS=C and A have DFSRAS00 decide: without an exit, start-up stops.
TEST(Dfspb, IsisCOrAWithoutARasExitIsRefusedForServing) {
  for (const char* v : {"C", "A"}) {
    const Dfspb d = parse_dfspb(member(std::string("GRNAME=G1\nISIS=") + v + "\n"));
    EXPECT_NO_THROW(require_ras_exit(d, "DFSPBIM1", true));
    try {
      require_ras_exit(d, "DFSPBIM1", false);
      ADD_FAILURE() << "ISIS=" << v << " without an exit accepted";
    } catch (const core::MemberError& e) {
      EXPECT_EQ(e.line, 2);
      EXPECT_EQ(e.keyword, "ISIS");
      EXPECT_NE(std::string(e.what()).find("DFSRAS00"), std::string::npos) << e.what();
    }
  }
  EXPECT_NO_THROW(require_ras_exit(parse_dfspb(member("GRNAME=G1,ISIS=R\n")), "DFSPBIM1", false));
  EXPECT_NO_THROW(require_ras_exit(parse_dfspb(member("GRNAME=G1\n")), "DFSPBIM1", false));
}

}  // namespace
}  // namespace zgate::otma

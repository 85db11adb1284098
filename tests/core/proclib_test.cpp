#include "core/proclib.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zgate::core {
namespace {

// An 80-byte HWSCFG card: text in columns 1-72, a sequence number in 73-80.
std::string card(std::string_view text, std::string_view seq) {
  std::string s(text);
  if (s.size() < 72) s.resize(72, ' ');
  return s + std::string(seq) + "\n";
}

// An assembler card: text in columns 1-71, continuation character in 72, sequence in 73-80.
std::string asm_card(std::string_view text, char cont = ' ', std::string_view seq = "00000000") {
  std::string s(text);
  EXPECT_LE(s.size(), 71u) << s;
  s.resize(71, ' ');
  return s + cont + std::string(seq) + "\n";
}

std::string error_of(const ParseResult& r) { return r.error ? r.error->to_string() : "no error"; }

ParseResult hwscfg(std::string_view text) {
  return parse_member("HWSCFG00", text, MemberFormat::Hwscfg);
}
ParseResult dfspb(std::string_view text) {
  return parse_member("DFSPBIMA", text, MemberFormat::Dfspb);
}
ParseResult stage1(std::string_view text) {
  return parse_member("STAGE1", text, MemberFormat::Stage1);
}

// ---------------------------------------------------------------------------------------------
// HWSCFGxx

TEST(ProclibHwscfg, ParsesIbmShapedSampleMemberWithSequenceNumbers) {
  std::string text =
      card("**********************************************************************", "00000100") +
      card("* HWSCFG00: IMS CONNECT CONFIGURATION FOR IMSA (SAMPLE)", "00000200") +
      card("**********************************************************************", "00000300") +
      card("HWS (ID=HWS1,RACF=Y,UIDCACHE=Y,UIDAGE=300,XIBAREA=20)", "00000400") +
      card("TCPIP (HOSTNAME=TCPIP,PORTID=(9999,9998,LOCAL),MAXSOC=2000,", "00000500") +
      card("       TIMEOUT=5000,EXIT=(HWSSMPL0,HWSSMPL1),RACFID=IMSCUSR)", "00000600") +
      card("DATASTORE (ID=IMSA,GROUP=XCFGRP1,MEMBER=HWS1,TMEMBER=IMSA,APPL=IMSAPPL)",
           "00000700");
  auto r = hwscfg(text);
  ASSERT_TRUE(r.ok()) << error_of(r);
  const Member& m = r.member;
  EXPECT_EQ(m.name, "HWSCFG00");
  ASSERT_EQ(m.statements.size(), 3u);

  const Statement* hws = m.find("HWS");
  ASSERT_NE(hws, nullptr);
  EXPECT_EQ(hws->line, 4);
  EXPECT_EQ(hws->column, 1);
  EXPECT_EQ(hws->scalar("ID"), "HWS1");
  EXPECT_EQ(hws->scalar("RACF"), "Y");
  EXPECT_EQ(hws->scalar("UIDAGE"), "300");
  EXPECT_EQ(hws->scalar("PSWDMC", "R"), "R");  // absent: the fallback
  EXPECT_EQ(hws->params.size(), 5u);

  const Statement* tcpip = m.find("TCPIP");
  ASSERT_NE(tcpip, nullptr);
  const Param* portid = tcpip->find("PORTID");
  ASSERT_NE(portid, nullptr);
  EXPECT_TRUE(portid->value.is_list);
  EXPECT_EQ(portid->value.items(), (std::vector<std::string>{"9999", "9998", "LOCAL"}));
  EXPECT_EQ(tcpip->find("EXIT")->value.items(),
            (std::vector<std::string>{"HWSSMPL0", "HWSSMPL1"}));
  const Param* timeout = tcpip->find("TIMEOUT");
  ASSERT_NE(timeout, nullptr);
  EXPECT_EQ(timeout->line, 6);
  EXPECT_EQ(timeout->column, 8);
  EXPECT_EQ(tcpip->scalar("RACFID"), "IMSCUSR");

  const Statement* ds = m.find("DATASTORE");
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(ds->scalar("TMEMBER"), "IMSA");
  EXPECT_EQ(ds->scalar("APPL"), "IMSAPPL");
}

TEST(ProclibHwscfg, RepeatedPortParamsCarryNestedKeywordLists) {
  auto r = hwscfg("TCPIP (PORT=(ID=9999,KEEPAV=10),PORT=(ID=9998,EDIT=MYEXIT))\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  auto ports = r.member.statements[0].find_all("PORT");
  ASSERT_EQ(ports.size(), 2u);
  EXPECT_EQ(ports[0]->value.find("ID")->value.scalar, "9999");
  EXPECT_EQ(ports[0]->value.find("KEEPAV")->value.scalar, "10");
  EXPECT_EQ(ports[0]->value.find("EDIT"), nullptr);
  EXPECT_EQ(ports[1]->value.find("EDIT")->value.scalar, "MYEXIT");
  EXPECT_EQ(ports[1]->column, 33);
  EXPECT_EQ(ports[1]->value.column, 38);  // its '('
  EXPECT_EQ(ports[1]->value.find("EDIT")->column, 47);
  EXPECT_EQ(ports[1]->value.to_string(), "(ID=9998,EDIT=MYEXIT)");
}

TEST(ProclibHwscfg, ContinuesAfterACommaFollowedByBlanks) {
  auto r = hwscfg(
      "HWS (ID=HWS1,   \n"
      "   RACF=Y,\n"
      "\n"
      "           UIDCACHE=Y)\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  const Statement& s = r.member.statements[0];
  EXPECT_EQ(s.params.size(), 3u);
  EXPECT_EQ(s.find("UIDCACHE")->line, 4);
  EXPECT_EQ(s.find("UIDCACHE")->column, 12);
}

TEST(ProclibHwscfg, ContinuesAcrossAFullRecordWithoutAnIndicator) {
  std::string l1 = "TCPIP (MAXSOC=2000,HOSTNAME=";
  std::string host(72 - l1.size(), 'T');
  l1 += host;
  ASSERT_EQ(l1.size(), 72u);
  auto r = hwscfg(card(l1, "00000100") + card("CPIP,TIMEOUT=5000)", "00000200"));
  ASSERT_TRUE(r.ok()) << error_of(r);
  const Statement& s = r.member.statements[0];
  EXPECT_EQ(s.scalar("HOSTNAME"), host + "CPIP");
  EXPECT_EQ(s.find("TIMEOUT")->line, 2);
  EXPECT_EQ(s.find("TIMEOUT")->column, 6);
}

TEST(ProclibHwscfg, IgnoresColumns73To80EvenWhenTheyLookLikeData) {
  // Without the 72-column cut the sequence field would read as ",BOGUS=1".
  auto r = hwscfg(card("HWS (ID=HWS1,", ",BOGUS=1") + card("     RACF=N)", "RACF=Y)X"));
  ASSERT_TRUE(r.ok()) << error_of(r);
  EXPECT_EQ(r.member.statements[0].params.size(), 2u);
  EXPECT_EQ(r.member.statements[0].scalar("RACF"), "N");
}

TEST(ProclibHwscfg, SkipsCommentLinesEvenInsideAContinuedStatement) {
  auto r = hwscfg(
      "* IMS CONNECT FOR THE TEST PLEX\n"
      "TCPIP (HOSTNAME=TCPIP,\n"
      "* THE PORTS (ONE PER LISTENER), DATASTORE (BOGUS=\n"
      "       PORTID=(9999))\r\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  ASSERT_EQ(r.member.statements.size(), 1u);
  EXPECT_EQ(r.member.statements[0].find("PORTID")->line, 4);
}

TEST(ProclibHwscfg, DecodesQuotedStringsWithDoubledQuotes) {
  auto r = hwscfg("HWS (ID='A B,(C)''D',X=X'0F',Y='')\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  const Statement& s = r.member.statements[0];
  const Param* id = s.find("ID");
  EXPECT_TRUE(id->value.quoted);
  EXPECT_EQ(id->value.scalar, "A B,(C)'D");
  EXPECT_EQ(id->value.to_string(), "'A B,(C)''D'");
  // A value that mixes quoted and unquoted parts is kept exactly as written.
  EXPECT_FALSE(s.find("X")->value.quoted);
  EXPECT_EQ(s.scalar("X"), "X'0F'");
  EXPECT_TRUE(s.find("Y")->value.quoted);
  EXPECT_EQ(s.scalar("Y", "absent"), "");
}

TEST(ProclibHwscfg, AllowsEmptyListElementsAndBlankValues) {
  auto r = hwscfg("TCPIP (PORTID=(,9999,),SENDALTP=,EXIT=(),HOSTNAME=TCPIP)\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  const Statement& s = r.member.statements[0];
  const Param* portid = s.find("PORTID");
  EXPECT_EQ(portid->value.items(), (std::vector<std::string>{"", "9999", ""}));
  EXPECT_TRUE(portid->value.list[0].positional());
  EXPECT_EQ(portid->value.list[0].column, 16);
  EXPECT_EQ(portid->value.list[2].column, 22);
  EXPECT_FALSE(s.find("SENDALTP")->value.is_list);
  EXPECT_EQ(s.scalar("SENDALTP", "absent"), "");
  EXPECT_TRUE(s.find("EXIT")->value.is_list);
  EXPECT_TRUE(s.find("EXIT")->value.list.empty());
  EXPECT_EQ(s.scalar("HOSTNAME"), "TCPIP");
}

TEST(ProclibHwscfg, TreatsAScalarAsAOneElementList) {
  auto r = hwscfg("TCPIP (EXIT=HWSSMPL1)\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  EXPECT_EQ(r.member.statements[0].find("EXIT")->value.items(),
            std::vector<std::string>{"HWSSMPL1"});
}

TEST(ProclibHwscfg, RendersNestedListsCanonically) {
  auto r = hwscfg("ODACCESS (DRDAPORT=(ID=5555,KEEPAV=5),X=((A,B),,C))\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  const Param* x = r.member.statements[0].find("X");
  EXPECT_EQ(x->value.to_string(), "((A,B),,C)");
  EXPECT_EQ(x->value.items(), (std::vector<std::string>{"(A,B)", "", "C"}));
  EXPECT_EQ(r.member.statements[0].find("DRDAPORT")->value.items(),
            (std::vector<std::string>{"ID=5555", "KEEPAV=5"}));
}

TEST(ProclibHwscfg, AcceptsFifteenNestedListsInsideAStatement) {
  std::string text = "HWS (A=" + std::string(15, '(') + "X" + std::string(15, ')') + ")\n";
  auto r = hwscfg(text);
  ASSERT_TRUE(r.ok()) << error_of(r);
}

TEST(ProclibHwscfg, EmptyMemberHasNoStatements) {
  auto r = hwscfg("* NOTHING BUT A COMMENT\n\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  EXPECT_TRUE(r.member.statements.empty());
  EXPECT_EQ(r.member.find("HWS"), nullptr);
}

// --- HWSCFG syntax errors, each with its position ---------------------------------------------

TEST(ProclibHwscfgError, ListNotClosedAtEndOfMember) {
  EXPECT_EQ(error_of(hwscfg("* LINE 1\n* LINE 2\nHWS (ID=(A,BCDEF\n")),
            "HWSCFG00 line 3 column 17: expected ')' to close the list opened at column 9");
}

TEST(ProclibHwscfgError, ListOpenedOnAnEarlierLineSaysWhichLine) {
  EXPECT_EQ(error_of(hwscfg("HWS (ID=HWS1,\n   RACF=Y")),
            "HWSCFG00 line 2 column 10: expected ')' to close the list opened at line 1 "
            "column 5");
}

TEST(ProclibHwscfgError, RecordEndsWithoutAComma) {
  EXPECT_EQ(error_of(hwscfg("TCPIP (HOSTNAME=TCPIP\n       MAXSOC=2000)\n")),
            "HWSCFG00 line 1 column 22: expected ')' to close the list opened at column 7; a "
            "statement continues on the next record only after a comma");
}

TEST(ProclibHwscfgError, BlankBeforeTheClosingParenthesis) {
  EXPECT_EQ(error_of(hwscfg("HWS (ID=HWS1 )\n")),
            "HWSCFG00 line 1 column 13: expected ',' or ')' but found a blank");
}

TEST(ProclibHwscfgError, LowerCaseKeyword) {
  EXPECT_EQ(error_of(hwscfg("HWS (ID=HWS1,racf=Y)\n")),
            "HWSCFG00 line 1 column 14: keyword racf must be upper case");
}

TEST(ProclibHwscfgError, LowerCaseStatementName) {
  EXPECT_EQ(error_of(hwscfg("\nhws (ID=HWS1)\n")),
            "HWSCFG00 line 2 column 1: statement name hws must be upper case");
}

TEST(ProclibHwscfgError, StatementWithoutParentheses) {
  EXPECT_EQ(error_of(hwscfg("HWS ID=HWS1\n")),
            "HWSCFG00 line 1 column 5: expected '(' after statement name HWS");
  EXPECT_EQ(error_of(hwscfg("HWS\n")),
            "HWSCFG00 line 1 column 4: expected '(' after statement name HWS");
}

TEST(ProclibHwscfgError, StatementNameMustStartWithALetter) {
  EXPECT_EQ(error_of(hwscfg("HWS (ID=A) 9TCPIP (X=1)\n")),
            "HWSCFG00 line 1 column 12: expected a statement name but found '9'");
  EXPECT_EQ(error_of(hwscfg("HWS (ID=A))\n")),
            "HWSCFG00 line 1 column 11: expected a statement name but found ')'");
}

TEST(ProclibHwscfgError, QuotedStringNotClosed) {
  EXPECT_EQ(error_of(hwscfg("HWS (ID='HWS1)")),
            "HWSCFG00 line 1 column 15: quoted string opened at column 9 is not closed");
  EXPECT_EQ(error_of(hwscfg("HWS (ID='HWS1)\nTCPIP (X=1)\n")),
            "HWSCFG00 line 1 column 15: quoted string opened at column 9 is not closed "
            "before the end of the record");
}

TEST(ProclibHwscfgError, EqualsSignInsideAValue) {
  EXPECT_EQ(error_of(hwscfg("HWS (ID=A=B)\n")),
            "HWSCFG00 line 1 column 10: unexpected '=' after 'A'; a keyword starts with a "
            "letter or $, # or @");
  EXPECT_EQ(error_of(hwscfg("HWS (=A)\n")), "HWSCFG00 line 1 column 6: unexpected '='");
}

TEST(ProclibHwscfgError, SomethingOtherThanCommaAfterAValue) {
  EXPECT_EQ(error_of(hwscfg("HWS (ID=A(1))\n")),
            "HWSCFG00 line 1 column 10: expected ',' or ')' but found '('");
}

TEST(ProclibHwscfgError, ListsNestedTooDeep) {
  std::string text = "HWS (A=" + std::string(16, '(') + "X" + std::string(16, ')') + ")\n";
  EXPECT_EQ(error_of(hwscfg(text)),
            "HWSCFG00 line 1 column 23: lists are nested more than 16 deep");
}

TEST(ProclibHwscfgError, TabsAndControlCharacters) {
  EXPECT_EQ(error_of(hwscfg("HWS\t(ID=A)\n")),
            "HWSCFG00 line 1 column 4: tab character; records are card images, use blanks");
  EXPECT_EQ(error_of(hwscfg(std::string("HWS (ID=A\x01)\n"))),
            "HWSCFG00 line 1 column 10: invalid character X'01'");
  // ...but not in ignored columns or comments.
  EXPECT_TRUE(hwscfg(card("HWS (ID=A)", "\t\x01") + "*\t\x02\n").ok());
}

TEST(ProclibHwscfgError, MemberLargerThanOneMebibyte) {
  std::string text(kProclibMaxMemberBytes + 1, ' ');
  auto r = hwscfg(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->line, 0);
  EXPECT_EQ(error_of(r), "HWSCFG00: member is 1048577 bytes; the limit is 1048576 bytes");
  EXPECT_TRUE(r.member.statements.empty());
}

TEST(ProclibHwscfgError, TooManyParameters) {
  std::string text = "HWS (";
  std::string commas(72, ',');
  while (text.size() < kProclibMaxParams * 2) text += commas + "\n";
  text += "A)\n";
  ASSERT_LE(text.size(), kProclibMaxMemberBytes);
  auto r = hwscfg(text);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(error_of(r).find("more than 262144 parameters in one member"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// DFSPBxxx

std::string pb_card(std::string_view text, std::string_view tail = "X0000010") {
  std::string s(text);
  s.resize(71, ' ');
  return s + std::string(tail) + "\n";
}

TEST(ProclibDfspb, ParsesAControlRegionMemberAsOneUnnamedStatement) {
  std::string text = pb_card("*  DFSPBIMA: IMS CONTROL REGION PARAMETERS FOR IMSA") +
                     pb_card("GRNAME=XCFGRP1,OTMA=Y,OTMANM=IMSA,OTMASE=FULL,RCLASS=IMS,") +
                     pb_card("AOIS=S,ISIS=R,") + pb_card("SUF=I,IMSID=IMSA   PSWD=N") +
                     pb_card("  SGN=M , APPLID1=IMSAPPL") + pb_card("");
  auto r = dfspb(text);
  ASSERT_TRUE(r.ok()) << error_of(r);
  ASSERT_EQ(r.member.statements.size(), 1u);
  const Statement& s = r.member.statements[0];
  EXPECT_EQ(s.name, "");
  EXPECT_EQ(s.line, 2);
  EXPECT_EQ(s.params.size(), 12u);
  EXPECT_EQ(s.scalar("GRNAME"), "XCFGRP1");
  EXPECT_EQ(s.scalar("OTMASE"), "FULL");
  EXPECT_EQ(s.scalar("RCLASS"), "IMS");
  EXPECT_EQ(s.scalar("ISIS"), "R");
  EXPECT_EQ(s.scalar("PSWD"), "N");
  EXPECT_EQ(s.scalar("APPLID1"), "IMSAPPL");
  EXPECT_EQ(s.find("PSWD")->line, 4);
  EXPECT_EQ(s.find("PSWD")->column, 20);
  // Column 72 onward ("X0000010") is not data: no param swallowed it.
  EXPECT_EQ(s.scalar("RCLASS"), "IMS");
  EXPECT_EQ(r.member.find(""), &s);
}

TEST(ProclibDfspb, ListsMayContinueAfterAComma) {
  auto r = dfspb("VSPEC=(A,\n       B),SUF=I\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  EXPECT_EQ(r.member.statements[0].find("VSPEC")->value.items(),
            (std::vector<std::string>{"A", "B"}));
}

TEST(ProclibDfspb, EmptyMemberIsOneStatementWithoutParams) {
  auto r = dfspb("* ONLY A COMMENT\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  ASSERT_EQ(r.member.statements.size(), 1u);
  EXPECT_TRUE(r.member.statements[0].params.empty());
}

TEST(ProclibDfspb, KeywordsKeepTheirCase) {
  auto r = dfspb("otma=Y\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  EXPECT_EQ(r.member.statements[0].params[0].keyword, "otma");
}

TEST(ProclibDfspbError, KeywordWithoutEqualsSign) {
  EXPECT_EQ(error_of(dfspb("GRNAME=XCFGRP1,OTMA,RCLASS=IMS\n")),
            "DFSPBIMA line 1 column 20: expected '=' after keyword OTMA");
  EXPECT_EQ(error_of(dfspb("OTMA\n")), "DFSPBIMA line 1 column 5: expected '=' after keyword OTMA");
}

TEST(ProclibDfspbError, TwoCommasInARow) {
  EXPECT_EQ(error_of(dfspb("OTMA=Y,,RCLASS=IMS\n")),
            "DFSPBIMA line 1 column 8: expected a keyword but found ','");
}

TEST(ProclibDfspbError, JunkAfterAValue) {
  EXPECT_EQ(error_of(dfspb("OTMA=Y)RCLASS=IMS\n")),
            "DFSPBIMA line 1 column 7: expected ',' or a blank after the value of OTMA but "
            "found ')'");
}

TEST(ProclibDfspbError, ParameterMustStartWithAKeyword) {
  EXPECT_EQ(error_of(dfspb("OTMA=Y\n  9=1\n")),
            "DFSPBIMA line 2 column 3: expected KEYWORD=value but found '9'");
}

TEST(ProclibDfspbError, ListNotClosedBeforeTheRecordEnds) {
  EXPECT_EQ(error_of(dfspb("VSPEC=(A,B\nSUF=I\n")),
            "DFSPBIMA line 1 column 11: expected ')' to close the list opened at column 7; a "
            "statement continues on the next record only after a comma");
}

TEST(ProclibDfspbError, DataInColumn71IsReadButColumn72IsNot) {
  std::string l(70, ' ');
  l += "A=1";  // A in column 71, "=1" in the ignored columns
  EXPECT_EQ(error_of(dfspb(l + "\n")),
            "DFSPBIMA line 1 column 72: expected '=' after keyword A");
}

// ---------------------------------------------------------------------------------------------
// Stage-1 macros

TEST(ProclibStage1, ParsesASystemDefinitionWithLabelsContinuationsAndRemarks) {
  std::string text =
      asm_card("*        STAGE-1 SYSTEM DEFINITION FOR IMSA (SAMPLE)", ' ', "00000100") +
      asm_card(".*       MACRO COMMENT", ' ', "00000200") +
      asm_card("         PRINT NOGEN", ' ', "00000300") +
      asm_card("         IMSCTRL SYSTEM=(VS/2,(ALL,DB/DC),390),IMSID=IMSA,", 'X', "00000400") +
      asm_card("               MAXREGN=10              REMARK AFTER THE OPERANDS", ' ',
               "00000500") +
      asm_card("         APPLCTN PSB=ECHOPGM,PGMTYPE=TP          ECHO PROGRAM", ' ',
               "00000600") +
      asm_card("ECHOTRN  TRANSACT CODE=(ECHO),MODE=SNGL,MSGTYPE=(SNGLSEG,  REMARKS", 'X',
               "00000700") +
      asm_card("               RESPONSE,1),PRTY=(7,10,2)", ' ', "00000800") +
      asm_card("         APPLCTN PSB=BATCHPGM,PGMTYPE=(BATCH,,2)", ' ', "00000900") +
      asm_card("         TITLE 'IMS ''A'' SYSTEM DEFINITION'", ' ', "00001000") +
      asm_card("         IMSGEN", ' ', "00001100");
  auto r = stage1(text);
  ASSERT_TRUE(r.ok()) << error_of(r);
  const Member& m = r.member;
  ASSERT_EQ(m.statements.size(), 7u);

  EXPECT_EQ(m.statements[0].name, "PRINT");
  EXPECT_EQ(m.statements[0].params[0].value.scalar, "NOGEN");
  EXPECT_TRUE(m.statements[0].params[0].positional());

  const Statement* ctrl = m.find("IMSCTRL");
  ASSERT_NE(ctrl, nullptr);
  EXPECT_EQ(ctrl->line, 4);
  EXPECT_EQ(ctrl->column, 10);
  EXPECT_EQ(ctrl->find("SYSTEM")->value.to_string(), "(VS/2,(ALL,DB/DC),390)");
  EXPECT_EQ(ctrl->scalar("MAXREGN"), "10");
  EXPECT_EQ(ctrl->find("MAXREGN")->line, 5);
  EXPECT_EQ(ctrl->find("MAXREGN")->column, 16);
  EXPECT_EQ(ctrl->params.size(), 3u);

  auto apps = m.find_all("APPLCTN");
  ASSERT_EQ(apps.size(), 2u);
  EXPECT_EQ(apps[0]->scalar("PSB"), "ECHOPGM");
  EXPECT_EQ(apps[0]->params.size(), 2u);  // the remark is not an operand
  EXPECT_EQ(apps[1]->find("PGMTYPE")->value.items(),
            (std::vector<std::string>{"BATCH", "", "2"}));

  const Statement* tran = m.find("TRANSACT");
  ASSERT_NE(tran, nullptr);
  EXPECT_EQ(tran->label, "ECHOTRN");
  EXPECT_EQ(tran->line, 7);
  EXPECT_EQ(tran->column, 1);
  EXPECT_EQ(tran->find("CODE")->value.items(), std::vector<std::string>{"ECHO"});
  EXPECT_EQ(tran->find("MSGTYPE")->value.items(),
            (std::vector<std::string>{"SNGLSEG", "RESPONSE", "1"}));
  EXPECT_EQ(tran->find("PRTY")->value.to_string(), "(7,10,2)");

  const Statement* title = m.find("TITLE");
  ASSERT_NE(title, nullptr);
  EXPECT_TRUE(title->params[0].value.quoted);
  EXPECT_EQ(title->params[0].value.scalar, "IMS 'A' SYSTEM DEFINITION");

  EXPECT_TRUE(m.find("IMSGEN")->params.empty());
}

TEST(ProclibStage1, OperandsReachingColumn71ContinueInColumn16) {
  std::string head = "         TRANSACT CODE=";
  std::string tail = ",MSGTYPE=(SNGLSEG,RESP";
  std::string code(71 - head.size() - tail.size(), 'T');
  std::string l1 = head + code + tail;
  ASSERT_EQ(l1.size(), 71u);
  auto r = stage1(asm_card(l1, 'X') + asm_card("               ONSE,1),MODE=SNGL"));
  ASSERT_TRUE(r.ok()) << error_of(r);
  const Statement& s = r.member.statements[0];
  EXPECT_EQ(s.scalar("CODE"), code);
  EXPECT_EQ(s.find("MSGTYPE")->value.items(),
            (std::vector<std::string>{"SNGLSEG", "RESPONSE", "1"}));
  EXPECT_EQ(s.find("MODE")->line, 2);
}

TEST(ProclibStage1, QuotedStringsContinueThroughColumn71) {
  std::string head = "         DFSMAC PARM='";
  std::string body(71 - head.size(), 'A');
  auto r = stage1(asm_card(head + body, 'X') + asm_card("               B C',MODE=SNGL"));
  ASSERT_TRUE(r.ok()) << error_of(r);
  const Statement& s = r.member.statements[0];
  EXPECT_EQ(s.scalar("PARM"), body + "B C");
  EXPECT_EQ(s.scalar("MODE"), "SNGL");
}

TEST(ProclibStage1, ContinuedCommentsAndBlankRecordsAreSkipped) {
  auto r = stage1(asm_card("* A LONG COMMENT", 'X') + asm_card("               STILL COMMENT") +
                  "\n" + asm_card("         APPLCTN PSB=X"));
  ASSERT_TRUE(r.ok()) << error_of(r);
  ASSERT_EQ(r.member.statements.size(), 1u);
  EXPECT_EQ(r.member.statements[0].line, 4);
}

TEST(ProclibStage1, OperationsAndKeywordsKeepTheirCase) {
  auto r = stage1("         applctn psb=echopgm\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  EXPECT_EQ(r.member.statements[0].name, "applctn");
  EXPECT_EQ(r.member.statements[0].params[0].keyword, "psb");
}

TEST(ProclibStage1, RemarksOnContinuationRecordsAfterTheOperandsEnd) {
  auto r = stage1(asm_card("         APPLCTN PSB=ECHOPGM  REMARK THAT GOES ON", 'X') +
                  asm_card("               AND ON"));
  ASSERT_TRUE(r.ok()) << error_of(r);
  EXPECT_EQ(r.member.statements[0].params.size(), 1u);
}

// --- Stage-1 syntax errors --------------------------------------------------------------------

TEST(ProclibStage1Error, ContinuationRecordNotBlankInColumns1To15) {
  EXPECT_EQ(error_of(stage1(asm_card("         IMSCTRL IMSID=IMSA,", 'X') +
                            asm_card("    MAXREGN=10"))),
            "STAGE1 line 2 column 5: a continuation record must be blank in columns 1-15");
}

TEST(ProclibStage1Error, MemberEndsWhileAStatementIsContinued) {
  EXPECT_EQ(error_of(stage1(asm_card("         IMSCTRL IMSID=IMSA,", 'X'))),
            "STAGE1 line 1 column 72: column 72 continues the statement but the member ends");
}

TEST(ProclibStage1Error, TrailingCommaWithoutAContinuation) {
  EXPECT_EQ(error_of(stage1(asm_card("         APPLCTN PSB=ECHOPGM,   REMARK"))),
            "STAGE1 line 1 column 29: operands end with ',' but the statement is not continued "
            "(column 72 is blank)");
  EXPECT_EQ(error_of(stage1("         APPLCTN PSB=ECHOPGM,")),
            "STAGE1 line 1 column 29: operands end with ',' but the statement is not continued "
            "(column 72 is blank)");
}

TEST(ProclibStage1Error, ContinuedOperandsNotInColumn16) {
  EXPECT_EQ(error_of(stage1(asm_card("         IMSCTRL IMSID=IMSA,", 'X') +
                            asm_card("                MAXREGN=10"))),
            "STAGE1 line 2 column 16: continued operands must resume in column 16");
}

TEST(ProclibStage1Error, BlankInsideAList) {
  EXPECT_EQ(error_of(stage1("         APPLCTN PGMTYPE=(TP )\n")),
            "STAGE1 line 1 column 29: expected ')' to close the list opened at column 26; a "
            "blank ends the operands");
}

TEST(ProclibStage1Error, LabelWithoutAnOperation) {
  EXPECT_EQ(error_of(stage1("LABEL1\n")),
            "STAGE1 line 1 column 7: expected an operation after label LABEL1");
}

TEST(ProclibStage1Error, OperationMustBeAName) {
  EXPECT_EQ(error_of(stage1("         (APPLCTN) PSB=X\n")),
            "STAGE1 line 1 column 10: expected an operation but found '('");
  EXPECT_EQ(error_of(stage1("         APPLCTN=X\n")),
            "STAGE1 line 1 column 17: expected a blank after operation APPLCTN but found '='");
}

TEST(ProclibStage1Error, JunkAfterAnOperand) {
  EXPECT_EQ(error_of(stage1("         APPLCTN PSB=X)\n")),
            "STAGE1 line 1 column 23: expected ',' or a blank after the operand but found ')'");
}

TEST(ProclibStage1Error, QuotedStringNotClosed) {
  EXPECT_EQ(error_of(stage1("         TITLE 'IMS\n")),
            "STAGE1 line 1 column 20: quoted string opened at column 16 is not closed");
}

// ---------------------------------------------------------------------------------------------
// CSL members (CSLDIxxx, CSLDCxxx, DFSCGxxx, DFSDFxxx)

ParseResult csl(std::string_view text) { return parse_member("CSLDI000", text, MemberFormat::Csl); }

TEST(ProclibCsl, KeywordEqualsAndKeywordParenthesesForms) {
  auto r = csl("ODBMNAME=ODBM1,RRS=Y\nIMSPLEX(NAME=PLEX1) ODBMCFG=000\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  ASSERT_EQ(r.member.statements.size(), 1u);
  const Statement& st = r.member.statements[0];
  EXPECT_EQ(st.name, "");
  ASSERT_EQ(st.params.size(), 4u);
  EXPECT_EQ(st.scalar("ODBMNAME"), "ODBM1");
  const Param* plex = st.find("IMSPLEX");
  ASSERT_NE(plex, nullptr);
  ASSERT_TRUE(plex->value.is_list);
  ASSERT_NE(plex->value.find("NAME"), nullptr);
  EXPECT_EQ(plex->value.find("NAME")->value.scalar, "PLEX1");
  EXPECT_EQ(plex->line, 2);
  EXPECT_EQ(plex->column, 1);
  EXPECT_EQ(st.find("ODBMCFG")->column, 21);
}

TEST(ProclibCsl, NestedListsSeparatedByBlanksAcrossRecords) {
  auto r = csl("DATASTORE(NAME=IMS1\n  ALIAS(NAME=IVP1),ALIAS(NAME=IVP2)\n  )\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  const Param* ds = r.member.statements[0].find("DATASTORE");
  ASSERT_NE(ds, nullptr);
  ASSERT_EQ(ds->value.list.size(), 3u);
  EXPECT_EQ(ds->value.list[1].keyword, "ALIAS");
  EXPECT_EQ(ds->value.list[2].value.to_string(), "(NAME=IVP2)");
  EXPECT_EQ(ds->value.list[1].line, 2);
}

TEST(ProclibCsl, SectionHeadersStartStatements) {
  auto r = csl("<SECTION=DATABASE>\nDUMMY=1\n<SECTION=COMMON_SERVICE_LAYER>\n"
               "IMSPLEX=PLEX1 ODBMSECURE=R\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  ASSERT_EQ(r.member.statements.size(), 3u);
  EXPECT_TRUE(r.member.statements[0].params.empty());
  EXPECT_EQ(r.member.statements[1].name, "DATABASE");
  const Statement* csl_section = r.member.find("COMMON_SERVICE_LAYER");
  ASSERT_NE(csl_section, nullptr);
  EXPECT_EQ(csl_section->line, 3);
  EXPECT_EQ(csl_section->scalar("ODBMSECURE"), "R");
}

TEST(ProclibCsl, CommentsRecordsAndSlashStarComments) {
  auto r = csl("* COMMENT RECORD\n# ALSO A COMMENT\nRRS=N /* TRAILING */ ARMRST=Y\n"
               "/* A COMMENT\n   OVER TWO RECORDS */ODBMNAME=ODBMX\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  const Statement& st = r.member.statements[0];
  ASSERT_EQ(st.params.size(), 3u);
  EXPECT_EQ(st.scalar("RRS"), "N");
  EXPECT_EQ(st.scalar("ARMRST"), "Y");
  EXPECT_EQ(st.find("ODBMNAME")->line, 5);
}

TEST(ProclibCsl, ColumnsPast72AreIgnored) {
  std::string rec(72, ' ');
  rec.replace(0, 6, "RRS=Y,");
  auto r = csl(rec + "00000010\nARMRST=N\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  EXPECT_EQ(r.member.statements[0].params.size(), 2u);
}

TEST(ProclibCsl, EmptyMemberHasOneUnnamedStatement) {
  auto r = csl("* NOTHING BUT A COMMENT\n");
  ASSERT_TRUE(r.ok()) << error_of(r);
  ASSERT_EQ(r.member.statements.size(), 1u);
  EXPECT_TRUE(r.member.statements[0].params.empty());
}

TEST(ProclibCslError, CommentNotClosed) {
  EXPECT_EQ(error_of(csl("RRS=Y /* OPEN\nARMRST=N\n")),
            "CSLDI000 line 1 column 7: comment opened with /* is not closed with */");
}

TEST(ProclibCslError, BadSectionHeader) {
  EXPECT_EQ(error_of(csl("<SECTOIN=X>\n")),
            "CSLDI000 line 1 column 1: expected a section header <SECTION=name>");
  EXPECT_EQ(error_of(csl("<SECTION=CSL\n")),
            "CSLDI000 line 1 column 13: expected '>' to close the section header opened at column 1");
}

TEST(ProclibCslError, ListNotClosed) {
  EXPECT_EQ(error_of(csl("IMSPLEX(NAME=PLEX1\n")),
            "CSLDI000 line 1 column 19: expected ')' to close the list opened at column 8");
}

TEST(ProclibCslError, KeywordWithoutValue) {
  EXPECT_EQ(error_of(csl("ODBMNAME ODBM1\n")),
            "CSLDI000 line 1 column 9: expected '=' or '(' after keyword ODBMNAME");
}

TEST(ProclibCslError, ParenthesesFormIsCslOnly) {
  // The other formats keep refusing KEYWORD(...) as before.
  EXPECT_FALSE(dfspb("IMSPLEX(NAME=PLEX1)\n").ok());
  EXPECT_FALSE(hwscfg("HWS (ID=A,X(B=1))\n").ok());
}

}  // namespace
}  // namespace zgate::core

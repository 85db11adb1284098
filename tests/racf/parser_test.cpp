// The TSO operand parser, keyword abbreviation, and TSO continuation of command input.
#include <gtest/gtest.h>

#include <array>
#include <sstream>

#include "racf/operands.h"
#include "racf/processor.h"
#include "racf/tokenizer.h"

namespace zgate::racf {
namespace {

TEST(TsoParser, SplitsVerbPositionalsAndKeywords) {
  auto r = parse_command("adduser alice name('Alice Smith') special");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.command.verb, "ADDUSER");
  ASSERT_EQ(r.command.operands.size(), 3u);
  EXPECT_EQ(r.command.operands[0].folded(), "ALICE");
  EXPECT_EQ(r.command.operands[1].folded(), "NAME");
  ASSERT_EQ(r.command.operands[1].args.size(), 1u);
  EXPECT_TRUE(r.command.operands[1].args[0].quoted);
  EXPECT_EQ(r.command.operands[1].args[0].folded(), "Alice Smith");  // quoted text never folds
  EXPECT_FALSE(r.command.operands[2].has_args);
}

TEST(TsoParser, NestsParenthesesAsRacfKeywordsDo) {
  auto r = parse_command("SETROPTS PASSWORD(INTERVAL(30) REVOKE(3)) WHEN(PROGRAM)");
  ASSERT_TRUE(r.ok);
  const Token& pw = r.command.operands[0];
  ASSERT_EQ(pw.args.size(), 2u);
  EXPECT_EQ(pw.args[0].text, "INTERVAL");
  ASSERT_EQ(pw.args[0].args.size(), 1u);
  EXPECT_EQ(pw.args[0].args[0].text, "30");
  auto a = parse_command("RALTER TIMS PAY AUDIT(SUCCESS(UPDATE) FAILURES(READ))");
  ASSERT_TRUE(a.ok);
  EXPECT_EQ(a.command.operands[2].args[1].args[0].text, "READ");
}

TEST(TsoParser, ListsAreBlankOrCommaSeparated) {
  auto r = parse_command("SETROPTS CLASSACT(TIMS,GIMS CIMS)");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.command.operands[0].args.size(), 3u);
  auto p = parse_command("ADDUSER (A B,C) DFLTGRP(SYS1)");
  ASSERT_TRUE(p.ok);
  EXPECT_TRUE(p.command.operands[0].is_list());
  EXPECT_EQ(p.command.operands[0].args.size(), 3u);
}

TEST(TsoParser, DoubledQuoteIsOneQuote) {
  auto r = parse_command("ALTUSER X DATA('O''BRIEN''S DESK')");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.command.operands[1].args[0].text, "O'BRIEN'S DESK");
}

TEST(TsoParser, QuotedStringKeepsParenthesesAndBlanks) {
  auto r = parse_command("RALTER FACILITY X APPLDATA('A (B) C,D')");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.command.operands[2].args[0].text, "A (B) C,D");
}

TEST(TsoParser, UnbalancedParenthesesAreASyntaxError) {
  EXPECT_FALSE(parse_command("ADDUSER X NAME(Y").ok);
  EXPECT_FALSE(parse_command("ADDUSER X NAME(Y))").ok);
  EXPECT_FALSE(parse_command("ADDUSER X DATA('unterminated)").ok);
  auto r = parse_command("ADDUSER X NAME(Y");
  EXPECT_NE(r.error.find("IKJ56702I"), std::string::npos);
}

TEST(TsoParser, DeepNestingIsRefusedNotRecursedForever) {
  std::string deep = "SETROPTS " + std::string(1000, '(') + std::string(1000, ')');
  EXPECT_FALSE(parse_command(deep).ok);
  std::string fine = "SETROPTS A" + std::string(kMaxNesting, '(') + std::string(kMaxNesting, ')');
  EXPECT_TRUE(parse_command(fine).ok);
}

TEST(TsoParser, ErrorsNeverQuoteTheOperand) {
  auto r = parse_command("PASSWORD PASSWORD(SECRET1 'NEWSECR)");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.find("SECRET1"), std::string::npos);
  EXPECT_EQ(r.error.find("NEWSECR"), std::string::npos);
}

constexpr std::array<std::string_view, 5> kWords = {"SPECIAL", "NOSPECIAL", "SUPGROUP", "OWNER", "OPERATIONS"};

TEST(KeywordAbbreviation, UniquePrefixResolves) {
  EXPECT_EQ(resolve_keyword("SPEC", kWords), "SPECIAL");
  EXPECT_EQ(resolve_keyword("OW", kWords), "OWNER");
  EXPECT_EQ(resolve_keyword("OP", kWords), "OPERATIONS");
  EXPECT_EQ(resolve_keyword("SPECIAL", kWords), "SPECIAL");
}

TEST(KeywordAbbreviation, AmbiguousOrUnknownIsRejected) {
  EXPECT_FALSE(resolve_keyword("S", kWords));  // SPECIAL or SUPGROUP
  EXPECT_FALSE(resolve_keyword("O", kWords));  // OWNER or OPERATIONS
  EXPECT_FALSE(resolve_keyword("BOGUS", kWords));
}

TEST(KeywordAbbreviation, PositionalsComeFirstAndKeywordsOnlyOnce) {
  auto r = parse_command("RLIST TIMS ALL AUTHUSER");
  constexpr std::array<std::string_view, 2> kw = {"AUTHUSER", "ALL"};
  std::string error;
  auto ops = Operands::bind(r.command.operands, 2, kw, error);
  ASSERT_TRUE(ops) << error;
  EXPECT_EQ(ops->positional(1).front()->text, "ALL");  // the profile named ALL
  EXPECT_TRUE(ops->has("AUTHUSER"));
  auto twice = parse_command("RLIST TIMS X AUTHUSER AUTHUSER");
  EXPECT_FALSE(Operands::bind(twice.command.operands, 2, kw, error));
  EXPECT_NE(error.find("IKJ56712I"), std::string::npos);
}

TEST(TsoContinuation, MinusKeepsTheNextLineAsIs) {
  std::istringstream in("ADDUSER ALICE -\n   NAME('A B')\nLISTUSER ALICE\n");
  auto cmds = read_commands(in);
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_EQ(cmds[0], "ADDUSER ALICE    NAME('A B')");
  EXPECT_EQ(cmds[1], "LISTUSER ALICE");
}

TEST(TsoContinuation, PlusStripsLeadingBlanksOfTheNextLine) {
  std::istringstream in("RDEFINE TIMS PAY+\n      ROLL UACC(NONE)\n");
  auto cmds = read_commands(in);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0], "RDEFINE TIMS PAYROLL UACC(NONE)");
}

TEST(TsoContinuation, CommentsAndBlankLinesAreSkipped) {
  std::istringstream in("* a comment\n\n/* another */\nSETROPTS LIST /* trailing */\n  \nALTUSER X +\n  /* inside */ +\n  SPECIAL\n");
  auto cmds = read_commands(in);
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_EQ(cmds[0], "SETROPTS LIST");
  EXPECT_EQ(cmds[1], "ALTUSER X SPECIAL");
}

}  // namespace
}  // namespace zgate::racf

// ODBM's PROCLIB members (src/odbm/odbm_config.h): CSLDIxxx, CSLDCxxx and ODBMSECURE= in
// DFSCGxxx / DFSDFxxx, and the sample members in docs/proclib-sample.
#include "odbm/odbm_config.h"

#include <gtest/gtest.h>

#include <string>

#include "core/scratch_dir.h"

namespace zgate::odbm {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(ZGATE_SOURCE_DIR) / "docs" / "proclib-sample";

core::Member csl(const std::string& name, const std::string& text) {
  for (std::size_t pos = 0; pos < text.size();) {  // deck lines stay within column 71
    std::size_t nl = text.find('\n', pos);
    EXPECT_LE((nl == std::string::npos ? text.size() : nl) - pos, 71u) << text.substr(pos, nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
  }
  core::ParseResult r = core::parse_member(name, text, core::MemberFormat::Csl);
  EXPECT_TRUE(r.ok()) << (r.error ? r.error->to_string() : "");
  return r.member;
}

struct Failure {
  std::string member, keyword;
  int line = -1;
  std::string what;
};

template <class F>
Failure failure(F&& f) {
  try {
    f();
  } catch (const core::MemberError& e) {
    return {e.member, e.keyword, e.line, e.what()};
  }
  ADD_FAILURE() << "no MemberError";
  return {};
}

const char* kCsldi = "ODBMNAME=ODBM1,RRS=Y\nODBMCFG=000 IMSPLEX(NAME=PLEX1)\n";

const char* kCsldc =
    "<SECTION=GLOBAL_ODBM_CONFIGURATION_DATA>\n"
    "DATASTORE(NAME=IMS1,ALIAS(NAME=IVP1))\n"
    "DATASTORE(NAME=IMS2 ALIAS(NAME=(IMSB,IMSC)) MAXTHRDS=10)\n";

OdbmConfig parsed(const std::string& csldc = kCsldc) {
  OdbmConfig cfg = parse_csldi(csl("CSLDI000", kCsldi));
  parse_csldc(csl("CSLDC000", csldc), cfg);
  return cfg;
}

// ---- CSLDIxxx -------------------------------------------------------------------------------

TEST(Csldi, OdbmNameImsplexRrsAndOdbmcfg) {
  OdbmConfig cfg = parse_csldi(csl("CSLDI000", kCsldi));
  EXPECT_EQ(cfg.odbm_name, "ODBM1");
  EXPECT_EQ(cfg.imsplex, "PLEX1");
  EXPECT_TRUE(cfg.rrs);
  EXPECT_EQ(cfg.odbmcfg, "000");
  EXPECT_EQ(cfg.csldi_member, "CSLDI000");
  EXPECT_TRUE(cfg.ignored.empty());
}

TEST(Csldi, DefaultsRrsYAndOdbmcfg000) {
  OdbmConfig cfg = parse_csldi(csl("CSLDI001", "ODBMNAME=OD1 IMSPLEX(NAME=P1)\n"));
  EXPECT_TRUE(cfg.rrs);
  EXPECT_EQ(cfg.odbmcfg, "000");
}

TEST(Csldi, RrsNUsesTheDra) {
  OdbmConfig cfg = parse_csldi(csl("CSLDI001", "ODBMNAME=OD1 IMSPLEX(NAME=P1) RRS=N\n"));
  EXPECT_FALSE(cfg.rrs);
}

TEST(Csldi, ArmrstAndLogoptAreAcceptedAndIgnored) {
  OdbmConfig cfg = parse_csldi(csl("CSLDI000",
                                   "* ODBM INITIALIZATION\n"
                                   "ODBMNAME=ODBM1 IMSPLEX(NAME=PLEX1)\n"
                                   "ARMRST=N /* NO ARM */ LOGOPT=(ACCOUNTING)\n"));
  ASSERT_EQ(cfg.ignored.size(), 2u);
  EXPECT_EQ(cfg.ignored[0].keyword, "ARMRST");
  EXPECT_EQ(cfg.ignored[0].member, "CSLDI000");
  EXPECT_EQ(cfg.ignored[0].line, 3);
  EXPECT_EQ(cfg.ignored[1].keyword, "LOGOPT");
}

TEST(CsldiError, UnknownKeyword) {
  auto f = failure([] { parse_csldi(csl("CSLDI000", "ODBMNAME=ODBM1\nODBMX=Y\n")); });
  EXPECT_EQ(f.member, "CSLDI000");
  EXPECT_EQ(f.line, 2);
  EXPECT_EQ(f.keyword, "ODBMX");
}

TEST(CsldiError, KeywordGivenTwice) {
  auto f = failure([] { parse_csldi(csl("CSLDI000", "RRS=Y\nODBMNAME=A RRS=N\n")); });
  EXPECT_EQ(f.line, 2);
  EXPECT_EQ(f.keyword, "RRS");
}

TEST(CsldiError, BadValues) {
  EXPECT_EQ(failure([] { parse_csldi(csl("CSLDI000", "RRS=X\n")); }).keyword, "RRS");
  EXPECT_EQ(failure([] { parse_csldi(csl("CSLDI000", "ODBMNAME=TOOLONG7\n")); }).keyword,
            "ODBMNAME");
  EXPECT_EQ(failure([] { parse_csldi(csl("CSLDI000", "IMSPLEX(NAME=PLEX12)\n")); }).keyword,
            "IMSPLEX");
  EXPECT_EQ(failure([] { parse_csldi(csl("CSLDI000", "IMSPLEX(PLEX1)\n")); }).keyword,
            "IMSPLEX");
  EXPECT_EQ(failure([] { parse_csldi(csl("CSLDI000", "ODBMCFG=0001\n")); }).keyword,
            "ODBMCFG");
  EXPECT_EQ(failure([] { parse_csldi(csl("CSLDI000", "LOGOPT=(NONE)\n")); }).keyword,
            "LOGOPT");
  EXPECT_EQ(failure([] { parse_csldi(csl("CSLDI000", "ARMRST=YES\n")); }).keyword,
            "ARMRST");
}

TEST(CsldiError, OdbmnameAndImsplexAreRequired) {
  EXPECT_EQ(failure([] { parse_csldi(csl("CSLDI000", "IMSPLEX(NAME=P1)\n")); }).keyword,
            "ODBMNAME");
  EXPECT_EQ(failure([] { parse_csldi(csl("CSLDI000", "ODBMNAME=ODBM1\n")); }).keyword,
            "IMSPLEX");
}

TEST(CsldiError, NoSectionsInCsldi) {
  auto f = failure([] {
    parse_csldi(csl("CSLDI000", "ODBMNAME=A IMSPLEX(NAME=P)\n<SECTION=X>\n"));
  });
  EXPECT_EQ(f.line, 2);
}

// ---- CSLDCxxx -------------------------------------------------------------------------------

TEST(Csldc, GlobalSectionDefinesDataStoresAndAliases) {
  OdbmConfig cfg = parsed();
  ASSERT_EQ(cfg.datastores.size(), 2u);
  EXPECT_EQ(cfg.datastores[0].name, "IMS1");
  EXPECT_EQ(cfg.datastores[0].aliases, std::vector<std::string>{"IVP1"});
  EXPECT_EQ(cfg.datastores[0].line, 2);
  EXPECT_EQ(cfg.datastores[1].aliases, (std::vector<std::string>{"IMSB", "IMSC"}));
  ASSERT_EQ(cfg.ignored.size(), 1u);
  EXPECT_EQ(cfg.ignored[0].keyword, "MAXTHRDS");
  EXPECT_EQ(cfg.ignored[0].member, "CSLDC000");
}

TEST(Csldc, AliasResolvesToItsDataStore) {
  OdbmConfig cfg = parsed();
  ASSERT_NE(cfg.resolve("IVP1"), nullptr);
  EXPECT_EQ(cfg.resolve("IVP1")->name, "IMS1");
  EXPECT_EQ(cfg.resolve("IMSC")->name, "IMS2");
  // RDBNAM's alias is 4 bytes padded with blanks.
  EXPECT_EQ(cfg.resolve("IMSB")->name, "IMS2");
  EXPECT_EQ(cfg.resolve("IVP ")  , nullptr);
  // A data store name is found when no alias matches; nothing else is.
  EXPECT_EQ(cfg.resolve("IMS2")->name, "IMS2");
  EXPECT_EQ(cfg.resolve("NONE"), nullptr);
  EXPECT_EQ(cfg.resolve("    "), nullptr);
  EXPECT_EQ(cfg.resolve(""), nullptr);
}

TEST(Csldc, LocalSectionOverridesGlobalForThisOdbm) {
  OdbmConfig cfg = parsed(
      "<SECTION=GLOBAL_ODBM_CONFIGURATION_DATA>\n"
      "DATASTORE(NAME=IMS1 ALIAS(NAME=IVP1))\n"
      "<SECTION=LOCAL_ODBM_CONFIGURATION_DATA>\n"
      "ODBM(NAME=ODBM1 DATASTORE(NAME=IMS1 ALIAS(NAME=LOC1))\n"
      "     DATASTORE(NAME=IMS3 ALIAS(NAME=IMSD)))\n"
      "ODBM(NAME=ODBM2 DATASTORE(NAME=IMS9 ALIAS(NAME=IVP1)))\n");
  ASSERT_EQ(cfg.datastores.size(), 2u);
  EXPECT_EQ(cfg.datastores[0].aliases, std::vector<std::string>{"LOC1"});
  EXPECT_EQ(cfg.datastores[0].line, 4);
  EXPECT_EQ(cfg.resolve("IMSD")->name, "IMS3");
  EXPECT_EQ(cfg.resolve("IVP1"), nullptr);  // ODBM2's entry is not this ODBM's
}

// Each bad CSLDCxxx names the line and keyword at fault.
struct BadCsldc {
  const char* what;
  const char* deck;
  int line;
  const char* keyword;
};

TEST(CsldcError, MemberLineAndKeyword) {
  const std::string g = "<SECTION=GLOBAL_ODBM_CONFIGURATION_DATA>\n";
  const BadCsldc cases[] = {
      {"parameters before a section header", "DATASTORE(NAME=IMS1)\n", 1, "DATASTORE"},
      {"unknown section", "<SECTION=ODBM_DATA>\n", 1, "SECTION=ODBM_DATA"},
      {"alias longer than four characters", "DATASTORE(NAME=IMS1 ALIAS(NAME=IVP12))\n", 2,
       "ALIAS NAME"},
      {"alias naming two data stores",
       "DATASTORE(NAME=IMS1 ALIAS(NAME=IVP1))\nDATASTORE(NAME=IMS2 ALIAS(NAME=IVP1))\n", 3,
       "ALIAS NAME"},
      {"data store defined twice", "DATASTORE(NAME=IMS1)\nDATASTORE(NAME=IMS1)\n", 3,
       "DATASTORE"},
      {"unknown data store keyword", "DATASTORE(NAME=IMS1\n  COLOUR=RED)\n", 3,
       "DATASTORE COLOUR"},
      {"data store without a name", "DATASTORE(ALIAS(NAME=IVP1))\n", 2, "DATASTORE"},
      {"local entry without ODBM(...)", "<SECTION=LOCAL_ODBM_CONFIGURATION_DATA>\n"
                                        "DATASTORE(NAME=IMS1)\n", 2, "DATASTORE"},
  };
  for (const auto& c : cases) {
    // A deck that starts with a header or fails on line 1 is whole; the others follow
    // the global section's header.
    std::string deck = c.deck[0] == '<' || c.line == 1 ? std::string(c.deck) : g + c.deck;
    auto f = failure([&] { parsed(deck); });
    EXPECT_EQ(f.member, "CSLDC000") << c.what;
    EXPECT_EQ(f.line, c.line) << c.what;
    EXPECT_EQ(f.keyword, c.keyword) << c.what;
  }
}

// ---- ODBMSECURE= ----------------------------------------------------------------------------

TEST(Odbmsecure, DfscgValues) {
  auto v = [](const char* text) { return parse_odbmsecure_dfscg(csl("DFSCG000", text)); };
  EXPECT_EQ(v("IMSPLEX=PLEX1,ODBMSECURE=R\n"), OdbmSecure::Racf);
  EXPECT_EQ(v("ODBMSECURE=A\n"), OdbmSecure::Both);
  EXPECT_EQ(v("ODBMSECURE=E\n"), OdbmSecure::Exit);
  EXPECT_EQ(v("ODBMSECURE=N\n"), OdbmSecure::None);
  EXPECT_EQ(v("ODBMSECURE=I\n"), std::nullopt);  // ISIS= and ODBASE= decide
  EXPECT_EQ(v("IMSPLEX=PLEX1 CMDSEC=N\n"), std::nullopt);
}

TEST(Odbmsecure, DfsdfCommonServiceLayerSectionOnly) {
  auto v = [](const char* text) { return parse_odbmsecure_dfsdf(csl("DFSDF000", text)); };
  EXPECT_EQ(v("<SECTION=COMMON_SERVICE_LAYER>\nIMSPLEX=PLEX1\nODBMSECURE=E\n"),
            OdbmSecure::Exit);
  // ODBMSECURE= of another section is not the CSL's (and is not checked here).
  EXPECT_EQ(v("<SECTION=SHARED_QUEUES>\nODBMSECURE=R\n"), std::nullopt);
}

TEST(OdbmsecureError, BadValueUnknownKeywordAndTwice) {
  auto f = failure([] { parse_odbmsecure_dfscg(csl("DFSCG000", "ODBMSECURE=Y\n")); });
  EXPECT_EQ(f.member, "DFSCG000");
  EXPECT_EQ(f.keyword, "ODBMSECURE");
  EXPECT_EQ(failure([] { parse_odbmsecure_dfscg(csl("DFSCG000", "ODBMSEC=R\n")); }).keyword,
            "ODBMSEC");
  auto twice = failure([] {
    parse_odbmsecure_dfsdf(csl("DFSDF000", "<SECTION=COMMON_SERVICE_LAYER>\n"
                                           "ODBMSECURE=R\nODBMSECURE=A\n"));
  });
  EXPECT_EQ(twice.line, 3);
  EXPECT_EQ(twice.keyword, "ODBMSECURE");
}

// ---- load_odbm_config -----------------------------------------------------------------------

using Dir = zgate::testing::ScratchDir;

TEST(LoadOdbmConfig, NoCsldiMemberMeansNoOdbm) {
  Dir d;
  d.write("DFSPB000", "IMSID=IMS1\n");
  EXPECT_EQ(load_odbm_config(d.path()), std::nullopt);
}

TEST(LoadOdbmConfig, CsldiThenTheCsldcItNamesThenOdbmsecure) {
  Dir d;
  d.write("CSLDI000", "ODBMNAME=ODBM1 IMSPLEX(NAME=PLEX1) ODBMCFG=007\n");
  d.write("CSLDC007", kCsldc);
  d.write("DFSDF000", "<SECTION=DATABASE>\nANY ODD SYNTAX (\n"
                      "<SECTION=COMMON_SERVICE_LAYER>\nODBMSECURE=A\n");
  auto cfg = load_odbm_config(d.path());
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->csldc_member, "CSLDC007");
  EXPECT_EQ(cfg->datastores.size(), 2u);
  EXPECT_EQ(cfg->odbmsecure, OdbmSecure::Both);
  EXPECT_EQ(cfg->odbmsecure_member, "DFSDF000");
  // DFSCGxxx overrides DFSDFxxx's COMMON_SERVICE_LAYER section.
  d.write("DFSCG000", "ODBMSECURE=R\n");
  cfg = load_odbm_config(d.path());
  EXPECT_EQ(cfg->odbmsecure, OdbmSecure::Racf);
  EXPECT_EQ(cfg->odbmsecure_member, "DFSCG000");
}

TEST(LoadOdbmConfig, MissingCsldcIsALibraryErrorNamingIt) {
  Dir d;
  d.write("CSLDI000", "ODBMNAME=ODBM1 IMSPLEX(NAME=PLEX1) ODBMCFG=001\n");
  try {
    load_odbm_config(d.path());
    FAIL() << "no LibraryError";
  } catch (const core::LibraryError& e) {
    EXPECT_NE(std::string(e.what()).find("CSLDC001"), std::string::npos) << e.what();
  }
}

TEST(LoadOdbmConfig, SeveralCsldiMembersUnlessOneIsNamed) {
  Dir d;
  d.write("CSLDI000", kCsldi);
  d.write("CSLDI001", "ODBMNAME=ODBM2 IMSPLEX(NAME=PLEX1)\n");
  d.write("CSLDC000", kCsldc);
  EXPECT_THROW(load_odbm_config(d.path()), core::LibraryError);
  auto cfg = load_odbm_config(d.path(), "csldi001");
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->odbm_name, "ODBM2");
  EXPECT_THROW(load_odbm_config(d.path(), "CSLDI009"), core::LibraryError);
}

TEST(LoadOdbmConfig, SyntaxErrorNamesMemberAndLine) {
  Dir d;
  d.write("CSLDI000", "ODBMNAME=ODBM1\nIMSPLEX(NAME=PLEX1\n");
  try {
    load_odbm_config(d.path());
    FAIL() << "no MemberError";
  } catch (const core::MemberError& e) {
    EXPECT_EQ(e.member, "CSLDI000");
    EXPECT_EQ(e.line, 2);
  }
}

TEST(LoadOdbmConfig, TheSampleProclib) {
  auto cfg = load_odbm_config(kSample);
  ASSERT_TRUE(cfg);
  EXPECT_EQ(cfg->odbm_name, "ODBM1");
  EXPECT_EQ(cfg->imsplex, "PLEX1");
  EXPECT_TRUE(cfg->rrs);
  EXPECT_EQ(cfg->csldc_member, "CSLDC000");
  ASSERT_NE(cfg->resolve("IVP1"), nullptr);
  EXPECT_EQ(cfg->resolve("IVP1")->name, "IMS1");  // DFSPB000's IMSID=IMS1
  EXPECT_EQ(cfg->odbmsecure, std::nullopt);       // no DFSCG member in the sample
}

}  // namespace
}  // namespace zgate::odbm

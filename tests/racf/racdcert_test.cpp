// RACDCERT MAP, ALTMAP, DELMAP, LISTMAP: certificate name filters from the command language,
// their errors, the authority they need (SPECIAL or FACILITY IRR.DIGTCERT.<function>), the
// LISTMAP listing and the audit record.
#include "racf_fixture.h"

namespace zgate::racf::testing {
namespace {

class Racdcert : public RacfTest {
 protected:
  Racdcert() {
    ok("AU ALICE DFLTGRP(SYS1) PASSWORD(PW1)");
    ok("AU WEBUSER DFLTGRP(SYS1) NOPASSWORD");
    sink_.clear();
  }
  bool has(const CommandResult& r, std::string_view text) { return r.output.find(text) != std::string::npos; }
};

TEST_F(Racdcert, MapCreatesAFilterThatMapsCertificates) {
  auto r = ok("RACDCERT ID(WEBUSER) MAP SDNFILTER('OU=Payments.O=Bank.C=US') "
              "IDNFILTER('CN=Bank CA.O=Bank.C=US') WITHLABEL('Payments staff') TRUST");
  EXPECT_TRUE(r.output.empty()) << r.output;
  auto maps = sm_.cert_maps("WEBUSER");
  ASSERT_EQ(maps.size(), 1u);
  EXPECT_EQ(maps[0].label, "Payments staff");  // quoted: case kept
  EXPECT_EQ(maps[0].subject_filter, "OU=Payments.O=Bank.C=US");
  EXPECT_EQ(maps[0].issuer_filter, "CN=Bank CA.O=Bank.C=US");
  EXPECT_TRUE(maps[0].trusted);
  EXPECT_EQ(maps[0].created, kNow);
  EXPECT_EQ(sm_.map_certificate("CN=Bob.OU=Payments.O=Bank.C=US", "CN=Bank CA.O=Bank.C=US"), "WEBUSER");
}

TEST_F(Racdcert, MapDefaultsTrustAndGeneratesALabel) {
  ok("RACDCERT MAP ID(WEBUSER) IDNFILTER('O=Bank.C=US')");
  ok("RACDCERT MAP ID(WEBUSER) SDNFILTER('O=Bank.C=US')");
  auto maps = sm_.cert_maps("WEBUSER");
  ASSERT_EQ(maps.size(), 2u);
  EXPECT_EQ(maps[0].label, "LABEL00000001");
  EXPECT_EQ(maps[1].label, "LABEL00000002");
  EXPECT_TRUE(maps[0].trusted && maps[1].trusted);
}

TEST_F(Racdcert, IdDefaultsToTheIssuer) {
  ok("RACDCERT MAP SDNFILTER('CN=Admin.O=Bank') WITHLABEL('me')");
  EXPECT_EQ(sm_.cert_maps("IBMUSER").size(), 1u);
}

TEST_F(Racdcert, UnquotedValuesFoldAsTsoDoes) {
  ok("RACDCERT ID(WEBUSER) MAP SDNFILTER(o=bank) WITHLABEL(lower)");
  auto maps = sm_.cert_maps("WEBUSER");
  ASSERT_EQ(maps.size(), 1u);
  EXPECT_EQ(maps[0].subject_filter, "O=BANK");
  EXPECT_EQ(maps[0].label, "LOWER");
}

TEST_F(Racdcert, MapErrors) {
  auto r = run("RACDCERT ID(WEBUSER) MAP WITHLABEL('x')");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD104I")) << r.output;
  r = run("RACDCERT ID(WEBUSER) MAP SDNFILTER('just text') WITHLABEL('x')");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD105I The SDNFILTER value")) << r.output;
  r = run("RACDCERT ID(WEBUSER) MAP SDNFILTER('O=Bank') WITHLABEL('" + std::string(33, 'L') + "')");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD106I")) << r.output;
  r = run("RACDCERT ID(WEBUSER) MAP SDNFILTER('O=Bank') TRUST NOTRUST");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD112I")) << r.output;
  r = run("RACDCERT ID(NOBODY) MAP SDNFILTER('O=Bank')");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD102I The user ID NOBODY is not defined to RACF.")) << r.output;
  EXPECT_TRUE(sm_.read([](const saf::Database& db) { return db.cert_maps.empty(); }));
}

TEST_F(Racdcert, LabelAndFilterPairAreUnique) {
  ok("RACDCERT ID(WEBUSER) MAP SDNFILTER('O=Bank') WITHLABEL('bank')");
  auto r = run("RACDCERT ID(WEBUSER) MAP SDNFILTER('O=Other') WITHLABEL('bank')");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD110I Label 'bank' is already in use for a mapping of user WEBUSER.")) << r.output;
  r = run("RACDCERT ID(ALICE) MAP SDNFILTER('o=Bank') WITHLABEL('mine')");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD111I")) << r.output;
  EXPECT_TRUE(has(r, "label 'bank' of user WEBUSER")) << r.output;
  EXPECT_TRUE(sm_.cert_maps("ALICE").empty());
  // The same subject with an issuer is another pair.
  ok("RACDCERT ID(ALICE) MAP SDNFILTER('O=Bank') IDNFILTER('CN=CA') WITHLABEL('mine')");
}

TEST_F(Racdcert, OneFunctionAtATimeAndOnlyItsKeywords) {
  auto r = run("RACDCERT ID(WEBUSER)");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD100I")) << r.output;
  r = run("RACDCERT ID(WEBUSER) MAP LISTMAP SDNFILTER('O=Bank')");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD100I")) << r.output;
  r = run("RACDCERT ID(WEBUSER) LISTMAP SDNFILTER('O=Bank')");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD109I SDNFILTER is not valid with RACDCERT LISTMAP.")) << r.output;
  r = run("RACDCERT ID(WEBUSER) MAP SDNFILTER('O=Bank') NEWLABEL('x')");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD109I NEWLABEL")) << r.output;
  r = run("RACDCERT ID(WEBUSER) MAP SDNFILTER('O=Bank') BOGUS");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IKJ56712I INVALID KEYWORD, BOGUS")) << r.output;
}

TEST_F(Racdcert, OtherFunctionsAreRefusedByName) {
  auto r = run("RACDCERT ID(WEBUSER) LIST");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD101I RACDCERT LIST is not supported by zgate.")) << r.output;
  r = run("RACDCERT MULTIID MAP IDNFILTER('O=Bank') CRITERIA(APPLID=&APPLID)");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD101I RACDCERT MULTIID")) << r.output;
  r = run("RACDCERT CERTAUTH LISTMAP");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD101I RACDCERT CERTAUTH")) << r.output;
}

TEST_F(Racdcert, ListmapShowsTheFiltersAsRacfDoes) {
  ok("RACDCERT ID(WEBUSER) MAP IDNFILTER('OU=Class 1.O=VeriSign, Inc.L=Internet') WITHLABEL('INTERNET OTHERS')");
  ok("RACDCERT ID(WEBUSER) MAP SDNFILTER('OU=Contractors.O=Bank') WITHLABEL('Contractors') NOTRUST");
  auto r = ok("RACDCERT ID(WEBUSER) LISTMAP");
  EXPECT_EQ(r.output,
            "Mapping information for user WEBUSER:\n"
            "\n"
            " Label: Contractors\n"
            " Status: NOTRUST\n"
            " Issuer's Name Filter:\n"
            "      ><\n"
            " Subject's Name Filter:\n"
            "      >OU=Contractors.O=Bank<\n"
            "\n"
            " Label: INTERNET OTHERS\n"
            " Status: TRUST\n"
            " Issuer's Name Filter:\n"
            "      >OU=Class 1.O=VeriSign, Inc.L=Internet<\n"
            " Subject's Name Filter:\n"
            "      ><\n"
            "\n");
  r = ok("RACDCERT ID(WEBUSER) LISTMAP(LABEL('Contractors'))");
  EXPECT_TRUE(has(r, "Label: Contractors"));
  EXPECT_FALSE(has(r, "INTERNET OTHERS"));
  r = run("RACDCERT ID(WEBUSER) LISTMAP(LABEL('nope'))");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD107I No mapping with label 'nope' was found for user WEBUSER.")) << r.output;
  r = run("RACDCERT ID(ALICE) LISTMAP");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD108I No mapping information was found for user ALICE.")) << r.output;
}

TEST_F(Racdcert, AltmapChangesTrustAndLabel) {
  ok("RACDCERT ID(WEBUSER) MAP SDNFILTER('O=Bank.C=US') WITHLABEL('bank')");
  EXPECT_EQ(sm_.map_certificate("CN=Eve.O=Bank.C=US", "CN=CA"), "WEBUSER");
  ok("RACDCERT ID(WEBUSER) ALTMAP(LABEL('bank')) NOTRUST");
  EXPECT_EQ(sm_.map_certificate("CN=Eve.O=Bank.C=US", "CN=CA"), std::nullopt);
  ok("RACDCERT ID(WEBUSER) ALTMAP(LABEL('bank')) NEWLABEL('Bank staff') TRUST");
  auto maps = sm_.cert_maps("WEBUSER");
  ASSERT_EQ(maps.size(), 1u);
  EXPECT_EQ(maps[0].label, "Bank staff");
  EXPECT_TRUE(maps[0].trusted);
  EXPECT_EQ(maps[0].subject_filter, "O=Bank.C=US");
  EXPECT_EQ(sm_.map_certificate("CN=Eve.O=Bank.C=US", "CN=CA"), "WEBUSER");

  auto r = run("RACDCERT ID(WEBUSER) ALTMAP(LABEL('Bank staff'))");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD113I")) << r.output;
  r = run("RACDCERT ID(WEBUSER) ALTMAP(LABEL('gone')) NOTRUST");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD107I")) << r.output;
  r = run("RACDCERT ID(WEBUSER) ALTMAP NOTRUST");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "MISSING LABEL FOR ALTMAP")) << r.output;
  ok("RACDCERT ID(WEBUSER) MAP SDNFILTER('O=Other') WITHLABEL('other')");
  r = run("RACDCERT ID(WEBUSER) ALTMAP(LABEL('other')) NEWLABEL('Bank staff')");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD110I")) << r.output;
  EXPECT_EQ(sm_.cert_maps("WEBUSER").size(), 2u);
}

TEST_F(Racdcert, DelmapDeletes) {
  ok("RACDCERT ID(WEBUSER) MAP SDNFILTER('O=Bank.C=US') WITHLABEL('bank')");
  auto r = run("RACDCERT ID(WEBUSER) DELMAP(LABEL('Bank'))");  // labels are case-sensitive
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD107I No mapping with label 'Bank'")) << r.output;
  ok("RACDCERT ID(WEBUSER) DELMAP(LABEL('bank'))");
  EXPECT_TRUE(sm_.cert_maps("WEBUSER").empty());
  EXPECT_EQ(sm_.map_certificate("CN=Eve.O=Bank.C=US", "CN=CA"), std::nullopt);
  r = run("RACDCERT ID(WEBUSER) DELMAP");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "MISSING LABEL FOR DELMAP")) << r.output;
}

TEST_F(Racdcert, DeluserRemovesTheUsersMappings) {
  ok("RACDCERT ID(ALICE) MAP SDNFILTER('CN=Alice.O=Bank') WITHLABEL('alice')");
  ok("DELUSER ALICE");
  ok("AU ALICE DFLTGRP(SYS1) PASSWORD(PW1)");
  EXPECT_TRUE(sm_.cert_maps("ALICE").empty());
  EXPECT_EQ(sm_.map_certificate("CN=Alice.O=Bank", "CN=CA"), std::nullopt);
}

TEST_F(Racdcert, NonSpecialUserIsRefused) {
  auto r = run("RACDCERT MAP SDNFILTER('CN=Alice.O=Bank') WITHLABEL('mine')", "ALICE");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD103I You are not authorized to issue RACDCERT MAP for this user ID.")) << r.output;
  r = run("RACDCERT ID(WEBUSER) LISTMAP", "ALICE");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD103I")) << r.output;
  // Authority is checked before existence: no probing for user IDs.
  r = run("RACDCERT ID(NOBODY) LISTMAP", "ALICE");
  EXPECT_TRUE(has(r, "IRRD103I")) << r.output;
  EXPECT_FALSE(has(r, "NOBODY")) << r.output;
  EXPECT_TRUE(sm_.cert_maps("ALICE").empty());
  auto ev = sink_.events();
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(static_cast<int>(ev.back().code), 67);  // SMF event 67, RACDCERT
  EXPECT_EQ(ev.back().qualifier, audit::command_q::kInsufficientAuthority);
  EXPECT_TRUE(ev.back().violation);
}

TEST_F(Racdcert, FacilityReadForOwnIdUpdateForAnothers) {
  ok("SETROPTS CLASSACT(FACILITY)");
  ok("RDEFINE FACILITY IRR.DIGTCERT.MAP UACC(NONE)");
  ok("RDEFINE FACILITY IRR.DIGTCERT.LISTMAP UACC(NONE)");
  ok("PERMIT IRR.DIGTCERT.MAP CLASS(FACILITY) ID(ALICE) ACCESS(READ)");
  ok("PERMIT IRR.DIGTCERT.LISTMAP CLASS(FACILITY) ID(ALICE) ACCESS(UPDATE)");
  ok("RACDCERT MAP SDNFILTER('CN=Alice.O=Bank') WITHLABEL('mine')", "ALICE");
  EXPECT_EQ(sm_.cert_maps("ALICE").size(), 1u);
  auto r = run("RACDCERT ID(WEBUSER) MAP SDNFILTER('O=Bank') WITHLABEL('web')", "ALICE");
  EXPECT_EQ(r.rc, 8);  // READ is for your own ID only
  EXPECT_TRUE(has(r, "IRRD103I")) << r.output;
  ok("PERMIT IRR.DIGTCERT.MAP CLASS(FACILITY) ID(ALICE) ACCESS(UPDATE)");
  ok("RACDCERT ID(WEBUSER) MAP SDNFILTER('O=Bank') WITHLABEL('web')", "ALICE");
  ok("RACDCERT ID(WEBUSER) LISTMAP", "ALICE");
  // No profile for DELMAP: not protected is not authorised.
  r = run("RACDCERT DELMAP(LABEL('mine'))", "ALICE");
  EXPECT_EQ(r.rc, 8);
  EXPECT_EQ(sm_.cert_maps("ALICE").size(), 1u);
}

TEST_F(Racdcert, FacilityInactiveGivesNoAuthority) {
  ok("RDEFINE FACILITY IRR.DIGTCERT.MAP UACC(UPDATE)");
  auto r = run("RACDCERT MAP SDNFILTER('CN=Alice.O=Bank') WITHLABEL('mine')", "ALICE");
  EXPECT_EQ(r.rc, 8);
  EXPECT_TRUE(has(r, "IRRD103I")) << r.output;
}

TEST_F(Racdcert, SuccessIsAudited) {
  ok("RACDCERT ID(WEBUSER) MAP SDNFILTER('O=Bank') WITHLABEL('bank')");
  auto ev = sink_.events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(static_cast<int>(ev[0].code), 67);
  EXPECT_EQ(ev[0].qualifier, audit::command_q::kSuccess);
  EXPECT_EQ(ev[0].resource_class, "DIGTNMAP");
  EXPECT_EQ(ev[0].profile, "bank");
  EXPECT_NE(ev[0].detail.find("SDNFILTER('O=Bank')"), std::string::npos) << ev[0].detail;
}

}  // namespace
}  // namespace zgate::racf::testing

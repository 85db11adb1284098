// zgate serve with ODACCESS DRDAPORT=: the IMS Universal drivers' door, over a real socket.
// The seed's "Open DB security" example under each way IMS decides a PSB allocation: USERIDA
// may allocate PSB1 and PSB2, USERIDB only PSB1; the IVP phone book through `zgate dli`; the
// sign-on refused as DRDA says it; and abuse that may not reach other clients or leave a PSB
// allocated.
#include <gmock/gmock.h>

#include <fstream>

#include "connect/drda_client.h"
#include "db/decks.h"
#include "odbm/code_points.h"
#include "zgate_server.h"

namespace zgate::testing {
namespace {

using ::testing::HasSubstr;
namespace cp = odbm::cp;

std::string psb_deck(const std::string& name) {
  return "         PCB TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=A,KEYLEN=10,PCBNAME=PHONE\n"
         "         SENSEG NAME=A1111111,PARENT=0\n"
         "         PSBGEN LANG=C,PSBNAME=" + name + "\n"
         "         END\n";
}

std::string person(const std::string& last, const std::string& first, const std::string& ext, const std::string& zip) {
  auto pad = [](std::string s, std::size_t n) {
    s.resize(n, ' ');
    return s;
  };
  return pad(last, 10) + pad(first, 10) + pad(ext, 10) + pad(zip, 7) + "   ";
}

struct Settings {
  std::string dfspb_extra;      // ",ODBASE=Y,ISIS=R"
  std::string csldi_extra;      // ",RRS=N"
  std::string profiles_class;   // where the seed's profiles go
  std::string odbmsecure;       // "R": a DFSCG000 member with ODBMSECURE=R
};

class ServeOdbm : public ::testing::Test {
 protected:
  void configure(const Settings& st, bool racf = true, const std::string& tcpip_extra = "") {
    drda_ = free_port();
    s_.member("HWSCFG00", std::string("HWS (ID=ZGATEHWS,RACF=") + (racf ? "Y" : "N") + ")\n"
              "TCPIP (PORT=(ID=" + std::to_string(s_.port()) + "),TIMEOUT=3000" + tcpip_extra + ",\n"
              "   EXIT=(HWSSMPL0,HWSSMPL1))\n"
              "DATASTORE (ID=IMS1,GROUP=XCFGRP,MEMBER=HWSMEM1,TMEMBER=IMS1)\n"
              "ODACCESS (DRDAPORT=(ID=" + std::to_string(drda_) + ",PORTTMOT=3000),\n"
              "   APPL=IMSDB)\n");
    s_.member("DFSPB000", "IMSID=IMS1,GRNAME=XCFGRP,OTMA=Y,OTMANM=IMS1,OTMASE=N" + st.dfspb_extra + "\n");
    s_.member("CSLDI000", "ODBMNAME=ODBM1,IMSPLEX(NAME=PLEX1),ODBMCFG=000" + st.csldi_extra + "\n");
    s_.member("CSLDC000", "<SECTION=GLOBAL_ODBM_CONFIGURATION_DATA>\n"
                          "DATASTORE(NAME=IMS1,ALIAS(NAME=IVP1))\n");
    if (!st.odbmsecure.empty()) s_.member("DFSCG000", "IMSPLEX=PLEX1,ODBMSECURE=" + st.odbmsecure + "\n");
    s_.member("STAGE1", "         DATABASE DBD=(DFSIVD1,DFSIVD1I),ACCESS=UP\n"
                        "         APPLCTN PSB=ECHOPGM\n"
                        "         TRANSACT CODE=ECHOTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
                        "         IMSGEN\n");
    fs::create_directories(s_.dir() / "proclib" / "DBDLIB");
    fs::create_directories(s_.dir() / "proclib" / "PSBLIB");
    std::ofstream(s_.dir() / "proclib" / "DBDLIB" / "DFSIVD1") << db::testing::kPhoneBook;
    std::ofstream(s_.dir() / "proclib" / "DBDLIB" / "DFSIVD1I") << db::testing::kPhoneIndex;
    for (const char* p : {"PSB1", "PSB2"}) std::ofstream(s_.dir() / "proclib" / "PSBLIB" / p) << psb_deck(p);
    std::string cmds =
        "ADDUSER ZGATEHWS DFLTGRP(SYS1) NOPASSWORD\n"
        "ADDUSER IMSREGN DFLTGRP(SYS1) NOPASSWORD\n"
        "ADDUSER USERIDA DFLTGRP(SYS1) PASSWORD(PWDA1)\n"
        "ALTUSER USERIDA PASSWORD(PWDA1) NOEXPIRED\n"
        "ADDUSER USERIDB DFLTGRP(SYS1) PASSWORD(PWDB1)\n"
        "ALTUSER USERIDB PASSWORD(PWDB1) NOEXPIRED\n"
        "ADDUSER ODBMUSR DFLTGRP(SYS1) NOPASSWORD\n"
        "SETROPTS CLASSACT(AIMS IIMS STARTED) GENERIC(STARTED) RACLIST(STARTED)\n"
        "RDEFINE STARTED ODBM1.* STDATA(USER(ODBMUSR) GROUP(SYS1))\n"
        "SETROPTS RACLIST(STARTED) REFRESH\n";
    if (!st.profiles_class.empty()) {
      const std::string& c = st.profiles_class;
      cmds += "RDEFINE " + c + " PSB1 UACC(NONE)\nRDEFINE " + c + " PSB2 UACC(NONE)\n"
              "PERMIT PSB1 CLASS(" + c + ") ID(USERIDA USERIDB) ACCESS(READ)\n"
              "PERMIT PSB2 CLASS(" + c + ") ID(USERIDA) ACCESS(READ)\n";
    }
    auto r = s_.racf(cmds);
    ASSERT_EQ(r.status, 0) << r.out;
  }

  connect::ClientOptions drda_options() const {
    connect::ClientOptions o;
    o.port = drda_;
    o.timeout = std::chrono::milliseconds(20000);
    return o;
  }

  // Signs on and allocates; true when the PSB was allocated.
  bool allocates(const std::string& user, const std::string& psb) {
    connect::DrdaClient c(drda_options());
    c.connect();
    const std::string pw = user == "USERIDA" ? "PWDA1" : "PWDB1";
    auto on = c.sign_on(user, core::SecretString(pw));
    EXPECT_TRUE(on.ok) << "SECCHKCD " << on.code;
    auto a = c.allocate(psb);
    if (a.ok) EXPECT_TRUE(c.deallocate().ok);
    else EXPECT_EQ(a.reply, cp::RDBATHRM) << a.diagnostic;
    return a.ok;
  }

  void expect_seed_rule(bool checked) {
    EXPECT_TRUE(allocates("USERIDA", "PSB1"));
    EXPECT_TRUE(allocates("USERIDA", "PSB2"));
    EXPECT_TRUE(allocates("USERIDB", "PSB1"));
    EXPECT_EQ(allocates("USERIDB", "PSB2"), !checked) << s_.log();
  }

  void TearDown() override { if (HasFailure()) std::cerr << s_.log(); }
  ZgateServer s_{"odbm-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())};
  std::uint16_t drda_ = 0;
};

TEST_F(ServeOdbm, UnderOdbaseYApsbSecurityInAimsLetsUseridaAllocatePsb1AndPsb2AndUseridbOnlyPsb1) {
  configure({",ODBASE=Y,ISIS=N", "", "AIMS", ""});
  ASSERT_TRUE(s_.start()) << s_.log();
  EXPECT_THAT(s_.log(), HasSubstr("PSB allocation by APSB"));
  expect_seed_rule(true);
}

TEST_F(ServeOdbm, UnderOdbaseNAndIsisRRasInIimsGivesTheSameAnswerFromIimsProfiles) {
  configure({",ODBASE=N,ISIS=R", "", "IIMS", ""});
  ASSERT_TRUE(s_.start()) << s_.log();
  EXPECT_THAT(s_.log(), HasSubstr("PSB allocation by RAS"));
  expect_seed_rule(true);
}

TEST_F(ServeOdbm, UnderOdbaseYIimsProfilesDoNotCountAndUnderIsisNNothingIsChecked) {
  configure({",ODBASE=Y,ISIS=R", "", "IIMS", ""});
  ASSERT_TRUE(s_.start()) << s_.log();
  expect_seed_rule(false);
}

TEST_F(ServeOdbm, UnderIsisNNothingIsChecked) {
  configure({",ODBASE=N,ISIS=N", "", "IIMS", ""});
  ASSERT_TRUE(s_.start()) << s_.log();
  expect_seed_rule(false);
}

TEST_F(ServeOdbm, UnderRrsNTheCctlPathPassesUserAndGroupAndIsisRDecidesWithIimsEvenWithOdbaseY) {
  configure({",ODBASE=Y,ISIS=R", ",RRS=N", "IIMS", ""});
  ASSERT_TRUE(s_.start()) << s_.log();
  EXPECT_THAT(s_.log(), HasSubstr("RRS=N"));
  EXPECT_THAT(s_.log(), HasSubstr("PSB allocation by CCTL RAS"));
  expect_seed_rule(true);
}

TEST_F(ServeOdbm, UnderIsisCTheDfsras00ExitAloneDecidesForOdbmsAllocations) {
  configure({",ODBASE=N,ISIS=C", "", "", ""});
  ASSERT_TRUE(s_.start({"--ras-exit", (programs_dir() / "DFSRAS00.so").string()})) << s_.log();
  expect_seed_rule(true);
  EXPECT_THAT(s_.log(), HasSubstr("REJECTED BY DFSRAS00 (USERIDB MAY ALLOCATE PSB1 ONLY)"));
}

TEST_F(ServeOdbm, UnderIsisAARacfRefusalInIimsStandsBeforeTheExit) {
  // IIMS gives USERIDB nothing at all; the exit alone would have allowed PSB1.
  configure({",ODBASE=N,ISIS=A", "", "", ""});
  ASSERT_EQ(s_.racf("RDEFINE IIMS PSB1 UACC(NONE)\nPERMIT PSB1 CLASS(IIMS) ID(USERIDA) ACCESS(READ)\n").status, 0);
  ASSERT_TRUE(s_.start({"--ras-exit", (programs_dir() / "DFSRAS00.so").string()})) << s_.log();
  EXPECT_TRUE(allocates("USERIDA", "PSB1"));
  EXPECT_FALSE(allocates("USERIDB", "PSB1"));
  EXPECT_FALSE(allocates("USERIDB", "PSB2"));
  EXPECT_TRUE(allocates("USERIDA", "PSB2"));
}

TEST_F(ServeOdbm, OdbmsecureROverridesIsisNAndOdbaseNAndChecksAims) {
  configure({",ODBASE=N,ISIS=N", "", "AIMS", "R"});
  ASSERT_TRUE(s_.start()) << s_.log();
  EXPECT_THAT(s_.log(), HasSubstr("PSB allocation by ODBMSECURE"));
  expect_seed_rule(true);
}

TEST_F(ServeOdbm, OdbmsecureNOverridesIsisRAndChecksNothing) {
  configure({",ODBASE=N,ISIS=R", ",RRS=N", "IIMS", "N"});
  ASSERT_TRUE(s_.start()) << s_.log();
  expect_seed_rule(false);
}

TEST_F(ServeOdbm, TheDrdaPortSpeaksTlsWhenTheTlsMemberNamesItAndAPlainClientGetsNowhere) {
  configure({",ODBASE=Y", "", "AIMS", ""}, true, ",SSLENVAR=HWSSSL00");
  fs::path p = s_.dir() / "proclib" / "pki";  // relative paths below: member records are 72 columns
  fs::create_directories(p);
  auto sh = [&](const std::string& c) {
    ASSERT_EQ(std::system(("cd " + p.string() + " && " + c + " >/dev/null 2>&1").c_str()), 0) << c;
  };
  sh("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=zgate-test-ca -keyout ca-key.pem -out ca.pem");
  sh("openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout server-key.pem -out server.csr");
  sh("openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -out server.pem");
  s_.member("HWSSSL00", "CERT=pki/server.pem,KEY=pki/server-key.pem,CA=pki/ca.pem,\n"
                        "CLIENTAUTH=NONE,MINVERSION=TLS12,PORT=(" + std::to_string(drda_) + ")\n");
  ASSERT_TRUE(s_.start()) << s_.log();
  auto o = drda_options();
  o.tls = true;
  o.ca_file = (p / "ca.pem").string();
  o.verify_host = "localhost";
  o.host = "localhost";
  connect::DrdaClient c(o);
  c.connect();
  ASSERT_TRUE(c.sign_on("USERIDA", core::SecretString("PWDA1")).ok);
  EXPECT_TRUE(c.allocate("PSB2").ok);
  // A plain-text DRDA client on the TLS port: its EXCSAT is not a TLS handshake.
  connect::DrdaClient plain(drda_options());
  plain.connect();
  EXPECT_THROW(plain.exchange(odbm::request::excsat(1, "PLAIN")), std::exception);
  EXPECT_TRUE(s_.running());
}

TEST_F(ServeOdbm, ASecondSecchkAfterSignOnIsRefusedAndEndsTheConversation) {
  // An identity does not change in the middle of a conversation: USERIDB cannot take over
  // USERIDA's signed-on connection to get at PSB2, nor USERIDA at USERIDB's.
  configure({",ODBASE=Y", "", "AIMS", ""});
  ASSERT_TRUE(s_.start()) << s_.log();
  connect::DrdaClient c(drda_options());
  c.connect();
  ASSERT_TRUE(c.sign_on("USERIDB", core::SecretString("PWDB1")).ok);
  odbm::ReplyView v = c.exchange(odbm::request::secchk(9, "USERIDA", core::SecretString("PWDA1"), core::CodePage::IBM037));
  EXPECT_EQ(v.code(cp::PRCCNVRM, cp::PRCCNVCD), cp::kPrccnvSecurityWrongState);
  EXPECT_TRUE(c.closed_by_server(std::chrono::seconds(5)));
}

TEST_F(ServeOdbm, AWrongPasswordGetsSecchkrmWithSecchkcd0fAndTheConversationEnds) {
  configure({",ODBASE=Y", "", "AIMS", ""});
  ASSERT_TRUE(s_.start()) << s_.log();
  connect::DrdaClient c(drda_options());
  c.connect();
  auto on = c.sign_on("USERIDA", core::SecretString("WRONG1"));
  EXPECT_FALSE(on.ok);
  EXPECT_EQ(on.reply, cp::SECCHKRM);
  EXPECT_EQ(on.code, cp::kSecchkPasswordInvalid);
  EXPECT_TRUE(c.closed_by_server(std::chrono::seconds(5)));
  // Nor does the log hold the password.
  EXPECT_EQ(s_.log().find("WRONG1"), std::string::npos);
}

TEST_F(ServeOdbm, AccrdbBeforeSecchkIsAConversationProtocolErrorAndEndsTheConversation) {
  configure({",ODBASE=Y", "", "AIMS", ""});
  ASSERT_TRUE(s_.start()) << s_.log();
  connect::DrdaClient c(drda_options());
  c.connect();
  c.exchange(odbm::request::excsat(1, "T"));
  odbm::ReplyView v = c.exchange(odbm::request::accrdb(2, "PSB1", core::CodePage::IBM037));
  EXPECT_EQ(v.code(cp::PRCCNVRM, cp::PRCCNVCD), cp::kPrccnvSecurityWrongState);
  EXPECT_TRUE(c.closed_by_server(std::chrono::seconds(5)));
}

TEST_F(ServeOdbm, ThePhoneBookThroughZgateDliAddDisplayAndListEveryone) {
  configure({",ODBASE=Y", "", "AIMS", ""});
  ASSERT_TRUE(s_.start()) << s_.log();
  const std::string target = "127.0.0.1:" + std::to_string(drda_);
  ::setenv("ZGATE_PASSWORD", "PWDA1", 1);
  for (const auto& p : {person("LAST1", "FIRST1", "8-111-1111", "D01/R01"), person("LAST2", "FIRST2", "8-111-2222", "D02/R02")}) {
    RunResult add = run_zgate({"dli", target, "--user", "USERIDA", "--psb", "PSB1", "--pcb", "PHONE", "ISRT",
                               "A1111111 ", "--io", p});
    EXPECT_EQ(add.status, 0) << add.out;
    EXPECT_THAT(add.out, HasSubstr("RDBCMM: committed"));
  }
  RunResult gu = run_zgate({"dli", target, "--user", "USERIDA", "--psb", "PSB2.IMS1", "--pcb", "PHONE", "GU",
                            "A1111111(A1111111 =LAST2     )"});
  EXPECT_EQ(gu.status, 0) << gu.out;
  EXPECT_THAT(gu.out, HasSubstr("GU PHONE: status '  ' level 01 segment A1111111 key feedback 'LAST2     '"));
  EXPECT_THAT(gu.out, HasSubstr("LAST2     FIRST2    8-111-2222D02/R02"));
  RunResult gn = run_zgate({"dli", target, "--user", "USERIDA", "--psb", "PSB1", "--pcb", "PHONE", "GN", "--first"});
  EXPECT_EQ(gn.status, 0) << gn.out;
  EXPECT_LT(gn.out.find("LAST1"), gn.out.find("LAST2"));
  EXPECT_THAT(gn.out, HasSubstr("status 'GB'"));
  // USERIDB may not allocate PSB2: the client hears RDBATHRM, zgate dli exits 8.
  ::setenv("ZGATE_PASSWORD", "PWDB1", 1);
  RunResult no = run_zgate({"dli", target, "--user", "USERIDB", "--psb", "PSB2", "--pcb", "PHONE", "GU"});
  EXPECT_EQ(no.status, 8) << no.out;
  EXPECT_THAT(no.out, HasSubstr("RDBATHRM"));
  ::unsetenv("ZGATE_PASSWORD");
}

TEST_F(ServeOdbm, AClientThatDropsMidUnitOfWorkLeavesNoPsbAllocatedAndNoChangeBehind) {
  configure({",ODBASE=Y", "", "AIMS", ""});
  ASSERT_TRUE(s_.start()) << s_.log();
  {
    connect::DrdaClient c(drda_options());
    c.connect();
    ASSERT_TRUE(c.sign_on("USERIDA", core::SecretString("PWDA1")).ok);
    ASSERT_TRUE(c.allocate("PSB1").ok);
    auto u = c.update("PHONE", "ISRT", {"A1111111 "}, person("GHOST", "G", "0", "0"));
    EXPECT_EQ(u.pcb.status, "  ");
    // ... and the client goes away without RDBCMM.
  }
  connect::DrdaClient c(drda_options());
  c.connect();
  ASSERT_TRUE(c.sign_on("USERIDA", core::SecretString("PWDA1")).ok);
  ASSERT_TRUE(c.allocate("PSB1").ok);
  auto rows = c.query("PHONE", "GHU", {"A1111111(A1111111 =GHOST     )"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].pcb.status, "GE") << "the change was backed out, and its record lock freed";
}

TEST_F(ServeOdbm, WithRacfNNoRacoIsPassedAndOdbmsJobUserFromStartedIsWhoIsChecked) {
  configure({",ODBASE=Y", "", "AIMS", ""}, /*racf=*/false);
  // ODBM's job user ODBMUSR may allocate PSB2 only; the client's own user ID is not believed.
  ASSERT_EQ(s_.racf("PERMIT PSB2 CLASS(AIMS) ID(ODBMUSR) ACCESS(READ)\n").status, 0);
  ASSERT_TRUE(s_.start()) << s_.log();
  EXPECT_THAT(s_.log(), HasSubstr("job user ODBMUSR"));
  connect::DrdaClient c(drda_options());
  c.connect();
  ASSERT_TRUE(c.sign_on("USERIDA", core::SecretString("anything")).ok) << "RACF=N: IMS Connect does not check";
  EXPECT_FALSE(c.allocate("PSB1").ok) << "USERIDA could, ODBMUSR cannot";
  EXPECT_TRUE(c.allocate("PSB2").ok);
}

TEST_F(ServeOdbm, WithoutACsldiMemberNoOdbmRunsAndEveryAllocationIsRefused) {
  configure({",ODBASE=Y", "", "AIMS", ""});
  fs::remove(s_.dir() / "proclib" / "CSLDI000");
  fs::remove(s_.dir() / "proclib" / "CSLDC000");
  ASSERT_TRUE(s_.start()) << s_.log();
  EXPECT_THAT(s_.log(), HasSubstr("no CSLDIxxx member"));
  connect::DrdaClient c(drda_options());
  c.connect();
  ASSERT_TRUE(c.sign_on("USERIDA", core::SecretString("PWDA1")).ok);
  auto a = c.allocate("PSB1");
  EXPECT_FALSE(a.ok);
  EXPECT_EQ(a.reply, cp::RDBAFLRM);
}

TEST_F(ServeOdbm, HwsAuth0SeesEverySignOnFirstAndMayRefuseIt) {
  configure({",ODBASE=Y", "", "AIMS", ""});
  ASSERT_EQ(s_.racf("ADDUSER BATCH01 DFLTGRP(SYS1) PASSWORD(PWDC1)\nALTUSER BATCH01 PASSWORD(PWDC1) NOEXPIRED\n").status, 0);
  ASSERT_TRUE(s_.start({"--hwsauth0", (programs_dir() / "HWSAUTH0.so").string()})) << s_.log();
  connect::DrdaClient c(drda_options());
  c.connect();
  auto on = c.sign_on("BATCH01", core::SecretString("PWDC1"));
  EXPECT_FALSE(on.ok) << "the sample HWSAUTH0 refuses BATCH* user IDs, right password or not";
  EXPECT_EQ(on.code, cp::kSecchkUseridInvalid);
  EXPECT_THAT(s_.log(), HasSubstr("HWSAUTH0 refused"));
  connect::DrdaClient d(drda_options());
  d.connect();
  EXPECT_TRUE(d.sign_on("USERIDA", core::SecretString("PWDA1")).ok);
}

}  // namespace
}  // namespace zgate::testing

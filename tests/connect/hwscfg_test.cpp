// HWSCFGxx meaning (src/connect/hwscfg.cpp): IBM's HWS, TCPIP and DATASTORE keywords, the
// errors that stop start-up (each naming member, line and keyword), and the TLS environment.
#include "connect/hwscfg.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace zgate::connect {
namespace {

core::Member parse(std::string_view text, core::MemberFormat format = core::MemberFormat::Hwscfg,
                   std::string_view name = "HWSCFG00") {
  auto r = core::parse_member(name, text, format);
  EXPECT_TRUE(r.ok()) << (r.error ? r.error->to_string() : "");
  return r.member;
}

HwsConfig read(std::string_view text) { return read_hwscfg(parse(text)); }

struct Failure {
  std::string member, keyword, what;
  int line = -1;
};

Failure fails(std::string_view text) {
  try {
    read(text);
  } catch (const ConfigError& e) {
    return {e.member, e.keyword, e.what(), e.line};
  }
  ADD_FAILURE() << "no ConfigError for:\n" << text;
  return {};
}

Failure tls_fails(std::string_view text) {
  try {
    read_tls_env(parse(text, core::MemberFormat::Dfspb, "HWSSSL00"));
  } catch (const ConfigError& e) {
    return {e.member, e.keyword, e.what(), e.line};
  }
  ADD_FAILURE() << "no ConfigError for:\n" << text;
  return {};
}

const char* kMinimal =
    "HWS (ID=ZGATEHWS)\n"
    "TCPIP (PORT=(ID=9999))\n";

bool has(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// ---------------------------------------------------------------------------------------------
// Defaults and the keywords zgate acts on

TEST(Hwscfg, MinimalMemberGetsIbmDefaults) {
  HwsConfig c = read(kMinimal);
  EXPECT_EQ(c.id, "ZGATEHWS");
  EXPECT_FALSE(c.racf);
  EXPECT_EQ(c.pswdmc, PasswordCase::Rcf);
  EXPECT_FALSE(c.uidcache);
  EXPECT_EQ(c.uidage, 2147483647);
  EXPECT_EQ(c.maxsoc, 50);  // IBM: "By default, the MAXSOC parameter sets ... 50"
  EXPECT_EQ(c.warnsoc, 80);
  EXPECT_EQ(c.warninc, 5);
  EXPECT_EQ(c.tcpipq, 50);
  EXPECT_EQ(c.timeout, 0);
  ASSERT_EQ(c.ports.size(), 1u);
  EXPECT_EQ(c.ports[0].id, 9999);
  EXPECT_FALSE(c.ports[0].tls);
  EXPECT_EQ(c.ports[0].line, 2);
  EXPECT_TRUE(c.datastores.empty());
  EXPECT_TRUE(c.ignored.empty());
  EXPECT_FALSE(c.tls.has_value());
}

TEST(Hwscfg, ReadsEveryActedOnKeyword) {
  HwsConfig c = read(
      "HWS (ID=IMSCON1,RACF=Y,PSWDMC=Y,UIDCACHE=Y,UIDAGE=300,RACFGENRC=Y)\n"
      "TCPIP (PORT=(ID=9999,KEEPAV=10,IDLETO=6000),PORT=(ID=9998),\n"
      "       PORTID=(7001,7002),MAXSOC=2000,WARNSOC=90,WARNINC=2,\n"
      "       TIMEOUT=5000,IDLETO=100,MAXSIZE=65536,RACFID=DEFUSER,\n"
      "       EXIT=(HWSSMPL0,HWSSMPL1),TCPIPQ=128,NODELAY=N)\n"
      "DATASTORE (ID=IMS1,GROUP=XCFGRP,MEMBER=HWSMEM1,TMEMBER=IMS1,\n"
      "           APPL=IMSAPPL,ACKTO=30,RRNAME=MYREROUT)\n"
      "DATASTORE (ID=IMS2,GROUP=XCFGRP,MEMBER=HWSMEM2,TMEMBER=IMS2)\n");
  EXPECT_EQ(c.id, "IMSCON1");
  EXPECT_TRUE(c.racf);
  EXPECT_EQ(c.pswdmc, PasswordCase::Mixed);
  EXPECT_TRUE(c.uidcache);
  EXPECT_EQ(c.uidage, 300);
  EXPECT_TRUE(c.racfgenrc);
  ASSERT_EQ(c.ports.size(), 4u);
  EXPECT_EQ(c.ports[0].id, 9999);
  EXPECT_EQ(c.ports[0].keepav, 10);
  EXPECT_EQ(c.ports[0].idleto, 6000);  // its own IDLETO wins
  EXPECT_EQ(c.ports[1].id, 9998);
  EXPECT_EQ(c.ports[1].idleto, 100);   // TCPIP IDLETO= is the default
  EXPECT_EQ(c.ports[2].id, 7001);
  EXPECT_EQ(c.ports[3].id, 7002);
  EXPECT_EQ(c.ports[3].line, 3);
  EXPECT_EQ(c.maxsoc, 2000);
  EXPECT_EQ(c.warnsoc, 90);
  EXPECT_EQ(c.warninc, 2);
  EXPECT_EQ(c.timeout, 5000);
  EXPECT_EQ(c.idleto, 100);
  EXPECT_EQ(c.maxsize, 65536u);
  EXPECT_EQ(c.racfid, "DEFUSER");
  EXPECT_EQ(c.exits, (std::vector<std::string>{"HWSSMPL0", "HWSSMPL1"}));
  EXPECT_EQ(c.tcpipq, 128);
  EXPECT_FALSE(c.nodelay);
  ASSERT_EQ(c.datastores.size(), 2u);
  const DatastoreDef* d = c.datastore("IMS1");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->group, "XCFGRP");
  EXPECT_EQ(d->member, "HWSMEM1");
  EXPECT_EQ(d->tmember, "IMS1");
  EXPECT_EQ(d->appl, "IMSAPPL");
  EXPECT_EQ(d->ackto, 30);
  EXPECT_EQ(d->rrname, "MYREROUT");
  EXPECT_EQ(d->line, 6);
  EXPECT_EQ(c.datastore("IMS2")->rrname, "HWS$DEF");
  EXPECT_EQ(c.datastore("IMS2")->ackto, 120);
  EXPECT_EQ(c.datastore("IMS3"), nullptr);
}

TEST(Hwscfg, PswdmcValues) {
  EXPECT_EQ(read("HWS (ID=A,PSWDMC=R) TCPIP (PORTID=1)").pswdmc, PasswordCase::Rcf);
  EXPECT_EQ(read("HWS (ID=A,PSWDMC=N) TCPIP (PORTID=1)").pswdmc, PasswordCase::Upper);
}

TEST(Hwscfg, AcktoZeroMeansOtmaDefault) {
  HwsConfig c = read(std::string(kMinimal) +
                     "DATASTORE (ID=IMS1,GROUP=G,MEMBER=M,TMEMBER=T,ACKTO=0)\n");
  EXPECT_EQ(c.datastores[0].ackto, 120);
  c = read(std::string(kMinimal) + "DATASTORE (ID=IMS1,GROUP=G,MEMBER=M,TMEMBER=T,ACKTO=255)\n");
  EXPECT_EQ(c.datastores[0].ackto, 255);
}

TEST(Hwscfg, ExitMayDropItsParentheses) {
  EXPECT_EQ(read("HWS (ID=A) TCPIP (PORT=(ID=1),EXIT=HWSSMPL1)").exits,
            std::vector<std::string>{"HWSSMPL1"});
}

TEST(Hwscfg, LongestNamesAndBoundaryValues) {
  HwsConfig c = read(
      "HWS (ID=ABCDEFG8,UIDAGE=0)\n"
      "TCPIP (PORT=(ID=1),PORT=(ID=65535),MAXSOC=65535)\n");
  EXPECT_EQ(c.id, "ABCDEFG8");
  EXPECT_EQ(c.uidage, 0);
  EXPECT_EQ(c.ports[1].id, 65535);
  EXPECT_EQ(c.maxsoc, 65535);
  c = read("HWS (ID=A)\nTCPIP (PORT=(ID=1,KEEPAV=2147460,IDLETO=2147483647),\nMAXSOC=50)");
  EXPECT_EQ(c.ports[0].keepav, 2147460);
  EXPECT_EQ(c.ports[0].idleto, 2147483647);
}

// ---------------------------------------------------------------------------------------------
// Keywords IBM documents that zgate accepts without acting on them

TEST(Hwscfg, DocumentedButUnusedKeywordsAreRecorded) {
  HwsConfig c = read(
      "HWS (ID=A,RRS=N,XIBAREA=20,SMEMBER=SM01,CM0ATOQ=DFS$$TOQ,CASCADE=N,\n"
      "     MULTIRTP=Y,SENDALTP=,TMRACFST=Y,WTORCMD=Y)\n"
      "TCPIP (HOSTNAME=TCPIP,PORT=(ID=9999,EDIT=PORTEDIT),PORTID=(7001,LOCAL),\n"
      "       CICSPORT=(ID=4000,KEEPAV=5),IPV6=Y,ECB=N,PORTAFF=N)\n"
      "DATASTORE (ID=IMS1,GROUP=G,MEMBER=M,TMEMBER=T,DRU=DFSYDRU0,SMEMBER=SM01,\n"
      "           CM0ATOQ=MYTOQ)\n"
      "IMSPLEX (MEMBER=IMSCON1,TMEMBER=PLEX1)\n");
  for (const char* e :
       {"HWS RRS", "HWS XIBAREA", "HWS SMEMBER", "HWS CM0ATOQ", "HWS CASCADE", "HWS MULTIRTP",
        "HWS SENDALTP", "HWS TMRACFST", "HWS WTORCMD", "TCPIP HOSTNAME", "TCPIP PORT EDIT",
        "TCPIP PORTID LOCAL", "TCPIP CICSPORT", "TCPIP IPV6", "TCPIP ECB", "TCPIP PORTAFF",
        "DATASTORE DRU", "DATASTORE SMEMBER", "DATASTORE CM0ATOQ", "IMSPLEX"})
    EXPECT_TRUE(has(c.ignored, e)) << e;
  EXPECT_EQ(c.ports[0].edit, "PORTEDIT");
  // The CICS port is not a listening port for IMS Connect clients.
  ASSERT_EQ(c.ports.size(), 2u);
  EXPECT_EQ(c.ports[1].id, 7001);
}

TEST(Hwscfg, IgnoredEntriesAreNotRepeated) {
  HwsConfig c = read("HWS (ID=A) TCPIP (PORT=(ID=1,EDIT=E1),PORT=(ID=2,EDIT=E2))");
  EXPECT_EQ(std::count(c.ignored.begin(), c.ignored.end(), "TCPIP PORT EDIT"), 1);
}

// ---------------------------------------------------------------------------------------------
// SSLPORT

TEST(Hwscfg, SslportForms) {
  HwsConfig c = read(
      "HWS (ID=A)\n"
      "TCPIP (PORT=(ID=9999),SSLPORT=9443,SSLPORT=(ID=9444,KEEPAV=3),\n"
      "       SSLPORT=(9445,9446),SSLENVAR=HWSSSL00)\n");
  ASSERT_EQ(c.ports.size(), 5u);
  EXPECT_FALSE(c.ports[0].tls);
  for (std::size_t i = 1; i < 5; ++i) EXPECT_TRUE(c.ports[i].tls) << i;
  EXPECT_EQ(c.ports[2].keepav, 3);
  EXPECT_EQ(c.sslenvar, "HWSSSL00");
  EXPECT_FALSE(c.tls.has_value());  // read_hwscfg does not read the other member
}

TEST(Hwscfg, SslportAloneIsEnoughPorts) {
  EXPECT_EQ(read("HWS (ID=A) TCPIP (SSLPORT=9443,SSLENVAR=HWSSSL00)").ports.size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// Errors: member, line and keyword

TEST(HwscfgErrors, UnknownKeywordNamesMemberLineAndKeyword) {
  Failure f = fails("HWS (ID=A)\nTCPIP (PORT=(ID=1),\n       BOGUS=1)\n");
  EXPECT_EQ(f.member, "HWSCFG00");
  EXPECT_EQ(f.line, 3);
  EXPECT_EQ(f.keyword, "BOGUS");
  EXPECT_NE(f.what.find("HWSCFG00 line 3 keyword BOGUS"), std::string::npos) << f.what;
  EXPECT_NE(f.what.find("unknown keyword"), std::string::npos) << f.what;
}

TEST(HwscfgErrors, UnknownKeywordOnEachStatement) {
  EXPECT_EQ(fails("HWS (ID=A,PORT=1) TCPIP (PORT=(ID=1))").keyword, "PORT");
  EXPECT_EQ(fails("HWS (ID=A) TCPIP (PORT=(ID=1),RACF=Y)").keyword, "RACF");
  EXPECT_EQ(fails("HWS (ID=A) TCPIP (PORT=(ID=1))\nDATASTORE (ID=D,GROUP=G,MEMBER=M,"
                  "TMEMBER=T,PORT=1)")
                .keyword,
            "PORT");
}

TEST(HwscfgErrors, PswdmcBelongsToHwsNotTcpip) {
  Failure f = fails("HWS (ID=A)\nTCPIP (PORT=(ID=1),PSWDMC=Y)");
  EXPECT_EQ(f.line, 2);
  EXPECT_EQ(f.keyword, "PSWDMC");
}

TEST(HwscfgErrors, BadValues) {
  struct Case {
    const char* text;
    int line;
    const char* keyword;
  } cases[] = {
      {"HWS (ID=A,RACF=YES)\nTCPIP (PORT=(ID=1))", 1, "RACF"},
      {"HWS (ID=A,RACF=y)\nTCPIP (PORT=(ID=1))", 1, "RACF"},
      {"HWS (ID=A,PSWDMC=X)\nTCPIP (PORT=(ID=1))", 1, "PSWDMC"},
      {"HWS (ID=A,UIDAGE=-1)\nTCPIP (PORT=(ID=1))", 1, "UIDAGE"},
      {"HWS (ID=A,UIDAGE=2147483648)\nTCPIP (PORT=(ID=1))", 1, "UIDAGE"},
      {"HWS (ID=A,UIDAGE=99999999999999999999)\nTCPIP (PORT=(ID=1))", 1, "UIDAGE"},
      {"HWS (ID=A,UIDCACHE=(Y))\nTCPIP (PORT=(ID=1))", 1, "UIDCACHE"},
      {"HWS (ID=1ABC)\nTCPIP (PORT=(ID=1))", 1, "ID"},
      {"HWS (ID=ABCDEFGHI)\nTCPIP (PORT=(ID=1))", 1, "ID"},
      {"HWS (ID=A$B)\nTCPIP (PORT=(ID=1))", 1, "ID"},
      {"HWS (ID=)\nTCPIP (PORT=(ID=1))", 1, "ID"},
      {"HWS (ID=A,SMEMBER=TOOLONG)\nTCPIP (PORT=(ID=1))", 1, "SMEMBER"},
      {"HWS (ID=A,SENDALTP=X)\nTCPIP (PORT=(ID=1))", 1, "SENDALTP"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=0))", 2, "PORT"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=65536))", 2, "PORT"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=ABC))", 2, "PORT"},
      {"HWS (ID=A)\nTCPIP (PORT=9999)", 2, "PORT"},
      {"HWS (ID=A)\nTCPIP (PORT=(9999))", 2, "PORT"},
      {"HWS (ID=A)\nTCPIP (PORT=(KEEPAV=5))", 2, "PORT"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1,ID=2))", 2, "PORT"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1,KEEPAV=2147461))", 2, "PORT"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1,COLOR=RED))", 2, "PORT"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1,EDIT=(A,B)))", 2, "PORT"},
      {"HWS (ID=A)\nTCPIP (PORTID=(1,(2)))", 2, "PORTID"},
      {"HWS (ID=A)\nTCPIP (PORTID=(1,X=2))", 2, "PORTID"},
      {"HWS (ID=A)\nTCPIP (PORTID=())", 2, "PORTID"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1),MAXSOC=49)", 2, "MAXSOC"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1),MAXSOC=65536)", 2, "MAXSOC"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1),WARNSOC=100)", 2, "WARNSOC"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1),WARNINC=0)", 2, "WARNINC"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1),TIMEOUT=1.5)", 2, "TIMEOUT"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1),TCPIPQ=0)", 2, "TCPIPQ"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1),RACFID=TOOLONGID)", 2, "RACFID"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1),EXIT=(HWSSMPL1,HWSSMPL1))", 2, "EXIT"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1),EXIT=())", 2, "EXIT"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1),NODELAY=MAYBE)", 2, "NODELAY"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1),SSLPORT=1)", 2, "SSLPORT"},  // duplicate port
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1),SSLPORT=2)", 2, "SSLPORT"},  // no SSLENVAR
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1))\nDATASTORE (ID=D,GROUP=G,MEMBER=M,TMEMBER=T,"
       "ACKTO=256)",
       3, "ACKTO"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1))\nDATASTORE (ID=D,GROUP=G,MEMBER=M,TMEMBER=T,"
       "APPL=lower)",
       3, "APPL"},
      {"HWS (ID=A)\nTCPIP (PORT=(ID=1))\nDATASTORE (ID=D,GROUP=G,"
       "MEMBER=ABCDEFGHIJKLMNOPQ,TMEMBER=T)",
       3, "MEMBER"},
  };
  for (const auto& c : cases) {
    Failure f = fails(c.text);
    EXPECT_EQ(f.member, "HWSCFG00") << c.text;
    EXPECT_EQ(f.line, c.line) << c.text << "\n" << f.what;
    EXPECT_EQ(f.keyword, c.keyword) << c.text << "\n" << f.what;
  }
}

TEST(HwscfgErrors, DuplicatePortNamesBothLines) {
  Failure f = fails("HWS (ID=A)\nTCPIP (PORT=(ID=9999),\n       PORTID=(7000,9999))\n");
  EXPECT_EQ(f.line, 3);
  EXPECT_EQ(f.keyword, "PORTID");
  EXPECT_NE(f.what.find("port 9999 is already defined at line 2"), std::string::npos) << f.what;
  // A CICS port counts too.
  f = fails("HWS (ID=A)\nTCPIP (CICSPORT=(ID=4000),PORT=(ID=4000))\n");
  EXPECT_EQ(f.keyword, "PORT");
}

TEST(HwscfgErrors, AtMostTwoHundredPorts) {
  std::string ports;
  // One port per record: "comma followed by blanks" continues the list.
  for (int i = 1; i <= 200; ++i) ports += (i > 1 ? ",\n  " : "") + std::to_string(i);
  EXPECT_EQ(read("HWS (ID=A) TCPIP (PORTID=(" + ports + "))").ports.size(), 200u);
  Failure f = fails("HWS (ID=A) TCPIP (PORTID=(" + ports + "),\n  CICSPORT=(ID=201))");
  EXPECT_EQ(f.keyword, "CICSPORT");
  EXPECT_NE(f.what.find("more than 200 ports"), std::string::npos) << f.what;
}

TEST(HwscfgErrors, DuplicateKeyword) {
  Failure f = fails("HWS (ID=A,\n     RACF=Y,RACF=N)\nTCPIP (PORT=(ID=1))");
  EXPECT_EQ(f.line, 2);
  EXPECT_EQ(f.keyword, "RACF");
  EXPECT_NE(f.what.find("more than once"), std::string::npos) << f.what;
}

TEST(HwscfgErrors, PositionalValueOnAStatement) {
  Failure f = fails("HWS (ID=A,YES)\nTCPIP (PORT=(ID=1))");
  EXPECT_EQ(f.line, 1);
  EXPECT_EQ(f.keyword, "");
  EXPECT_NE(f.what.find("expected KEYWORD=value"), std::string::npos) << f.what;
}

TEST(HwscfgErrors, DuplicateDatastore) {
  Failure f = fails(std::string(kMinimal) +
                    "DATASTORE (ID=IMS1,GROUP=G,MEMBER=M1,TMEMBER=T)\n"
                    "DATASTORE (ID=IMS1,GROUP=G,MEMBER=M2,TMEMBER=T)\n");
  EXPECT_EQ(f.line, 4);
  EXPECT_EQ(f.keyword, "ID");
  EXPECT_NE(f.what.find("data store IMS1 is already defined at line 3"), std::string::npos)
      << f.what;
}

TEST(HwscfgErrors, DatastoreRequiredKeywords) {
  for (const char* missing : {"ID", "GROUP", "MEMBER", "TMEMBER"}) {
    std::string ds = "DATASTORE (";
    bool first = true;
    for (const char* k : {"ID", "GROUP", "MEMBER", "TMEMBER"}) {
      if (std::string(k) == missing) continue;
      ds += (first ? "" : ",") + std::string(k) + "=X";
      first = false;
    }
    Failure f = fails(std::string(kMinimal) + ds + ")\n");
    EXPECT_EQ(f.line, 3) << missing;
    EXPECT_EQ(f.keyword, missing) << f.what;
  }
}

TEST(HwscfgErrors, RepeatedStatements) {
  Failure f = fails("HWS (ID=A)\nTCPIP (PORT=(ID=1))\nHWS (ID=B)\n");
  EXPECT_EQ(f.line, 3);
  EXPECT_NE(f.what.find("second HWS statement (the first is at line 1)"), std::string::npos);
  f = fails("HWS (ID=A)\nTCPIP (PORT=(ID=1))\nTCPIP (PORT=(ID=2))\n");
  EXPECT_EQ(f.line, 3);
  EXPECT_NE(f.what.find("second TCPIP statement"), std::string::npos);
}

TEST(HwscfgErrors, UnknownStatement) {
  Failure f = fails("HWS (ID=A)\nTCPIP (PORT=(ID=1))\nSECURITY (RACF=Y)\n");
  EXPECT_EQ(f.line, 3);
  EXPECT_NE(f.what.find("unknown statement SECURITY"), std::string::npos) << f.what;
}

TEST(HwscfgErrors, MissingStatementsAndPorts) {
  EXPECT_NE(fails("TCPIP (PORT=(ID=1))").what.find("no HWS statement"), std::string::npos);
  EXPECT_NE(fails("HWS (ID=A)").what.find("no TCPIP statement"), std::string::npos);
  Failure f = fails("HWS (ID=A)\nTCPIP (MAXSOC=100)");
  EXPECT_EQ(f.line, 2);
  EXPECT_EQ(f.keyword, "PORT");
  f = fails("HWS (RACF=Y)\nTCPIP (PORT=(ID=1))");
  EXPECT_EQ(f.line, 1);
  EXPECT_EQ(f.keyword, "ID");
}

TEST(HwscfgErrors, LowerCaseKeywordsAreRefusedByTheParser) {
  // IBM: keywords must be upper case. core::parse_member refuses them in Hwscfg format, so a
  // member with one never reaches read_hwscfg.
  auto r = core::parse_member("HWSCFG00", "HWS (id=A)\n", core::MemberFormat::Hwscfg);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error->message.find("must be upper case"), std::string::npos);
  r = core::parse_member("HWSCFG00", "hws (ID=A)\n", core::MemberFormat::Hwscfg);
  ASSERT_FALSE(r.ok());
}

// ---------------------------------------------------------------------------------------------
// TLS environment

TEST(TlsEnv, ReadsEveryKeyword) {
  TlsEnv e = read_tls_env(parse(
      "* TLS\nCERT=/etc/zgate/cert.pem,KEY=/etc/zgate/key.pem\nCA='/etc/zgate/my ca.pem'\n"
      "CLIENTAUTH=REQUIRED MINVERSION=TLS13\nPORT=(9999,9998)\n",
      core::MemberFormat::Dfspb, "HWSSSL00"));
  EXPECT_EQ(e.cert_file, "/etc/zgate/cert.pem");
  EXPECT_EQ(e.key_file, "/etc/zgate/key.pem");
  EXPECT_EQ(e.ca_file, "/etc/zgate/my ca.pem");
  EXPECT_EQ(e.client_auth, TlsEnv::ClientAuth::Required);
  EXPECT_TRUE(e.tls13_only);
  EXPECT_EQ(e.ports, (std::vector<std::uint16_t>{9999, 9998}));
  EXPECT_EQ(e.ports_line, 5);
}

TEST(TlsEnv, Defaults) {
  TlsEnv e = read_tls_env(parse("CERT=c.pem,KEY=k.pem,PORT=9999", core::MemberFormat::Dfspb));
  EXPECT_EQ(e.client_auth, TlsEnv::ClientAuth::None);
  EXPECT_FALSE(e.tls13_only);
  EXPECT_TRUE(e.ca_file.empty());
  EXPECT_EQ(e.ports, std::vector<std::uint16_t>{9999});
}

TEST(TlsEnv, Errors) {
  struct Case {
    const char* text;
    int line;
    const char* keyword;
  } cases[] = {
      {"CERT=c,KEY=k\nCLIENTAUTH=SOMETIMES", 2, "CLIENTAUTH"},
      {"CERT=c,KEY=k\nMINVERSION=TLS11", 2, "MINVERSION"},
      {"CERT=c,KEY=k\nPORT=(1,70000)", 2, "PORT"},
      {"CERT=c,KEY=k\nPORT=(1,1)", 2, "PORT"},
      {"CERT=c,KEY=k\nPORT=()", 2, "PORT"},
      {"CERT=c,KEY=k\nCIPHERS=NOSUCHSUITE", 2, "CIPHERS"},
      {"CERT=c,KEY=k\nCIPHERS=()", 2, "CIPHERS"},
      {"CERT=c,KEY=k\ncert=x", 2, "cert"},
      {"CERT=c,KEY=k\nGSK_KEYRING_FILE=key.kdb", 2, "GSK_KEYRING_FILE"},
      {"CERT=c,KEY=k,CERT=d", 1, "CERT"},
      {"CERT=,KEY=k", 1, "CERT"},
      {"CERT=(a,b),KEY=k", 1, "CERT"},
      {"* NO CERT\nKEY=k", 2, "CERT"},
      {"CERT=c", 1, "KEY"},
      {"CERT=c,KEY=k\nCLIENTAUTH=OPTIONAL", 2, "CLIENTAUTH"},  // no CA=
  };
  for (const auto& c : cases) {
    Failure f = tls_fails(c.text);
    EXPECT_EQ(f.member, "HWSSSL00") << c.text;
    EXPECT_EQ(f.line, c.line) << c.text << "\n" << f.what;
    EXPECT_EQ(f.keyword, c.keyword) << c.text << "\n" << f.what;
  }
  EXPECT_NE(tls_fails("CERT=c,KEY=k,GSK_V3_CIPHER_SPECS=35").what.find("PEM"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// resolve_hwscfg: HWSCFG joined with its TLS member

TEST(Resolve, SslportAndTlsEnvPortsAreTls) {
  core::Member h = parse(
      "HWS (ID=A)\nTCPIP (PORT=(ID=9999),PORT=(ID=9998),PORT=(ID=9997),\n"
      "       SSLPORT=9443,SSLENVAR=HWSSSL00)\n");
  core::Member t = parse("CERT=c,KEY=k,PORT=(9998)", core::MemberFormat::Dfspb, "HWSSSL00");
  HwsConfig c = resolve_hwscfg(h, &t);
  ASSERT_TRUE(c.tls.has_value());
  EXPECT_EQ(c.tls->cert_file, "c");
  ASSERT_EQ(c.ports.size(), 4u);
  EXPECT_FALSE(c.ports[0].tls);
  EXPECT_TRUE(c.ports[1].tls);  // 9998: named in HWSSSL00 PORT=
  EXPECT_FALSE(c.ports[2].tls);
  EXPECT_TRUE(c.ports[3].tls);  // 9443: SSLPORT=
}

TEST(Resolve, TlsEnvPortMustBeAPortPort) {
  core::Member h = parse("HWS (ID=A)\nTCPIP (PORT=(ID=9999),SSLENVAR=HWSSSL00)\n");
  core::Member t =
      parse("CERT=c,KEY=k\nPORT=(9999,8888)", core::MemberFormat::Dfspb, "HWSSSL00");
  try {
    resolve_hwscfg(h, &t);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.member, "HWSSSL00");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.keyword, "PORT");
    EXPECT_NE(std::string(e.what()).find("port 8888 is not defined"), std::string::npos);
  }
}

TEST(Resolve, SslenvarWithoutItsMemberOrWithoutTlsPorts) {
  core::Member h = parse("HWS (ID=A)\nTCPIP (PORT=(ID=9999),\n       SSLENVAR=HWSSSL00)\n");
  try {
    resolve_hwscfg(h, nullptr);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.member, "HWSCFG00");
    EXPECT_EQ(e.line, 3);
    EXPECT_EQ(e.keyword, "SSLENVAR");
  }
  core::Member t = parse("CERT=c,KEY=k", core::MemberFormat::Dfspb, "HWSSSL00");
  try {
    resolve_hwscfg(h, &t);  // TLS settings but no port uses them
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.keyword, "SSLENVAR");
    EXPECT_NE(std::string(e.what()).find("no port uses TLS"), std::string::npos);
  }
}

TEST(Resolve, NoSslenvarNoTls) {
  HwsConfig c = resolve_hwscfg(parse(kMinimal), nullptr);
  EXPECT_FALSE(c.tls.has_value());
  core::Member t = parse("CERT=c,KEY=k", core::MemberFormat::Dfspb, "HWSSSL00");
  EXPECT_THROW(resolve_hwscfg(parse(kMinimal), &t), ConfigError);
}

// ODACCESS: IMS DB access for DRDA clients through ODBM, IBM's keywords.
const char* kOdMember =
    "HWS (ID=HWS1,RACF=Y)\n"
    "TCPIP (PORT=(ID=9999))\n"
    "ODACCESS (DRDAPORT=(ID=5555,KEEPAV=10,PORTTMOT=6000),ODBMAUTOCONN=Y,\n"
    "          IMSPLEX=(MEMBER=IMSCON1,TMEMBER=PLEX1),ODBMTMOT=3000,\n"
    "          APPL=ODBMAPPL,ODRACFST=N)\n";

TEST(Hwscfg, OdaccessIsReadWithIbmsKeywordsAndItsDrdaPortIsADoorNotAnIgnoredSetting) {
  HwsConfig c = read(kOdMember);
  ASSERT_TRUE(c.odaccess);
  ASSERT_TRUE(c.odaccess->drda_port);
  EXPECT_EQ(c.odaccess->drda_port->id, 5555);
  EXPECT_EQ(c.odaccess->drda_port->keepav, 10);
  EXPECT_EQ(c.odaccess->porttmot, 6000);
  EXPECT_TRUE(c.odaccess->odbm_autoconn);
  EXPECT_EQ(c.odaccess->odbmtmot, 3000);
  EXPECT_EQ(c.odaccess->appl, "ODBMAPPL");
  EXPECT_EQ(c.odaccess->imsplex_member, "IMSCON1");
  EXPECT_EQ(c.odaccess->imsplex_tmember, "PLEX1");
  EXPECT_FALSE(c.odaccess->odracfst);
  EXPECT_EQ(std::find(c.ignored.begin(), c.ignored.end(), "ODACCESS DRDAPORT"), c.ignored.end());
  // What zgate reads but does not act on is said at start-up.
  for (const char* said : {"ODACCESS IMSPLEX", "ODACCESS ODBMTMOT", "ODACCESS DRDAPORT KEEPAV"})
    EXPECT_NE(std::find(c.ignored.begin(), c.ignored.end(), said), c.ignored.end()) << said;
  // IBM's defaults: ODBMAUTOCONN=N, ODRACFST=N.
  HwsConfig d = read("HWS (ID=HWS1)\nTCPIP (PORT=(ID=9999))\nODACCESS (DRDAPORT=(ID=5555))\n");
  EXPECT_FALSE(d.odaccess->odbm_autoconn);
  EXPECT_FALSE(d.odaccess->odracfst);
}

TEST(Hwscfg, OdaccessMistakesStopStartUpNamingLineAndKeyword) {
  const std::string base = "HWS (ID=HWS1)\nTCPIP (PORT=(ID=9999))\n";
  Failure f = fails(base + "ODACCESS (DRDAPORT=(ID=9999))\n");
  EXPECT_EQ(f.keyword, "DRDAPORT");
  EXPECT_NE(f.what.find("already a TCPIP port"), std::string::npos) << f.what;
  f = fails(base + "ODACCESS (DRDAPORT=(KEEPAV=5))\n");
  EXPECT_EQ(f.keyword, "DRDAPORT");
  f = fails(base + "ODACCESS (DRDAPORT=(ID=5555,EDIT=X))\n");
  EXPECT_NE(f.what.find("unknown parameter EDIT"), std::string::npos) << f.what;
  f = fails(base + "ODACCESS (ODBMAUTOCONN=MAYBE)\n");
  EXPECT_EQ(f.keyword, "ODBMAUTOCONN");
  f = fails(base + "ODACCESS (APPL=TOOLONGNAME)\n");
  EXPECT_EQ(f.keyword, "APPL");
  f = fails(base + "ODACCESS (ODBMNAME=X)\n");
  EXPECT_EQ(f.keyword, "ODBMNAME");
  f = fails(base + "ODACCESS (APPL=A)\nODACCESS (APPL=B)\n");
  EXPECT_EQ(f.line, 4);
  EXPECT_NE(f.what.find("second ODACCESS"), std::string::npos) << f.what;
}

}  // namespace
}  // namespace zgate::connect

// The PROCLIB directory loader (src/connect/proclib_dir.cpp) and the sample PROCLIB in
// docs/proclib-sample that `zgate serve --proclib docs/proclib-sample` starts with.
#include "connect/proclib_dir.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/scratch_dir.h"

namespace zgate::connect {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(ZGATE_SOURCE_DIR) / "docs" / "proclib-sample";

// A scratch PROCLIB directory, removed afterwards.
class Dir : public zgate::testing::ScratchDir {
 public:
  Dir() : ScratchDir("zgate-proclib-") {}
  void copy_sample() const {
    fs::copy(kSample, path(), fs::copy_options::recursive);  // DBDLIB/ and PSBLIB/ too
  }
};

const char* kHws = "HWS (ID=A)\nTCPIP (PORT=(ID=9999))\n";
const char* kPb = "IMSID=IMS1\n";

std::string proclib_error(const fs::path& dir, const std::string& hwscfg = "",
                          const std::string& dfspb = "") {
  try {
    load_proclib(dir, hwscfg, dfspb);
  } catch (const ProclibError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ProclibError";
  return "";
}

struct Failure {
  std::string member, keyword, what;
  int line = -1;
};

Failure member_error(const fs::path& dir) {
  try {
    load_proclib(dir);
  } catch (const core::MemberError& e) {
    return {e.member, e.keyword, e.what(), e.line};
  }
  ADD_FAILURE() << "no MemberError";
  return {};
}

// ---------------------------------------------------------------------------------------------
// The sample PROCLIB

TEST(ProclibSample, Loads) {
  ProclibMembers m = load_proclib(kSample);
  EXPECT_EQ(m.hwscfg.name, "HWSCFG00");
  EXPECT_EQ(m.hwscfg.format, core::MemberFormat::Hwscfg);
  EXPECT_EQ(m.dfspb.name, "DFSPB000");
  EXPECT_EQ(m.dfspb.format, core::MemberFormat::Dfspb);
  ASSERT_EQ(m.stage1.size(), 1u);
  EXPECT_EQ(m.stage1[0].name, "STAGE1");
  EXPECT_FALSE(m.tls_env.has_value());  // HWSSSL00 is there, but HWSCFG00 does not name it

  const HwsConfig& h = m.hws;
  EXPECT_EQ(h.id, "ZGATEHWS");
  EXPECT_FALSE(h.racf);
  ASSERT_EQ(h.ports.size(), 1u);
  EXPECT_EQ(h.ports[0].id, 9999);
  EXPECT_FALSE(h.ports[0].tls);
  EXPECT_EQ(h.racfid, "ZGATEDEF");
  EXPECT_EQ(h.exits, (std::vector<std::string>{"HWSSMPL0", "HWSSMPL1"}));
  ASSERT_EQ(h.datastores.size(), 1u);
  const DatastoreDef& d = h.datastores[0];
  EXPECT_EQ(d.id, "IMS1");
  EXPECT_EQ(d.group, "XCFGRP");
  EXPECT_EQ(d.member, "HWSMEM1");
  EXPECT_EQ(d.tmember, "IMS1");
  EXPECT_EQ(d.appl, "IMSAPPL");
  EXPECT_TRUE(h.ignored.empty());
  EXPECT_FALSE(h.tls.has_value());
}

TEST(ProclibSample, DfspbMatchesTheDatastore) {
  ProclibMembers m = load_proclib(kSample);
  const core::Statement& pb = m.dfspb.statements.at(0);
  EXPECT_EQ(pb.scalar("IMSID"), "IMS1");
  EXPECT_EQ(pb.scalar("GRNAME"), m.hws.datastores[0].group);
  EXPECT_EQ(pb.scalar("OTMA"), "Y");
  EXPECT_EQ(pb.scalar("OTMANM"), m.hws.datastores[0].tmember);
  EXPECT_EQ(pb.scalar("OTMASE"), "C");
  EXPECT_EQ(pb.scalar("ISIS"), "R");
}

TEST(ProclibSample, Stage1DefinesTheSampleTransactions) {
  ProclibMembers m = load_proclib(kSample);
  const core::Member& s1 = m.stage1[0];
  auto apps = s1.find_all("APPLCTN");
  auto trans = s1.find_all("TRANSACT");
  ASSERT_EQ(apps.size(), 7u);
  ASSERT_EQ(trans.size(), 7u);
  const char* psbs[] = {"ECHOPGM", "SWITCHPG", "AUTHPGM", "CALLOUT", "ASYNCOUT", "DFSIVP1", "CARDINQ"};
  const char* codes[] = {"ECHOTXN", "SWITCHTX", "AUTHTXN", "CALLOUT", "ASYNCOUT", "IVTNO", "CARDINQ"};
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(apps[i]->scalar("PSB"), psbs[i]);
    EXPECT_EQ(trans[i]->scalar("CODE"), codes[i]);
    const core::Param* mt = trans[i]->find("MSGTYPE");
    ASSERT_NE(mt, nullptr) << codes[i];
    EXPECT_EQ(mt->value.to_string(), "(SNGLSEG,RESPONSE,1)") << codes[i];
  }
  // AUTHTXN's TRANSACT is continued (column 72) onto the next record.
  EXPECT_GT(trans[2]->find("MSGTYPE")->line, trans[2]->line);
  // The databases: the IVP phone book and the card holders, each HIDAM with its primary index.
  auto dbs = s1.find_all("DATABASE");
  ASSERT_EQ(dbs.size(), 2u);
  EXPECT_EQ(dbs[0]->find("DBD")->value.to_string(), "(DFSIVD1,DFSIVD1I)");
  EXPECT_EQ(dbs[1]->find("DBD")->value.to_string(), "(CARDDB,CARDDBI)");
  ASSERT_NE(s1.find("IMSGEN"), nullptr);
  EXPECT_EQ(&s1.statements.back(), s1.find("IMSGEN"));
}

TEST(ProclibSample, HwssslLoadsWhenNamedWithItsFiles) {
  Dir d;
  d.copy_sample();
  // The sample's own advice: add SSLENVAR= and SSLPORT=, put the PEM files beside it.
  d.write("HWSCFG00",
          "HWS (ID=ZGATEHWS,RACF=N)\n"
          "TCPIP (PORT=(ID=9999),SSLPORT=(ID=9998),SSLENVAR=HWSSSL00)\n");
  d.write("zgate-cert.pem", "not checked here\n");
  d.write("zgate-key.pem", "not checked here\n");
  ProclibMembers m = load_proclib(d.path());
  ASSERT_TRUE(m.tls_env.has_value());
  EXPECT_EQ(m.tls_env->name, "HWSSSL00");
  ASSERT_TRUE(m.hws.tls.has_value());
  EXPECT_EQ(m.hws.tls->cert_file, (d.path() / "zgate-cert.pem").lexically_normal().string());
  EXPECT_EQ(m.hws.tls->key_file, (d.path() / "zgate-key.pem").lexically_normal().string());
  EXPECT_EQ(m.hws.tls->client_auth, TlsEnv::ClientAuth::None);
  ASSERT_EQ(m.hws.ports.size(), 2u);
  EXPECT_FALSE(m.hws.ports[0].tls);
  EXPECT_TRUE(m.hws.ports[1].tls);
}

// ---------------------------------------------------------------------------------------------
// Member names and selection

TEST(ProclibDir, FileNamesBecomeMemberNames) {
  Dir d;
  d.write("hwscfg01.txt", kHws);
  d.write("dfspbIMA.cfg", kPb);
  d.write(".HWSCFG99.swp", "garbage");  // dotfiles are not members
  d.write("README.md", "not a member either, and never read");
  fs::create_directory(d.path() / "HWSCFG02");  // directories are not members
  ProclibMembers m = load_proclib(d.path());
  EXPECT_EQ(m.hwscfg.name, "HWSCFG01");
  EXPECT_EQ(m.dfspb.name, "DFSPBIMA");
  EXPECT_TRUE(m.stage1.empty());
}

TEST(ProclibDir, Stage1MembersByPrefixInNameOrder) {
  Dir d;
  d.write("HWSCFG00", kHws);
  d.write("DFSPB000", kPb);
  d.write("STAGE1B", "         APPLCTN PSB=B\n");
  d.write("IMSGEN", "         IMSGEN\n");
  d.write("STAGE1A", "         APPLCTN PSB=A\n");
  d.write("OTHER", "this is not read\n");
  ProclibMembers m = load_proclib(d.path());
  ASSERT_EQ(m.stage1.size(), 3u);
  EXPECT_EQ(m.stage1[0].name, "IMSGEN");
  EXPECT_EQ(m.stage1[1].name, "STAGE1A");
  EXPECT_EQ(m.stage1[2].name, "STAGE1B");
  EXPECT_EQ(m.stage1[1].format, core::MemberFormat::Stage1);
}

TEST(ProclibDir, MissingMembers) {
  Dir d;
  d.write("DFSPB000", kPb);
  std::string e = proclib_error(d.path());
  EXPECT_NE(e.find("no HWSCFG member"), std::string::npos) << e;
  EXPECT_NE(e.find(d.path().string()), std::string::npos) << e;
  Dir d2;
  d2.write("HWSCFG00", kHws);
  e = proclib_error(d2.path());
  EXPECT_NE(e.find("no DFSPB member"), std::string::npos) << e;
  EXPECT_NE(proclib_error(d.path() / "nonexistent").find("is not a directory"), std::string::npos);
}

TEST(ProclibDir, SeveralCandidatesNeedAName) {
  Dir d;
  d.write("HWSCFG00", kHws);
  d.write("HWSCFG01", "HWS (ID=B)\nTCPIP (PORT=(ID=7777))\n");
  d.write("DFSPB000", kPb);
  std::string e = proclib_error(d.path());
  EXPECT_NE(e.find("several HWSCFG members (HWSCFG00, HWSCFG01)"), std::string::npos) << e;
  ProclibMembers m = load_proclib(d.path(), "hwscfg01");  // names compare upper-cased
  EXPECT_EQ(m.hws.id, "B");
  e = proclib_error(d.path(), "HWSCFG02");
  EXPECT_NE(e.find("member HWSCFG02 not found"), std::string::npos) << e;
  e = proclib_error(d.path(), "HWSCFG00", "DFSPBXXX");
  EXPECT_NE(e.find("member DFSPBXXX not found"), std::string::npos) << e;
}

TEST(ProclibDir, TwoFilesForOneMember) {
  Dir d;
  d.write("HWSCFG00", kHws);
  d.write("hwscfg00.txt", kHws);
  d.write("DFSPB000", kPb);
  EXPECT_NE(proclib_error(d.path()).find("are both member HWSCFG00"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Errors inside members

TEST(ProclibDir, SyntaxErrorNamesMemberAndLine) {
  Dir d;
  d.write("HWSCFG00", "HWS (ID=A)\nTCPIP (PORT=(ID=9999)\n");
  d.write("DFSPB000", kPb);
  Failure f = member_error(d.path());
  EXPECT_EQ(f.member, "HWSCFG00");
  EXPECT_EQ(f.line, 2);
  EXPECT_EQ(f.keyword, "");
  EXPECT_NE(f.what.find("HWSCFG00 line 2: column"), std::string::npos) << f.what;

  d.write("HWSCFG00", kHws);
  d.write("DFSPB000", "IMSID=IMS1\nOTMA=Y,,\n");
  f = member_error(d.path());
  EXPECT_EQ(f.member, "DFSPB000");
  EXPECT_EQ(f.line, 2);

  d.write("DFSPB000", kPb);
  d.write("STAGE1", "         TRANSACT CODE=A,\n");  // ',' but column 72 is blank
  f = member_error(d.path());
  EXPECT_EQ(f.member, "STAGE1");
  EXPECT_EQ(f.line, 1);
}

TEST(ProclibDir, MeaningErrorInHwscfg) {
  Dir d;
  d.write("HWSCFG00", "HWS (ID=A)\nTCPIP (PORT=(ID=9999),\n       MAXSOC=10)\n");
  d.write("DFSPB000", kPb);
  Failure f = member_error(d.path());
  EXPECT_EQ(f.member, "HWSCFG00");
  EXPECT_EQ(f.line, 3);
  EXPECT_EQ(f.keyword, "MAXSOC");
}

TEST(ProclibDir, SslenvarMemberMissing) {
  Dir d;
  d.write("HWSCFG00", "HWS (ID=A)\nTCPIP (SSLPORT=9443,\n       SSLENVAR=HWSSSL01)\n");
  d.write("DFSPB000", kPb);
  Failure f = member_error(d.path());
  EXPECT_EQ(f.member, "HWSCFG00");
  EXPECT_EQ(f.line, 3);
  EXPECT_EQ(f.keyword, "SSLENVAR");
  EXPECT_NE(f.what.find("member HWSSSL01 not found"), std::string::npos) << f.what;
}

TEST(ProclibDir, TlsFilesMustExist) {
  Dir d;
  d.write("HWSCFG00", "HWS (ID=A)\nTCPIP (PORT=(ID=9999),SSLENVAR=HWSSSL00)\n");
  d.write("DFSPB000", kPb);
  d.write("cert.pem", "x");
  d.write("HWSSSL00", "CERT=cert.pem\nKEY=missing-key.pem\nPORT=9999\n");
  Failure f = member_error(d.path());
  EXPECT_EQ(f.member, "HWSSSL00");
  EXPECT_EQ(f.line, 2);
  EXPECT_EQ(f.keyword, "KEY");
  EXPECT_NE(f.what.find("missing-key.pem"), std::string::npos) << f.what;

  // Absolute paths are kept as given; TLS env PORT= makes the plain port TLS.
  d.write("HWSSSL00", "CERT=" + (d.path() / "cert.pem").string() + "\nKEY=cert.pem\nPORT=9999\n");
  ProclibMembers m = load_proclib(d.path());
  EXPECT_EQ(m.hws.tls->cert_file, (d.path() / "cert.pem").string());
  EXPECT_TRUE(m.hws.ports[0].tls);
}

TEST(ProclibDir, TlsEnvPortNotInPortIsAnError) {
  Dir d;
  d.write("HWSCFG00", "HWS (ID=A)\nTCPIP (PORT=(ID=9999),SSLENVAR=HWSSSL00)\n");
  d.write("DFSPB000", kPb);
  d.write("HWSSSL00", "CERT=c.pem,KEY=k.pem\nPORT=(9999,9000)\n");
  Failure f = member_error(d.path());
  EXPECT_EQ(f.member, "HWSSSL00");
  EXPECT_EQ(f.line, 2);
  EXPECT_EQ(f.keyword, "PORT");
}

TEST(ProclibDir, TlsMemberSyntaxError) {
  Dir d;
  d.write("HWSCFG00", "HWS (ID=A)\nTCPIP (SSLPORT=9443,SSLENVAR=HWSSSL00)\n");
  d.write("DFSPB000", kPb);
  d.write("HWSSSL00", "CERT=c.pem\nKEY=(k.pem\n");
  Failure f = member_error(d.path());
  EXPECT_EQ(f.member, "HWSSSL00");
  EXPECT_EQ(f.line, 2);
  EXPECT_EQ(f.keyword, "");
}

}  // namespace
}  // namespace zgate::connect

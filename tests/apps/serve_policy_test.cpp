// zgate serve --policy: a data-access policy (Guardium's role) on the transaction path, over a
// real socket, with the card-holder sample database (docs/proclib-sample: CARDDB, CARDINQ).
// The application's ID from a source outside its server is alerted; card numbers in the reply
// are masked; more of them within the minute than the policy allows are refused with OTMA's
// security sense code and the connection ends; every decision is on the audit trail with the
// client's address and the connection's correlation ID.
#include <fstream>

#include "zgate_server.h"

namespace zgate::testing {
namespace {

const fs::path kSample = fs::path(ZGATE_SOURCE_DIR) / "docs" / "proclib-sample";

void configure(ZgateServer& s) {
  s.member("HWSCFG00", "HWS (ID=ZGATEHWS,RACF=N)\n"
                       "TCPIP (PORT=(ID=" + std::to_string(s.port()) + "),TIMEOUT=3000,\n"
                       "   EXIT=(HWSSMPL0,HWSSMPL1))\n"
                       "DATASTORE (ID=IMS1,GROUP=XCFGRP,MEMBER=HWSMEM1,TMEMBER=IMS1)\n");
  s.member("DFSPB000", "IMSID=IMS1,GRNAME=XCFGRP,OTMA=Y,OTMANM=IMS1,OTMASE=N\n");
  s.member("STAGE1", "         DATABASE DBD=(CARDDB,CARDDBI),ACCESS=RD\n"
                     "         APPLCTN PSB=CARDINQ\n"
                     "         TRANSACT CODE=CARDINQ,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
                     "         IMSGEN\n");
  const fs::path proclib = s.dir() / "proclib";
  fs::create_directories(proclib / "DBDLIB");
  fs::create_directories(proclib / "PSBLIB");
  for (const char* d : {"CARDDB", "CARDDBI"}) fs::copy_file(kSample / "DBDLIB" / d, proclib / "DBDLIB" / d);
  fs::copy_file(kSample / "PSBLIB" / "CARDINQ", proclib / "PSBLIB" / "CARDINQ");
  auto r = s.racf("ADDUSER ZGATEHWS DFLTGRP(SYS1) NOPASSWORD\nADDUSER IMSREGN DFLTGRP(SYS1) NOPASSWORD\n");
  ASSERT_EQ(r.status, 0) << r.out;
  RunResult load = run_zgate({"db", "load", "--proclib", proclib.string(), "--db", s.db(), "CARDDB",
                              (kSample / "LOAD" / "CARDDB").string()});
  ASSERT_EQ(load.status, 0) << load.out;
  std::ofstream(s.dir() / "policy.toml") << R"(
[[rule]]
name = "AppID outside the application server"
kind = "access"
users = ["APPSRV1"]
not_sources = ["127.0.0.10/32"]
action = "alert"
severity = 7

[[rule]]
name = "Mask card numbers"
kind = "extrusion"
pattern = "card-number"
action = "mask"

[[rule]]
name = "Card numbers in volume"
kind = "extrusion"
transactions = ["CARDINQ"]
pattern = "card-number"
count = 4
window = 60
action = "block"
)";
}

TEST(ServePolicy, CardNumbersAreMaskedThenRefusedInVolumeAndEveryDecisionIsOnTheTrail) {
  ZgateServer s("policy");
  configure(s);
  ASSERT_TRUE(s.start({"--policy", (s.dir() / "policy.toml").string()})) << s.log();
  EXPECT_NE(s.log().find("data-access policy"), std::string::npos) << s.log();

  // Two cards per reply: the first two replies pass, masked (4 card numbers: not more than 4).
  for (int i = 0; i < 2; ++i) {
    auto r = exchange(s, transaction("CARDINQ", "C000000001", "APPSRV1"));
    ASSERT_FALSE(r.rsm) << describe(r);
    const std::string text = text_of(r);
    EXPECT_NE(text.find("************1111"), std::string::npos) << text;
    EXPECT_NE(text.find("************4444"), std::string::npos) << text;
    EXPECT_EQ(text.find("4111111111111111"), std::string::npos) << "no PAN leaves unmasked: " << text;
  }
  // The third would make 6 within the minute: refused as OTMA refuses a security violation. On a
  // persistent socket, which IMS Connect would otherwise keep open for the next message.
  auto persistent = [] {
    auto r = transaction("CARDINQ", "C000000001", "APPSRV1");
    r.irm.socket_type = connect::irmf::kSoctPersistent;
    r.irm.client_id = "ROGUE01";
    return r;
  };
  connect::Client c(s.client_options());
  c.connect();
  c.send(persistent());
  auto blocked = c.read_reply(connect::ExitFormat::Hwssmpl1);
  ASSERT_TRUE(blocked.rsm) << describe(blocked);
  EXPECT_EQ(blocked.rsm->return_code, connect::rc::kOtmaSense) << describe(blocked);
  EXPECT_EQ(blocked.rsm->reason_code, 0x1Au) << describe(blocked);
  // ... and the connection ends (S-GATE TERMINATE), though the client asked for a persistent one.
  bool closed = false;
  try {
    c.send(persistent());
    c.read_reply(connect::ExitFormat::Hwssmpl1);
  } catch (const std::exception&) {
    closed = true;
  }
  EXPECT_TRUE(closed) << "the blocked client's connection was closed";

  const std::string trail = s.trail();
  auto alerts = trail_lines(trail, "\"component_code\":\"POLICY_ALERT\"");
  auto masks = trail_lines(trail, "\"component_code\":\"POLICY_MASK\"");
  auto blocks = trail_lines(trail, "\"component_code\":\"POLICY_BLOCK\"");
  EXPECT_GE(alerts.size(), 3u) << trail;
  EXPECT_GE(masks.size(), 2u) << trail;
  ASSERT_EQ(blocks.size(), 1u) << trail;
  EXPECT_NE(blocks[0].find("\"source_ip\":\"127.0.0.1\""), std::string::npos) << blocks[0];
  EXPECT_NE(blocks[0].find("\"user\":\"APPSRV1\""), std::string::npos) << blocks[0];
  EXPECT_NE(blocks[0].find("\"resource\":\"Card numbers in volume\""), std::string::npos) << blocks[0];
  EXPECT_NE(blocks[0].find("\"correlation\":\"IC"), std::string::npos) << blocks[0];
  EXPECT_NE(blocks[0].find("\"severity\":8"), std::string::npos) << blocks[0];
  EXPECT_EQ(trail.find("4111111111111111"), std::string::npos) << "the trail holds no PAN";
}

TEST(ServePolicy, ABadPolicyStopsStartUpNamingFileAndLine) {
  ZgateServer s("policy-bad");
  configure(s);
  std::ofstream(s.dir() / "bad.toml") << "[[rule]]\nname = 'x'\nkind = 'access'\naction = 'drop'\n";
  EXPECT_FALSE(s.start({"--policy", (s.dir() / "bad.toml").string()}));
  EXPECT_EQ(s.stop(), 8);
  EXPECT_NE(s.log().find("bad.toml:4: 'action' must be log, alert, mask or block"), std::string::npos) << s.log();
}

}  // namespace
}  // namespace zgate::testing

// Issue 14 hole 3, over a real socket: three anonymous packets used to take the gateway down.
// Wrong passwords for a PROTECTED user ID counted toward SETROPTS PASSWORD(REVOKE(3)) and revoked
// it; for IMS Connect's own user ID that meant every client-bid refused after a restart (RSN 72),
// and the same went for the RACFID= default user and the regions' user. RACF never revokes a
// PROTECTED user for failed attempts (IBM, "Defining protected user IDs"): after many wrong
// passwords for each of those IDs, a restarted server still works.
#include "zgate_server.h"

namespace zgate::testing {
namespace {

using connect::rc::kConnectError;
using connect::rc::kSecurityViolation;

const char* kStage1 =
    "         APPLCTN PSB=ECHOPGM\n"
    "         TRANSACT CODE=ECHOTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
    "         IMSGEN\n";

// ZGATEHWS is IMS Connect's own user ID (HWS ID=), DFLTUSR the RACFID= default user, IMSREGN the
// regions' user (zgate serve --region-user's default): all three PROTECTED, as an IMS shop
// defines started-task IDs. OTMASE=J: the client-bid is checked (FACILITY IMSXCF.group.member).
std::string racf_commands(const std::string& bid_user) {
  return "ADDGROUP PAYGRP\n"
         "ADDUSER ZGATEHWS DFLTGRP(SYS1) NOPASSWORD\n"
         "ADDUSER DFLTUSR DFLTGRP(PAYGRP) NOPASSWORD\n"
         "ADDUSER IMSREGN DFLTGRP(SYS1) NOPASSWORD\n"
         "ADDUSER PAYUSER DFLTGRP(PAYGRP) PASSWORD(PAYPW1)\n"
         "ALTUSER PAYUSER PASSWORD(PAYPW1) NOEXPIRED\n"
         "SETROPTS PASSWORD(REVOKE(3))\n"
         "SETROPTS CLASSACT(FACILITY)\n"
         "RDEFINE FACILITY IMSXCF.XCFGRP.HWSMEM1 UACC(NONE)\n"
         "PERMIT IMSXCF.XCFGRP.HWSMEM1 CLASS(FACILITY) ID(" + bid_user + ") ACCESS(READ)\n";
}

void configure(ZgateServer& s, const std::string& tcpip_extra, const std::string& bid_user) {
  s.member("HWSCFG00", "HWS (ID=ZGATEHWS,RACF=Y)\n"
                       "TCPIP (PORT=(ID=" + std::to_string(s.port()) + "),TIMEOUT=3000" + tcpip_extra + ",\n"
                       "   EXIT=(HWSSMPL0,HWSSMPL1))\n"
                       "DATASTORE (ID=IMS1,GROUP=XCFGRP,MEMBER=HWSMEM1,TMEMBER=IMS1)\n");
  s.member("DFSPB000", "IMSID=IMS1,GRNAME=XCFGRP,OTMA=Y,OTMANM=IMS1,OTMASE=J\n");
  s.member("STAGE1", kStage1);
  auto r = s.racf(racf_commands(bid_user));
  ASSERT_EQ(r.status, 0) << r.out;
}

bool echoed(const connect::Reply& r) { return !r.rsm && text_of(r).find("HELLO") != std::string::npos; }

// Five wrong passwords (more than REVOKE(3)) for `user`, each refused as a bad password.
void guess(const ZgateServer& s, const std::string& user) {
  for (int i = 0; i < 5; ++i) {
    auto r = exchange(s, transaction("ECHOTXN", "HELLO", user, "WRONG" + std::to_string(i)));
    ASSERT_TRUE(r.rsm && r.rsm->return_code == kConnectError && r.rsm->reason_code == kSecurityViolation)
        << user << ": " << describe(r);
    EXPECT_EQ(r.rsm->racf_rc, 0x08) << user << ": a PROTECTED user signing on with a password is RC 8";
  }
}

void not_revoked(ZgateServer& s, const std::string& user) {
  auto r = s.racf("LISTUSER " + user);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("PROTECTED"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("REVOKED"), std::string::npos) << user << " was revoked: " << r.out;
}

TEST(ProtectedIds, ImsConnectsOwnUserIdAndTheRegionUserSurviveWrongPasswordsAndARestart) {
  ZgateServer s("protected-own");
  configure(s, "", "ZGATEHWS");
  ASSERT_TRUE(s.start()) << s.log();
  ASSERT_TRUE(echoed(exchange(s, transaction("ECHOTXN", "HELLO", "PAYUSER", "PAYPW1"))));
  guess(s, "ZGATEHWS");
  guess(s, "IMSREGN");
  ASSERT_EQ(s.stop(), 0) << s.log();
  not_revoked(s, "ZGATEHWS");
  not_revoked(s, "IMSREGN");

  ASSERT_TRUE(s.start()) << s.log();
  auto r = exchange(s, transaction("ECHOTXN", "HELLO", "PAYUSER", "PAYPW1"));
  EXPECT_TRUE(echoed(r)) << "the client-bid as ZGATEHWS and a region as IMSREGN still work: " << describe(r)
                         << "\n" << s.log();
}

TEST(ProtectedIds, TheRacfidDefaultUserSurvivesWrongPasswordsAndARestart) {
  // RACFID= is both the user ID for messages without one and the ID IMS Connect bids with.
  ZgateServer s("protected-racfid");
  configure(s, ",RACFID=DFLTUSR", "DFLTUSR");
  ASSERT_TRUE(s.start()) << s.log();
  ASSERT_TRUE(echoed(exchange(s, transaction("ECHOTXN", "HELLO")))) << "no user ID: RACFID=DFLTUSR";
  guess(s, "DFLTUSR");
  ASSERT_EQ(s.stop(), 0) << s.log();
  not_revoked(s, "DFLTUSR");

  ASSERT_TRUE(s.start()) << s.log();
  auto r = exchange(s, transaction("ECHOTXN", "HELLO"));
  EXPECT_TRUE(echoed(r)) << "the bid and the default user still work: " << describe(r) << "\n" << s.log();
}

}  // namespace
}  // namespace zgate::testing

// zgate serve as an IMS Connect client sees it: a real server process, a real socket, the
// IBM HWSSMPL1 request format. The seeds' five OTMA security levels as a table, the
// per-TMEMBER override, PROFILE's per-message flag, and FULL versus CHECK seen from inside a
// program.
#include "zgate_server.h"

namespace zgate::testing {
namespace {

// HWSCFG with two data stores: IMS1, whose TMEMBER HWSMEM1 may join the XCF group (READ on
// FACILITY IMSXCF.XCFGRP.HWSMEM1), and IMSX, whose TMEMBER HWSMEMX may not.
std::string hwscfg(std::uint16_t port, const std::string& hws_extra = "", const std::string& tcpip_extra = "") {
  return "HWS (ID=ZGATEHWS,RACF=N" + hws_extra + ")\n"
         "TCPIP (PORT=(ID=" + std::to_string(port) + "),TIMEOUT=3000" + tcpip_extra + ",\n"
         "   EXIT=(HWSSMPL0,HWSSMPL1))\n"
         "DATASTORE (ID=IMS1,GROUP=XCFGRP,MEMBER=HWSMEM1,TMEMBER=IMS1,\n"
         "   APPL=IMSAPPL)\n"
         "DATASTORE (ID=IMSX,GROUP=XCFGRP,MEMBER=HWSMEMX,TMEMBER=IMS1)\n";
}

const char* kStage1 =
    "         APPLCTN PSB=ECHOPGM\n"
    "         TRANSACT CODE=PAYTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
    "         TRANSACT CODE=ECHOTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
    "         APPLCTN PSB=AUTHPGM\n"
    "         TRANSACT CODE=AUTHTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
    "         APPLCTN PSB=CRASHPGM\n"
    "         TRANSACT CODE=CRASHTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
    "         IMSGEN\n";

// PAYUSER may run PAYTXN; NOACCESS is defined but has no access; GHOST is not defined.
// ZGATEHWS is IMS Connect's own user ID (no RACFID=): it may join as HWSMEM1, not HWSMEMX.
const char* kRacf =
    "ADDGROUP PAYGRP\n"
    "ADDUSER ZGATEHWS DFLTGRP(SYS1) NOPASSWORD\n"
    "ADDUSER PAYUSER DFLTGRP(PAYGRP) PASSWORD(PAYPW1)\n"
    "ADDUSER NOACCESS DFLTGRP(PAYGRP) PASSWORD(NOPW1)\n"
    "ADDUSER IMSREGN DFLTGRP(SYS1) NOPASSWORD\n"
    "SETROPTS CLASSACT(TIMS CIMS FACILITY)\n"
    "RDEFINE FACILITY IMSXCF.XCFGRP.HWSMEM1 UACC(NONE)\n"
    "PERMIT IMSXCF.XCFGRP.HWSMEM1 CLASS(FACILITY) ID(ZGATEHWS) ACCESS(READ)\n"
    "RDEFINE FACILITY IMSXCF.XCFGRP.HWSMEMX UACC(NONE)\n"
    "RDEFINE TIMS PAYTXN UACC(NONE)\n"
    "PERMIT PAYTXN CLASS(TIMS) ID(PAYUSER) ACCESS(READ)\n"
    "RDEFINE TIMS AUTHTXN UACC(READ)\n"
    "RDEFINE CIMS DIS UACC(NONE)\n"
    "PERMIT DIS CLASS(CIMS) ID(PAYUSER) ACCESS(READ)\n"
    "RDEFINE FACILITY PAYROLL.MASTER UACC(NONE)\n"
    "PERMIT PAYROLL.MASTER CLASS(FACILITY) ID(PAYUSER) ACCESS(READ)\n";

void configure(ZgateServer& s, const std::string& otmase, const std::string& hws_extra = "",
               const std::string& tcpip_extra = "") {
  s.member("HWSCFG00", hwscfg(s.port(), hws_extra, tcpip_extra));
  s.member("DFSPB000", "IMSID=IMS1,GRNAME=XCFGRP,OTMA=Y,OTMANM=IMS1,OTMASE=" + otmase + "\n");
  s.member("STAGE1", kStage1);
  auto r = s.racf(kRacf);
  ASSERT_EQ(r.status, 0) << r.out;
}

enum class Expect { Runs, Nak, DatastoreRefused };

bool ran(const connect::Reply& r) { return !r.rsm && text_of(r).find("HELLO") != std::string::npos; }
bool otma_nak(const connect::Reply& r) {
  return r.rsm && r.rsm->return_code == connect::rc::kOtmaSense && r.rsm->reason_code == 0x1A;
}
bool datastore_refused(const connect::Reply& r) {
  return r.rsm && r.rsm->return_code == connect::rc::kConnectError &&
         r.rsm->reason_code == connect::rc::kDatastoreNotFound;
}

struct Row {
  const char* otmase;
  const char* level;
  Expect undefined_user, user_without_access, user_with_access, bid_without_read;
};
void PrintTo(const Row& r, std::ostream* os) { *os << "OTMASE=" << r.otmase << " (" << r.level << ")"; }

// The seed, row by row: NONE calls RACF for nothing; JOIN only for the client-bid; CHECK and
// FULL for the bid, the user ID and the transaction; PROFILE for the bid, then as the
// message's flag says (IMS Connect's sample exits send F when there is a user ID).
const Row kTable[] = {
    {"N", "NONE", Expect::Runs, Expect::Runs, Expect::Runs, Expect::Runs},
    {"J", "JOIN", Expect::Runs, Expect::Runs, Expect::Runs, Expect::DatastoreRefused},
    {"C", "CHECK", Expect::Nak, Expect::Nak, Expect::Runs, Expect::DatastoreRefused},
    {"F", "FULL", Expect::Nak, Expect::Nak, Expect::Runs, Expect::DatastoreRefused},
    {"P", "PROFILE", Expect::Nak, Expect::Nak, Expect::Runs, Expect::DatastoreRefused},
};

void expect(Expect e, const connect::Reply& r, const std::string& what) {
  switch (e) {
    case Expect::Runs: EXPECT_TRUE(ran(r)) << what << ": " << describe(r); break;
    case Expect::Nak: EXPECT_TRUE(otma_nak(r)) << what << ": expected OTMA NAK (RSM RC 16, sense X'1A'), got " << describe(r); break;
    case Expect::DatastoreRefused: EXPECT_TRUE(datastore_refused(r)) << what << ": expected RSM RC 8 RSN 72, got " << describe(r); break;
  }
}

class SecurityLevels : public ::testing::TestWithParam<Row> {};

TEST_P(SecurityLevels, EachLevelDecidesAsTheSeedSays) {
  const Row& row = GetParam();
  ZgateServer s(std::string("level-") + row.level);
  configure(s, row.otmase);
  ASSERT_TRUE(s.start()) << s.log();
  std::string L = std::string("OTMASE=") + row.otmase + " (" + row.level + ")";
  expect(row.undefined_user, exchange(s, transaction("PAYTXN", "HELLO", "GHOST")), L + ", undefined user GHOST");
  expect(row.user_without_access, exchange(s, transaction("PAYTXN", "HELLO", "NOACCESS")), L + ", NOACCESS without READ to TIMS PAYTXN");
  expect(row.user_with_access, exchange(s, transaction("PAYTXN", "HELLO", "PAYUSER")), L + ", PAYUSER with READ to TIMS PAYTXN");
  expect(row.bid_without_read, exchange(s, transaction("PAYTXN", "HELLO", "PAYUSER", "", "IMSX")), L + ", data store IMSX whose TMEMBER has no READ to IMSXCF.XCFGRP.HWSMEMX");
  EXPECT_TRUE(s.running());
  if (row.bid_without_read == Expect::DatastoreRefused)
    EXPECT_NE(s.log().find("HWSMEMX"), std::string::npos) << "start-up names the refused member";
}

INSTANTIATE_TEST_SUITE_P(Otma, SecurityLevels, ::testing::ValuesIn(kTable),
                         [](const auto& info) { return std::string(info.param.level); });

TEST(SecureOtma, APerTmemberLevelOverridesTheGlobalOneForThatClientOnly) {
  ZgateServer s("tmember-override");
  configure(s, "N");
  ASSERT_TRUE(s.start()) << s.log();
  // Under NONE an undefined user's transaction runs.
  EXPECT_TRUE(ran(exchange(s, transaction("PAYTXN", "HELLO", "GHOST")))) << "NONE";
  // The operator raises HWSMEM1 alone to CHECK (commands are not checked under NONE).
  auto sec = exchange(s, transaction("/SECURE OTMA CHECK TMEMBER HWSMEM1", "", "PAYUSER"));
  ASSERT_FALSE(sec.rsm) << describe(sec);
  EXPECT_TRUE(otma_nak(exchange(s, transaction("PAYTXN", "HELLO", "GHOST")))) << "CHECK for HWSMEM1";
  EXPECT_TRUE(ran(exchange(s, transaction("PAYTXN", "HELLO", "PAYUSER"))));
  // /DIS OTMA shows the member's own level. Commands are now checked against CIMS: PAYUSER
  // holds READ to CIMS DIS, NOACCESS does not.
  auto dis = exchange(s, transaction("/DIS OTMA", "", "PAYUSER"));
  ASSERT_FALSE(dis.rsm) << describe(dis);
  EXPECT_NE(text_of(dis).find("HWSMEM1"), std::string::npos) << text_of(dis);
  EXPECT_NE(text_of(dis).find("CHECK"), std::string::npos) << text_of(dis);
  EXPECT_TRUE(otma_nak(exchange(s, transaction("/DIS OTMA", "", "NOACCESS"))));
}

TEST(ProfileLevel, AMessageWithoutAUserIdCarriesFlagNAndRunsWithoutRacf) {
  ZgateServer s("profile-n");
  configure(s, "P");
  ASSERT_TRUE(s.start()) << s.log();
  // IMS Connect's sample exits set the OTMA security flag to N when the message names no
  // user (and there is no RACFID=): under PROFILE, OTMA then calls RACF for nothing.
  EXPECT_TRUE(ran(exchange(s, transaction("PAYTXN", "HELLO")))) << "flag N";
  // With a user ID the flag is F: full checking.
  EXPECT_TRUE(otma_nak(exchange(s, transaction("PAYTXN", "HELLO", "NOACCESS")))) << "flag F";
}

// AUTHTXN FACILITY PAYROLL.MASTER READ FACILITY PAYROLL.MASTER READ: the AUTH call asks for
// the input message's user; the region check asks for whoever the region runs as.
std::string authpgm(ZgateServer& s, const std::string& user) {
  auto r = exchange(s, transaction("AUTHTXN", "FACILITY PAYROLL.MASTER READ FACILITY PAYROLL.MASTER READ", user));
  EXPECT_FALSE(r.rsm) << describe(r);
  return text_of(r);
}

TEST(FullVersusCheck, UnderFullTheRegionRunsAsTheRequesterUnderCheckAsItself) {
  ZgateServer s("full-check");
  configure(s, "F");
  ASSERT_TRUE(s.start()) << s.log();
  std::string full = authpgm(s, "PAYUSER");
  EXPECT_NE(full.find("AUTH=OK"), std::string::npos) << full;
  EXPECT_NE(full.find("REGION=OK"), std::string::npos) << "FULL: the region is PAYUSER: " << full;
  EXPECT_NE(full.find("REGIONUSER=PAYUSER"), std::string::npos) << full;

  auto sec = exchange(s, transaction("/SECURE OTMA CHECK", "", "PAYUSER"));
  ASSERT_FALSE(sec.rsm) << describe(sec);
  std::string check = authpgm(s, "PAYUSER");
  EXPECT_NE(check.find("AUTH=OK"), std::string::npos) << "the AUTH call is the same under both: " << check;
  EXPECT_NE(check.find("REGION=DENIED"), std::string::npos) << "CHECK: the region is IMSREGN: " << check;
  EXPECT_NE(check.find("REGIONUSER=IMSREGN"), std::string::npos) << check;
}

TEST(Regions, AProgramThatAbendsCostsItsOwnMessageOnly) {
  ZgateServer s("abend");
  configure(s, "N");
  ASSERT_TRUE(s.start()) << s.log();
  auto crash = exchange(s, transaction("CRASHTXN", "SEGV", "PAYUSER"));
  ASSERT_FALSE(crash.rsm) << describe(crash);
  EXPECT_NE(text_of(crash).find("DFS555I"), std::string::npos) << text_of(crash);
  EXPECT_TRUE(ran(exchange(s, transaction("PAYTXN", "HELLO", "PAYUSER")))) << "the server and other programs go on";
  EXPECT_TRUE(s.running());
}

TEST(Transactions, AnUndefinedTransactionGetsDfs064) {
  ZgateServer s("dfs064");
  configure(s, "N");
  ASSERT_TRUE(s.start()) << s.log();
  auto r = exchange(s, transaction("NOSUCH", "X", "PAYUSER"));
  ASSERT_FALSE(r.rsm) << describe(r);
  EXPECT_NE(text_of(r).find("DFS064"), std::string::npos) << text_of(r);
}

TEST(Transactions, AStoppedTransactionGetsDfs065UntilStarted) {
  ZgateServer s("stop-start");
  configure(s, "N");
  ASSERT_TRUE(s.start()) << s.log();
  ASSERT_FALSE(exchange(s, transaction("/STO TRAN PAYTXN", "", "PAYUSER")).rsm);
  auto r = exchange(s, transaction("PAYTXN", "HELLO", "PAYUSER"));
  EXPECT_NE(text_of(r).find("DFS065"), std::string::npos) << describe(r);
  ASSERT_FALSE(exchange(s, transaction("/STA TRAN PAYTXN", "", "PAYUSER")).rsm);
  EXPECT_TRUE(ran(exchange(s, transaction("PAYTXN", "HELLO", "PAYUSER"))));
}

}  // namespace
}  // namespace zgate::testing

// Asynchronous messages over a real socket against a real `zgate serve` (IBM's flow diagrams
// are the specification, reference/ims-connect-protocol.md §2.4): SENDONLY and commit mode 0
// with their output on the client ID's tpipe, RESUME TPIPE with its delivery options and
// ACK/NAK, durability across kill -9, RESUME TPIPE security (RIMS and DFSYRTUX), the OTMA
// exits, synchronous and asynchronous callout, and the tpipe commands.
#include <atomic>
#include <future>
#include <set>

#include "zgate_server.h"

namespace zgate::testing {
namespace {

using connect::MessageType;
namespace irmf = connect::irmf;
namespace rc = connect::rc;

const char* kStage1 =
    "         APPLCTN PSB=ECHOPGM\n"
    "         TRANSACT CODE=ECHOTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
    "         TRANSACT CODE=PAYTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
    "         APPLCTN PSB=SWITCHPG\n"
    "         TRANSACT CODE=SWITCHTX,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
    "         APPLCTN PSB=CALLOUT\n"
    "         TRANSACT CODE=CALLOUT,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
    "         APPLCTN PSB=ASYNCOUT\n"
    "         TRANSACT CODE=ASYNCOUT,MSGTYPE=(SNGLSEG,NONRESPONSE,1)\n"
    "         IMSGEN\n";

const char* kRacf =
    "ADDGROUP PAYGRP\n"
    "ADDUSER ZGATEHWS DFLTGRP(SYS1) NOPASSWORD\n"
    "ADDUSER IMSREGN DFLTGRP(SYS1) NOPASSWORD\n"
    "ADDUSER USER1 DFLTGRP(PAYGRP) NOPASSWORD\n"
    "ADDUSER USER2 DFLTGRP(PAYGRP) NOPASSWORD\n"
    "ADDUSER TEMP01 DFLTGRP(PAYGRP) NOPASSWORD\n"
    "ADDUSER CLERK01 DFLTGRP(PAYGRP) NOPASSWORD\n"
    "ADDUSER IMSOPER DFLTGRP(SYS1) NOPASSWORD\n";

struct Setup {
  std::string otmase = "N";
  std::string racf;  // more RACF commands after kRacf
};

void configure(ZgateServer& s, const Setup& o = {}) {
  s.member("HWSCFG00", "HWS (ID=ZGATEHWS,RACF=N)\n"
                       "TCPIP (PORT=(ID=" + std::to_string(s.port()) + "),TIMEOUT=3000,\n"
                       "   EXIT=(HWSSMPL0,HWSSMPL1))\n"
                       "DATASTORE (ID=IMS1,GROUP=XCFGRP,MEMBER=HWSMEM1,TMEMBER=IMS1)\n");
  s.member("DFSPB000", "IMSID=IMS1,GRNAME=XCFGRP,OTMA=Y,OTMANM=IMS1,OTMASE=" + o.otmase + "\n");
  s.member("STAGE1", kStage1);
  s.member("DFSYDT0", "D CALLOUT1 TYPE=IMSCON TMEMBER=HWSMEM1 TPIPE=CALLOUT1 SYNTIMER=300\n"
                      "D SLOWCALL TYPE=IMSCON TMEMBER=HWSMEM1 TPIPE=NOBODY SYNTIMER=50\n");
  auto r = s.racf(std::string(kRacf) + o.racf);
  ASSERT_EQ(r.status, 0) << r.out;
}

// ---- requests ------------------------------------------------------------------------------
connect::Request base(const std::string& client_id, const std::string& user) {
  connect::Request r;
  r.format = connect::ExitFormat::Hwssmpl1;
  r.encoding = connect::Encoding::Ebcdic;
  r.irm.client_id = client_id;
  r.irm.userid = user;
  r.irm.datastore = "IMS1";
  r.irm.socket_type = irmf::kSoctPersistent;
  return r;
}

connect::Request with_data(connect::Request r, const std::string& text) {
  r.irm.trancode = text.substr(0, text.find(' '));
  r.segments.push_back(connect::Segment{0, connect::encode_chars(text, r.encoding, core::CodePage::IBM037)});
  return r;
}

connect::Request sendonly(const std::string& client_id, const std::string& text, const std::string& user = "USER1",
                          MessageType type = MessageType::SendOnlyA) {
  auto r = with_data(base(client_id, user), text);
  r.irm.type = type;
  // A client that reconnects at once takes its client ID over from its previous connection,
  // which IMS Connect may not have seen end yet (IRM_F3 X'80').
  r.irm.f3 |= irmf::kF3CancelClientId;
  return r;
}

connect::Request resume(const std::string& client_id, const std::string& tpipe, std::uint8_t option,
                        std::uint8_t timer, const std::string& user = "USER1") {
  auto r = base(client_id, user);
  r.irm.type = MessageType::ResumeTpipe;
  if (tpipe != client_id) {
    r.irm.alt_client_id = tpipe;
    r.irm.arch = 1;  // IRM_RT_ALTCID is in the ARCH1 part of the IRM
  }
  r.irm.f5 = option;
  r.irm.timer = timer;
  r.irm.f3 |= irmf::kF3CancelClientId;
  return r;
}

connect::Request answer(const connect::Request& like, MessageType type, std::uint8_t timer = 0) {
  auto r = base(like.irm.client_id, like.irm.userid);
  r.irm.type = type;
  r.irm.timer = timer;
  return r;
}

constexpr std::uint8_t kTenthSecond = 0x0A;  // IRM_TIMER 0.10 s
constexpr std::uint8_t kOneSecond = 0x28;
constexpr std::uint8_t kNoWait = irmf::kTimerNoWait;

bool is_timeout(const connect::Reply& r) {
  return r.rsm && (r.rsm->return_code == rc::kTimerExpiredKept || r.rsm->return_code == rc::kTimerExpired ||
                   r.rsm->return_code == rc::kDefaultTimerExpired);
}
bool refused(const connect::Reply& r, std::uint32_t code, std::uint32_t rsn) {
  return r.rsm && r.rsm->return_code == code && r.rsm->reason_code == rsn;
}

// SENDONLYA on one connection per message; true when IMS Connect ACKed it.
bool fire(const ZgateServer& s, const std::string& client_id, const std::string& text, const std::string& user = "USER1") {
  connect::Client c(s.client_options());
  c.connect();
  c.send(sendonly(client_id, text, user));
  auto ack = c.read_reply(connect::ExitFormat::Hwssmpl1);
  if (ack.rsm) std::fprintf(stderr, "SENDONLYA %s refused: %s\n", text.c_str(), describe(ack).c_str());
  return ack.csm && !ack.rsm;
}

struct Collected {
  std::vector<std::string> texts;
  std::optional<connect::Rsm> end;
};

// RESUME TPIPE with `option`, answering every message with `type` (ACK or NAK), until the
// server ends the exchange with an RSM (the timeout) or nothing more comes.
Collected collect(const ZgateServer& s, const std::string& client_id, const std::string& tpipe,
                  std::uint8_t option = irmf::kF5Auto, std::uint8_t timer = kOneSecond,
                  const std::string& user = "USER1", MessageType type = MessageType::Ack) {
  Collected out;
  connect::Client c(s.client_options());
  c.connect();
  auto rt = resume(client_id, tpipe, option, timer, user);
  c.send(rt);
  for (int i = 0; i < 1000; ++i) {
    auto r = c.read_reply(connect::ExitFormat::Hwssmpl1);
    if (r.rsm) {
      out.end = *r.rsm;
      break;
    }
    out.texts.push_back(text_of(r));
    if (!r.csm || !r.csm->ack_required()) break;
    c.send(answer(rt, type, kTenthSecond));
  }
  return out;
}

// /DIS TMEMBER HWSMEM1 TPIPE name: the row of that tpipe.
std::string tpipe_row(const ZgateServer& s, const std::string& tpipe) {
  auto r = exchange(s, transaction("/DIS", "TMEMBER HWSMEM1 TPIPE " + tpipe, "USER1"));
  std::string text = text_of(r);
  auto at = text.find("-" + tpipe);
  if (at == std::string::npos) return text;
  return text.substr(at, text.find('\n', at) - at);
}

// Polls the QCT of a tpipe (output appears when the region has run) up to a few seconds.
bool wait_for_queued(const ZgateServer& s, const std::string& tpipe, int count) {
  for (int i = 0; i < 200; ++i) {
    std::istringstream row(tpipe_row(s, tpipe));
    std::string name;
    unsigned long long enq = 0, deq = 0, qct = 0;
    if (row >> name >> enq >> deq >> qct && qct >= static_cast<unsigned long long>(count)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return false;
}

// ---- SENDONLY and RESUME TPIPE ---------------------------------------------------------------

TEST(SendOnly, AClientCollectsExactlyItsOwnOutputOnceWithResumeTpipe) {
  ZgateServer s("sendonly-rt");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(fire(s, "CLIENTA", "ECHOTXN A" + std::to_string(i)));
  ASSERT_TRUE(fire(s, "CLIENTB", "ECHOTXN B1"));
  ASSERT_TRUE(wait_for_queued(s, "CLIENTA", 3)) << tpipe_row(s, "CLIENTA");

  auto got = collect(s, "CLIENTA", "CLIENTA");
  ASSERT_EQ(got.texts.size(), 3u);
  std::set<std::string> texts(got.texts.begin(), got.texts.end());  // two regions: any order
  for (int i = 1; i <= 3; ++i)
    EXPECT_EQ(texts.count("A" + std::to_string(i)), 1u) << ::testing::PrintToString(got.texts);
  ASSERT_TRUE(got.end);
  EXPECT_EQ(got.end->return_code, rc::kTimerExpiredKept) << "auto ends with the timeout; the persistent socket stays";
  EXPECT_EQ(got.end->reason_code, kTenthSecond) << "the reason code is the timer of the last ACK";

  auto again = collect(s, "CLIENTA", "CLIENTA");
  EXPECT_TRUE(again.texts.empty()) << "ACKed output is gone: delivered once";
  EXPECT_EQ(collect(s, "CLIENTB", "CLIENTB").texts.size(), 1u) << "CLIENTB's output waited on its own tpipe";
}

TEST(SendOnly, PlainSendonlyGetsNoReplyAndSndonlyeOnlyErrors) {
  ZgateServer s("sendonly-types");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  connect::Client c(s.client_options());
  c.connect();
  c.send(sendonly("CLIENTS", "ECHOTXN S1", "USER1", MessageType::SendOnly));
  c.send(sendonly("CLIENTS", "ECHOTXN S2", "USER1", MessageType::SendOnlyE));
  // Nothing comes back for either; the next request on the persistent socket is answered.
  c.send(with_data(base("CLIENTS", "USER1"), "ECHOTXN PING"));
  auto r = c.read_reply(connect::ExitFormat::Hwssmpl1);
  ASSERT_FALSE(r.rsm) << describe(r);
  EXPECT_NE(text_of(r).find("PING"), std::string::npos);
  ASSERT_TRUE(wait_for_queued(s, "CLIENTS", 2));
  EXPECT_EQ(collect(s, "READER", "CLIENTS").texts.size(), 2u) << "the ECHOTXN PING reply came back at once (CM1)";
}

TEST(SendOnly, AProgramSwitchsOutputLandsOnTheSameTpipe) {
  ZgateServer s("sendonly-switch");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  // SWITCHPG answers "CHNG ECHOTXN STATUS=  " and passes "ECHOTXN HOPPED" on to ECHOPGM, whose
  // reply belongs to the same client: both are output on its tpipe.
  ASSERT_TRUE(fire(s, "SWCLIENT", "SWITCHTX ECHOTXN HOPPED"));
  ASSERT_TRUE(wait_for_queued(s, "SWCLIENT", 2)) << tpipe_row(s, "SWCLIENT");
  auto got = collect(s, "READER", "SWCLIENT");
  std::set<std::string> texts(got.texts.begin(), got.texts.end());
  EXPECT_EQ(texts.count("HOPPED"), 1u) << ::testing::PrintToString(got.texts);
  EXPECT_EQ(got.texts.size(), 2u) << ::testing::PrintToString(got.texts);
}

TEST(ResumeTpipe, SingleDeliversOneAndNoautoDrainsWithoutWaitingForMore) {
  ZgateServer s("rt-options");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(fire(s, "CLIENTC", "ECHOTXN C" + std::to_string(i)));
  ASSERT_TRUE(wait_for_queued(s, "CLIENTC", 3));
  auto one = collect(s, "CLIENTC", "CLIENTC", irmf::kF5Single);
  EXPECT_EQ(one.texts.size(), 1u);
  ASSERT_TRUE(one.end && is_timeout(connect::Reply{.rsm = one.end}));
  auto rest = collect(s, "CLIENTC", "CLIENTC", irmf::kF5NoAuto, kTenthSecond);
  EXPECT_EQ(rest.texts.size(), 2u);
  auto empty = collect(s, "CLIENTC", "CLIENTC", irmf::kF5Single, kTenthSecond);
  EXPECT_TRUE(empty.texts.empty());
  EXPECT_TRUE(empty.end && empty.end->reason_code == kTenthSecond) << "single with an empty queue: the timeout";
}

TEST(ResumeTpipe, SingleWithWaitReceivesOutputThatArrivesWhileItWaits) {
  ZgateServer s("rt-wait");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  auto later = std::async(std::launch::async, [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return fire(s, "CLIENTW", "ECHOTXN LATE");
  });
  auto got = collect(s, "WAITER", "CLIENTW", irmf::kF5SingleWait, 0x2D /* 6 s */);
  EXPECT_TRUE(later.get());
  ASSERT_EQ(got.texts.size(), 1u);
  EXPECT_NE(got.texts[0].find("LATE"), std::string::npos);
}

TEST(ResumeTpipe, ANakPutsTheMessageBackAndTheNextResumeTpipeGetsIt) {
  ZgateServer s("rt-nak");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  ASSERT_TRUE(fire(s, "CLIENTN", "ECHOTXN KEEPME"));
  ASSERT_TRUE(wait_for_queued(s, "CLIENTN", 1));
  auto naked = collect(s, "CLIENTN", "CLIENTN", irmf::kF5Auto, kOneSecond, "USER1", MessageType::Nak);
  ASSERT_EQ(naked.texts.size(), 1u);
  EXPECT_TRUE(naked.end) << "a NAK ends the delivery with the timeout notification";
  auto again = collect(s, "CLIENTN", "CLIENTN");
  ASSERT_EQ(again.texts.size(), 1u);
  EXPECT_NE(again.texts[0].find("KEEPME"), std::string::npos);
}

TEST(ResumeTpipe, TheAlternateClientIdCollectsAnotherClientsOutput) {
  ZgateServer s("rt-altcid");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  ASSERT_TRUE(fire(s, "CLIENTX", "ECHOTXN FORX"));
  ASSERT_TRUE(wait_for_queued(s, "CLIENTX", 1));
  auto got = collect(s, "READER1", "CLIENTX");
  ASSERT_EQ(got.texts.size(), 1u) << "IRM_RT_ALTCID names the tpipe";
  EXPECT_NE(got.texts[0].find("FORX"), std::string::npos);
}

TEST(ResumeTpipe, AClientThatHangsUpWhileWaitingForeverEndsItsResumeTpipe) {
  ZgateServer s("rt-hangup");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  ASSERT_TRUE(fire(s, "FOREVER", "ECHOTXN FIRST"));
  ASSERT_TRUE(wait_for_queued(s, "FOREVER", 1));
  {
    connect::Client c(s.client_options());
    c.connect();
    auto rt = resume("FOREVER", "FOREVER", irmf::kF5Auto, irmf::kTimerForever);
    c.send(rt);
    auto first = c.read_reply(connect::ExitFormat::Hwssmpl1);
    ASSERT_FALSE(first.rsm) << describe(first);
    c.send(answer(rt, MessageType::Ack, irmf::kTimerForever));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_NE(tpipe_row(s, "FOREVER").find("WAIT"), std::string::npos) << tpipe_row(s, "FOREVER");
  }  // hangs up
  bool ended = false;
  for (int i = 0; i < 100 && !ended; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ended = tpipe_row(s, "FOREVER").find("WAIT") == std::string::npos;
  }
  EXPECT_TRUE(ended) << "the RESUME TPIPE ended with its client: " << tpipe_row(s, "FOREVER");
  ASSERT_TRUE(fire(s, "OTHER", "ECHOTXN SECOND"));  // the server goes on
}

// ---- commit mode 0 ---------------------------------------------------------------------------

connect::Request cm0(const std::string& client_id, const std::string& text, std::uint8_t f3 = 0) {
  auto r = with_data(base(client_id, "USER1"), text);
  r.irm.f2 = irmf::kF2Cm0;
  r.irm.f3 = irmf::kF3SyncConfirm | f3;
  r.irm.timer = 0x2D;
  return r;
}

TEST(CommitMode0, TheOutputIsSentCommittedAndTheAckDequeuesIt) {
  ZgateServer s("cm0-ack");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  connect::Client c(s.client_options());
  c.connect();
  auto req = cm0("CM0CLNT", "ECHOTXN COMMITTED");
  c.send(req);
  auto out = c.read_reply(connect::ExitFormat::Hwssmpl1);
  ASSERT_FALSE(out.rsm) << describe(out);
  EXPECT_NE(text_of(out).find("COMMITTED"), std::string::npos);
  ASSERT_TRUE(out.csm && out.csm->ack_required()) << "CM0 output must be ACKed";
  c.send(answer(req, MessageType::Ack, kTenthSecond));
  auto end = c.read_reply(connect::ExitFormat::Hwssmpl1);
  EXPECT_TRUE(end.rsm && end.rsm->return_code == rc::kTimerExpiredKept) << describe(end);
  c.close();
  EXPECT_TRUE(collect(s, "CM0CLNT", "CM0CLNT", irmf::kF5Single, kTenthSecond).texts.empty());
  EXPECT_NE(tpipe_row(s, "CM0CLNT").find(" 1 "), std::string::npos) << tpipe_row(s, "CM0CLNT");
}

TEST(CommitMode0, OutputTheClientDoesNotAckStaysOnItsTpipeOrIsReroutedOrPurged) {
  ZgateServer s("cm0-lost");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  auto lose = [&](const std::string& cid, const std::string& text, std::uint8_t f3) {
    connect::Client c(s.client_options());
    c.connect();
    c.send(cm0(cid, text, f3));
    auto out = c.read_reply(connect::ExitFormat::Hwssmpl1);
    EXPECT_FALSE(out.rsm) << describe(out);
    c.close();  // gone without an ACK
  };
  lose("KEEPCID", "ECHOTXN KEPT", 0);
  lose("REROCID", "ECHOTXN REROUTED", irmf::kF3Reroute);
  lose("PURGCID", "ECHOTXN PURGED", irmf::kF3Purge);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(collect(s, "KEEPCID", "KEEPCID").texts.size(), 1u) << "kept on the client ID's tpipe";
  auto rerouted = collect(s, "ANYCID", "HWS$DEF");
  ASSERT_EQ(rerouted.texts.size(), 1u) << "IRM_F3 X'08' without a name: HWS$DEF";
  EXPECT_NE(rerouted.texts[0].find("REROUTED"), std::string::npos);
  EXPECT_TRUE(collect(s, "PURGCID", "PURGCID").texts.empty()) << "IRM_F3 X'04': purged";
}

// ---- nothing lost across kill -9 -------------------------------------------------------------

TEST(Durability, AcknowledgedSendonlyInputAndHeldOutputSurviveKill9AndAreDeliveredOnce) {
  ZgateServer s("kill9");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  // Fire a stream of SENDONLYA messages and kill the server in the middle of the traffic:
  // every message IMS Connect ACKed must come out after the restart, and none twice.
  std::set<int> acked;
  std::atomic<bool> stop{false};
  std::thread traffic([&] {
    for (int i = 0; i < 400 && !stop; ++i) {
      try {
        if (fire(s, "DURABLE", "ECHOTXN SEQ" + std::to_string(i) + "#")) acked.insert(i);
      } catch (const std::exception&) {
        break;  // the server is gone
      }
    }
  });
  for (int i = 0; i < 400 && acked.size() < 25; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  s.kill_hard();
  stop = true;
  traffic.join();
  ASSERT_GE(acked.size(), 5u);

  ASSERT_TRUE(s.start()) << s.log();
  ASSERT_TRUE(wait_for_queued(s, "DURABLE", static_cast<int>(acked.size()))) << tpipe_row(s, "DURABLE");
  // Take two and ACK them, NAK the third (it stays), then crash again.
  auto two = collect(s, "DURABLE", "DURABLE", irmf::kF5Single, kTenthSecond);
  auto three = collect(s, "DURABLE", "DURABLE", irmf::kF5Single, kTenthSecond);
  auto naked = collect(s, "DURABLE", "DURABLE", irmf::kF5Single, kTenthSecond, "USER1", MessageType::Nak);
  ASSERT_EQ(two.texts.size() + three.texts.size() + naked.texts.size(), 3u);
  s.kill_hard();
  ASSERT_TRUE(s.start()) << s.log();

  std::map<int, int> seen;
  auto count = [&](const std::vector<std::string>& texts) {
    for (const auto& t : texts) {
      auto at = t.find("SEQ");
      ASSERT_NE(at, std::string::npos) << t;
      seen[std::stoi(t.substr(at + 3))]++;
    }
  };
  count(two.texts);
  count(three.texts);
  auto rest = collect(s, "DURABLE", "DURABLE", irmf::kF5Auto, kOneSecond);
  count(rest.texts);
  for (int seq : acked) EXPECT_EQ(seen[seq], 1) << "SEQ" << seq << " was ACKed by IMS Connect: delivered exactly once";
  for (const auto& [seq, n] : seen) EXPECT_EQ(n, 1) << "SEQ" << seq << " delivered " << n << " times";
  ASSERT_EQ(naked.texts.size(), 1u);
  EXPECT_NE(std::find(rest.texts.begin(), rest.texts.end(), naked.texts[0]), rest.texts.end())
      << "the NAKed message was kept and survived the second crash";
  EXPECT_TRUE(collect(s, "DURABLE", "DURABLE", irmf::kF5Single, kTenthSecond).texts.empty());
}

// ---- RESUME TPIPE security -------------------------------------------------------------------

const char* kRims =
    "SETROPTS CLASSACT(RIMS)\n"
    "RDEFINE RIMS SECRETTP UACC(NONE)\n"
    "PERMIT SECRETTP CLASS(RIMS) ID(USER1) ACCESS(READ)\n";

TEST(ResumeTpipeSecurity, UnderCheckOnlyAUserWithRimsReadTakesTheOutputAndARemovedPermitIsHonoured) {
  ZgateServer s("rims");
  configure(s, {.otmase = "C", .racf = kRims});
  ASSERT_TRUE(s.start()) << s.log();
  ASSERT_TRUE(fire(s, "SECRETTP", "ECHOTXN SECRET1"));
  ASSERT_TRUE(fire(s, "SECRETTP", "ECHOTXN SECRET2"));
  ASSERT_TRUE(wait_for_queued(s, "SECRETTP", 2));

  auto stranger = collect(s, "SNOOPER", "SECRETTP", irmf::kF5Single, kTenthSecond, "USER2");
  EXPECT_TRUE(stranger.texts.empty());
  ASSERT_TRUE(stranger.end);
  EXPECT_EQ(stranger.end->return_code, rc::kOtmaSense);
  EXPECT_EQ(stranger.end->reason_code, 0x1Au) << "OTMA NAK sense X'1A': DFS1292E security violation";

  auto owner = collect(s, "OWNER1", "SECRETTP", irmf::kF5Single, kTenthSecond, "USER1");
  ASSERT_EQ(owner.texts.size(), 1u);
  // The output was queued while USER1 was permitted; the check is made when it is taken.
  // Then a later change the server shows without taking anything: TIMS protecting ECHOTXN.
  // Once USER1's ECHOTXN is refused, the server has loaded the database past the PERMIT too.
  auto r = s.racf("PERMIT SECRETTP CLASS(RIMS) ID(USER1) DELETE\n");
  ASSERT_EQ(r.status, 0) << r.out;
  r = s.racf("SETROPTS CLASSACT(TIMS)\nRDEFINE TIMS ECHOTXN UACC(NONE)\n");
  ASSERT_EQ(r.status, 0) << r.out;
  bool seen = false;
  for (int i = 0; i < 100 && !seen; ++i) {
    auto probe = exchange(s, with_data(base("", "USER1"), "ECHOTXN PROBE"));
    seen = probe.rsm && probe.rsm->return_code == rc::kOtmaSense;
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(seen) << "the server never saw the RACF changes";
  auto after = collect(s, "OWNER1", "SECRETTP", irmf::kF5Single, kTenthSecond, "USER1");
  EXPECT_TRUE(after.texts.empty()) << "the permission was removed after the output was queued";
  EXPECT_TRUE(after.end && after.end->return_code == rc::kOtmaSense);
}

TEST(ResumeTpipeSecurity, WithSecurityOnATpipeThatDoesNotExistIsRejectedUnderNoneItJustTimesOut) {
  ZgateServer check("rims-notp-c");
  configure(check, {.otmase = "C"});
  ASSERT_TRUE(check.start()) << check.log();
  auto c = collect(check, "NOSUCHTP", "NOSUCHTP", irmf::kF5Auto, kTenthSecond);
  ASSERT_TRUE(c.end);
  EXPECT_EQ(c.end->return_code, rc::kOtmaSense) << "security on, tpipe unknown: rejected";

  ZgateServer none("rims-notp-n");
  configure(none, {.otmase = "N"});
  ASSERT_TRUE(none.start()) << none.log();
  auto n = collect(none, "NOSUCHTP", "NOSUCHTP", irmf::kF5Auto, kTenthSecond);
  ASSERT_TRUE(n.end);
  EXPECT_EQ(n.end->return_code, rc::kTimerExpiredKept) << "no security: an empty wait";
}

TEST(ResumeTpipeSecurity, DfsyrtuxRunsAfterRacfAndOverturnsItBothWaysAndACrashIsARefusal) {
  ZgateServer s("dfsyrtux");
  configure(s, {.otmase = "C",
                .racf = "SETROPTS CLASSACT(RIMS)\n"
                        "RDEFINE RIMS OPENTP UACC(NONE)\n"
                        "RDEFINE RIMS LOCKEDTP UACC(READ)\n"});
  ASSERT_TRUE(s.start({"--otma-exit", "DFSYRTUX=" + (programs_dir() / "DFSYRTUX.so").string()})) << s.log();
  ASSERT_TRUE(fire(s, "OPENTP", "ECHOTXN OPEN"));
  ASSERT_TRUE(fire(s, "LOCKEDTP", "ECHOTXN LOCKED"));
  ASSERT_TRUE(wait_for_queued(s, "OPENTP", 1));
  ASSERT_TRUE(wait_for_queued(s, "LOCKEDTP", 1));
  EXPECT_EQ(collect(s, "R1", "OPENTP", irmf::kF5Single, kTenthSecond, "USER2").texts.size(), 1u)
      << "RACF refused (UACC NONE); DFSYRTUX allows OPEN* tpipes";
  auto locked = collect(s, "R2", "LOCKEDTP", irmf::kF5Single, kTenthSecond, "USER2");
  EXPECT_TRUE(locked.texts.empty()) << "RACF allowed (UACC READ); DFSYRTUX refuses LOCKED* tpipes";
  EXPECT_TRUE(locked.end && locked.end->return_code == rc::kOtmaSense);
}

TEST(OtmaExits, AnExitThatCrashesIsContainedAndCountsAsARefusal) {
  ZgateServer s("crashext");
  configure(s);
  const std::string lib = (programs_dir() / "CRASHEXT.so").string();
  ASSERT_TRUE(s.start({"--otma-exit", "DFSYRTUX=" + lib, "--otma-exit", "DFSCTRN0=" + lib})) << s.log();
  ASSERT_TRUE(fire(s, "CRASH", "ECHOTXN X"));
  ASSERT_TRUE(wait_for_queued(s, "CRASH", 1));
  auto r = collect(s, "R1", "CRASH", irmf::kF5Single, kTenthSecond);
  EXPECT_TRUE(r.texts.empty());
  EXPECT_TRUE(r.end && r.end->return_code == rc::kOtmaSense) << "the exit's crash refused the RESUME TPIPE";
  EXPECT_TRUE(s.running());
  auto ok = exchange(s, with_data(base("", "USER1"), "ECHOTXN STILLUP"));
  EXPECT_NE(text_of(ok).find("STILLUP"), std::string::npos) << describe(ok) << "\n" << s.log();
}

TEST(OtmaExits, Dfsctrn0RejectsUnderNoneAndDfsccmd0OverturnsRacfForACommand) {
  ZgateServer s("dfsctrn0");
  configure(s, {.otmase = "C",
                .racf = "SETROPTS CLASSACT(CIMS)\n"
                        "RDEFINE CIMS DIS UACC(NONE)\n"});
  ASSERT_TRUE(s.start({"--otma-exit", "DFSCTRN0=" + (programs_dir() / "DFSCTRN0.so").string(), "--otma-exit",
                       "DFSCCMD0=" + (programs_dir() / "DFSCCMD0.so").string()}))
      << s.log();
  auto temp = exchange(s, with_data(base("", "TEMP01"), "PAYTXN HELLO"));
  ASSERT_TRUE(temp.rsm) << describe(temp);
  EXPECT_EQ(temp.rsm->return_code, rc::kOtmaSense) << "DFSCTRN0: no PAY* transactions for TEMP* users";
  EXPECT_NE(text_of(exchange(s, with_data(base("", "CLERK01"), "PAYTXN HELLO"))).find("HELLO"), std::string::npos);
  auto oper = exchange(s, transaction("/DIS", "OTMA", "IMSOPER"));
  EXPECT_FALSE(oper.rsm) << "RACF denies /DIS (CIMS DIS UACC NONE); DFSCCMD0 lets IMSOPER display: " << describe(oper);
  auto user = exchange(s, transaction("/DIS", "OTMA", "USER1"));
  EXPECT_TRUE(user.rsm && user.rsm->return_code == rc::kOtmaSense) << describe(user);
}

TEST(OtmaExits, Dfsctrn0IsCalledEvenUnderNone) {
  ZgateServer s("dfsctrn0-none");
  configure(s, {.otmase = "N"});
  ASSERT_TRUE(s.start({"--otma-exit", "DFSCTRN0=" + (programs_dir() / "DFSCTRN0.so").string()})) << s.log();
  auto temp = exchange(s, with_data(base("", "TEMP01"), "PAYTXN HELLO"));
  EXPECT_TRUE(temp.rsm && temp.rsm->return_code == rc::kOtmaSense) << describe(temp);
}

// ---- callout ---------------------------------------------------------------------------------

TEST(Callout, ASynchronousCalloutReachesAResumeTpipeClientAndItsResponseReturnsToTheProgram) {
  ZgateServer s("callout");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  // The callout server: IMS as a consumer. It waits on tpipe CALLOUT1 for sync callout only.
  auto server = std::async(std::launch::async, [&] {
    connect::Client c(s.client_options());
    c.connect();
    auto rt = resume("SERVICE1", "CALLOUT1", irmf::kF5SingleWait, 0x2D, "USER2");
    rt.irm.arch = 3;
    rt.irm.f0 = irmf::kF0SynOnly;
    c.send(rt);
    auto req = c.read_reply(connect::ExitFormat::Hwssmpl1);
    std::string request = text_of(req);
    EXPECT_TRUE(req.correlation_token) << describe(req);
    if (!req.correlation_token) return request;
    // The originating user ID travels with the request (zgate's token layout, bytes 32-39).
    std::string origin(req.correlation_token->begin() + 32, req.correlation_token->begin() + 40);
    EXPECT_EQ(origin, "CLERK01 ");
    auto resp = base("SERVICE1", "USER2");
    resp.irm.type = MessageType::SynRespA;
    resp.irm.arch = 3;
    resp.irm.correlation_token = *req.correlation_token;
    resp.segments.push_back(connect::Segment{0, connect::encode_chars("WORLD", resp.encoding, core::CodePage::IBM037)});
    c.send(resp);
    auto ack = c.read_reply(connect::ExitFormat::Hwssmpl1);
    EXPECT_TRUE(ack.csm && !ack.rsm) << "'L' is answered with a CSM: " << describe(ack);
    return request;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto r = exchange(s, with_data(base("", "CLERK01"), "CALLOUT HELLO"));
  EXPECT_NE(server.get().find("HELLO"), std::string::npos);
  EXPECT_NE(text_of(r).find("CALLOUT RESPONSE: WORLD"), std::string::npos) << describe(r);
}

TEST(Callout, WithNobodyToTakeTheRequestTheIcalTimesOutAndALateResponseIsRefused) {
  ZgateServer s("callout-timeout");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  auto r = exchange(s, with_data(base("", "CLERK01"), "CALLOUT SLOWCALL"));
  // CALLOUT sends its request to descriptor CALLOUT1 (SYNTIMER 3 s); nobody resumes it.
  EXPECT_NE(text_of(r).find("CALLOUT FAILED AIB=0100/0100"), std::string::npos) << describe(r);
  auto late = base("LATE1", "USER2");
  late.irm.type = MessageType::SynRespA;
  late.irm.arch = 3;
  late.segments.push_back(connect::Segment{0, connect::encode_chars("TOO LATE", late.encoding, core::CodePage::IBM037)});
  auto ans = exchange(s, late);
  EXPECT_TRUE(refused(ans, rc::kConnectError, rc::kContextTokenNotFound)) << describe(ans);
}

// A callout server that takes one sync callout request on tpipe CALLOUT1 as `user` and
// client `client_id`, hands its token to `seen`, waits for `go`, then answers `text`.
struct CalloutServer {
  std::promise<connect::CorrelationToken> token;
  std::promise<void> go;
  std::future<connect::Reply> answered;

  CalloutServer(const ZgateServer& s, const std::string& client_id, const std::string& user,
                const std::string& text) {
    answered = std::async(std::launch::async, [this, &s, client_id, user, text] {
      connect::Client c(s.client_options());
      c.connect();
      auto rt = resume(client_id, "CALLOUT1", irmf::kF5SingleWait, 0x2D, user);
      rt.irm.arch = 3;
      rt.irm.f0 = irmf::kF0SynOnly;
      c.send(rt);
      auto req = c.read_reply(connect::ExitFormat::Hwssmpl1);
      if (!req.correlation_token) {
        token.set_value({});
        return req;
      }
      token.set_value(*req.correlation_token);
      go.get_future().wait();
      auto resp = base(client_id, user);
      resp.irm.type = MessageType::SynRespA;
      resp.irm.arch = 3;
      resp.irm.correlation_token = *req.correlation_token;
      resp.segments.push_back(connect::Segment{0, connect::encode_chars(text, resp.encoding, core::CodePage::IBM037)});
      c.send(resp);
      return c.read_reply(connect::ExitFormat::Hwssmpl1);
    });
  }
};

// A synchronous callout response ('L') from a client that did not take the request.
connect::Request foreign_answer(const std::string& client_id, const std::string& user,
                                const connect::CorrelationToken& token, const std::string& text) {
  auto r = base(client_id, user);
  r.irm.type = MessageType::SynRespA;
  r.irm.arch = 3;
  r.irm.correlation_token = token;
  r.segments.push_back(connect::Segment{0, connect::encode_chars(text, r.encoding, core::CodePage::IBM037)});
  return r;
}

TEST(CalloutSecurity, CorrelationTokensAreUnpredictable) {
  // IBM calls the token opaque; a guessable one lets any client answer another user's ICAL.
  // zgate's token carries at least 128 random bits (bytes 4-23): two requests in a row share
  // no more of them than chance would.
  ZgateServer s("callout-tokens");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  std::vector<connect::CorrelationToken> tokens;
  for (int i = 0; i < 2; ++i) {
    CalloutServer server(s, "SERVICE1", "USER2", "OK");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto ical = std::async(std::launch::async, [&] {
      return exchange(s, with_data(base("", "CLERK01"), "CALLOUT HELLO"));
    });
    tokens.push_back(server.token.get_future().get());
    server.go.set_value();
    server.answered.get();
    EXPECT_NE(text_of(ical.get()).find("CALLOUT RESPONSE: OK"), std::string::npos);
  }
  int same = 0;
  for (std::size_t i = 4; i < 24; ++i) same += tokens[0][i] == tokens[1][i];
  EXPECT_LE(same, 8) << "the random part of two consecutive tokens is nearly the same";
}

TEST(CalloutSecurity, OnlyTheClientThatTookTheRequestCanAnswerItEvenWithTheRightToken) {
  // USER2's client SERVICE1 took CLERK01's ICAL request over RESUME TPIPE. TEMP01 (who has
  // no business with tpipe CALLOUT1) knows the token: its answer is refused exactly as an
  // unknown token is (RSM RC 8 RSN 34: no oracle), it is audited, and the ICAL still gets
  // SERVICE1's answer.
  ZgateServer s("callout-foreign");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  CalloutServer server(s, "SERVICE1", "USER2", "WORLD");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto ical = std::async(std::launch::async, [&] {
    return exchange(s, with_data(base("", "CLERK01"), "CALLOUT HELLO"));
  });
  auto token = server.token.get_future().get();
  auto evil = exchange(s, foreign_answer("EVIL1", "TEMP01", token, "EVIL"));
  EXPECT_TRUE(refused(evil, rc::kConnectError, rc::kContextTokenNotFound)) << describe(evil);
  server.go.set_value();
  auto ack = server.answered.get();
  EXPECT_TRUE(ack.csm && !ack.rsm) << describe(ack);
  auto r = ical.get();
  EXPECT_NE(text_of(r).find("CALLOUT RESPONSE: WORLD"), std::string::npos) << describe(r);
  EXPECT_EQ(text_of(r).find("EVIL"), std::string::npos) << describe(r);
  const std::string audit = s.trail();
  EXPECT_NE(audit.find("CALLOUT RESPONSE REFUSED"), std::string::npos) << audit;
}

TEST(Callout, ABusinessEventOnAnAlternatePcbWaitsOnItsTpipeForAResumeTpipe) {
  ZgateServer s("async-callout");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  auto r = exchange(s, with_data(base("", "CLERK01"), "ASYNCOUT EVENTS ORDER42"));
  EXPECT_NE(text_of(r).find("EVENT QUEUED ON EVENTS"), std::string::npos) << describe(r);
  auto got = collect(s, "LISTENER", "EVENTS");
  ASSERT_EQ(got.texts.size(), 1u);
  EXPECT_NE(got.texts[0].find("ORDER42 FROM CLERK01"), std::string::npos) << got.texts[0];
}

// ---- commands ----------------------------------------------------------------------------------

TEST(TpipeCommands, StoppedTpipesDeliverNothingAndDequeueDiscardsTheirOutput) {
  ZgateServer s("tpipe-cmds");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  ASSERT_TRUE(fire(s, "CMDTP", "ECHOTXN ONE"));
  ASSERT_TRUE(fire(s, "CMDTP", "ECHOTXN TWO"));
  ASSERT_TRUE(wait_for_queued(s, "CMDTP", 2));
  auto sto = exchange(s, transaction("/STO", "TMEMBER HWSMEM1 TPIPE CMDTP", "USER1"));
  EXPECT_FALSE(sto.rsm) << describe(sto);
  EXPECT_NE(tpipe_row(s, "CMDTP").find("STO"), std::string::npos) << tpipe_row(s, "CMDTP");
  auto stopped = collect(s, "CMDTP", "CMDTP", irmf::kF5Single, kTenthSecond);
  EXPECT_TRUE(stopped.texts.empty());
  EXPECT_TRUE(stopped.end && stopped.end->reason_code == rc::kResumeTpipeCancelled) << "RSN 81";
  exchange(s, transaction("/STA", "TMEMBER HWSMEM1 TPIPE CMDTP", "USER1"));
  EXPECT_EQ(collect(s, "CMDTP", "CMDTP", irmf::kF5Single, kTenthSecond).texts.size(), 1u);
  auto deq = exchange(s, transaction("/DEQUEUE", "TMEMBER HWSMEM1 TPIPE CMDTP PURGE", "USER1"));
  EXPECT_FALSE(deq.rsm) << describe(deq);
  EXPECT_TRUE(collect(s, "CMDTP", "CMDTP", irmf::kF5Single, kTenthSecond).texts.empty());
}

// ---- by hand -----------------------------------------------------------------------------------

TEST(SendCommand, SendonlyThenResumeWithAckAndNakFromTheCommandLine) {
  ZgateServer s("send-cli");
  configure(s);
  ASSERT_TRUE(s.start()) << s.log();
  const std::string target = "127.0.0.1:" + std::to_string(s.port());
  auto a = run_zgate({"send", "--user", "USER1", "--client-id", "CLICID", "--sendonly-ack", target, "ECHOTXN", "BYHAND"});
  ASSERT_EQ(a.status, 0) << a.out;
  ASSERT_TRUE(wait_for_queued(s, "CLICID", 1));
  auto nak = run_zgate({"send", "--user", "USER1", "--client-id", "CLICID", "--socket", "persistent", "--resume",
                        "CLICID", "--option", "single", "--timer", "10", "--nak", target});
  EXPECT_EQ(nak.status, 0) << nak.out;
  EXPECT_NE(nak.out.find("BYHAND"), std::string::npos) << nak.out;
  auto ack = run_zgate({"send", "--user", "USER1", "--client-id", "OTHER", "--socket", "persistent", "--resume",
                        "CLICID", "--timer", "10", target});
  EXPECT_EQ(ack.status, 0) << ack.out;
  EXPECT_NE(ack.out.find("BYHAND"), std::string::npos) << "the NAKed message came back: " << ack.out;
}

}  // namespace
}  // namespace zgate::testing

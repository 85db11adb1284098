// The userid cache per TMEMBER: ACEEs kept after VERIFY, aged by ACEEAGE, emptied by
// /SECURE OTMA REFRESH and, in zgate, at once when RACF changes the user.
#include <atomic>
#include <thread>

#include "otma/userid_cache.h"
#include "otma_fixture.h"

namespace zgate::otma::testing {
namespace {

TEST_F(OtmaTest, ASecondMessageFromTheSameUserIsAuthorizedWithTheCachedAceeWithoutVerify) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid().accepted);
  EXPECT_TRUE(ran(send("PAYTXN", "CLERK"), "PAID BY CLERK"));
  EXPECT_EQ(verifies("CLERK"), 1);
  auto first = tm.last()->requester;
  EXPECT_TRUE(ran(send("PAYTXN", "CLERK"), "PAID BY CLERK"));
  EXPECT_EQ(verifies("CLERK"), 1) << "cache hit: no second VERIFY";
  EXPECT_EQ(tm.last()->requester, first) << "the same ACEE is handed to tm";
  // Each member has its own table: the same user through HWS2 is VERIFIed there.
  ASSERT_TRUE(bid("HWS2").accepted);
  send("PAYTXN", "CLERK", 'F', "HWS2");
  EXPECT_EQ(verifies("CLERK"), 2);
}

TEST_F(OtmaTest, AnEntryOlderThanTheAceeAgingValueIsVerifiedAgain) {
  start(SecurityLevel::Full);
  ASSERT_TRUE(bid("HWS1", "HWSUSER", 300).accepted);  // the bid's own aging value
  send("PAYTXN", "CLERK");
  clock.advance(299);
  send("PAYTXN", "CLERK");
  EXPECT_EQ(verifies("CLERK"), 1);
  clock.advance(1);
  send("PAYTXN", "CLERK");
  EXPECT_EQ(verifies("CLERK"), 2) << "aged out at 300 seconds";

  // /SECURE OTMA ACEEAGE n TMEMBER name changes it for that member.
  command("/SECURE OTMA ACEEAGE 10 TMEMBER HWS1");
  clock.advance(10);
  send("PAYTXN", "CLERK");
  EXPECT_EQ(verifies("CLERK"), 3);
  EXPECT_TRUE(contains(command("/DIS OTMA"), " -HWS1"));
  bool shown = false;
  for (const auto& l : command("/DIS TMEMBER HWS1"))
    if (l.find(" -HWS1") == 0 && l.find(" 10 ") != std::string::npos) shown = true;
  EXPECT_TRUE(shown) << "ACEEAGE 10 shown for HWS1";
}

TEST_F(OtmaTest, AnAgedEntryWhoseUserWasRevokedIsRefusedOnReverify) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid("HWS1", "HWSUSER", 60).accepted);
  EXPECT_FALSE(is_nak(send("PAYTXN", "CLERK")));
  // The listener has already dropped the entry; either way the re-VERIFY fails and the
  // message is refused.
  revoke("CLERK");
  clock.advance(61);
  EXPECT_TRUE(is_nak(send("PAYTXN", "CLERK")));
}

TEST_F(OtmaTest, RevokingAUserEmptiesItsCachedAceesAtOnce) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid("HWS1").accepted);
  ASSERT_TRUE(bid("HWS2").accepted);
  send("PAYTXN", "CLERK");
  send("PAYTXN", "CLERK", 'F', "HWS2");
  send("PAYTXN", "OPER");
  // /DIS OTMA's ACEECT column: HWS1 holds CLERK's and OPER's ACEEs, HWS2 CLERK's.
  EXPECT_EQ(aceect("HWS1"), 2);
  EXPECT_EQ(aceect("HWS2"), 1);
  revoke("CLERK");  // no REFRESH, no aging: the next message is refused
  EXPECT_EQ(aceect("HWS1"), 1) << "CLERK's ACEE is gone from HWS1's cache, OPER's stays";
  EXPECT_EQ(aceect("HWS2"), 0) << "and from HWS2's";
  OtmaReply r = send("PAYTXN", "CLERK");
  ASSERT_TRUE(is_nak(r));
  EXPECT_EQ(r.reason, 0x1C);
  EXPECT_TRUE(is_nak(send("PAYTXN", "CLERK", 'F', "HWS2")));
}

TEST_F(OtmaTest, DeletingAUserEmptiesItsCachedAcees) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid().accepted);
  send("FREETXN", "GUEST");
  sm->delete_user("GUEST");
  OtmaReply r = send("FREETXN", "GUEST");
  ASSERT_TRUE(is_nak(r));
  EXPECT_EQ(r.reason, 0x04);
}

TEST_F(OtmaTest, SecureOtmaRefreshEmptiesAllOneMemberOrOneUser) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid("HWS1").accepted);
  ASSERT_TRUE(bid("HWS2").accepted);
  auto fill = [&] {
    send("FREETXN", "CLERK");
    send("FREETXN", "GUEST");
    send("FREETXN", "CLERK", 'F', "HWS2");
  };
  fill();
  const int base = verifies();  // CLERK twice, GUEST once (+ OPER when commands run)

  command("/SEC OTMA REFRESH TMEMBER HWS2");
  const int after_cmd = verifies();
  fill();
  EXPECT_EQ(verifies() - after_cmd, 1) << "only HWS2's CLERK was VERIFIed again";

  command("/SEC OTMA REFRESH USER GUEST");
  const int after_user = verifies();
  fill();
  EXPECT_EQ(verifies() - after_user, 1) << "only GUEST was VERIFIed again";

  command("/SECURE OTMA REFRESH");
  const int after_all = verifies();
  fill();
  EXPECT_EQ(verifies() - after_all, 3) << "everything VERIFIed again";
  (void)base;

  auto out = command("/SEC OTMA REFRESH TMEMBER NOTHERE");
  EXPECT_TRUE(contains(out, "EXCEPT TMEMBER NOTHERE"));
}

TEST_F(OtmaTest, DisplayOtmaCountsCachedAceesPerMemberAndInTotal) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid("HWS1").accepted);
  ASSERT_TRUE(bid("HWS2").accepted);
  send("FREETXN", "CLERK");
  send("FREETXN", "GUEST");
  send("FREETXN", "CLERK", 'F', "HWS2");
  // The command itself VERIFIes OPER into HWS1's cache: HWS1 3, HWS2 1, total 4.
  auto out = command("/DIS OTMA");
  auto ends = [&](const std::string& prefix, const std::string& last) {
    for (const auto& l : out)
      if (l.rfind(prefix, 0) == 0) return l.size() >= last.size() && l.compare(l.size() - last.size(), last.size(), last) == 0;
    return false;
  };
  EXPECT_TRUE(ends(" -IMS1", " 4")) << out[2];
  EXPECT_TRUE(ends(" -HWS1", " 3"));
  EXPECT_TRUE(ends(" -HWS2", " 1"));
}

TEST_F(OtmaTest, UnderNoneTheCacheIsNotUsedAndALevelChangeStartsItEmpty) {
  start(SecurityLevel::Check);
  ASSERT_TRUE(bid().accepted);
  send("FREETXN", "CLERK");
  EXPECT_EQ(verifies("CLERK"), 1);
  command("/SEC OTMA NONE");
  send("FREETXN", "CLERK");
  command("/SEC OTMA CHECK", "OPER");
  send("FREETXN", "CLERK");
  EXPECT_EQ(verifies("CLERK"), 2) << "the entry made under CHECK was not kept across the change";
}

TEST_F(OtmaTest, ManyThreadsSendingThroughOneMemberShareItsCache) {
  start(SecurityLevel::Full);
  ASSERT_TRUE(bid().accepted);
  std::atomic<int> ok{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        OtmaMessage m;
        m.tmember = "HWS1";
        m.tpipe = "CLIENT01";
        m.segments = {"PAYTXN"};
        m.security.flag = 'F';
        m.security.userid = "CLERK";
        otma->send(std::move(m), [&](OtmaReply r) {
          if (r.kind == OtmaReply::Kind::Data) ++ok;
        });
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(ok.load(), 200);
  EXPECT_LE(verifies("CLERK"), 4) << "at most one VERIFY per racing thread";
}

TEST(UseridCache, TheHashTableGrowsWhenItFills) {
  UseridCache c(8);
  const auto start = c.buckets();
  auto acee = std::make_shared<saf::Acee>();
  for (int i = 0; i < 1000; ++i) c.put("U" + std::to_string(i), "", acee, 0);
  EXPECT_EQ(c.size(), 1000u);
  EXPECT_GT(c.buckets(), start);
  EXPECT_TRUE(c.find("U999", ""));
  EXPECT_FALSE(c.find("U999", "GRP"));
  EXPECT_EQ(c.erase_user("U1"), 1u) << "U1 only, not U10..U19";
  EXPECT_EQ(c.clear(), 999u);
}

TEST(UseridCache, AnEntryIsFreshWhileYoungerThanTheAgingValue) {
  UseridCache::Entry e{nullptr, 100};
  EXPECT_TRUE(UseridCache::fresh(e, 159, 60));
  EXPECT_FALSE(UseridCache::fresh(e, 160, 60));
  EXPECT_FALSE(UseridCache::fresh(e, 100, 0)) << "ACEEAGE 0: always VERIFY";
}

}  // namespace
}  // namespace zgate::otma::testing

// PSB allocation through ODBM: who may allocate which PSB under each combination of CSLDIxxx
// RRS=, DFSPB ODBASE= and ISIS=, and ODBMSECURE=; the seed's example (USERIDA may allocate
// PSB1 and PSB2, USERIDB only PSB1) in every row; the RACO ODBM trusts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "odbm/conversation.h"
#include "odbm_world.h"

namespace zgate::odbm::testing {
namespace {

using ::testing::HasSubstr;

class Allocation : public ::testing::Test, public OdbmWorld {
 protected:
  bool allocates(const std::string& user, const std::string& psb) {
    AllocateRequest r;
    r.raco = raco_for(user);
    r.rdbnam = psb + ".IVP1";
    r.source = "192.0.2.7:40001";
    auto res = odbm().allocate(r);
    return std::holds_alternative<std::unique_ptr<Thread>>(res);
  }
  AllocationRefusal refusal(const AllocateRequest& r) {
    auto res = odbm().allocate(r);
    EXPECT_TRUE(std::holds_alternative<AllocationRefusal>(res));
    return std::holds_alternative<AllocationRefusal>(res) ? std::get<AllocationRefusal>(res) : AllocationRefusal{};
  }
};

// One row of the table: the settings, the class the seed's profiles are in, and whether the
// seed's rule holds (true) or everyone may allocate both (false: nothing is checked there).
struct Row {
  const char* name;
  bool rrs;
  bool odbase;
  char isis;
  std::optional<OdbmSecure> odbmsecure;
  const char* cls;  // where the profiles are defined
  bool checked;
};

class AllocationTable : public Allocation, public ::testing::WithParamInterface<Row> {};

TEST_P(AllocationTable, TheSeedsExampleComesOutAsIbmDocumentsIt) {
  const Row& row = GetParam();
  opt.security.rrs = row.rrs;
  opt.security.odbase = row.odbase;
  opt.security.isis = row.isis;
  opt.security.odbmsecure = row.odbmsecure;
  seed_profiles(row.cls);
  EXPECT_TRUE(allocates("USERIDA", "PSB1"));
  EXPECT_TRUE(allocates("USERIDA", "PSB2"));
  EXPECT_TRUE(allocates("USERIDB", "PSB1"));
  EXPECT_EQ(allocates("USERIDB", "PSB2"), !row.checked);
}

INSTANTIATE_TEST_SUITE_P(
    RrsOdbaseIsis, AllocationTable,
    ::testing::Values(
        // RRS=Y, ODBASE=Y: APSB security in AIMS; ISIS= not used (here R, with IIMS open).
        Row{"RrsYOdbaseYApsbInAims", true, true, 'R', std::nullopt, "AIMS", true},
        Row{"RrsYOdbaseYIgnoresIimsProfiles", true, true, 'R', std::nullopt, "IIMS", false},
        Row{"RrsYOdbaseYIsisNStillChecksAims", true, true, 'N', std::nullopt, "AIMS", true},
        // RRS=Y, ODBASE=N: RAS by ISIS in IIMS.
        Row{"RrsYOdbaseNIsisRChecksIims", true, false, 'R', std::nullopt, "IIMS", true},
        Row{"RrsYOdbaseNIsisNChecksNothing", true, false, 'N', std::nullopt, "IIMS", false},
        Row{"RrsYOdbaseNIgnoresAimsProfiles", true, false, 'R', std::nullopt, "AIMS", false},
        // RRS=N: the CCTL path, ISIS decides; ODBASE= does not apply.
        Row{"RrsNIsisRChecksIims", false, false, 'R', std::nullopt, "IIMS", true},
        Row{"RrsNOdbaseYStillRas", false, true, 'R', std::nullopt, "IIMS", true},
        Row{"RrsNIsisNChecksNothing", false, true, 'N', std::nullopt, "AIMS", false},
        // ODBMSECURE= overrides all three, class AIMS.
        Row{"OdbmsecureROverridesIsisN", true, false, 'N', OdbmSecure::Racf, "AIMS", true},
        Row{"OdbmsecureROnRrsN", false, false, 'N', OdbmSecure::Racf, "AIMS", true},
        Row{"OdbmsecureNOverridesIsisR", true, false, 'R', OdbmSecure::None, "IIMS", false},
        Row{"OdbmsecureRIgnoresIims", true, false, 'R', OdbmSecure::Racf, "IIMS", false}),
    [](const ::testing::TestParamInfo<Row>& i) { return std::string(i.param.name); });

TEST_F(Allocation, UnderIsisCTheRasExitAloneDecidesAndSeesTheClientsUser) {
  opt.security.rrs = true;
  opt.security.isis = 'C';
  std::vector<RasExitCall> calls;
  opt.security.ras_exit = [&](const RasExitCall& c) {
    calls.push_back(c);
    return RasExitVerdict{!(c.userid == "USERIDB" && c.psb == "PSB2"), 8, "B MAY NOT"};
  };
  EXPECT_TRUE(allocates("USERIDA", "PSB2"));
  EXPECT_FALSE(allocates("USERIDB", "PSB2"));
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].resource_class, "IIMS");
  EXPECT_FALSE(calls[1].saf_called);
  EXPECT_EQ(calls[1].isis, 'C');
}

TEST_F(Allocation, UnderIsisAARacfRefusalStandsAndTheExitIsNotCalled) {
  opt.security.isis = 'A';
  seed_profiles("IIMS");
  int called = 0;
  opt.security.ras_exit = [&](const RasExitCall& c) {
    ++called;
    EXPECT_TRUE(c.saf_called);
    return RasExitVerdict{true, 0, ""};
  };
  EXPECT_FALSE(allocates("USERIDB", "PSB2"));
  EXPECT_EQ(called, 0);
  EXPECT_TRUE(allocates("USERIDB", "PSB1"));
  EXPECT_EQ(called, 1);
}

TEST_F(Allocation, UnderOdbaseYALoadedRasExitIsCalledAfterRacfAllowed) {
  opt.security.odbase = true;
  seed_profiles("AIMS");
  opt.security.ras_exit = [](const RasExitCall& c) { return RasExitVerdict{c.psb != "PSB1", 8, "NOT TODAY"}; };
  EXPECT_FALSE(allocates("USERIDA", "PSB1")) << "RACF allowed, the exit refused";
  EXPECT_TRUE(allocates("USERIDA", "PSB2"));
}

TEST_F(Allocation, AnExitThatIsNeededButNotLoadedRefusesEveryone) {
  opt.security.isis = 'C';
  EXPECT_FALSE(allocates("USERIDA", "PSB1"));
}

TEST_F(Allocation, WithoutARacoOdbmsJobUserIsTheOneChecked) {
  // RACF=N at IMS Connect: no RACO; ODBM's job user ID and group stand for the client.
  opt.security.isis = 'R';
  seed_profiles("IIMS");
  protect("IIMS", "DFSIVP1", {"ODBMJOB"});
  AllocateRequest r;
  r.rdbnam = "PSB1";
  r.client_userid = "USERIDA";
  r.source = "192.0.2.7:40001";
  AllocationRefusal no = refusal(r);
  EXPECT_EQ(no.kind, AllocationRefusal::Kind::NotAuthorized);
  r.rdbnam = "DFSIVP1";
  auto ok = odbm().allocate(r);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<Thread>>(ok));
  EXPECT_EQ(std::get<std::unique_ptr<Thread>>(ok)->user(), "ODBMJOB");
}

TEST_F(Allocation, UnderRrsNAUserRevokedSinceImsConnectsVerifyGetsNoThread) {
  // The CCTL path passes user ID and group; IMS builds the ACEE itself, so the revoke counts.
  opt.security.rrs = false;
  opt.security.isis = 'R';
  auto raco = raco_for("USERIDA");
  saf::User u = *sm.user("USERIDA");
  u.revoked = true;
  sm.put_user(u);
  AllocateRequest r;
  r.raco = raco;
  r.rdbnam = "PSB1";
  EXPECT_EQ(refusal(r).kind, AllocationRefusal::Kind::NoIdentity);
}

// ---- the RACO ----------------------------------------------------------------------------------

TEST_F(Allocation, ARacoSealedWithAnotherKeyIsRefusedAndAudited) {
  saf::AceeRef a = sm.acee_for("USERIDA");
  std::string other(64, '0');
  auto forged = saf::seal_raco(*a, other, clock.now());
  AllocateRequest r;
  r.raco = std::vector<std::uint8_t>(forged.begin(), forged.end());
  r.rdbnam = "PSB1";
  r.client_userid = "USERIDA";
  r.source = "192.0.2.9:5000";
  AllocationRefusal no = refusal(r);
  EXPECT_EQ(no.kind, AllocationRefusal::Kind::BadRaco);
  EXPECT_THAT(no.why, HasSubstr("FORGED"));
  auto ev = sink.events();
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev.back().component, "ODBM");
  EXPECT_TRUE(ev.back().violation);
  EXPECT_EQ(ev.back().terminal, "192.0.2.9:5000");
  EXPECT_EQ(ev.back().user, "USERIDA");
  EXPECT_EQ(ev.back().resource, "PSB1");
}

TEST_F(Allocation, ARacoWithOneByteAlteredIsRefused) {
  auto raco = raco_for("USERIDB");
  // Turn USERIDB into USERIDA inside the sealed bytes.
  for (std::size_t i = 0; i + 7 <= raco.size(); ++i)
    if (std::string(raco.begin() + i, raco.begin() + i + 7) == "USERIDB") raco[i + 6] = 'A';
  AllocateRequest r;
  r.raco = raco;
  r.rdbnam = "PSB2";
  EXPECT_EQ(refusal(r).kind, AllocationRefusal::Kind::BadRaco);
}

TEST_F(Allocation, AStaleRacoIsRefused) {
  AllocateRequest r;
  r.raco = raco_for("USERIDA", clock.now() - opt.raco_max_age - 1);
  r.rdbnam = "PSB1";
  AllocationRefusal no = refusal(r);
  EXPECT_EQ(no.kind, AllocationRefusal::Kind::BadRaco);
  EXPECT_THAT(no.why, HasSubstr("TOO OLD"));
}

TEST_F(Allocation, AReplayedRacoIsRefusedTheSecondTime) {
  AllocateRequest r;
  r.raco = raco_for("USERIDA");
  r.rdbnam = "PSB1";
  auto first = odbm().allocate(r);
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<Thread>>(first));
  AllocationRefusal no = refusal(r);
  EXPECT_EQ(no.kind, AllocationRefusal::Kind::BadRaco);
  EXPECT_THAT(no.why, HasSubstr("REPLAY"));
}

// ---- names and limits ----------------------------------------------------------------------------

TEST_F(Allocation, AnUnknownAliasPsbOrMalformedRdbnamIsRefused) {
  AllocateRequest r;
  r.raco = raco_for("USERIDA");
  r.rdbnam = "PSB1.XXXX";
  EXPECT_EQ(refusal(r).kind, AllocationRefusal::Kind::NoSuchAlias);
  r.raco = raco_for("USERIDA");
  r.rdbnam = "NOPSB";
  EXPECT_EQ(refusal(r).kind, AllocationRefusal::Kind::NoSuchPsb);
  for (const char* bad : {"", ".IVP1", "PSB1.", "TOOLONGPSB", "PSB1.TOOLONG", "PS B1", "1PSB"}) {
    r.raco = raco_for("USERIDA");
    r.rdbnam = bad;
    EXPECT_EQ(refusal(r).kind, AllocationRefusal::Kind::BadRdbnam) << bad;
  }
}

TEST_F(Allocation, TheThreadLimitRefusesTheNextAllocationAndADeallocationFreesOne) {
  opt.max_threads = 2;
  AllocateRequest r;
  r.rdbnam = "PSB1";
  auto one = odbm().allocate(r);
  auto two = odbm().allocate(r);
  EXPECT_EQ(odbm().allocated(), 2u);
  EXPECT_EQ(refusal(r).kind, AllocationRefusal::Kind::ThreadLimit);
  one = AllocationRefusal{};  // the first thread deallocated
  EXPECT_EQ(odbm().allocated(), 1u);
  EXPECT_TRUE(std::holds_alternative<std::unique_ptr<Thread>>(odbm().allocate(r)));
}

TEST_F(Allocation, EveryAllocationAndDeallocationIsAuditedWithTheSourceUserAndPsb) {
  {
    AllocateRequest r;
    r.raco = raco_for("USERIDA");
    r.rdbnam = "PSB1";
    r.source = "198.51.100.4:7000";
    auto t = odbm().allocate(r);
    ASSERT_TRUE(std::holds_alternative<std::unique_ptr<Thread>>(t));
  }
  auto ev = sink.events();
  ASSERT_GE(ev.size(), 2u);
  const auto& alloc = ev[ev.size() - 2];
  const auto& dealloc = ev.back();
  EXPECT_THAT(alloc.detail, HasSubstr("APSB ALLOCATED"));
  EXPECT_THAT(dealloc.detail, HasSubstr("DPSB"));
  for (const auto* e : {&alloc, &dealloc}) {
    EXPECT_EQ(e->user, "USERIDA");
    EXPECT_EQ(e->resource, "PSB1");
    EXPECT_EQ(e->terminal, "198.51.100.4:7000");
    EXPECT_FALSE(e->violation);
  }
}

}  // namespace
}  // namespace zgate::odbm::testing

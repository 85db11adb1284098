// The IMS Connect core in-process, without a door or a socket: a Connection against a real
// security manager (SQLite in memory, cheap Argon2id) and a fake IMS (fake_otma.h). The same
// flows are tested over real sockets through the IRM door in tests/apps.
#include <gtest/gtest.h>


#include "connect/authenticator.h"
#include "connect/connection.h"
#include "core_world.h"
#include "connect/return_codes.h"

namespace zgate::connect {
namespace {

using testing::FakeOtma;
namespace asio = boost::asio;

class CoreTest : public ::testing::Test, public testing::CoreWorld {
 protected:
  static const Refusal& refusal(const std::variant<Admitted, Refusal>& v) {
    static const Refusal none{};
    if (auto* r = std::get_if<Refusal>(&v)) return *r;
    ADD_FAILURE() << "admitted, expected a refusal";
    return none;
  }
};

TEST_F(CoreTest, AMessageForADataStoreThatIsNotDefinedIsRefusedWithRsn72BeforeAnyVerify) {
  auto c = connection();
  auto r = admit(*c, sign_on("CLERK", "SECRET1"), "NOSUCH");
  EXPECT_EQ(refusal(r).return_code, rc::kConnectError);
  EXPECT_EQ(refusal(r).reason_code, rc::kDatastoreNotFound);
  EXPECT_EQ(sm.user("CLERK")->failed_attempts, 0);
}

TEST_F(CoreTest, AMessageForAnInactiveDataStoreIsRefusedWithRsn72) {
  ctx->datastores.at("IMS1").active = false;
  auto c = connection();
  EXPECT_EQ(refusal(admit(*c, sign_on("CLERK", "SECRET1"))).reason_code, rc::kDatastoreNotFound);
}

TEST_F(CoreTest, UnderRacfYAWrongPasswordIsRefusedWithRacfRc8AndCounted) {
  auto c = connection();
  auto r = admit(*c, sign_on("CLERK", "WRONG1"));
  EXPECT_EQ(refusal(r).return_code, rc::kConnectError);
  EXPECT_EQ(refusal(r).reason_code, rc::kSecurityViolation);
  EXPECT_EQ(refusal(r).racf_rc, saf::kVerifyBadPassword);
  EXPECT_EQ(sm.user("CLERK")->failed_attempts, 1);
}

TEST_F(CoreTest, UnderRacfYAMessageWithoutAPasswordIsRefusedWithRsn53) {
  auto c = connection();
  SignOn s;
  s.userid = "CLERK";
  EXPECT_EQ(refusal(admit(*c, s)).reason_code, rc::kNoPassword);
}

TEST_F(CoreTest, UnderRacfYTheRightPasswordIsAdmittedAndOtmaGetsAUtokenButNeverThePassword) {
  auto c = connection();
  ASSERT_EQ(c->establish_client_id("CLIENT01", false, false, true, [] {}), Connection::ClientIdOutcome::Ok);
  auto r = admit(*c, sign_on("clerk", "SECRET1"));
  ASSERT_TRUE(std::holds_alternative<Admitted>(r));
  const Admitted& a = std::get<Admitted>(r);
  EXPECT_EQ(a.who.userid, "CLERK");
  EXPECT_EQ(a.who.group, "SYS1");
  ASSERT_TRUE(a.who.utoken.has_value());

  otma::OtmaMessage m;
  m.tmember = a.ds->member;
  m.tpipe = c->client_id();
  m.segments = {"PAYTXN DATA"};
  m.security = Connection::security_of(a.who);
  std::optional<otma::OtmaReply> reply;
  c->send(std::move(m), [&](otma::OtmaReply r) { reply = std::move(r); });
  while (!reply) io.run_one();  // the answer comes on the connection's executor
  EXPECT_EQ(reply->segments.front(), "ECHO PAYTXN DATA");
  ASSERT_EQ(otma.sent.size(), 1u);
  EXPECT_EQ(otma.sent[0].security.userid, "CLERK");
  EXPECT_TRUE(otma.sent[0].security.utoken.has_value());
  EXPECT_EQ(otma.sent[0].tpipe, "CLIENT01");
}

TEST_F(CoreTest, UnderRacfNTheUserIdPassesUnverifiedAndOtmaDecides) {
  hws.racf = false;
  rebuild();
  auto c = connection();
  SignOn s;
  s.userid = "NOSUCHU";
  auto r = admit(*c, s);
  ASSERT_TRUE(std::holds_alternative<Admitted>(r));
  EXPECT_EQ(std::get<Admitted>(r).who.userid, "NOSUCHU");
  EXPECT_FALSE(std::get<Admitted>(r).who.utoken.has_value());
}

TEST_F(CoreTest, AClientIdInUseIsRefusedWithRsn56WhenTheNewcomerDoesNotAskToCancelTheHolder) {
  auto holder = connection();
  ASSERT_EQ(holder->establish_client_id("CLIENT01", false, false, true, [] {}), Connection::ClientIdOutcome::Ok);
  auto newcomer = connection("10.0.0.2:4000");
  EXPECT_EQ(newcomer->establish_client_id("CLIENT01", false, false, true, [] {}), Connection::ClientIdOutcome::Duplicate);
}

TEST_F(CoreTest, AnInvalidClientIdIsRefused) {
  auto c = connection();
  EXPECT_EQ(c->establish_client_id("BAD ID!", false, false, true, [] {}), Connection::ClientIdOutcome::Invalid);
}

TEST_F(CoreTest, AGeneratedClientIdIsNotAnotherConnections) {
  auto a = connection(), b = connection();
  ASSERT_EQ(a->establish_client_id("", true, false, true, [] {}), Connection::ClientIdOutcome::Ok);
  ASSERT_EQ(b->establish_client_id("", true, false, true, [] {}), Connection::ClientIdOutcome::Ok);
  EXPECT_TRUE(a->generated_client_id());
  EXPECT_NE(a->client_id(), b->client_id());
}

TEST_F(CoreTest, TheHolderOfAClientIdIsCancelledOnlyOnceTheNewcomerIsAdmittedAsTheSameUser) {
  bool holder_cancelled = false;
  auto holder = connection();
  ASSERT_EQ(holder->establish_client_id("CLIENT01", false, false, true, [&] { holder_cancelled = true; }),
            Connection::ClientIdOutcome::Ok);
  ASSERT_TRUE(std::holds_alternative<Admitted>(admit(*holder, sign_on("CLERK", "SECRET1"))));

  // Another user asking to cancel it: the wrong password is refused and cancels nothing ...
  auto thief = connection("10.0.0.3:4000");
  ASSERT_EQ(thief->establish_client_id("CLIENT01", false, true, true, [] {}), Connection::ClientIdOutcome::Ok);
  EXPECT_EQ(refusal(admit(*thief, sign_on("OTHER", "WRONG1"))).reason_code, rc::kSecurityViolation);
  EXPECT_FALSE(holder_cancelled);
  // ... and a right password for another user ID gets RSN 56, still cancelling nothing.
  ASSERT_EQ(thief->establish_client_id("CLIENT01", false, true, true, [] {}), Connection::ClientIdOutcome::Ok);
  EXPECT_EQ(refusal(admit(*thief, sign_on("OTHER", "SECRET1"))).reason_code, rc::kDuplicateClient);
  EXPECT_FALSE(holder_cancelled);
  EXPECT_TRUE(thief->client_id().empty());

  // The same user, admitted: the holder is cancelled and the ID moves.
  auto same = connection("10.0.0.4:4000");
  ASSERT_EQ(same->establish_client_id("CLIENT01", false, true, true, [] {}), Connection::ClientIdOutcome::Ok);
  ASSERT_TRUE(std::holds_alternative<Admitted>(admit(*same, sign_on("CLERK", "SECRET1"))));
  EXPECT_TRUE(holder_cancelled);
  EXPECT_EQ(same->client_id(), "CLIENT01");
}

// Found by fuzz_connect_core: a connection admitted before it had a client ID (a door may do
// that; the IRM door does not) took its ID as "never admitted", which another user could
// cancel.
TEST_F(CoreTest, AnIdTakenAfterAnAdmissionIsAlreadyThatUsers) {
  bool holder_cancelled = false;
  auto holder = connection();
  ASSERT_TRUE(std::holds_alternative<Admitted>(admit(*holder, sign_on("CLERK", "SECRET1"))));
  ASSERT_EQ(holder->establish_client_id("CLIENT01", false, false, true, [&] { holder_cancelled = true; }),
            Connection::ClientIdOutcome::Ok);
  auto other = connection("10.0.0.3:4000");
  ASSERT_EQ(other->establish_client_id("CLIENT01", false, true, true, [] {}), Connection::ClientIdOutcome::Ok);
  EXPECT_EQ(refusal(admit(*other, sign_on("OTHER", "SECRET1"))).reason_code, rc::kDuplicateClient);
  EXPECT_FALSE(holder_cancelled);
}

TEST_F(CoreTest, ACancelOfTheHolderIsNotHonouredForAMessageImsConnectDoesNotAdmit) {
  auto holder = connection();
  ASSERT_EQ(holder->establish_client_id("CLIENT01", false, false, true, [] {}), Connection::ClientIdOutcome::Ok);
  auto c = connection("10.0.0.2:4000");
  // A DEALLOCATE or an ACK carrying IRM_F3 X'80' is not admitted: plain RSN 56.
  EXPECT_EQ(c->establish_client_id("CLIENT01", false, true, /*will_be_admitted=*/false, [] {}),
            Connection::ClientIdOutcome::Duplicate);
}

otma::HeldMessage held(std::uint64_t id, bool sync_callout = false) {
  otma::HeldMessage m;
  m.id = id;
  m.tmember = "HWS1";
  m.tpipe = "CLIENT01";
  m.sync_callout = sync_callout;
  return m;
}

TEST_F(CoreTest, Cm0OutputTheClientDoesNotTakeStaysOnItsTpipeOrIsReroutedOrPurgedAsIrmF3Asks) {
  auto c = connection();
  const otma::CalloutTaker taker{"CLIENT01", "CLERK"};
  const ClientAnswer lost;
  c->settle(held(1), lost, taker, Undeliverable::Keep, "HWS$DEF");
  c->settle(held(2), lost, taker, Undeliverable::Reroute, "REROUTE1");
  c->settle(held(3), lost, taker, Undeliverable::Purge, "HWS$DEF");
  ASSERT_EQ(otma.settled.size(), 3u);
  EXPECT_EQ(otma.settled[0].kind, FakeOtma::Settled::Kind::Nak);
  EXPECT_TRUE(otma.settled[0].keep);
  EXPECT_EQ(otma.settled[1].kind, FakeOtma::Settled::Kind::Reroute);
  EXPECT_EQ(otma.settled[1].tpipe, "REROUTE1");
  EXPECT_EQ(otma.settled[2].kind, FakeOtma::Settled::Kind::Purge);
}

TEST_F(CoreTest, AnAckRemovesTheMessageAndNamesTheClientThatTookIt) {
  auto c = connection();
  const otma::CalloutTaker taker{"CLIENT01", "CLERK"};
  c->settle(held(7, true), ClientAnswer{ClientAnswer::Kind::Ack}, taker, Undeliverable::Keep, "");
  ASSERT_EQ(otma.settled.size(), 1u);
  EXPECT_EQ(otma.settled[0].kind, FakeOtma::Settled::Kind::Ack);
  EXPECT_EQ(otma.settled[0].taker, taker);
}

TEST_F(CoreTest, ANakReturnsAsyncOutputAlwaysButASyncCalloutRequestOnlyWhenTheClientAsksToKeepIt) {
  auto c = connection();
  const otma::CalloutTaker taker{"CLIENT01", "CLERK"};
  c->settle(held(1), ClientAnswer{ClientAnswer::Kind::Nak, false, 0}, taker, Undeliverable::Purge, "");
  c->settle(held(2, true), ClientAnswer{ClientAnswer::Kind::Nak, false, 12}, taker, Undeliverable::Keep, "");
  c->settle(held(3, true), ClientAnswer{ClientAnswer::Kind::Nak, true, 0}, taker, Undeliverable::Keep, "");
  ASSERT_EQ(otma.settled.size(), 3u);
  EXPECT_TRUE(otma.settled[0].keep);   // async output: back on the queue, not purged
  EXPECT_FALSE(otma.settled[1].keep);  // the ICAL ends with the NAK reason
  EXPECT_EQ(otma.settled[1].reason, 12);
  EXPECT_TRUE(otma.settled[2].keep);   // IRM_F0 X'20'
}

TEST_F(CoreTest, ACalloutResponseInPlaceOfTheAckAcknowledgesOnlyASyncCalloutRequest) {
  auto c = connection();
  const otma::CalloutTaker taker{"CLIENT01", "CLERK"};
  const ClientAnswer response{ClientAnswer::Kind::CalloutResponse};
  c->settle(held(1, true), response, taker, Undeliverable::Keep, "");
  c->settle(held(2, false), response, taker, Undeliverable::Purge, "");  // not a callout: undelivered
  ASSERT_EQ(otma.settled.size(), 2u);
  EXPECT_EQ(otma.settled[0].kind, FakeOtma::Settled::Kind::Ack);
  EXPECT_EQ(otma.settled[1].kind, FakeOtma::Settled::Kind::Purge);
}

TEST_F(CoreTest, Cm0OutputIsTakenFromTheClientsOwnTpipeOnly) {
  auto c = connection();
  ASSERT_EQ(c->establish_client_id("CLIENT02", false, false, true, [] {}), Connection::ClientIdOutcome::Ok);
  otma.held.push_back(held(5));  // on CLIENT01's tpipe
  EXPECT_FALSE(c->take_cm0_output(hws.datastores[0], 5).has_value());
  EXPECT_FALSE(c->take_cm0_output(hws.datastores[0], 0).has_value());
}

TEST_F(CoreTest, AnOutputWatchWakesTheConnectionOnItsExecutorAndEndsWithIt) {
  auto c = connection();
  int woken = 0;
  {
    auto w = c->watch_output(hws.datastores[0], "CLIENT01", otma::Want::Async, [&] { ++woken; });
    EXPECT_FALSE(w->already_there());
    ASSERT_EQ(otma.watches.size(), 1u);
    otma.watches.begin()->second();  // IMS puts a message, on its own thread
    EXPECT_EQ(woken, 0);             // not on IMS's thread ...
    io.poll();
    EXPECT_EQ(woken, 1);             // ... on the connection's
  }
  EXPECT_TRUE(otma.watches.empty());
}

TEST_F(CoreTest, EveryRefusedCalloutResponseIsReportedAsNotAccepted) {
  auto c = connection();
  ASSERT_EQ(c->establish_client_id("CLIENT01", false, false, true, [] {}), Connection::ClientIdOutcome::Ok);
  auto r = admit(*c, sign_on("CLERK", "SECRET1"));
  ASSERT_TRUE(std::holds_alternative<Admitted>(r));
  otma::Correlation token{};
  for (auto why : {otma::CalloutAnswer::NoSuchRequest, otma::CalloutAnswer::NotTaken,
                   otma::CalloutAnswer::NotTheTaker, otma::CalloutAnswer::NotAuthorized}) {
    otma.callout_answer = why;
    EXPECT_NE(c->callout_response(token, std::get<Admitted>(r), {"ANSWER"}), otma::CalloutAnswer::Accepted);
  }
}

TEST_F(CoreTest, AVerifyThatThrowsRefusesTheMessageInsteadOfEndingThePoolThread) {
  auto c = connection();
  std::optional<AuthResult> got;
  c->verify([]() -> AuthResult { throw std::runtime_error("store gone"); }, "CLERK",
            [&](AuthResult r) { got = std::move(r); });
  while (!got) io.run_one();
  EXPECT_FALSE(got->ok());
  EXPECT_EQ(got->reason_code, rc::kSecurityViolation);
}

}  // namespace
}  // namespace zgate::connect

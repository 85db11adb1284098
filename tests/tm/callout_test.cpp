// Calling out of IMS through real dependent regions: the sample CALLOUT program's ICAL
// (synchronous callout) answered by a stand-in OutputRouter, as otma answers it with an OTMA
// client's response, and ASYNCOUT's CHNG/ISRT/PURG to a tpipe (asynchronous callout), routed
// as output at commit. The AIB codes checked here are the ones zgate/dli.h documents.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "tm_fixture.h"

namespace zgate::tm::testing {
namespace {

using ::testing::StartsWith;

// Answers every callout with `result` (or `answer`, when set) and records what it was asked.
class FakeCalloutRouter : public OutputRouter {
 public:
  std::uint64_t route(const OutputMessage& m) override {
    std::lock_guard lk(mu);
    routed.push_back(m);
    return 0;
  }
  CalloutResult callout(const CalloutRequest& r) override {
    std::function<CalloutResult(const CalloutRequest&)> fn;
    CalloutResult res;
    {
      std::lock_guard lk(mu);
      requests.push_back(r);
      fn = answer;
      res = result;
    }
    return fn ? fn(r) : res;
  }

  void respond(std::vector<std::string> segments) {
    std::lock_guard lk(mu);
    result = {};
    result.status = CalloutResult::Status::Ok;
    result.segments = std::move(segments);
  }
  void fail(CalloutResult::Status status, std::uint16_t nak_reason = 0) {
    std::lock_guard lk(mu);
    result = {};
    result.status = status;
    result.nak_reason = nak_reason;
  }
  std::vector<CalloutRequest> seen() {
    std::lock_guard lk(mu);
    return requests;
  }

  std::mutex mu;
  std::vector<OutputMessage> routed;
  std::vector<CalloutRequest> requests;
  CalloutResult result;
  std::function<CalloutResult(const CalloutRequest&)> answer;
};

// Every case runs twice: the programs' answers read on each region's own thread, and on an
// I/O loop lent to the regions (as `zgate serve` lends IMS Connect's), which passes the ICAL
// (it waits for an OTMA client) to the region's thread.
class Callout : public TmTest, public ::testing::WithParamInterface<AnswersReadOn> {
 protected:
  Callout() {
    user("ALICE");
    if (GetParam() == AnswersReadOn::IoThreads) io = std::make_unique<PollIoThreads>();
  }
  ~Callout() override { tm.reset(); }  // the regions end before the router they call goes

  // CALLOUT and ASYNCOUT as a stage-1 deck defines them.
  static TransactionTable callout_table() {
    const char* deck =
        "         APPLCTN PSB=CALLOUT,PGMTYPE=TP\n"
        "         TRANSACT CODE=CALLOUT,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
        "         APPLCTN PSB=ASYNCOUT,PGMTYPE=TP\n"
        "         TRANSACT CODE=ASYNCOUT,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
        "         APPLCTN PSB=ECHOPGM,PGMTYPE=TP\n"
        "         TRANSACT CODE=ECHOTXN,MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
        "         IMSGEN\n";
    return table_from(deck);
  }

  void start_with(OutputRouter* router) {
    tm = make_transaction_manager(*sm, sink, callout_table(), cfg, router);
    if (io) tm->lend_io_threads(io.get());
    tm->start();
  }

  std::string callout(const std::string& text) {
    return this->text(run(message("CALLOUT", text, MessageSecurity::Check, "ALICE")));
  }

  FakeCalloutRouter router;
};

// ---- ICAL: synchronous callout -------------------------------------------------------------

TEST_P(Callout, IcalGetsTheResponseAndTheProgramRepliesWithIt) {
  router.respond({"IT IS NOON"});
  start_with(&router);
  EXPECT_EQ(callout("WHAT TIME IS IT"), "CALLOUT RESPONSE: IT IS NOON");
}

TEST_P(Callout, TheRequestCarriesTheDestinationTheOriginatingUserAndTheClient) {
  router.respond({"OK"});
  start_with(&router);
  callout("PING");
  auto seen = router.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].destination, "CALLOUT1");
  EXPECT_EQ(seen[0].segments, std::vector<std::string>{"PING"});
  EXPECT_EQ(seen[0].userid, "ALICE");
  EXPECT_EQ(seen[0].tmember, "HWS1");
  EXPECT_EQ(seen[0].trancode, "CALLOUT");
  // CALLOUT asks for the descriptor's default: 0, which the router resolves (SYNTIMER=).
  EXPECT_EQ(seen[0].timeout, std::chrono::milliseconds(0));
}

TEST_P(Callout, AResponseInSeveralSegmentsFillsTheAreaInOrder) {
  router.respond({"FIRST ", "SECOND ", "THIRD"});
  start_with(&router);
  EXPECT_EQ(callout("X"), "CALLOUT RESPONSE: FIRST SECOND THIRD");
}

TEST_P(Callout, AnEmptyResponseIsStillOk) {
  router.respond({});
  start_with(&router);
  EXPECT_EQ(callout("X"), "CALLOUT RESPONSE: ");
}

TEST_P(Callout, TimeoutIs0100Slash0100) {
  router.fail(CalloutResult::Status::TimedOut);
  start_with(&router);
  EXPECT_EQ(callout("X"), "CALLOUT FAILED AIB=0100/0100");
}

TEST_P(Callout, NakIs0100Slash0108WithTheClientsReasonInAiberrxt) {
  router.fail(CalloutResult::Status::Nak, 0x1234);
  start_with(&router);
  EXPECT_EQ(callout("X"), "CALLOUT FAILED AIB=0100/0108 ERRXT=1234");
  router.fail(CalloutResult::Status::Nak);  // a NAK without a reason code
  EXPECT_EQ(callout("X"), "CALLOUT FAILED AIB=0100/0108");
}

TEST_P(Callout, UnknownDestinationIs0100Slash0104) {
  router.fail(CalloutResult::Status::NoDestination);
  start_with(&router);
  EXPECT_EQ(callout("X"), "CALLOUT FAILED AIB=0100/0104");
}

TEST_P(Callout, UnavailableDestinationIs0100Slash010C) {
  router.fail(CalloutResult::Status::Unavailable);
  start_with(&router);
  EXPECT_EQ(callout("X"), "CALLOUT FAILED AIB=0100/010C");
}

TEST_P(Callout, WithoutAnOutputRouterNoDestinationExists) {
  start_with(nullptr);
  EXPECT_EQ(callout("X"), "CALLOUT FAILED AIB=0100/0104");
}

TEST_P(Callout, AResponseLongerThanTheAreaIsPartialDataWithItsFullLength) {
  // CALLOUT's response area is 4096 bytes.
  std::string big(5000, 'R');
  for (std::size_t i = 0; i < big.size(); i += 100) big[i] = static_cast<char>('A' + (i / 100) % 26);
  router.respond({big.substr(0, 3000), big.substr(3000)});
  start_with(&router);
  EXPECT_EQ(callout("X"),
            "CALLOUT PARTIAL AIB=0100/000C LENGTH=5000 RESPONSE: " + big.substr(0, 4096));
}

TEST_P(Callout, AResponseExactlyTheAreasSizeIsWhole) {
  std::string exact(4096, 'E');
  router.respond({exact});
  start_with(&router);
  EXPECT_EQ(callout("X"), "CALLOUT RESPONSE: " + exact);
}

TEST_P(Callout, EachMessageGetsItsOwnResponse) {
  router.answer = [](const CalloutRequest& r) {
    CalloutResult res;
    res.status = CalloutResult::Status::Ok;
    res.segments = {"ECHO " + r.segments.at(0)};
    return res;
  };
  start_with(&router);
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(callout("N" + std::to_string(i)), "CALLOUT RESPONSE: ECHO N" + std::to_string(i));
  EXPECT_EQ(router.seen().size(), 5u);
}

TEST_P(Callout, AProgramPastItsProcessingLimitInIcalIsEndedWhenTheIcalReturns) {
  // A client that never answers, behind a descriptor whose default timeout (1 s, the fake's
  // stand-in for SYNTIMER=) is longer than the processing limit: the control side waits the
  // ICAL out with the region, then ends the program at its limit.
  cfg.count = 1;
  cfg.processing_limit = std::chrono::milliseconds(500);
  router.answer = [](const CalloutRequest& r) {
    std::this_thread::sleep_for(r.timeout.count() ? r.timeout : std::chrono::seconds(1));
    CalloutResult res;
    res.status = CalloutResult::Status::TimedOut;
    return res;
  };
  start_with(&router);
  Outcome o = run(message("CALLOUT", "NOBODY THERE", MessageSecurity::Check, "ALICE"));
  EXPECT_EQ(o.abend_code, "U0240");
  EXPECT_THAT(text(o), StartsWith("DFS555I TRAN CALLOUT ABEND U0240"));
  EXPECT_EQ(router.seen().size(), 1u);
  // The region was restarted; the next message runs.
  EXPECT_EQ(text(run(message("ECHOTXN", "ALIVE"))), "ALIVE");
}

// ---- CHNG + ISRT to a tpipe: asynchronous callout ------------------------------------------

TEST_P(Callout, AsyncoutQueuesTheEventOnTheTpipeWithTheUsersId) {
  start_with(&router);
  Outcome o = run(message("ASYNCOUT", "EVENTS1 ORDER 42 SHIPPED", MessageSecurity::Check, "ALICE"));
  EXPECT_EQ(text(o), "EVENT QUEUED ON EVENTS1");
  std::lock_guard lk(router.mu);
  ASSERT_EQ(router.routed.size(), 1u);
  const OutputMessage& m = router.routed[0];
  EXPECT_EQ(m.destination, "EVENTS1");
  EXPECT_FALSE(m.is_transaction);
  EXPECT_EQ(m.segments, std::vector<std::string>{"ORDER 42 SHIPPED FROM ALICE"});
  EXPECT_EQ(m.tmember, "HWS1");
  EXPECT_EQ(m.userid, "ALICE");
  EXPECT_TRUE(router.requests.empty()) << "no synchronous callout";
}

TEST_P(Callout, AsyncoutToAnInvalidTpipeNameQueuesNothing) {
  start_with(&router);
  EXPECT_EQ(text(run(message("ASYNCOUT", "bad-pipe X", MessageSecurity::Check, "ALICE"))),
            "EVENT NOT QUEUED ON bad-pipe STATUS=A1");
  std::lock_guard lk(router.mu);
  EXPECT_TRUE(router.routed.empty());
}

INSTANTIATE_TEST_SUITE_P(Answers, Callout,
                         ::testing::Values(AnswersReadOn::RegionThread, AnswersReadOn::IoThreads),
                         answers_name);

}  // namespace
}  // namespace zgate::tm::testing

// Messages through real dependent regions: `zgate region` worker processes running the sample
// programs, with the DL/I calls that need RACF answered by the control process under the
// message's OTMA security level.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "tm/ims_messages.h"
#include "tm_fixture.h"

namespace zgate::tm::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class RecordingRouter : public OutputRouter {
 public:
  std::uint64_t route(const OutputMessage& m) override {
    std::lock_guard lk(mu);
    routed.push_back(m);
    return routed.size();
  }
  std::mutex mu;
  std::vector<OutputMessage> routed;
};

// Every case runs twice: the programs' answers read on each region's own thread, and on an
// I/O loop lent to the regions (as `zgate serve` lends IMS Connect's).
class Regions : public TmTest, public ::testing::WithParamInterface<AnswersReadOn> {
 protected:
  Regions() {
    if (GetParam() == AnswersReadOn::IoThreads) io = std::make_unique<PollIoThreads>();
  }
};

TEST_P(Regions, EchoRoundTripRepliesWithTheInputAfterTheTransactionCode) {
  start();
  Outcome o = run(message("ECHOTXN", "HELLO IMS"));
  EXPECT_EQ(o.kind, Outcome::Kind::Reply);
  EXPECT_EQ(text(o), "HELLO IMS");
  EXPECT_TRUE(o.abend_code.empty());
  // Both message regions come up (the second may still be starting when the first replied).
  for (int i = 0; i < 2000 && tm->regions_running() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(tm->regions_running(), 2);
  EXPECT_EQ(tm->counts("ECHOTXN").enqueued, 1u);
  EXPECT_EQ(tm->counts("ECHOTXN").queued(), 0u);
}

TEST_P(Regions, MultiSegmentInputIsReadWithGuThenGn) {
  start();
  InputMessage m = message("ECHO2", "FIRST");
  m.segments.push_back("SECOND");
  m.segments.push_back("THIRD");
  EXPECT_EQ(text(run(m)), "FIRST|SECOND|THIRD");
}

TEST_P(Regions, UndefinedTransactionGetsDfs064) {
  start();
  Outcome o = run(message("NOSUCHTX", "X"));
  EXPECT_EQ(o.kind, Outcome::Kind::ImsMessage);
  EXPECT_THAT(text(o), StartsWith("DFS064I DESTINATION CAN NOT BE FOUND OR CREATED"));
}

TEST_P(Regions, StoppedTransactionGetsDfs065AndRunsAgainAfterStart) {
  start();
  ASSERT_TRUE(tm->transactions().set_stopped("ECHOTXN", true));  // /STO TRAN ECHOTXN
  Outcome o = run(message("ECHOTXN", "X"));
  EXPECT_EQ(o.kind, Outcome::Kind::ImsMessage);
  EXPECT_THAT(text(o), StartsWith("DFS065I"));
  tm->transactions().set_stopped("ECHOTXN", false);  // /STA TRAN ECHOTXN
  EXPECT_EQ(text(run(message("ECHOTXN", "AGAIN"))), "AGAIN");
}

TEST_P(Regions, ProgramMissingFromTheLibraryAbendsS806) {
  start();
  Outcome o = run(message("NOPGMTX", "X"));
  EXPECT_EQ(o.kind, Outcome::Kind::ImsMessage);
  EXPECT_EQ(o.abend_code, "S806");
  EXPECT_THAT(text(o), StartsWith("DFS555I TRAN NOPGMTX ABEND S806"));
  EXPECT_EQ(text(run(message("ECHOTXN", "STILL OK"))), "STILL OK");
}

// ---- CHNG: program-to-program switch and TIMS ------------------------------------------------

TEST_P(Regions, ChngUnderCheckNeedsTimsReadForTheDestination) {
  user("ALICE");
  user("BOB");
  protect("TIMS", "ECHOTXN", "ALICE");
  start();
  Outcome ok = run(message("SWITCHTX", "ECHOTXN SWITCHED", MessageSecurity::Check, "ALICE"));
  EXPECT_EQ(text(ok), "CHNG ECHOTXN STATUS=  ");
  ASSERT_EQ(ok.alternate.size(), 1u);
  EXPECT_TRUE(ok.alternate[0].is_transaction);
  EXPECT_EQ(ok.alternate[0].segments, std::vector<std::string>{"ECHOTXN SWITCHED"});

  Outcome denied = run(message("SWITCHTX", "ECHOTXN SWITCHED", MessageSecurity::Check, "BOB"));
  EXPECT_EQ(text(denied), "CHNG ECHOTXN STATUS=A4");
  EXPECT_TRUE(denied.alternate.empty());
}

TEST_P(Regions, ChngUnderNoneCallsNoRacf) {
  user("BOB");
  protect("TIMS", "ECHOTXN");
  start();
  EXPECT_EQ(text(run(message("SWITCHTX", "ECHOTXN X", MessageSecurity::None, "BOB"))),
            "CHNG ECHOTXN STATUS=  ");
}

TEST_P(Regions, ChngToAnUnprotectedTransactionIsAllowedUnderCheck) {
  user("BOB");
  start();
  EXPECT_EQ(text(run(message("SWITCHTX", "ECHOTXN X", MessageSecurity::Check, "BOB"))),
            "CHNG ECHOTXN STATUS=  ");
}

TEST_P(Regions, SwitchedMessageRunsTheDestinationProgram) {
  // ECHOTXN's reply to a switched message goes nowhere (its outcome is discarded), but it
  // runs: the queue count shows it was scheduled.
  start();
  run(message("SWITCHTX", "ECHOTXN VIA SWITCH"));
  for (int i = 0; i < 1000 && tm->counts("ECHOTXN").dequeued == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(tm->counts("ECHOTXN").enqueued, 1u);
}

TEST_P(Regions, ChngToANonTransactionDestinationIsRoutedAsOutputAtCommit) {
  RecordingRouter router;
  start(&router);
  Outcome o = run(message("SWITCHTX", "TPIPE9 FOR THE CLIENT"));
  EXPECT_EQ(text(o), "CHNG TPIPE9 STATUS=  ");
  std::lock_guard lk(router.mu);
  ASSERT_EQ(router.routed.size(), 1u);
  EXPECT_EQ(router.routed[0].destination, "TPIPE9");
  EXPECT_FALSE(router.routed[0].is_transaction);
  EXPECT_EQ(router.routed[0].tmember, "HWS1");
}

TEST_P(Regions, ChngToAnInvalidNameIsA1) {
  start();
  EXPECT_EQ(text(run(message("SWITCHTX", "bad-name X"))), "CHNG bad-name STATUS=A1");
}

// ---- AUTH and the region check -----------------------------------------------------------

// AUTHTX class resource access dsclass dsresource dsaccess
constexpr const char* kAuthInput = "FACILITY PAY.REPORT READ FACILITY PAY.MASTER UPDATE";

TEST_P(Regions, AuthChecksTheInputMessagesUserTheSameUnderCheckAndFull) {
  user("ALICE");
  user("BOB");
  protect("FACILITY", "PAY.REPORT", "ALICE");
  start();
  for (auto level : {MessageSecurity::Check, MessageSecurity::Full}) {
    EXPECT_THAT(text(run(message("AUTHTX", kAuthInput, level, "ALICE"))), HasSubstr("AUTH=OK"));
    EXPECT_THAT(text(run(message("AUTHTX", kAuthInput, level, "BOB"))), HasSubstr("AUTH=DENIED"));
  }
}

TEST_P(Regions, AuthWithoutASecurityEnvironmentIsAs) {
  start();
  InputMessage m = message("AUTHTX", kAuthInput, MessageSecurity::None);
  EXPECT_THAT(text(run(m)), HasSubstr("AUTH=NOENV"));
}

TEST_P(Regions, AuthUnderNoneStillUsesAnAceeWhenOtmaHasOne) {
  user("ALICE");
  protect("FACILITY", "PAY.REPORT", "ALICE");
  start();
  EXPECT_THAT(text(run(message("AUTHTX", kAuthInput, MessageSecurity::None, "ALICE"))),
              HasSubstr("AUTH=OK"));
}

TEST_P(Regions, RegionCheckUnderFullIsMadeForTheRequester) {
  user("ALICE");
  user("BOB");
  protect("FACILITY", "PAY.MASTER", "ALICE", saf::Access::Update);
  start();
  EXPECT_EQ(text(run(message("AUTHTX", kAuthInput, MessageSecurity::Full, "ALICE"))),
            "AUTH=OK REGION=OK USER=ALICE REGIONUSER=ALICE");
  EXPECT_EQ(text(run(message("AUTHTX", kAuthInput, MessageSecurity::Full, "BOB"))),
            "AUTH=OK REGION=DENIED USER=BOB REGIONUSER=BOB");
}

TEST_P(Regions, RegionCheckUnderCheckIsMadeForTheRegionsOwnUser) {
  user("ALICE");
  protect("FACILITY", "PAY.MASTER", "IMSREGN", saf::Access::Update);
  protect("FACILITY", "PAY.REPORT", "ALICE");
  start();
  EXPECT_EQ(text(run(message("AUTHTX", kAuthInput, MessageSecurity::Check, "ALICE"))),
            "AUTH=OK REGION=OK USER=ALICE REGIONUSER=IMSREGN");
  // ALICE alone holds the data set: under CHECK the region, not ALICE, opens it.
  protect("FACILITY", "PAY.MASTER", "ALICE", saf::Access::Update);
  EXPECT_EQ(text(run(message("AUTHTX", kAuthInput, MessageSecurity::Check, "ALICE"))),
            "AUTH=OK REGION=DENIED USER=ALICE REGIONUSER=IMSREGN");
}

TEST_P(Regions, RegionUserUnknownToRacfIsRefusedEveryRegionCheck) {
  cfg.userid = "NOSUCHU";
  start();
  EXPECT_THAT(text(run(message("AUTHTX", "FACILITY X READ FACILITY UNPROT.DS READ"))),
              HasSubstr("REGION=DENIED"));
}

// ---- abends -------------------------------------------------------------------------------

TEST_P(Regions, CrashIsDfs555S0c4AndTheNextMessageStillRuns) {
  RecordingRouter router;
  start(&router);
  Outcome o = run(message("CRASHTX", "SEGV"));
  EXPECT_EQ(o.kind, Outcome::Kind::ImsMessage);
  EXPECT_EQ(o.abend_code, "S0C4");
  EXPECT_EQ(text(o), "DFS555I TRAN CRASHTX ABEND S0C4; MSG IN PROCESS: CRASHTX SEGV");
  EXPECT_TRUE(o.alternate.empty()) << "backed out";
  for (int i = 0; i < 4; ++i) EXPECT_EQ(text(run(message("ECHOTXN", "AFTER"))), "AFTER");
  {
    std::lock_guard lk(router.mu);
    EXPECT_TRUE(router.routed.empty()) << "the abended program's CRASHOUT output was backed out";
  }
  // The same program, ending normally, commits the same output.
  EXPECT_EQ(text(run(message("CRASHTX", "FINE"))), "SURVIVED");
  std::lock_guard lk(router.mu);
  ASSERT_EQ(router.routed.size(), 1u);
  EXPECT_EQ(router.routed[0].destination, "CRASHOUT");
}

// The control process's children that are dependent regions (`... region`).
std::vector<pid_t> region_pids() {
  std::vector<pid_t> pids;
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    const std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(e.path() / "stat");
    std::string line;
    std::getline(stat, line);
    auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid != ::getpid() || state == 'Z') continue;
    std::ifstream cmd(e.path() / "cmdline");
    std::string args((std::istreambuf_iterator<char>(cmd)), {});
    if (args.find("region") != std::string::npos) pids.push_back(std::stoi(name));
  }
  return pids;
}

TEST_P(Regions, ARegionKilledWhileIdleIsRestartedAndTheNextMessageIsNotItsVictim) {
  cfg.count = 1;
  start();
  EXPECT_EQ(text(run(message("ECHOTXN", "BEFORE"))), "BEFORE");
  for (int round = 0; round < 3; ++round) {
    auto pids = region_pids();
    ASSERT_EQ(pids.size(), 1u);
    ::kill(pids[0], SIGKILL);
    // kill() does not wait: the region is dead once it is a zombie (its socket closed) or gone.
    for (int i = 0; i < 2000; ++i) {
      std::ifstream stat("/proc/" + std::to_string(pids[0]) + "/stat");
      std::string line;
      if (!std::getline(stat, line) || line.substr(line.rfind(')') + 2, 1) == "Z") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    // Whether the message finds the region gone (its hand-off fails) or already restarted,
    // it runs normally: the death was not its program's.
    Outcome o = run(message("ECHOTXN", "AFTER " + std::to_string(round)));
    EXPECT_EQ(o.kind, Outcome::Kind::Reply) << text(o);
    EXPECT_EQ(text(o), "AFTER " + std::to_string(round));
    EXPECT_TRUE(o.abend_code.empty());
  }
}

TEST_P(Regions, AbortAndNonzeroReturnAreAbendsToo) {
  start();
  EXPECT_EQ(run(message("CRASHTX", "ABORT")).abend_code, "U4038");
  Outcome o = run(message("CRASHTX", "RC 12"));
  EXPECT_EQ(o.abend_code, "U0012");
  EXPECT_THAT(text(o), StartsWith("DFS555I TRAN CRASHTX ABEND U0012"));
}

TEST_P(Regions, ProgramPastTheProcessingLimitIsEndedWithU0240) {
  cfg.processing_limit = std::chrono::milliseconds(500);
  start();
  Outcome o = run(message("LOOPTX", "FOREVER"));
  EXPECT_EQ(o.abend_code, "U0240");
  EXPECT_THAT(text(o), StartsWith("DFS555I TRAN LOOPTX ABEND U0240"));
  EXPECT_EQ(text(run(message("ECHOTXN", "ALIVE"))), "ALIVE");
}

// ---- scheduling ---------------------------------------------------------------------------

TEST_P(Regions, ConcurrentMessagesAcrossTwoRegionsEachGetTheirOwnReply) {
  start();
  constexpr int kN = 40;
  std::vector<std::future<Outcome>> results;
  for (int i = 0; i < kN; ++i) {
    auto p = std::make_shared<std::promise<Outcome>>();
    results.push_back(p->get_future());
    tm->submit(message(i % 2 ? "ECHOTXN" : "ECHO2", "MSG" + std::to_string(i)),
               [p](Outcome o) { p->set_value(std::move(o)); });
  }
  for (int i = 0; i < kN; ++i) {
    ASSERT_EQ(results[i].wait_for(std::chrono::seconds(120)), std::future_status::ready);
    EXPECT_EQ(text(results[i].get()), "MSG" + std::to_string(i));
  }
  EXPECT_EQ(tm->counts("ECHOTXN").enqueued + tm->counts("ECHO2").enqueued, unsigned(kN));
}

TEST_P(Regions, StopCompletesQueuedMessagesAndEndsTheRegions) {
  cfg.count = 1;
  cfg.processing_limit = std::chrono::milliseconds(500);
  start();
  // One region, busy with a looping program: the echo waits in the queue.
  auto p1 = std::make_shared<std::promise<Outcome>>();
  auto p2 = std::make_shared<std::promise<Outcome>>();
  auto f1 = p1->get_future();
  auto f2 = p2->get_future();
  tm->submit(message("LOOPTX", "X"), [p1](Outcome o) { p1->set_value(std::move(o)); });
  for (int i = 0; i < 1000 && tm->counts("LOOPTX").dequeued == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  tm->submit(message("ECHOTXN", "QUEUED"), [p2](Outcome o) { p2->set_value(std::move(o)); });
  tm->stop();
  EXPECT_EQ(tm->regions_running(), 0);
  EXPECT_EQ(f1.get().abend_code, "U0240");
  EXPECT_THAT(text(f2.get()), StartsWith("DFS065I"));
  EXPECT_THAT(text(run(message("ECHOTXN", "LATE"))), StartsWith("DFS065I"));
}

TEST_P(Regions, ConversationalTransactionsAreRefusedForNow) {
  TransactionTable t;
  TransactionDef d;
  d.code = "CONVTX";
  d.psb = "ECHOPGM";
  d.conversational = true;
  t.add(d);
  tm = make_transaction_manager(*sm, sink, std::move(t), cfg);
  if (io) tm->lend_io_threads(io.get());
  tm->start();
  EXPECT_THAT(text(run(message("CONVTX", "X"))), StartsWith("ZGT001E"));
}

// With an I/O loop lent, the program's answer is read on the loop's thread and the message is
// completed there: the reply goes out without waking another thread. A DL/I call the control
// process answers (AUTH) is answered there too; only what may block goes to the region's thread.
class RegionsWithIoLoop : public TmTest {
 protected:
  RegionsWithIoLoop() { io = std::make_unique<PollIoThreads>(); }
  std::thread::id completed_on(InputMessage m, Outcome& out) {
    auto p = std::make_shared<std::promise<std::thread::id>>();
    auto f = p->get_future();
    tm->submit(std::move(m), [p, &out](Outcome o) {
      out = std::move(o);
      p->set_value(std::this_thread::get_id());
    });
    EXPECT_EQ(f.wait_for(std::chrono::seconds(120)), std::future_status::ready);
    return f.get();
  }
};

TEST_F(RegionsWithIoLoop, TheAnswerIsReadAndTheMessageCompletedOnTheIoThread) {
  start();
  Outcome o;
  EXPECT_EQ(completed_on(message("ECHOTXN", "HELLO"), o), io->thread_id());
  EXPECT_EQ(text(o), "HELLO");
  EXPECT_GE(io->calls.load(), 1);
  // A program that asks RACF (DL/I AUTH) has its question answered on the same thread.
  user("ALICE");
  protect("FACILITY", "PAY.REPORT", "ALICE");
  EXPECT_EQ(completed_on(message("AUTHTX", kAuthInput, MessageSecurity::Check, "ALICE"), o),
            io->thread_id());
  EXPECT_THAT(text(o), HasSubstr("AUTH=OK"));
}

TEST_F(RegionsWithIoLoop, AProgramPastItsLimitIsEndedByTheRegionsThreadWhileTheLoopWaits) {
  cfg.processing_limit = std::chrono::milliseconds(500);
  start();
  Outcome o;
  EXPECT_NE(completed_on(message("LOOPTX", "FOREVER"), o), io->thread_id());
  EXPECT_EQ(o.abend_code, "U0240");
  EXPECT_EQ(completed_on(message("ECHOTXN", "ALIVE"), o), io->thread_id());
  EXPECT_EQ(text(o), "ALIVE");
}

INSTANTIATE_TEST_SUITE_P(Answers, Regions,
                         ::testing::Values(AnswersReadOn::RegionThread, AnswersReadOn::IoThreads),
                         answers_name);

}  // namespace
}  // namespace zgate::tm::testing

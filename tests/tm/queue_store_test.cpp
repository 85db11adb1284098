// The queue store: what IMS finds again on its message queues after an emergency restart.
// Recoverable input (CM0, SENDONLY, program switches) until its sync point; hold-queue output
// for OTMA tpipes until the client ACKs it. Every test opens a store in its own temporary
// directory and "restarts" by destroying the store and opening the file again.
#include "tm/queue_store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "saf/store/store.h"
#include "saf/temp_db.h"

namespace zgate::tm {
namespace {

using saf::testing::raw_sql;
using saf::testing::integrity_check;
using saf::testing::write_all;
using saf::testing::TempDir;
using namespace std::string_literals;

// A CM0 input as OTMA would hand it over under security FULL: the data is binary (an
// application may send any bytes, NULs included), and one segment is empty.
InputMessage cm0_input() {
  InputMessage m;
  m.trancode = "PAYTRAN";
  m.segments = {"PAYTRAN ACCT=42"s, "\0\x01\xff\x00tail"s, ""s, std::string(3000, '\x7f')};
  m.lterm = "CLIENT01";
  m.tmember = "HWSMEM01";
  m.userid = "CLERK1";
  m.group = "PAYGRP";
  m.security = MessageSecurity::Full;
  m.commit_then_send = true;
  return m;
}

OutputMessage tpipe_output(const std::string& tpipe, const std::string& text) {
  OutputMessage m;
  m.destination = tpipe;
  m.segments = {text, "\0binary\0"s};
  m.tmember = "HWSMEM01";
  m.userid = "CLERK1";
  return m;
}

void expect_same_input(const InputMessage& got, const InputMessage& want) {
  EXPECT_EQ(got.trancode, want.trancode);
  EXPECT_EQ(got.segments, want.segments);
  EXPECT_EQ(got.lterm, want.lterm);
  EXPECT_EQ(got.tmember, want.tmember);
  EXPECT_EQ(got.userid, want.userid);
  EXPECT_EQ(got.group, want.group);
  EXPECT_EQ(got.security, want.security);
  EXPECT_EQ(got.commit_then_send, want.commit_then_send);
  EXPECT_EQ(got.requester, nullptr) << "the ACEE is rebuilt at restart, never stored";
}

void expect_same_output(const OutputMessage& got, const OutputMessage& want) {
  EXPECT_EQ(got.destination, want.destination);
  EXPECT_EQ(got.is_transaction, want.is_transaction);
  EXPECT_EQ(got.segments, want.segments);
  EXPECT_EQ(got.tmember, want.tmember);
  EXPECT_EQ(got.userid, want.userid);
}

std::vector<std::uint64_t> ids_of(const std::vector<InputMessage>& v) {
  std::vector<std::uint64_t> out;
  for (const auto& m : v) out.push_back(m.store_id);
  return out;
}
std::vector<std::uint64_t> ids_of(const std::vector<OutputMessage>& v) {
  std::vector<std::uint64_t> out;
  for (const auto& m : v) out.push_back(m.store_id);
  return out;
}

std::string file_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

class QueueStoreTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::string path = dir.file("queues.db");
};

TEST_F(QueueStoreTest, ARecoverableInputComesBackAfterRestartWithEveryField) {
  InputMessage cm0 = cm0_input();
  cm0.requester = std::make_shared<saf::Acee>();  // held in memory only
  InputMessage sendonly;  // SENDONLY under security NONE: no user, no data
  sendonly.trancode = "LOGTRAN";
  sendonly.security = MessageSecurity::Check;
  InputMessage one_empty = sendonly;  // one empty segment is not the same as none
  one_empty.segments = {""};
  std::uint64_t a, b, c;
  {
    QueueStore s(path);
    a = s.add_input(cm0);
    b = s.add_input(sendonly);
    c = s.add_input(one_empty);
  }
  EXPECT_GT(a, 0u);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);

  QueueStore s(path);
  auto in = s.inputs();
  ASSERT_EQ(in.size(), 3u);
  EXPECT_EQ(ids_of(in), (std::vector<std::uint64_t>{a, b, c})) << "oldest first";
  expect_same_input(in[0], cm0);
  expect_same_input(in[1], sendonly);
  expect_same_input(in[2], one_empty);
  EXPECT_TRUE(in[1].segments.empty());
  EXPECT_TRUE(s.outputs().empty());
}

TEST_F(QueueStoreTest, HeldOutputComesBackAfterRestartOnItsTpipe) {
  OutputMessage reply = tpipe_output("CLIENT01", "PAYMENT DONE");
  OutputMessage callout = tpipe_output("CALLOUT1", "ASYNC REQUEST");
  OutputMessage to_tran = tpipe_output("NEXTTRAN", "SWITCH");
  to_tran.is_transaction = true;
  std::uint64_t a, b, c;
  {
    QueueStore s(path);
    a = s.add_output(reply);
    b = s.add_output(callout);
    c = s.add_output(to_tran);
  }
  QueueStore s(path);
  auto out = s.outputs();
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(ids_of(out), (std::vector<std::uint64_t>{a, b, c}));
  expect_same_output(out[0], reply);
  expect_same_output(out[1], callout);
  expect_same_output(out[2], to_tran);
  EXPECT_TRUE(s.inputs().empty());
}

TEST_F(QueueStoreTest, TheQueueDataSetIsReadableByItsOwnerOnly) {
  QueueStore s(path);
  s.add_input(cm0_input());
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "queued messages carry application data and user IDs";
}

TEST_F(QueueStoreTest, ASyncPointConsumesTheInputAndQueuesItsOutputAndSwitchesTogether) {
  auto owner = std::make_unique<QueueStore>(path);  // closed before the reopen below
  QueueStore& s = *owner;
  std::uint64_t ran = s.add_input(cm0_input());
  std::uint64_t waiting = s.add_input(cm0_input());

  QueueStore::SyncPoint sp;
  sp.consumed_input = ran;
  sp.outputs = {tpipe_output("CLIENT01", "IOPCB REPLY"), tpipe_output("PRINTER1", "ALT PCB"),
                tpipe_output("CLIENT02", "ASYNC CALLOUT")};
  InputMessage sw1 = cm0_input();
  sw1.trancode = "NEXTTRAN";
  sw1.commit_then_send = false;
  InputMessage sw2 = sw1;
  sw2.trancode = "AUDITTRN";
  sw2.security = MessageSecurity::None;
  sp.inputs = {sw1, sw2};
  auto done = s.commit(sp);

  ASSERT_EQ(done.output_ids.size(), 3u);
  ASSERT_EQ(done.input_ids.size(), 2u);
  EXPECT_TRUE(std::is_sorted(done.output_ids.begin(), done.output_ids.end()));
  EXPECT_GT(done.input_ids[0], waiting);
  EXPECT_LT(done.input_ids[0], done.input_ids[1]);

  // What an emergency restart finds: the message that ran is gone, its results are queued.
  owner.reset();  // one process at a time: the store is locked while open
  QueueStore again(path);
  auto in = again.inputs();
  ASSERT_EQ(in.size(), 3u);
  EXPECT_EQ(ids_of(in), (std::vector<std::uint64_t>{waiting, done.input_ids[0], done.input_ids[1]}));
  expect_same_input(in[1], sw1);
  expect_same_input(in[2], sw2);
  auto out = again.outputs();
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(ids_of(out), done.output_ids) << "ids returned in the order of SyncPoint::outputs";
  for (std::size_t i = 0; i < out.size(); ++i) expect_same_output(out[i], sp.outputs[i]);
}

TEST_F(QueueStoreTest, ASyncPointOfANonRecoverableInputOnlyQueuesItsOutput) {
  QueueStore s(path);
  std::uint64_t other = s.add_input(cm0_input());
  QueueStore::SyncPoint sp;  // consumed_input 0: a CM1 message, never stored
  sp.outputs = {tpipe_output("CLIENT01", "ALT PCB")};
  auto done = s.commit(sp);
  ASSERT_EQ(done.output_ids.size(), 1u);
  EXPECT_TRUE(done.input_ids.empty());
  EXPECT_EQ(ids_of(s.inputs()), std::vector<std::uint64_t>{other});
  EXPECT_EQ(ids_of(s.outputs()), done.output_ids);

  // A sync point with nothing in it is allowed too (a program that ended without output).
  auto none = s.commit({});
  EXPECT_TRUE(none.output_ids.empty());
  EXPECT_TRUE(none.input_ids.empty());
}

TEST_F(QueueStoreTest, AnInputIsConsumedOnceASecondSyncPointForItIsRefused) {
  QueueStore s(path);
  std::uint64_t ran = s.add_input(cm0_input());
  QueueStore::SyncPoint sp;
  sp.consumed_input = ran;
  sp.outputs = {tpipe_output("CLIENT01", "REPLY")};
  auto first = s.commit(sp);

  // The same message committed again would put its reply on the hold queue twice.
  sp.inputs = {cm0_input()};
  EXPECT_THROW(s.commit(sp), QueueStoreError);
  EXPECT_TRUE(s.inputs().empty());
  EXPECT_EQ(ids_of(s.outputs()), first.output_ids);

  // Nor can a sync point consume a message /DEQUEUE discarded.
  std::uint64_t dequeued = s.add_input(cm0_input());
  s.remove_input(dequeued);
  sp.consumed_input = dequeued;
  try {
    s.commit(sp);
    ADD_FAILURE() << "commit of a dequeued input succeeded";
  } catch (const QueueStoreError& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(dequeued)), std::string::npos) << e.what();
  }
  EXPECT_TRUE(s.inputs().empty());
  EXPECT_EQ(ids_of(s.outputs()), first.output_ids);
}

TEST_F(QueueStoreTest, ASyncPointThatFailsHalfwayChangesNothing) {
  std::uint64_t ran, waiting;
  {
    QueueStore s(path);
    ran = s.add_input(cm0_input());
    waiting = s.add_input(cm0_input());
  }
  // A write error in the middle of the sync point: the input is already deleted and the first
  // output inserted when the second output fails.
  raw_sql(path,
          "CREATE TRIGGER poison BEFORE INSERT ON outputs WHEN NEW.destination = 'POISON' "
          "BEGIN SELECT RAISE(ABORT, 'simulated write error'); END;");

  auto owner = std::make_unique<QueueStore>(path);  // closed before the reopen below
  QueueStore& s = *owner;
  QueueStore::SyncPoint sp;
  sp.consumed_input = ran;
  sp.outputs = {tpipe_output("CLIENT01", "REPLY"), tpipe_output("POISON", "ALT PCB")};
  sp.inputs = {cm0_input()};
  try {
    s.commit(sp);
    ADD_FAILURE() << "the sync point did not fail";
  } catch (const QueueStoreError& e) {
    EXPECT_NE(std::string(e.what()).find("simulated write error"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_EQ(ids_of(s.inputs()), (std::vector<std::uint64_t>{ran, waiting}));
  EXPECT_TRUE(s.outputs().empty());

  // The store is not left inside a transaction: the same sync point without the bad output
  // goes through, and it is on disk for the next restart.
  sp.outputs.pop_back();
  auto done = s.commit(sp);
  owner.reset();  // one process at a time: the store is locked while open
  QueueStore again(path);
  EXPECT_EQ(ids_of(again.inputs()), (std::vector<std::uint64_t>{waiting, done.input_ids[0]}));
  EXPECT_EQ(ids_of(again.outputs()), done.output_ids);
}

TEST_F(QueueStoreTest, AnAckRemovesHeldOutputAndAnAckForAGoneMessageIsANoOp) {
  auto owner = std::make_unique<QueueStore>(path);  // closed before the reopen below
  QueueStore& s = *owner;
  std::uint64_t a = s.add_output(tpipe_output("CLIENT01", "FIRST"));
  std::uint64_t b = s.add_output(tpipe_output("CLIENT01", "SECOND"));
  s.remove_output(a);  // the client ACKed it
  EXPECT_EQ(ids_of(s.outputs()), std::vector<std::uint64_t>{b});
  s.remove_output(a);  // a second ACK (or a purge racing with it)
  s.remove_output(b + 1000);
  s.remove_output(0);
  s.remove_output(UINT64_MAX);
  EXPECT_EQ(ids_of(s.outputs()), std::vector<std::uint64_t>{b});

  std::uint64_t in = s.add_input(cm0_input());
  s.remove_input(in);  // /DEQUEUE of the transaction
  s.remove_input(in);
  s.remove_input(UINT64_MAX);
  EXPECT_TRUE(s.inputs().empty());

  owner.reset();  // one process at a time: the store is locked while open
  QueueStore again(path);
  EXPECT_EQ(ids_of(again.outputs()), std::vector<std::uint64_t>{b});
  EXPECT_TRUE(again.inputs().empty());
}

TEST_F(QueueStoreTest, RerouteMovesHeldOutputToAnotherTpipeOfTheMember) {
  OutputMessage m = tpipe_output("CLIENT01", "UNDELIVERED");
  std::uint64_t id, other;
  {
    QueueStore s(path);
    id = s.add_output(m);
    other = s.add_output(tpipe_output("CLIENT02", "STAYS"));
    s.move_output(id, "HWS$DEF");
    s.move_output(id + 1000, "HWS$DEF");  // gone meanwhile: nothing to move
  }
  QueueStore s(path);
  auto out = s.outputs();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].store_id, id) << "a reroute keeps the message's id and place";
  m.destination = "HWS$DEF";
  expect_same_output(out[0], m);
  EXPECT_EQ(out[1].store_id, other);
  EXPECT_EQ(out[1].destination, "CLIENT02");
}

TEST_F(QueueStoreTest, IdsNeverRepeatEvenAfterTheNewestMessageIsGoneAndTheStoreReopened) {
  std::uint64_t last_in, last_out;
  {
    QueueStore s(path);
    s.add_input(cm0_input());
    last_in = s.add_input(cm0_input());
    s.add_output(tpipe_output("CLIENT01", "A"));
    last_out = s.add_output(tpipe_output("CLIENT01", "B"));
    s.remove_input(last_in);  // the newest of each is gone ...
    s.remove_output(last_out);
  }
  {
    // ... and the restart must not hand its id to another message: a client may still hold it.
    QueueStore s(path);
    EXPECT_GT(s.add_input(cm0_input()), last_in);
    EXPECT_GT(s.add_output(tpipe_output("CLIENT01", "C")), last_out);
    auto sp = s.commit({0, {tpipe_output("CLIENT01", "D")}, {cm0_input()}, {}});
    last_in = sp.input_ids[0];
    last_out = sp.output_ids[0];
    s.remove_input(last_in);
    s.remove_output(last_out);
  }
  QueueStore s(path);
  EXPECT_GT(s.add_input(cm0_input()), last_in);
  EXPECT_GT(s.add_output(tpipe_output("CLIENT01", "E")), last_out);
}

TEST_F(QueueStoreTest, RefusesAFileThatIsNotAQueueStore) {
  // Another application's SQLite database: refused untouched.
  std::string other = dir.file("other.db");
  raw_sql(other, "PRAGMA application_id = 42; CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  try {
    QueueStore s(other);
    ADD_FAILURE() << "opened another application's database";
  } catch (const QueueStoreError& e) {
    EXPECT_NE(std::string(e.what()).find(other), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not a zgate queue store"), std::string::npos) << e.what();
  }
  // An SQLite database without application_id but with tables is somebody else's too.
  std::string unmarked = dir.file("unmarked.db");
  raw_sql(unmarked, "CREATE TABLE inputs (x);");
  EXPECT_THROW(QueueStore{unmarked}, QueueStoreError);

  // Not SQLite at all.
  std::string garbage = dir.file("garbage.db");
  std::string junk(8192, '\0');
  for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>(i * 131 + 7);
  std::ofstream(garbage, std::ios::binary) << junk;
  try {
    QueueStore s(garbage);
    ADD_FAILURE() << "opened garbage";
  } catch (const QueueStoreError& e) {
    EXPECT_NE(std::string(e.what()).find(garbage), std::string::npos) << e.what();
  }
  EXPECT_EQ(file_bytes(garbage), junk) << "a refused file is left as it was";

  // A directory that does not exist.
  EXPECT_THROW(QueueStore{dir.file("no/such/dir/queues.db")}, QueueStoreError);
}

TEST_F(QueueStoreTest, TheSecurityDatabaseAndTheQueueStoreCannotBeMistakenForEachOther) {
  std::string racf = dir.file("racf.db");
  saf::store::open_sqlite(racf)->put_setting("marker", "1");
  try {
    QueueStore s(racf);
    ADD_FAILURE() << "opened the security database as a queue store";
  } catch (const QueueStoreError& e) {
    EXPECT_NE(std::string(e.what()).find(racf), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("security database"), std::string::npos) << e.what();
  }
  EXPECT_EQ(saf::store::open_sqlite(racf)->setting("marker"), "1");

  { QueueStore s(path); }
  EXPECT_THROW(saf::store::open_sqlite(path), std::runtime_error);
  QueueStore s(path);  // and refusing it did not damage it
  EXPECT_TRUE(s.inputs().empty());
}

TEST_F(QueueStoreTest, RefusesAQueueStoreWrittenByANewerZgate) {
  { QueueStore s(path); }
  raw_sql(path, "PRAGMA user_version = 99;");
  try {
    QueueStore s(path);
    ADD_FAILURE() << "opened a newer schema";
  } catch (const QueueStoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
  }
}

TEST_F(QueueStoreTest, DamagedSegmentsAreReportedNotMisread) {
  std::uint64_t id;
  {
    QueueStore s(path);
    id = s.add_input(cm0_input());
  }
  // A length prefix that claims more bytes than the row holds.
  raw_sql(path, "UPDATE inputs SET segments = X'000000FF41' WHERE id = " + std::to_string(id));
  QueueStore s(path);
  EXPECT_THROW(s.inputs(), QueueStoreError);
}

TEST_F(QueueStoreTest, CallsFromManyRegionThreadsAreSerialized) {
  QueueStore s(path);
  constexpr int kThreads = 4, kEach = 20;
  std::vector<std::vector<std::uint64_t>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::uint64_t in = s.add_input(cm0_input());
        auto sp = s.commit({in, {tpipe_output("CLIENT01", "R")}, {}, {}});
        got[t].push_back(sp.output_ids[0]);
      }
    });
  for (auto& th : threads) th.join();
  std::set<std::uint64_t> all;
  for (const auto& v : got) {
    EXPECT_TRUE(std::is_sorted(v.begin(), v.end())) << "ids increase";
    all.insert(v.begin(), v.end());
  }
  EXPECT_EQ(all.size(), std::size_t{kThreads * kEach});
  EXPECT_TRUE(s.inputs().empty());
  EXPECT_EQ(s.outputs().size(), std::size_t{kThreads * kEach});
}

// ---------------------------------------------------------------------------------------------
// kill -9. A child process plays IMS: it accepts CM0 input messages and runs sync points, and
// reports each id on a pipe right after the call returned. The parent kills it wherever it is,
// restarts the store and checks that nothing reported is lost and no sync point is half done.

// Everything about a message follows from its number or from the input it came from, so the
// parent can recognise a sync point's results even for the one that was cut off.
InputMessage original(int i) {
  InputMessage m = cm0_input();
  m.trancode = "ORIGTRAN";
  m.segments = {"ORIGTRAN", "\0seq="s + std::to_string(i)};
  return m;
}
OutputMessage reply_of(std::uint64_t input, int k) {
  return tpipe_output("CLIENT01", "REPLY" + std::to_string(k) + " TO " + std::to_string(input));
}
InputMessage switch_of(std::uint64_t input) {
  InputMessage m = cm0_input();
  m.trancode = "SWITCHTR";
  m.segments = {"SWITCHTR", std::to_string(input)};
  return m;
}
constexpr int kRepliesPerSyncPoint = 2;

// The child: never returns into GoogleTest, always leaves through _exit. It picks up where the
// previous (killed) child left off: the inputs still queued in the store run first.
[[noreturn]] void ims(const std::string& path, int out, int round) {
  try {
    QueueStore s(path);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);  // if orphaned
    std::deque<std::uint64_t> queued;
    for (const auto& m : s.inputs())
      if (m.trancode == "ORIGTRAN") queued.push_back(m.store_id);
    for (int i = round * 1'000'000; std::chrono::steady_clock::now() < deadline; ++i) {
      std::uint64_t id = s.add_input(original(i));
      write_all(out, "A " + std::to_string(id) + "\n");
      queued.push_back(id);
      if (i % 2 == 0) continue;
      // The oldest queued message runs: its replies and its program switch appear.
      QueueStore::SyncPoint sp;
      sp.consumed_input = queued.front();
      queued.pop_front();
      for (int k = 0; k < kRepliesPerSyncPoint; ++k) sp.outputs.push_back(reply_of(sp.consumed_input, k));
      sp.inputs.push_back(switch_of(sp.consumed_input));
      // Tells the parent that a sync point is under way: the moment to aim the kill at.
      write_all(out, "C " + std::to_string(sp.consumed_input) + "\n");
      auto done = s.commit(sp);
      std::string line = "S " + std::to_string(sp.consumed_input);
      for (auto o : done.output_ids) line += " " + std::to_string(o);
      line += " " + std::to_string(done.input_ids.at(0)) + "\n";
      write_all(out, line);
    }
    ::_exit(0);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "queue-store crash-test child: %s\n", e.what());
    ::_exit(3);
  }
}

// Runs one child until it has reported at least `min_lines` and has just announced a sync point,
// lets it go on for a random short while (so that the kill lands before, inside or after the
// commit), kills it and returns every complete line it reported. No outcome depends on timing:
// the delay only varies where the kill lands.
std::string run_and_kill(const std::string& path, int round, long min_lines, std::mt19937& rng) {
  int fds[2];
  if (::pipe(fds) != 0) {
    ADD_FAILURE() << "pipe: " << std::strerror(errno);
    return {};
  }
  std::fflush(nullptr);  // so the child does not inherit unwritten output
  pid_t child = ::fork();
  if (child < 0) {
    ADD_FAILURE() << "fork: " << std::strerror(errno);
    return {};
  }
  if (child == 0) {
    ::close(fds[0]);
    ims(path, fds[1], round);
  }
  ::close(fds[1]);

  std::string received;
  char buf[4096];
  auto lines = [&] { return std::count(received.begin(), received.end(), '\n'); };
  auto announced_sync_point = [&] {
    auto end = received.rfind('\n');
    if (end == std::string::npos) return false;
    auto begin = received.rfind('\n', end - 1);
    begin = begin == std::string::npos ? 0 : begin + 1;
    return received.compare(begin, 2, "C ") == 0;
  };
  while (lines() < min_lines || !announced_sync_point()) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the child died on its own: the status below says why
    received.append(buf, static_cast<std::size_t>(n));
  }
  std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 12000)(rng)));
  ::kill(child, SIGKILL);
  int status = 0;
  EXPECT_EQ(::waitpid(child, &status, 0), child);
  // What is still in the pipe after it died was reported too.
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) received.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the child ended by itself, status " << status << " (see its message above)";
  EXPECT_GE(lines(), min_lines);
  // A line cut off by the kill was never completely reported; drop it.
  auto last = received.rfind('\n');
  received.erase(last == std::string::npos ? 0 : last + 1);
  return received;
}

TEST(QueueStoreCrash, WhatACallReturnedSurvivesKill9AndNoSyncPointIsHalfApplied) {
  TempDir dir;
  std::string path = dir.file("queues.db");
  // Several crashes in a row, each followed by an emergency restart that carries on with what
  // the store kept: every kill gets its own chance to land in the middle of a sync point.
  std::mt19937 rng(std::random_device{}());
  std::string received;
  for (int round = 0; round < 4; ++round) {
    received += run_and_kill(path, round, 25, rng);
    ASSERT_FALSE(HasFailure()) << "round " << round;
  }

  std::vector<std::uint64_t> accepted;  // every add_input that returned
  struct Reported {
    std::uint64_t consumed;
    std::vector<std::uint64_t> outputs;
    std::uint64_t switched;
  };
  std::vector<Reported> synced;  // every commit that returned
  std::istringstream report(received);
  for (std::string kind; report >> kind;) {
    if (kind == "C") {
      std::uint64_t ignored;
      report >> ignored;  // a sync point begun; only its "S" line says it committed
    } else if (kind == "A") {
      std::uint64_t id;
      report >> id;
      accepted.push_back(id);
    } else {
      ASSERT_EQ(kind, "S");
      Reported r;
      r.outputs.resize(kRepliesPerSyncPoint);
      report >> r.consumed;
      for (auto& o : r.outputs) report >> o;
      report >> r.switched;
      synced.push_back(r);
    }
  }
  ASSERT_FALSE(synced.empty());
  EXPECT_TRUE(std::is_sorted(accepted.begin(), accepted.end()));
  EXPECT_EQ(std::set<std::uint64_t>(accepted.begin(), accepted.end()).size(), accepted.size())
      << "ids are unique";

  ASSERT_EQ(integrity_check(path), "ok");
  QueueStore s(path);  // the emergency restart
  std::map<std::uint64_t, InputMessage> inputs;
  for (auto& m : s.inputs()) inputs.emplace(m.store_id, m);
  std::map<std::uint64_t, OutputMessage> outputs;
  for (auto& m : s.outputs()) outputs.emplace(m.store_id, m);

  // What each stored input's sync point left behind, found by content.
  std::map<std::uint64_t, int> replies, switches;  // by the input they came from
  std::set<std::uint64_t> originals;
  for (const auto& [id, m] : inputs) {
    if (m.trancode == "SWITCHTR") {
      ++switches[std::stoull(m.segments.at(1))];
    } else {
      ASSERT_EQ(m.trancode, "ORIGTRAN");
      originals.insert(id);
    }
  }
  for (const auto& [id, m] : outputs) {
    const std::string& text = m.segments.at(0);
    ++replies[std::stoull(text.substr(text.rfind(' ') + 1))];
  }

  // All or nothing, for every sync point that happened (reported or cut off by the kill).
  std::set<std::uint64_t> consumed;
  for (const auto& [input, n] : replies) consumed.insert(input);
  for (const auto& [input, n] : switches) consumed.insert(input);
  for (std::uint64_t input : consumed) {
    EXPECT_EQ(originals.count(input), 0u) << "input " << input << " both ran and is still queued";
    EXPECT_EQ(replies[input], kRepliesPerSyncPoint) << "sync point of input " << input << " half applied";
    EXPECT_EQ(switches[input], 1) << "sync point of input " << input << " half applied";
  }
  // Nothing reported is lost: an accepted input is queued still or has run (whole).
  for (std::uint64_t id : accepted)
    EXPECT_TRUE(originals.count(id) || consumed.count(id)) << "accepted input " << id << " lost";
  for (const auto& r : synced) {
    EXPECT_EQ(originals.count(r.consumed), 0u) << "input " << r.consumed << " ran but is back";
    for (std::size_t k = 0; k < r.outputs.size(); ++k) {
      auto it = outputs.find(r.outputs[k]);
      ASSERT_NE(it, outputs.end()) << "reply " << r.outputs[k] << " of input " << r.consumed << " lost";
      expect_same_output(it->second, reply_of(r.consumed, static_cast<int>(k)));
    }
    auto it = inputs.find(r.switched);
    ASSERT_NE(it, inputs.end()) << "switch " << r.switched << " of input " << r.consumed << " lost";
    expect_same_input(it->second, switch_of(r.consumed));
  }
  // And the queued originals are whole.
  for (std::uint64_t id : originals) {
    const auto& seg = inputs.at(id).segments.at(1);
    ASSERT_EQ(seg.substr(0, 5), "\0seq="s);
    expect_same_input(inputs.at(id), original(std::stoi(seg.substr(5))));
  }
}

}  // namespace
}  // namespace zgate::tm

namespace zgate::tm {
namespace {

// Two servers on one queue data set would both recover, and both deliver, the same messages.
TEST(QueueStoreLock, ASecondOpenOfAQueueStoreInUseIsRefusedAndTheLockEndsWithTheFirst) {
  char tmpl[] = "/tmp/zgate-qs-lock-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string path = std::string(tmpl) + "/queues.db";
  {
    QueueStore first(path);
    try {
      QueueStore second(path);
      FAIL() << "a queue store in use must not open twice";
    } catch (const QueueStoreError& e) {
      EXPECT_NE(std::string(e.what()).find("in use by another process"), std::string::npos) << e.what();
    }
  }
  EXPECT_NO_THROW(QueueStore again(path));
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace zgate::tm

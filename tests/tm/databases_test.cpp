// Transaction programs with databases, end to end through real regions: IBM's IVP phone book
// (IVTNO, PSB DFSIVP1, DBD DFSIVD1) and the backout of a program's changes when it abends,
// ROLBs or ROLLs. The database shares the queue store's file and commits with its sync point.
#include <gtest/gtest.h>

#include <future>
#include <set>

#include "db/catalog.h"
#include "db/hierarchy.h"
#include "db/sqlite_store.h"
#include "tm/databases.h"
#include "tm/queue_store.h"
#include "tm_fixture.h"

namespace zgate::tm {
namespace {

using namespace testing;

core::Member deck(const std::string& name, const std::string& text) {
  auto r = core::parse_member(name, text, core::MemberFormat::Stage1);
  EXPECT_TRUE(r.ok()) << (r.error ? r.error->to_string() : "");
  return r.member;
}

const char* kDfsivd1 =
    "         DBD   NAME=DFSIVD1,ACCESS=(HIDAM,OSAM)\n"
    "         DATASET DD1=DFSIVD1,DEVICE=3380,BLOCK=1024\n"
    "         SEGM  NAME=A1111111,PARENT=0,BYTES=40,RULES=(LLL,HERE)\n"
    "         FIELD NAME=(A1111111,SEQ,U),BYTES=10,START=1,TYPE=C\n"
    "         DBDGEN\n"
    "         FINISH\n"
    "         END\n";
const char* kDfsivp1 =
    "         PCB TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=A,KEYLEN=10\n"
    "         SENSEG NAME=A1111111,PARENT=0,PROCOPT=A\n"
    "         PSBGEN LANG=ASSEM,PSBNAME=DFSIVP1\n"
    "         END\n";
const char* kDbcount =
    "         PCB TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=A,KEYLEN=10\n"
    "         SENSEG NAME=A1111111,PARENT=0\n"
    "         PSBGEN LANG=C,PSBNAME=DBCOUNT\n"
    "         END\n";
const char* kInqypgm =
    "         PCB TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=G,KEYLEN=10\n"
    "         SENSEG NAME=A1111111,PARENT=0\n"
    "         PSBGEN LANG=C,PSBNAME=INQYPGM\n"
    "         END\n";
const char* kDblock2 =
    "         PCB TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=A,KEYLEN=10\n"
    "         SENSEG NAME=A1111111,PARENT=0\n"
    "         PSBGEN LANG=C,PSBNAME=DBLOCK2\n"
    "         END\n";
const char* kForgedb =
    "         PCB TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=G,KEYLEN=10\n"
    "         SENSEG NAME=A1111111,PARENT=0\n"
    "         PSBGEN LANG=C,PSBNAME=FORGEDB\n"
    "         END\n";
const char* kDbupdab =
    "         PCB TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=A,KEYLEN=10\n"
    "         SENSEG NAME=A1111111,PARENT=0\n"
    "         PSBGEN LANG=C,PSBNAME=DBUPDAB\n"
    "         END\n";

class Databases_ : public TmTest {
 protected:
  Databases_() {
    db::Dbd d = db::read_dbd(deck("DFSIVD1", kDfsivd1));
    catalog.dbds.emplace(d.name, std::move(d));
    for (const char* p : {kDfsivp1, kDbupdab, kDbcount, kInqypgm, kDblock2, kForgedb}) {
      db::Psb psb = db::read_psb(deck("PSB", p));
      db::check_psb(psb, catalog.dbds);
      catalog.psbs.emplace(psb.name, std::move(psb));
    }
    file = dir_ + "/zgate-queues.db";
    queue = std::make_unique<QueueStore>(file);
    store = std::make_unique<db::SqliteStore>(file, std::vector<const db::Dbd*>{&catalog.dbds.at("DFSIVD1")});
    databases.reset(new Databases{catalog, *store, true, {}, nullptr});
  }
  ~Databases_() override {
    tm.reset();
    databases.reset();
    store.reset();
    queue.reset();
  }
  void start() {
    const char* stage1 =
        "         DATABASE DBD=DFSIVD1,ACCESS=UP\n"
        "         APPLCTN PSB=DFSIVP1,PGMTYPE=TP\n"
        "         TRANSACT CODE=IVTNO,MSGTYPE=(SNGLSEG,NONRESPONSE,1)\n"
        "         APPLCTN PSB=FORGEDB\n"
        "         TRANSACT CODE=FORGEDB\n"
        "         APPLCTN PSB=DBLOCK2\n"
        "         TRANSACT CODE=DBLOCK2\n"
        "         APPLCTN PSB=INQYPGM\n"
        "         TRANSACT CODE=INQYPGM\n"
        "         APPLCTN PSB=DBCOUNT\n"
        "         TRANSACT CODE=DBCOUNT\n"
        "         APPLCTN PSB=DBUPDAB\n"
        "         TRANSACT CODE=DBUPDAB\n"
        "         IMSGEN\n";
    tm = make_transaction_manager(*sm, sink, table_from(stage1), cfg, nullptr, queue.get(), databases.get());
    tm->start();
  }
  // The IVP's input: transaction code X(10), command X(8), names and numbers.
  static std::string ivtno(const std::string& cmd, const std::string& last, const std::string& first = "",
                           const std::string& ext = "", const std::string& zip = "") {
    auto pad = [](std::string s, std::size_t n) {
      s.resize(n, ' ');
      return s;
    };
    return pad("IVTNO", 10) + pad(cmd, 8) + pad(last, 10) + pad(first, 10) + pad(ext, 10) + pad(zip, 7);
  }
  Outcome send(const std::string& data) {
    InputMessage m;
    m.trancode = data.substr(0, data.find(' '));
    m.segments = {data};
    m.lterm = "TPIPE1";
    m.tmember = "HWS1";
    return run(std::move(m));
  }
  static std::string message_of(const Outcome& o) { return o.segments.empty() ? "" : o.segments[0].substr(0, 40); }
  static std::string record_of(const Outcome& o) { return o.segments.empty() ? "" : o.segments[0].substr(48, 37); }

  db::Catalog catalog;
  std::string file;
  std::unique_ptr<QueueStore> queue;
  std::unique_ptr<db::SqliteStore> store;
  std::unique_ptr<Databases> databases;
};

std::string padded(std::string s, std::size_t n) {
  s.resize(n, ' ');
  return s;
}

TEST_F(Databases_, TheIvpPhoneBookAddsDisplaysUpdatesAndDeletesAnEntry) {
  start();
  Outcome o = send(ivtno("ADD", "LAST1", "FIRST1", "8-111-1111", "D01/R01"));
  EXPECT_EQ(message_of(o), padded("ENTRY WAS ADDED", 40)) << text(o);
  o = send(ivtno("DISPLAY", "LAST1"));
  EXPECT_EQ(message_of(o), padded("ENTRY WAS DISPLAYED", 40));
  EXPECT_EQ(record_of(o), padded("LAST1", 10) + padded("FIRST1", 10) + padded("8-111-1111", 10) + "D01/R01");
  EXPECT_EQ(o.segments[0].substr(40, 8), padded("DISPLAY", 8));
  EXPECT_EQ(o.segments[0].substr(85), "0001");
  o = send(ivtno("UPDATE", "LAST1", "", "8-222-2222"));
  EXPECT_EQ(message_of(o), padded("ENTRY WAS UPDATED", 40));
  o = send(ivtno("DISPLAY", "LAST1"));
  EXPECT_EQ(record_of(o), padded("LAST1", 10) + padded("FIRST1", 10) + padded("8-222-2222", 10) + "D01/R01");
  o = send(ivtno("ADD", "LAST1", "AGAIN", "1", "1"));
  EXPECT_EQ(message_of(o), padded("ADDITION OF ENTRY HAS FAILED", 40));
  o = send(ivtno("DELETE", "LAST1"));
  EXPECT_EQ(message_of(o), padded("ENTRY WAS DELETED", 40));
  o = send(ivtno("DISPLAY", "LAST1"));
  EXPECT_EQ(message_of(o), padded("SPECIFIED PERSON WAS NOT FOUND", 40));
}

TEST_F(Databases_, TheIvpRefusesAnUnknownProcessCodeAndAnAddWithoutData) {
  start();
  EXPECT_EQ(message_of(send(ivtno("PRINT", "LAST1"))), padded("PROCESS CODE IS NOT VALID", 40));
  EXPECT_EQ(message_of(send(ivtno("ADD", "LAST2"))), padded("DATA IS NOT ENOUGH.  PLEASE KEY IN MORE", 40));
  EXPECT_EQ(message_of(send(ivtno("DISPLAY", ""))), padded("LAST NAME WAS NOT SPECIFIED", 40));
}

TEST_F(Databases_, ACommittedChangeIsInTheFileAndAnAbendedOneIsNot) {
  start();
  EXPECT_EQ(text(send("DBUPDAB OK KEPT")), "ADDED");
  Outcome crashed = send("DBUPDAB S0C4 CRASHED");
  EXPECT_EQ(crashed.abend_code, "S0C4");
  EXPECT_NE(text(crashed).find("DFS555I"), std::string::npos) << text(crashed);
  EXPECT_EQ(send("DBUPDAB U0500 USERABND").abend_code, "U0500");
  EXPECT_EQ(send("DBUPDAB ROLL ROLLED").abend_code, "U0778");
  EXPECT_EQ(text(send("DBUPDAB ROLB ROLLEDB")), "ROLLED BACK");  // the output before ROLB is gone too
  tm.reset();
  // What the file holds: only the entry whose program ended normally.
  EXPECT_EQ(store->count("DFSIVD1"), 1u);
  db::SegmentRow row;
  ASSERT_TRUE(store->next("DFSIVD1", "", false, row));
  EXPECT_EQ(row.data.substr(0, 10), padded("KEPT", 10));
}

TEST_F(Databases_, ADatabaseStoppedByDbrEndsTheProgramWithU3303AndStartDbMakesItAvailable) {
  start();
  ASSERT_TRUE(tm->databases()->dbr("DFSIVD1"));
  Outcome o = send(ivtno("DISPLAY", "LAST1"));
  EXPECT_EQ(o.abend_code, "U3303");
  EXPECT_NE(text(o).find("DFS555I"), std::string::npos);
  ASSERT_TRUE(tm->databases()->start("DFSIVD1"));
  EXPECT_EQ(message_of(send(ivtno("DISPLAY", "LAST1"))), padded("SPECIFIED PERSON WAS NOT FOUND", 40));
}

TEST_F(Databases_, TwoRegionsUpdatingOneRecordSerializeAsProgramIsolationDoesAndLoseNoUpdate) {
  // The counter: an entry whose first-name field holds a number.
  store->commit({db::Change{"DFSIVD1", db::Hierarchy(catalog.dbds.at("DFSIVD1")).component(0, padded("COUNTER", 10), 0),
                            padded("COUNTER", 10) + "0000000000" + padded("", 20)}});
  start();
  // Twenty messages at once over two regions: each GHU + 20 ms + REPL. Without the lock on the
  // record the two regions would read the same value and lose increments.
  std::vector<std::future<Outcome>> pending;
  for (int i = 0; i < 20; ++i) {
    auto p = std::make_shared<std::promise<Outcome>>();
    pending.push_back(p->get_future());
    InputMessage m;
    m.trancode = "DBCOUNT";
    m.segments = {"DBCOUNT COUNTER"};
    m.lterm = "TPIPE1";
    m.tmember = "HWS1";
    tm->submit(std::move(m), [p](Outcome o) { p->set_value(std::move(o)); });
  }
  std::set<std::string> values;
  for (auto& f : pending) {
    ASSERT_EQ(f.wait_for(std::chrono::seconds(120)), std::future_status::ready);
    Outcome o = f.get();
    EXPECT_TRUE(o.abend_code.empty()) << text(o);
    values.insert(text(o));
  }
  EXPECT_EQ(values.size(), 20u);  // every program saw the one before it: 1..20, each once
  EXPECT_EQ(*values.rbegin(), "0000000020");
  tm.reset();
  db::SegmentRow row;
  ASSERT_TRUE(store->next("DFSIVD1", "", false, row));
  EXPECT_EQ(row.data.substr(10, 10), "0000000020");
}

TEST_F(Databases_, InqyProgramNamesTheProgramAndDbqueryTellsWhetherItsDatabaseIsAvailable) {
  start();
  EXPECT_EQ(text(send("INQYPGM")), "PROGRAM=INQYPGM  IO=   DB=  ");
  ASSERT_TRUE(tm->databases()->stop("DFSIVD1"));
  EXPECT_EQ(text(send("INQYPGM")), "PROGRAM=INQYPGM  IO=BA DB=NA");
}

TEST_F(Databases_, ADeadlockBetweenTwoRegionsEndsOneWithU0777AndItsMessageRunsAgain) {
  const db::Hierarchy h(catalog.dbds.at("DFSIVD1"));
  store->commit({db::Change{"DFSIVD1", h.component(0, padded("ONE", 10), 0), padded("ONE", 40)},
                 db::Change{"DFSIVD1", h.component(0, padded("TWO", 10), 0), padded("TWO", 40)}});
  start();
  // Each holds one entry and then asks for the other's: a cycle. One is the victim; IMS backs
  // it out and schedules its message again, so both senders get their reply, no abend.
  std::vector<std::future<Outcome>> pending;
  for (const char* text : {"DBLOCK2 ONE TWO", "DBLOCK2 TWO ONE"}) {
    auto p = std::make_shared<std::promise<Outcome>>();
    pending.push_back(p->get_future());
    InputMessage m;
    m.trancode = "DBLOCK2";
    m.segments = {text};
    m.lterm = "TPIPE1";
    m.tmember = "HWS1";
    tm->submit(std::move(m), [p](Outcome o) { p->set_value(std::move(o)); });
  }
  std::set<std::string> replies;
  for (auto& f : pending) {
    ASSERT_EQ(f.wait_for(std::chrono::seconds(120)), std::future_status::ready);
    Outcome o = f.get();
    EXPECT_TRUE(o.abend_code.empty()) << text(o);
    replies.insert(text(o));
  }
  EXPECT_EQ(replies, (std::set<std::string>{"HELD ONE TWO", "HELD TWO ONE"}));
  EXPECT_GE(tm->counts("DBLOCK2").enqueued, 3u);  // the victim's message was queued again
  EXPECT_EQ(databases->isolation.waiting(), 0u);
}

TEST_F(Databases_, DatabaseCallsForgedOnTheRegionSocketAreCheckedByTheControlProcess) {
  start();
  // A PCB the PSB does not have is AD, however large the number; a 4 GB answer area gets the
  // segment, not 4 GB.
  EXPECT_EQ(text(send("FORGEDB PCB")), "PCB7 AD PCBMAX AD HUGECAP GE");
  // A frame that stops short ends the region (U4095); the next message runs in a new one.
  EXPECT_EQ(send("FORGEDB TRUNC").abend_code, "U4095");
  EXPECT_EQ(text(send("FORGEDB PCB")), "PCB7 AD PCBMAX AD HUGECAP GE");
}

TEST_F(Databases_, TheProgramsRecordIsHeldWhileItRunsAndFreedAtItsEnd) {
  start();
  EXPECT_EQ(text(send("DBUPDAB OK FIRST")), "ADDED");
  EXPECT_EQ(databases->isolation.waiting(), 0u);
  EXPECT_EQ(text(send("DBUPDAB OK FIRST")).find("ADDED"), std::string::npos);  // II: the program's U0003
}

}  // namespace
}  // namespace zgate::tm

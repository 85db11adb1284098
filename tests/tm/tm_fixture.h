#pragma once
// A transaction manager with real region processes (the built zgate binary, `zgate region`)
// running the real sample programs (<build>/programs/*.so), over a security manager on a
// SQLite database in a temporary directory, with cheap Argon2id and a memory audit sink.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <string>

#include "audit/sink.h"
#include "core/clock.h"
#include "core/proclib.h"
#include "saf/bootstrap.h"
#include "saf/security_manager.h"
#include "saf/store/store.h"
#include "tm/transaction_manager.h"
#include "poll_io_threads.h"

namespace zgate::tm::testing {

namespace fs = std::filesystem;

// <build>/programs, found from the zgate binary's place in the same build tree.
inline std::string program_dir() {
  for (fs::path p = fs::path(ZGATE_BINARY).parent_path(); !p.empty() && p != p.root_path();
       p = p.parent_path())
    if (fs::exists(p / "programs" / "ECHOPGM.so")) return (p / "programs").string();
  ADD_FAILURE() << "no programs/ECHOPGM.so above " << ZGATE_BINARY
                << " (build the `programs` target)";
  return {};
}

class TmTest : public ::testing::Test {
 protected:
  TmTest() {
    char tmpl[] = "/tmp/zgate-tm-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    sm = std::make_unique<saf::SecurityManager>(saf::store::open_sqlite(dir_ + "/racf.db"), sink,
                                                core::system_clock(), saf::HashCost{1, 8192});
    saf::bootstrap_if_empty(*sm);
    saf::Options o = sm->options();
    o.classact = {"TIMS", "GIMS", "FACILITY"};
    sm->put_options(o);
    // The regions' own user ID, as an installation defines it for its MPR started task.
    user("IMSREGN");
    cfg.count = 2;
    cfg.userid = "IMSREGN";
    cfg.program_dir = program_dir();
    cfg.region_command = {ZGATE_BINARY, "region"};
    cfg.processing_limit = std::chrono::seconds(30);
  }
  ~TmTest() override {
    tm.reset();  // regions end before the database goes (and before the I/O loop)
    io.reset();
    sm.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  void user(const std::string& id, const std::string& group = "SYS1") {
    saf::User u;
    u.id = id;
    u.name = id;
    u.owner = "IBMUSER";
    u.default_group = group;
    saf::Connect c;
    c.group = group;
    u.connects.push_back(c);
    sm->put_user(u);
  }
  // A profile with UACC(NONE) and the given users permitted at `access`.
  void protect(const std::string& cls, const std::string& name, const std::string& permitted = {},
               saf::Access access = saf::Access::Read) {
    saf::Profile p;
    p.cls = cls;
    p.name = name;
    p.owner = "IBMUSER";
    p.uacc = saf::Access::None;
    if (!permitted.empty()) p.acl.push_back({permitted, access, 0});
    sm->put_profile(p);
  }

  // The sample transactions, as a stage-1 deck would define them.
  // A transaction table from a stage-1 deck (APPLCTN/TRANSACT ... IMSGEN).
  static TransactionTable table_from(const char* deck) {
    auto parsed = core::parse_member("STAGE1", deck, core::MemberFormat::Stage1);
    EXPECT_TRUE(parsed.ok()) << (parsed.error ? parsed.error->to_string() : "");
    TransactionTable t;
    t.add_stage1(parsed.member);
    return t;
  }

  static TransactionTable sample_table() {
    const char* deck =
        "         APPLCTN PSB=ECHOPGM,PGMTYPE=TP\n"
        "         TRANSACT CODE=(ECHOTXN,ECHO2),MSGTYPE=(SNGLSEG,RESPONSE,1)\n"
        "         APPLCTN PSB=SWITCHPG\n"
        "         TRANSACT CODE=SWITCHTX\n"
        "         APPLCTN PSB=AUTHPGM\n"
        "         TRANSACT CODE=AUTHTX\n"
        "         APPLCTN PSB=CRASHPGM\n"
        "         TRANSACT CODE=CRASHTX\n"
        "         APPLCTN PSB=LOOPPGM\n"
        "         TRANSACT CODE=LOOPTX\n"
        "         APPLCTN PSB=NOSUCHPG\n"
        "         TRANSACT CODE=NOPGMTX\n"
        "         IMSGEN\n";
    return table_from(deck);
  }

  void start(OutputRouter* router = nullptr) {
    tm = make_transaction_manager(*sm, sink, sample_table(), cfg, router);
    if (io) tm->lend_io_threads(io.get());
    tm->start();
  }

  // A message as OTMA hands it over: under Check and Full with the requester's ACEE.
  InputMessage message(const std::string& code, const std::string& data,
                       MessageSecurity security = MessageSecurity::None,
                       const std::string& userid = {}) {
    InputMessage m;
    m.trancode = code;
    m.segments = {data.empty() ? code : code + " " + data};
    m.lterm = "TPIPE1";
    m.tmember = "HWS1";
    m.userid = userid;
    m.group = userid.empty() ? "" : "SYS1";
    m.security = security;
    if (!userid.empty()) m.requester = sm->acee_for(userid);
    return m;
  }

  Outcome run(InputMessage m) {
    auto p = std::make_shared<std::promise<Outcome>>();
    auto f = p->get_future();
    tm->submit(std::move(m), [p](Outcome o) { p->set_value(std::move(o)); });
    // Not a timing assertion: only a guard so that a broken build fails instead of hanging.
    if (f.wait_for(std::chrono::seconds(120)) != std::future_status::ready) {
      ADD_FAILURE() << "no outcome";
      return {};
    }
    return f.get();
  }

  static std::string text(const Outcome& o) {
    std::string s;
    for (const auto& seg : o.segments) s += (s.empty() ? "" : "|") + seg;
    return s;
  }

  std::string dir_;
  audit::MemorySink sink;
  std::unique_ptr<saf::SecurityManager> sm;
  RegionConfig cfg;
  // Set before start(): the programs' answers are read on this loop's thread, as in `zgate
  // serve`, instead of on each region's own thread.
  std::unique_ptr<PollIoThreads> io;
  std::unique_ptr<TransactionManager> tm;
};

// The regions' two ways of hearing their programs, for suites that run every case both ways.
enum class AnswersReadOn { RegionThread, IoThreads };
// How gtest prints the parameter (test listings, failures): in words, not as bytes.
inline void PrintTo(AnswersReadOn a, std::ostream* os) {
  *os << (a == AnswersReadOn::IoThreads ? "answers read on an I/O thread" : "answers read on the region's thread");
}
inline std::string answers_name(const ::testing::TestParamInfo<AnswersReadOn>& p) {
  return p.param == AnswersReadOn::IoThreads ? "OnIoThreads" : "OnRegionThreads";
}

}  // namespace zgate::tm::testing

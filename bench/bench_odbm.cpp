// bench_odbm: ODBM's layers in process (no sockets, no pool hop), each measured against the one
// beneath it in the same run, on IBM's IVP phone book (docs/proclib-sample: DFSIVD1 with N
// roots, PSB DFSIVP1, its DB PCB reached by ODBM as DBPCB01), as bench/compare's drda row:
//
//   BM_EngineGu/N        the DL/I engine's direct call: db::ScheduledPsb::call, GU by key
//   BM_ThreadGu/N        odbm::Thread::call of the same GU by PCB name (the /STO check, the SSA
//                        and result copies, the AIB and PCB feedback)
//   BM_ConversationGu/N  odbm::Conversation::handle of an OPNQRY GU chain: the request's DDM
//                        decoded (read_chain), the call, the reply chain encoded (OPNQRYRM,
//                        QRYDTA with the AIB and PCB streams in EBCDIC, ENDQRYRM)
//   BM_Allocate/raco:1   allocations per second: Odbm::allocate + deallocation (the Thread's
//                        destructor) with a RACO: sealed as IMS Connect seals one for each
//                        ACCRDB (the RACO key read from the security database, the ACEE of
//                        the sign-on sealed), opened (HMAC), its age and nonce checked, then APSB
//                        security (ODBASE=Y: READ to the PSB in AIMS) for the RACO's ACEE
//   BM_Allocate/raco:0   the same without a RACO (IMS Connect RACF=N): ODBM's job user, whose
//                        ACEE is built for each allocation, and the same AIMS check
//   BM_AllocateNoCheck   no RACO, ODBASE=N ISIS=N: nothing checked, the allocation's own cost
//
// Every GU is on a random key of the N (a fixed sequence); the key-order lookup is SQLite's
// (bench_dli compares the engine with SQLite itself). Audit records go to a NullSink. The RACO
// replay set keeps the nonces of the last raco_max_age (60) seconds: the manual clock moves one
// second every 64 allocations, so the set holds about 3840 nonces as it would at that rate.
//
//   build/bench/bench_odbm --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "audit/sink.h"
#include "core/clock.h"
#include "db/catalog.h"
#include "db/hierarchy.h"
#include "db/program_isolation.h"
#include "db/scheduled_psb.h"
#include "db/sqlite_store.h"
#include "odbm/code_points.h"
#include "odbm/conversation.h"
#include "odbm/ddm.h"
#include "odbm/dli_requests.h"
#include "odbm/odbm.h"
#include "saf/bootstrap.h"
#include "saf/security_manager.h"
#include "saf/store/store.h"
#include "saf/tokens.h"

namespace {

using namespace zgate;

std::string key_of(std::size_t i) {
  char b[32];
  std::snprintf(b, sizeof b, "N%09zu", i % 1000000000);
  return b;
}

// The phone book with `rows` roots, the security manager, ODBM.
struct World {
  explicit World(std::size_t rows)
      : clock(1'790'000'000), sm(saf::store::open_sqlite(":memory:"), sink, clock, saf::HashCost{1, 8192}) {
    saf::bootstrap_if_empty(sm);
    for (const char* u : {"USERIDA", "ODBMJOB"}) {
      saf::User u_;
      u_.id = u;
      u_.owner = "IBMUSER";
      u_.default_group = "SYS1";
      saf::Connect c;
      c.group = "SYS1";
      u_.connects.push_back(c);
      u_.password_hash = sm.hash_secret("SECRET1");
      u_.password_date = clock.now();
      sm.put_user(u_);
    }
    saf::Options o = sm.options();
    o.classact.insert("AIMS");
    sm.put_options(o);
    saf::Profile p;  // RDEFINE AIMS DFSIVP1 UACC(NONE); PERMIT DFSIVP1 CLASS(AIMS) ID(USERIDA ODBMJOB)
    p.cls = "AIMS";
    p.name = "DFSIVP1";
    p.owner = "IBMUSER";
    p.uacc = saf::Access::None;
    p.acl.push_back(saf::AccessEntry{"USERIDA", saf::Access::Read});
    p.acl.push_back(saf::AccessEntry{"ODBMJOB", saf::Access::Read});
    sm.put_profile(p);

    // IBM's IVP decks, as bench/compare's servers read them: DFSIVD1 (HIDAM, 40-byte roots keyed
    // by last name), its index, and DFSIVP1 (one DB PCB, PROCOPT=A, reached as DBPCB01).
    const std::filesystem::path sample = std::filesystem::path(ZGATE_SOURCE_DIR) / "docs" / "proclib-sample";
    catalog = db::read_catalog(sample / "DBDLIB", sample / "PSBLIB");
    char tmpl[] = "/tmp/zgate-bench-odbm-XXXXXX";
    dir = ::mkdtemp(tmpl);
    store = std::make_unique<db::SqliteStore>(dir / "db.sqlite", db::database_tables(catalog));
    const db::Hierarchy h(*catalog.dbd("DFSIVD1"));
    std::vector<db::Change> batch;
    for (std::size_t i = 0; i < rows; ++i) {
      std::string rec = key_of(i) + "FIRST     8-111-1111D01/R01";
      rec.resize(40, ' ');
      batch.push_back({"DFSIVD1", h.component(0, rec.substr(0, 10), 0), rec});
      if (batch.size() == 50000) {
        store->commit(batch);
        batch.clear();
      }
    }
    store->commit(batch);
    // Random keys of the N, every one present.
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<std::size_t> pick(0, rows - 1);
    for (int i = 0; i < 4096; ++i) ssas.push_back("A1111111(A1111111 =" + key_of(pick(rng)) + ")");
  }
  ~World() {
    checked_.reset();
    unchecked_.reset();
    store.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  // ODBASE=Y (APSB: AIMS) or no check at all.
  odbm::Odbm& get_odbm(bool check) {
    auto& o = check ? checked_ : unchecked_;
    if (!o) {
      odbm::OdbmOptions opt;
      opt.job_user = "ODBMJOB";
      opt.job_group = "SYS1";
      opt.security.odbase = check;
      opt.security.isis = 'N';
      o = std::make_unique<odbm::Odbm>(sm, sink, odbm::OdbmDatabases{&catalog, store.get(), &isolation, nullptr}, opt);
    }
    return *o;
  }

  core::ManualClock clock;
  audit::NullSink sink;
  saf::SecurityManager sm;
  db::Catalog catalog;
  std::filesystem::path dir;
  std::unique_ptr<db::SqliteStore> store;
  db::ProgramIsolation isolation;
  std::vector<std::string> ssas;
  std::unique_ptr<odbm::Odbm> checked_, unchecked_;
};

World& world(std::size_t rows) {
  static std::map<std::size_t, std::unique_ptr<World>> worlds;
  auto& w = worlds[rows];
  if (!w) w = std::make_unique<World>(rows);
  return *w;
}

void BM_EngineGu(benchmark::State& state) {
  World& w = world(static_cast<std::size_t>(state.range(0)));
  db::ScheduledPsb psb(*w.catalog.psb("DFSIVP1"), w.catalog.dbds, *w.store, w.isolation);
  std::size_t i = 0;
  for (auto _ : state) {
    db::DbCall c;
    c.function = "GU";
    c.ssas = {w.ssas[i++ % w.ssas.size()]};
    db::DbCallResult r = psb.call(0, c, std::chrono::steady_clock::now() + std::chrono::seconds(30));
    if (r.status[0] != ' ') state.SkipWithError(r.why.c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ThreadGu(benchmark::State& state) {
  World& w = world(static_cast<std::size_t>(state.range(0)));
  odbm::AllocateRequest req;
  req.rdbnam = "DFSIVP1";
  auto a = w.get_odbm(false).allocate(req);
  auto* t = std::get_if<std::unique_ptr<odbm::Thread>>(&a);
  if (!t) {
    state.SkipWithError("DFSIVP1 was not allocated");
    return;
  }
  std::size_t i = 0;
  std::vector<std::string> ssas(1);
  for (auto _ : state) {
    ssas[0] = w.ssas[i++ % w.ssas.size()];
    odbm::ThreadCallResult r = (*t)->call("DBPCB01", "GU", ssas, {});
    if (r.pcb.status != "  ") state.SkipWithError("GU did not find the key");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ConversationGu(benchmark::State& state) {
  World& w = world(static_cast<std::size_t>(state.range(0)));
  const core::CodePage cp = core::CodePage::IBM037;
  odbm::Conversation conv(w.get_odbm(false), cp, "127.0.0.1");
  const odbm::Conversation::RacoMaker no_raco = [] { return std::optional<std::vector<std::uint8_t>>{}; };
  auto handle = [&](const std::string& bytes) {
    std::size_t used = 0;
    auto chain = odbm::read_chain(bytes, used);
    if (!chain) throw std::runtime_error("not a whole chain");
    return conv.handle(*chain, no_raco, "USERIDA");
  };
  handle(odbm::request::accrdb(1, "DFSIVP1", cp));
  if (!conv.allocated()) {
    state.SkipWithError("ACCRDB DFSIVP1 was refused");
    return;
  }
  // The requests built beforehand, as a client (ims_load --drda) sends the same bytes each time.
  std::vector<std::string> requests;
  for (std::size_t k = 0; k < w.ssas.size(); ++k)
    requests.push_back(odbm::request::opnqry(2, "DBPCB01", "GU", {w.ssas[k]}, false, 0, cp));
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    odbm::Conversation::Outcome o = handle(requests[i++ % requests.size()]);
    bytes += o.reply.size();
    benchmark::DoNotOptimize(o);
  }
  // One check, outside the loop: the reply holds a row with a blank status.
  std::size_t used = 0;
  auto reply = odbm::read_chain(handle(requests[0]).reply, used);
  odbm::ReplyView v;
  v.chain = std::move(*reply);
  const auto rows = odbm::read_rows(v.query_data(), cp);
  if (rows.empty() || rows.at(0).pcb.status != "  ") state.SkipWithError("no row in the reply");
  state.SetItemsProcessed(state.iterations());
  state.counters["reply_bytes"] = static_cast<double>(bytes) / static_cast<double>(std::max<std::size_t>(1, state.iterations()));
}

void allocate_loop(benchmark::State& state, bool check, bool raco) {
  World& w = world(1000);
  odbm::Odbm& o = w.get_odbm(check);
  saf::AceeRef acee = w.sm.acee_for("USERIDA");  // IMS Connect's, from the sign-on
  odbm::AllocateRequest req;
  req.rdbnam = "DFSIVP1";
  req.source = "127.0.0.1";
  req.client_userid = "USERIDA";
  std::uint64_t n = 0;
  for (auto _ : state) {
    if (raco) {
      // As the DRDA door's RACO maker does for each ACCRDB: the key read, the ACEE sealed.
      auto b = saf::seal_raco(*acee, w.sm.raco_key(), w.clock.now());
      req.raco = std::vector<std::uint8_t>(b.begin(), b.end());
    }
    auto a = o.allocate(req);
    if (!std::holds_alternative<std::unique_ptr<odbm::Thread>>(a)) {
      state.SkipWithError(std::get<odbm::AllocationRefusal>(a).why.c_str());
      break;
    }
    // `a` goes here: the PSB deallocated.
    if (++n % 64 == 0) w.clock.advance(1);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Allocate(benchmark::State& state) { allocate_loop(state, true, state.range(0) != 0); }
void BM_AllocateNoCheck(benchmark::State& state) { allocate_loop(state, false, false); }

BENCHMARK(BM_EngineGu)->Arg(1000)->Arg(100000);
BENCHMARK(BM_ThreadGu)->Arg(1000)->Arg(100000);
BENCHMARK(BM_ConversationGu)->Arg(1000)->Arg(100000);
BENCHMARK(BM_Allocate)->ArgName("raco")->Arg(1)->Arg(0);
BENCHMARK(BM_AllocateNoCheck);

}  // namespace

BENCHMARK_MAIN();

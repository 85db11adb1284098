// RACROUTE VERIFY with the Argon2id cost zgate uses by default (HashCost: 19 MiB, 2 passes),
// and with a legacy PassTicket (no password hash is computed for it), against an in-memory
// SQLite database.
//
//   build/bench/bench_verify --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include "audit/sink.h"
#include "saf/bootstrap.h"
#include "saf/security_manager.h"

namespace {

using namespace zgate;

struct Fixture {
  audit::NullSink sink;
  std::unique_ptr<saf::SecurityManager> sm;
  Fixture() {
    sm = std::make_unique<saf::SecurityManager>(saf::store::open_sqlite(":memory:"), sink);
    saf::bootstrap_if_empty(*sm);
    saf::User u;
    u.id = "ALICE";
    u.default_group = "SYS1";
    u.connects.push_back({});
    u.connects[0].group = "SYS1";
    u.password_hash = sm->hash_secret("SECRET1");
    u.password_date = sm->clock().now();
    sm->put_user(u);
    saf::Profile p;
    p.cls = "PTKTDATA";
    p.name = "IMSAPPL";
    p.appldata = "NO REPLAY PROTECTION";
    p.ssignon = saf::SsignOn{};
    p.ssignon->legacy_key = "0123456789ABCDEF";
    sm->put_profile(p);
    saf::Options o = sm->options();
    o.classact.insert("PTKTDATA");
    sm->put_options(o);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void BM_VerifyPassword(benchmark::State& state) {
  auto& f = fixture();
  saf::VerifyRequest r;
  r.user = "ALICE";
  r.password = core::SecretString("SECRET1");
  for (auto _ : state) {
    auto res = f.sm->verify(r);
    if (!res.ok()) state.SkipWithError("verify failed");
  }
}

void BM_VerifyPassTicket(benchmark::State& state) {
  auto& f = fixture();
  auto ticket = f.sm->generate_passticket("ALICE", "IMSAPPL");
  saf::VerifyRequest r;
  r.user = "ALICE";
  r.password = core::SecretString(*ticket);
  r.appl = "IMSAPPL";
  for (auto _ : state) {
    auto res = f.sm->verify(r);
    if (!res.ok()) state.SkipWithError("verify failed");
  }
}

BENCHMARK(BM_VerifyPassword)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_VerifyPassTicket)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

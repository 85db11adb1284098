// The FASTAUTH decision against a RACLIST snapshot of 1 thousand, 100 thousand and 1 million
// TIMS profiles (80% discrete, 20% generic, three access-list entries each, GRPLIST with three
// groups). Each iteration checks the next name of a fixed random sequence in which a third hit
// discrete profiles, a third are caught by generic profiles, and a third by nothing but the
// class-wide "**". Two workloads:
//   BM_Decision/N/1024   1024 distinct names drawn from the whole table: an IMS system's active
//                        transaction codes. This is the index's own cost; the goal (under
//                        100 ns, under 2x growth from 1K to 1M profiles) is stated on it.
//   BM_Decision/N/65536  65536 distinct names: near-uniform over the table, so at 1M profiles
//                        nearly every check misses the CPU caches and the figure is bounded by
//                        memory latency (two to four dependent misses), not by the index.
// Report the median of the repetitions.
//
//   build/bench/bench_decision --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <memory>
#include <random>

#include "saf/snapshot.h"

namespace {

using namespace zgate::saf;

std::string name8(const char* prefix, std::uint64_t n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s%06llu", prefix, static_cast<unsigned long long>(n % 1000000));
  return buf;
}

struct World {
  std::unique_ptr<Snapshot> snap;
  std::unordered_map<std::string, const Profile*> plain;  // the baseline: names -> profiles
  Database db;
  Acee acee;
  std::vector<std::string> queries;
};

World* world_for(std::size_t profiles) {
  static std::map<std::size_t, std::unique_ptr<World>> cache;
  auto& w = cache[profiles];
  if (w) return w.get();
  w = std::make_unique<World>();
  Database& db = w->db;
  auto& tims = db.profiles["TIMS"];
  std::size_t generics = profiles / 5;
  auto fill = [](Profile& p, std::uint64_t i) {
    p.cls = "TIMS";
    p.acl = {{"GRP" + std::to_string(i % 97), Access::Read, 0},
             {"USR" + std::to_string(i % 1013), Access::Update, 0},
             {"PAYROLL", i % 3 ? Access::Read : Access::None, 0}};
  };
  for (std::size_t i = 0; i + generics < profiles; ++i) {
    Profile p;
    p.name = name8("TX", i);
    fill(p, i);
    tims.emplace(p.name, std::move(p));
  }
  for (std::size_t i = 0; i < generics; ++i) {
    // Generic names of several shapes: Gnnnnnn*, Hnnnnn%%, and a few short prefixes.
    Profile p;
    p.name = i % 2 ? name8("G", i).substr(0, 6) + "*" : name8("H", i).substr(0, 5) + "%%";
    fill(p, i);
    tims.emplace(p.name, std::move(p));
  }
  Profile all;
  all.name = "**";
  fill(all, 0);
  tims.emplace(all.name, std::move(all));

  Options o;
  o.classact = {"TIMS"};
  o.generic = {"TIMS"};
  o.grplist = true;
  std::unordered_map<std::string, std::shared_ptr<const ClassIndex>, StringHash, std::equal_to<>> idx;
  idx["TIMS"] = std::make_shared<ClassIndex>(*find_class("TIMS"), db);
  w->snap = std::make_unique<Snapshot>(o, std::move(idx), 1);
  for (const auto& [name, p] : tims) w->plain.emplace(name, &p);

  w->acee.user = "ALICE";
  w->acee.group = "PAYROLL";
  w->acee.groups = {"DEPT1", "DEPT2", "PAYROLL"};

  std::mt19937_64 rng(42);
  std::size_t discrete = profiles - generics;
  for (int i = 0; i < 1 << 16; ++i) {
    std::uint64_t r = rng();
    switch (i % 3) {
      case 0: w->queries.push_back(name8("TX", r % discrete)); break;
      case 1: {
        std::uint64_t g = r % std::max<std::size_t>(generics, 1);
        w->queries.push_back(g % 2 ? name8("G", g) : name8("H", g).substr(0, 5) + "AB");
        break;
      }
      default: w->queries.push_back(name8("ZZ", r)); break;
    }
  }
  return w.get();
}

void BM_Decision(benchmark::State& state) {
  World* w = world_for(static_cast<std::size_t>(state.range(0)));
  std::size_t i = 0;
  const std::size_t mask = static_cast<std::size_t>(state.range(1)) - 1;
  for (auto _ : state) {
    Decision d = w->snap->check(w->acee, "TIMS", w->queries[i++ & mask], Access::Read);
    benchmark::DoNotOptimize(d.rc);
  }
  state.counters["profiles"] = static_cast<double>(w->snap->class_index("TIMS")->size());
}

// The baseline, measured in the same run: one std::unordered_map<std::string, ...>::find of the
// same names over the same profiles - what any table lookup of a resource name costs on this
// machine at this moment. Report the decision as a ratio to it; absolute nanoseconds on these
// shared machines drift by 50 % from one hour to the next.
void BM_BaselinePlainHashFind(benchmark::State& state) {
  World* w = world_for(static_cast<std::size_t>(state.range(0)));
  std::size_t i = 0;
  const std::size_t mask = static_cast<std::size_t>(state.range(1)) - 1;
  for (auto _ : state) {
    auto it = w->plain.find(w->queries[i++ & mask]);
    benchmark::DoNotOptimize(it);
  }
}

// The same with one hot transaction code: the case of an IMS region checking the same few
// transactions over and over, where everything stays in cache.
void BM_DecisionHot(benchmark::State& state) {
  World* w = world_for(static_cast<std::size_t>(state.range(0)));
  const std::string& q = w->queries[0];
  for (auto _ : state) {
    Decision d = w->snap->check(w->acee, "TIMS", q, Access::Read);
    benchmark::DoNotOptimize(d.rc);
  }
}

BENCHMARK(BM_Decision)
    ->ArgNames({"profiles", "names"})
    ->ArgsProduct({{1000, 100000, 1000000}, {1024, 65536}})
    ->Unit(benchmark::kNanosecond);
BENCHMARK(BM_BaselinePlainHashFind)
    ->ArgNames({"profiles", "names"})
    ->ArgsProduct({{1000, 100000, 1000000}, {1024, 65536}})
    ->Unit(benchmark::kNanosecond);
BENCHMARK(BM_DecisionHot)->Arg(1000)->Arg(1000000)->Unit(benchmark::kNanosecond);

}  // namespace

BENCHMARK_MAIN();

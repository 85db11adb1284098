// Events per second through each audit formatter and sink: what one delivery thread of the
// audit::Bus can hand on (bus.h: every sink is called from that one thread, so a sink's cost
// per event bounds the whole trail's rate).
//
//   build/bench/bench_audit_sinks --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// The formatters are pure CPU. The JSON-lines sink is measured with each fsync policy on the
// file system of /tmp (TMPDIR); `always` is the disk's fsync rate, not zgate's. The syslog sink
// is measured as deliver() costs the Bus: format and spool (fsync none), its sender sending to a
// receiver that is not there, so that what is timed is never the network.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <string>

#include "audit/cef.h"
#include "audit/json_lines_sink.h"
#include "audit/leef.h"
#include "audit/spool.h"
#include "audit/syslog_format.h"
#include "audit/syslog_sink.h"
#include "sample_events.h"
#include "temp_dir.h"  // tests/audit

namespace {

using namespace zgate::audit;

// The format tests' refusal, with the data store and a detail as most events have.
Event sample() {
  Event e = testing::refusal();
  e.datastore = "IMS1";
  e.detail = "TRANSACTION PAYROLL REFUSED";
  return e;
}

using testing::TempDir;

template <class F>
void per_event(benchmark::State& st, F f) {
  const Event e = sample();
  for (auto _ : st) benchmark::DoNotOptimize(f(e));
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()));
}

void BM_FormatJson(benchmark::State& st) { per_event(st, [](const Event& e) { return to_json_line(e); }); }
void BM_FormatLeef(benchmark::State& st) { per_event(st, [](const Event& e) { return to_leef(e); }); }
void BM_FormatCef(benchmark::State& st) { per_event(st, [](const Event& e) { return to_cef(e); }); }
void BM_FormatSyslog(benchmark::State& st) {
  SyslogFormat f;
  f.payload = static_cast<SyslogPayload>(st.range(0));
  per_event(st, [&](const Event& e) { return octet_frame(to_syslog(e, f)); });
}

void BM_JsonLinesSink(benchmark::State& st) {
  TempDir d;
  JsonLinesOptions o;
  o.fsync = static_cast<FsyncPolicy>(st.range(0));
  JsonLinesSink sink(d.file("trail.jsonl"), o);
  const Event e = sample();
  for (auto _ : st) sink.write(e);
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()));
}

void BM_SpoolAppend(benchmark::State& st) {
  TempDir d;
  Spool::Options o;
  o.dir = d.file("spool");
  o.fsync = FsyncPolicy::None;
  o.max_bytes = 1ull << 40;
  Spool s(o);
  SyslogFormat f;
  const std::string msg = to_syslog(sample(), f);
  std::int64_t n = 0;
  for (auto _ : st) {
    benchmark::DoNotOptimize(s.append(msg));
    if (++n % 100000 == 0) {  // as if sent: keeps /tmp from filling, outside the timing
      st.PauseTiming();
      s.commit(s.end());
      st.ResumeTiming();
    }
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()));
}

void BM_SyslogSinkDeliver(benchmark::State& st) {
  TempDir d;
  SyslogSinkOptions o;
  o.host = "127.0.0.1";
  o.port = 1;  // nothing listens: the sender retries in the background, never on this thread
  o.format.payload = static_cast<SyslogPayload>(st.range(0));
  o.spool.dir = d.file("spool");
  o.spool.fsync = FsyncPolicy::None;
  o.spool.max_bytes = 1ull << 40;
  o.stop_timeout = std::chrono::milliseconds(10);
  SyslogSink sink(o);
  const Event e = sample();
  for (auto _ : st) sink.write(e);
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()));
}

// 0 JSON, 1 LEEF, 2 CEF (SyslogPayload); 0 none, 1 always, 2 interval (FsyncPolicy).
BENCHMARK(BM_FormatJson);
BENCHMARK(BM_FormatLeef);
BENCHMARK(BM_FormatCef);
BENCHMARK(BM_FormatSyslog)->Arg(0)->Arg(1)->Arg(2);
// Fixed counts: every record stays on disk until the run ends (about 600 bytes each).
// The sinks by the wall clock: a sink that waits for the disk costs the delivery thread that
// time even when it uses no CPU.
BENCHMARK(BM_JsonLinesSink)->Arg(0)->Arg(2)->Iterations(200000)->UseRealTime();
BENCHMARK(BM_JsonLinesSink)->Arg(1)->Iterations(2000)->UseRealTime();
BENCHMARK(BM_SpoolAppend)->UseRealTime();
BENCHMARK(BM_SyslogSinkDeliver)->Arg(0)->Arg(1)->Arg(2)->Iterations(200000)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

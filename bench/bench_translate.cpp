// EBCDIC <-> ASCII translation of a message's data (core::translate), against memcpy of the same
// bytes in the same run: the least any pass over the data costs. The byte loop is what runs
// where the CPU lacks AVX-512 VBMI (and under valgrind); the wide form is skipped there.
//
//   build/bench/bench_translate --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// Read the ratio of each translation to BM_BaselineMemcpy at the same size.
#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

#include "core/ebcdic.h"

namespace {

using namespace zgate::core;

std::vector<std::uint8_t> data_of(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>('A' + i % 26);
  return v;
}

void BM_BaselineMemcpy(benchmark::State& st) {
  const auto in = data_of(static_cast<std::size_t>(st.range(0)));
  std::vector<std::uint8_t> out(in.size());
  for (auto _ : st) {
    std::memcpy(out.data(), in.data(), in.size());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * st.range(0));
}

// One way of translating, timed over the same bytes as the baseline.
template <class Way>
void translate_with(benchmark::State& st, Way way) {
  const auto in = data_of(static_cast<std::size_t>(st.range(0)));
  std::vector<std::uint8_t> out(in.size());
  const std::uint8_t* t = ascii_to_ebcdic_table(CodePage::IBM037);
  for (auto _ : st) {
    way(t, in.data(), in.size(), out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * st.range(0));
}

void BM_TranslateBytewise(benchmark::State& st) { translate_with(st, detail::translate_bytewise); }

void BM_TranslateWide(benchmark::State& st) {
  if (!detail::have_wide_translate()) {
    st.SkipWithError("this CPU has no AVX-512 VBMI");
    return;
  }
  translate_with(st, detail::translate_wide);
}

// 100 bytes (the comparison's small message) and 32,000 (its large one, under a segment's limit).
BENCHMARK(BM_BaselineMemcpy)->Arg(100)->Arg(32000);
BENCHMARK(BM_TranslateBytewise)->Arg(100)->Arg(32000);
BENCHMARK(BM_TranslateWide)->Arg(100)->Arg(32000);

}  // namespace

BENCHMARK_MAIN();

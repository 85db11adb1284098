// What a data-access policy costs per message (issue 17, section 3): the questions the
// transaction path asks for one CARDINQ (access rules before it runs, extrusion rules on its
// four-segment reply with two card numbers), with no rules, with the seed scenario's three, and
// with 100 (a site's policy: rules for other users, transactions and networks that do not
// match, as most rules of a real policy do not match a given message, plus the three). Compare
// the 100-rule and 3-rule times with the 0-rule time in the same run.
#include <benchmark/benchmark.h>

#include <string>

#include "audit/sink.h"
#include "guard/guard.h"

namespace {

using namespace zgate;

std::string policy_text(int filler) {
  std::string t;
  for (int i = 0; i < filler; ++i) {
    const std::string n = std::to_string(i);
    switch (i % 4) {
      case 0:
        t += "[[rule]]\nname='user " + n + "'\nkind='access'\nusers=['CLERK" + n + "']\naction='alert'\n";
        break;
      case 1:
        t += "[[rule]]\nname='tran " + n + "'\nkind='access'\ntransactions=['PAY" + n + "*']\ncount=100\naction='block'\n";
        break;
      case 2:
        t += "[[rule]]\nname='net " + n + "'\nkind='access'\nsources=['10." + std::to_string(i % 250) +
             ".0.0/16']\naction='log'\n";
        break;
      case 3:
        t += "[[rule]]\nname='out " + n + "'\nkind='extrusion'\ntransactions=['ACCT" + n +
             "']\npattern='card-number'\naction='mask'\n";
        break;
    }
  }
  if (filler >= 0) {
    t += "[[rule]]\nname='AppID'\nkind='access'\nusers=['APPSRV1']\nnot_sources=['127.0.0.10/32']\naction='alert'\n";
    t += "[[rule]]\nname='Mask'\nkind='extrusion'\npattern='card-number'\naction='mask'\n";
    t += "[[rule]]\nname='Volume'\nkind='extrusion'\ntransactions=['CARDINQ']\npattern='card-number'\ncount=1000000\n"
         "window=1\naction='block'\n";
  }
  return t;
}

void BM_PolicyPerMessage(benchmark::State& state) {
  const int filler = static_cast<int>(state.range(0));
  audit::NullSink sink;
  guard::Guard g(guard::parse_policy(filler < 0 ? "" : policy_text(filler), "bench.toml"), sink);
  guard::Request r;
  r.kind = guard::Request::Kind::Transaction;
  r.name = "CARDINQ";
  r.user = "CLERK";  // not the AppID: the access rules are looked at and do not fire
  r.source_ip = "192.0.2.7";
  r.now = 1'790'000'000;
  const std::vector<std::string> reply{"CUSTOMER C000000001 ANNA MUSTER                    BR001",
                                       "CARD 4111111111111111 1228 VISA     A", "CARD 5555555555554444 0627 MC       A",
                                       "2 CARDS"};
  for (auto _ : state) {
    benchmark::DoNotOptimize(g.on_request(r));
    std::vector<std::string> out = reply;
    benchmark::DoNotOptimize(g.on_output(r, out));
  }
  state.counters["rules"] = static_cast<double>(g.policy().rules.size());
}
// -1: no policy at all; 0: the scenario's three rules; 97: 100 rules.
BENCHMARK(BM_PolicyPerMessage)->Arg(-1)->Arg(0)->Arg(97);

}  // namespace

BENCHMARK_MAIN();

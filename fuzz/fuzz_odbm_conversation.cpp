// libFuzzer target for ODBM's side of a DRDA conversation (odbm/conversation.cpp): the DDM
// commands after sign-on, turned into DL/I against the IVP phone book (in memory). Input: the
// bytes of a conversation, read as request chains; the first chain is preceded by an ACCRDB
// of PSB1 half of the time, so that the data commands reach the DL/I engine. Invariants:
//   - handle() never throws, whatever the chains hold (SSALIST, DLIFUNC, IOAREA, PCBNAME ...);
//   - every reply is exactly one well-formed chain, with the request's correlation ID;
//   - a reply's QRYDTA rows (its QRYDTA objects' data joined) and every OUTAIBDBPCB read back
//     with the requester's readers
//     (odbm/dli_requests.h): what ODBM writes, a client can read;
//   - after a reply that ends the conversation, no PSB is allocated; when the conversation
//     goes, ODBM has no thread left allocated.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/proclib.h"
#include "db/catalog.h"
#include "memory_store.h"
#include "odbm/code_points.h"
#include "odbm/conversation.h"
#include "odbm/dli_requests.h"
#include "saf/bootstrap.h"
#include "saf/store/store.h"
#include "saf/tokens.h"

using namespace zgate;

namespace {

core::Member deck(const std::string& name, const std::string& text) {
  return core::parse_member(name, text, core::MemberFormat::Stage1).member;
}

struct World {
  World() : clock(1'790'000'000), sm(saf::store::open_sqlite(":memory:"), sink, clock, saf::HashCost{1, 8192}) {
    saf::bootstrap_if_empty(sm);
    saf::User u;
    u.id = "USERIDA";
    u.owner = "IBMUSER";
    u.default_group = "SYS1";
    u.connects.push_back(saf::Connect{"SYS1"});
    sm.put_user(u);
    catalog = db::build_catalog(
        {deck("DFSIVD1",
              "         DBD   NAME=DFSIVD1,ACCESS=(HIDAM,OSAM)\n"
              "         SEGM  NAME=A1111111,PARENT=0,BYTES=40\n"
              "         FIELD NAME=(A1111111,SEQ,U),BYTES=10,START=1,TYPE=C\n"
              "         LCHILD NAME=(A1111111,DFSIVD1I),PTR=INDX\n"
              "         DBDGEN\n         END\n"),
         deck("DFSIVD1I",
              "         DBD   NAME=DFSIVD1I,ACCESS=(INDEX,VSAM,PROT)\n"
              "         SEGM  NAME=A1111111,BYTES=10\n"
              "         FIELD NAME=(A1111111,SEQ,U),BYTES=10,START=1\n"
              "         LCHILD NAME=(A1111111,DFSIVD1),INDEX=A1111111\n"
              "         DBDGEN\n         END\n")},
        {deck("PSB1",
              "         PCB TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=A,KEYLEN=10,PCBNAME=PHONE\n"
              "         SENSEG NAME=A1111111,PARENT=0\n"
              "         PSBGEN LANG=C,PSBNAME=PSB1\n         END\n")});
    odbm::OdbmOptions o;
    o.lock_wait = std::chrono::milliseconds(0);
    o.job_user = "USERIDA";
    odbm = std::make_unique<odbm::Odbm>(sm, sink, odbm::OdbmDatabases{&catalog, &store, &isolation, nullptr}, o);
    reload();
  }
  // The phone book's first entries, as each input finds it (what the last one committed goes).
  void reload() {
    store.clear();
    db::ScheduledPsb loader(*catalog.psb("PSB1"), catalog.dbds, store, isolation);
    for (const char* last : {"LAST1", "LAST2", "LAST3"}) {
      std::string seg(last);
      seg.resize(40, ' ');
      db::DbCall c;
      c.function = "ISRT";
      c.ssas = {"A1111111 "};
      c.io = seg;
      loader.call(0, c, std::nullopt);
    }
    store.commit(loader.changes());
    loader.committed();
  }
  core::ManualClock clock;
  audit::NullSink sink;  // every allocation is audited: a memory sink would grow without end
  saf::SecurityManager sm;
  db::Catalog catalog;
  fuzzing::MemoryStore store;
  db::ProgramIsolation isolation;
  std::unique_ptr<odbm::Odbm> odbm;
};

World& world() {
  static World w;
  return w;
}

void check_reply(const std::string& reply, std::uint16_t correlation) {
  std::size_t used = 0;
  std::optional<std::vector<odbm::Dss>> chain;
  try {
    chain = odbm::read_chain(reply, used);
  } catch (const odbm::DdmError&) {
    std::abort();
  }
  if (!chain || used != reply.size()) std::abort();
  odbm::ReplyView v;
  v.chain = *chain;
  try {
    odbm::read_rows(v.query_data(), core::CodePage::IBM037);
  } catch (const odbm::StreamError&) {
    std::abort();
  }
  for (const auto& d : *chain) {
    if (d.correlation != correlation) std::abort();
    try {
      if (d.object.cp == odbm::cp::OUTAIBDBPCB) {
        std::size_t at = 0;
        odbm::read_aib(d.object.data, at);
        odbm::read_pcb(d.object.data, at, core::CodePage::IBM037);
        if (at != d.object.data.size()) std::abort();
      }
    } catch (const odbm::StreamError&) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = world();
  // Time passes between inputs, so that ODBM forgets the nonces of RACOs too old to replay
  // (as it does on a real clock) and its replay set stays small.
  w.clock.advance(w.odbm->options().raco_max_age + 1);
  w.reload();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  {
    odbm::Conversation conv(*w.odbm, core::CodePage::IBM037, "192.0.2.1:1");
    odbm::Conversation::RacoMaker raco = [&w]() -> std::optional<std::vector<std::uint8_t>> {
      auto b = saf::seal_raco(*w.sm.acee_for("USERIDA"), w.sm.raco_key(), w.clock.now());
      return std::vector<std::uint8_t>(b.begin(), b.end());
    };
    if (size > 0 && (data[0] & 1)) {
      std::size_t used = 0;
      auto chain = odbm::read_chain(odbm::request::accrdb(1, "PSB1", core::CodePage::IBM037), used);
      conv.handle(*chain, raco, "USERIDA");
      in.remove_prefix(1);
    }
    std::size_t at = 0;
    for (int n = 0; n < 32 && at < in.size(); ++n) {
      std::size_t used = 0;
      std::optional<std::vector<odbm::Dss>> chain;
      try {
        chain = odbm::read_chain(in.substr(at), used);
      } catch (const odbm::DdmError&) {
        break;
      }
      if (!chain) break;
      at += used;
      odbm::Conversation::Outcome o = conv.handle(*chain, raco, "USERIDA");
      check_reply(o.reply, chain->front().correlation);
      if (o.end) {
        if (conv.allocated()) std::abort();
        break;
      }
    }
  }
  if (w.odbm->allocated() != 0) std::abort();
  return 0;
}

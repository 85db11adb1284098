// libFuzzer target for the DL/I engine: SSAs (db/ssa.cpp) and the database calls on a DB PCB
// (db/db_pcb.cpp) over a unit of work (db/unit_of_work.cpp). The input is a program: one call
// per line, "P|FUNC|SSA|SSA...|IO" (P a digit choosing one of the PSB's PCBs, the I/O area
// last; fields cannot contain '|'); at most 64 lines. A line "#" is a sync point, "!" a
// backout. The database is customers, cards, transactions and notes (four segment types:
// unique, non-unique, unkeyed and variable-length) in a store kept in memory (the SQLite
// store is not what is fuzzed here).
// Invariants, after every call:
//   - nothing crashes, hangs or throws;
//   - the status is one IMS documents for these calls ("  " GE GB GA GK GP II DJ DA AM AC AJ
//     AK AD V1), never AO (the store does not fail here);
//   - a successful get returns data, the mask names a segment the PCB is sensitive to, at the
//     level of that segment in the DBD, and the key feedback is at most KEYLEN bytes;
//   - the database the program sees is a hierarchy: every key is a well-formed hierarchic key
//     of the DBD, every segment's parent exists, every segment is its type's length.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/proclib.h"
#include "db/dbd.h"
#include "db/psb.h"
#include "db/scheduled_psb.h"
#include "memory_store.h"

namespace {

using namespace zgate;

const char* kDbd =
    "         DBD   NAME=CUSTDB,ACCESS=(HIDAM,OSAM)\n"
    "         SEGM  NAME=CUSTOMER,PARENT=0,BYTES=12\n"
    "         FIELD NAME=(CUSTNO,SEQ,U),BYTES=4,START=1,TYPE=C\n"
    "         FIELD NAME=NAME,BYTES=8,START=5,TYPE=C\n"
    "         SEGM  NAME=CARD,PARENT=CUSTOMER,BYTES=8\n"
    "         FIELD NAME=(PAN,SEQ,U),BYTES=4,START=1\n"
    "         FIELD NAME=LIMIT,BYTES=4,START=5\n"
    "         SEGM  NAME=TXN,PARENT=CARD,BYTES=6,RULES=(LLL,FIRST)\n"
    "         FIELD NAME=(DAY,SEQ,M),BYTES=2,START=1\n"
    "         SEGM  NAME=NOTE,PARENT=CUSTOMER,BYTES=(10,4)\n"
    "         DBDGEN\n"
    "         END\n";
const char* kPsb =
    "         PCB TYPE=DB,DBDNAME=CUSTDB,PROCOPT=AP,KEYLEN=10,PCBNAME=ALL\n"
    "         SENSEG NAME=CUSTOMER,PARENT=0\n"
    "         SENSEG NAME=CARD,PARENT=CUSTOMER\n"
    "         SENSEG NAME=TXN,PARENT=CARD\n"
    "         SENSEG NAME=NOTE,PARENT=CUSTOMER\n"
    "         PCB TYPE=DB,DBDNAME=CUSTDB,PROCOPT=G,KEYLEN=8\n"
    "         SENSEG NAME=CUSTOMER,PARENT=0\n"
    "         SENSEG NAME=CARD,PARENT=CUSTOMER,PROCOPT=A\n"
    "         PCB TYPE=DB,DBDNAME=CUSTDB,PROCOPT=A,KEYLEN=4\n"
    "         SENSEG NAME=CUSTOMER,PARENT=0\n"
    "         SENFLD NAME=CUSTNO,START=1\n"
    "         SENFLD NAME=NAME,START=7,REPL=NO\n"
    "         PSBGEN LANG=C,PSBNAME=FUZZPSB\n"
    "         END\n";

struct World {
  db::DbdMap dbds;
  db::Psb psb;
  World() {
    auto d = core::parse_member("CUSTDB", kDbd, core::MemberFormat::Stage1);
    auto p = core::parse_member("FUZZPSB", kPsb, core::MemberFormat::Stage1);
    if (!d.ok() || !p.ok()) std::abort();
    db::Dbd dbd = db::read_dbd(d.member);
    dbds.emplace(dbd.name, std::move(dbd));
    psb = db::read_psb(p.member);
    db::check_psb(psb, dbds);
  }
};

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t at = 0;
  for (;;) {
    const std::size_t e = s.find(sep, at);
    out.emplace_back(s.substr(at, e == std::string_view::npos ? std::string_view::npos : e - at));
    if (e == std::string_view::npos) return out;
    at = e + 1;
  }
}

void check_hierarchy(db::UnitOfWork& uow, const db::Hierarchy& h) {
  db::SegmentRow row;
  std::string from;
  bool strict = false;
  std::set<std::string> seen;
  while (uow.next("CUSTDB", from, strict, row)) {
    const auto ends = h.split(row.key);
    if (ends.empty() || ends.back() != row.key.size()) std::abort();
    if (ends.size() > 1 && !seen.count(row.key.substr(0, ends[ends.size() - 2]))) std::abort();
    const db::SegmentDef& seg = h.segment(h.segment_of(row.key));
    if (seg.min_bytes == 0 && row.data.size() != static_cast<std::size_t>(seg.max_bytes)) std::abort();
    if (row.data.size() > static_cast<std::size_t>(seg.max_bytes)) std::abort();
    seen.insert(row.key);
    from = row.key;
    strict = true;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  static const db::Hierarchy h(world.dbds.at("CUSTDB"));
  if (size > 4096) return 0;
  fuzzing::MemoryStore store;
  db::ProgramIsolation pi;
  db::ScheduledPsb psb(world.psb, world.dbds, store, pi);
  static const std::set<std::string> kStatuses = {"  ", "GE", "GB", "GA", "GK", "GP", "II", "DJ",
                                                  "DA", "AM", "AC", "AJ", "AK", "AD", "V1"};
  const auto lines = split(std::string_view(reinterpret_cast<const char*>(data), size), '\n');
  int calls = 0;
  for (const auto& line : lines) {
    if (++calls > 64) break;
    if (line == "#") {
      store.commit(psb.changes());
      psb.committed();
      continue;
    }
    if (line == "!") {
      psb.back_out();
      continue;
    }
    auto f = split(line, '|');
    if (f.size() < 2 || f[0].empty()) continue;
    const std::size_t pcb = static_cast<std::size_t>(f[0][0] - '0') % psb.db_pcbs();
    db::DbCall c;
    c.function = f[1];
    std::string io = f.size() > 2 ? f.back() : std::string();
    for (std::size_t i = 2; i + 1 < f.size(); ++i) c.ssas.emplace_back(f[i]);
    c.io = io;
    const std::string before = psb.pcb(pcb).mask().segment;
    db::DbCallResult r = psb.call(pcb, c, std::nullopt);
    if (r.would_wait || r.deadlock || r.timed_out) std::abort();  // one program: never waits
    const std::string st(r.status, 2);
    if (!kStatuses.count(st)) std::abort();
    const db::DbPcbMask& m = psb.pcb(pcb).mask();
    const std::string fn(c.function.substr(0, 2));
    if ((st == "  " || st == "GA" || st == "GK") && fn[0] == 'G') {
      if (r.io.empty() || m.segment.empty()) std::abort();
      const int seg = h.index_of(m.segment);
      if (seg < 0 || h.level_of(seg) != m.level) std::abort();
      bool sensitive = false;
      for (const auto& pc : psb.pcb(pcb).def().sensegs) sensitive = sensitive || pc.name == m.segment;
      if (!sensitive) std::abort();
      if (m.key_feedback.size() > static_cast<std::size_t>(m.keylen)) std::abort();
    }
    (void)before;
    check_hierarchy(psb.work(), h);
  }
  return 0;
}

// libFuzzer target for the flat segment format of `zgate db load` (db/unload.cpp): a DBA's file,
// perhaps edited by hand. The input is load text for a four-segment database (unique,
// non-unique, unkeyed and variable-length segments). Invariants:
//   - nothing crashes or throws anything but db::LoadError (and it names a line within the
//     input and one of IMS's load statuses, or "  " for a line that is not a segment);
//   - what loads is a hierarchy (every key well formed, every parent loaded before its child,
//     every segment of a valid length), and as many segments as load() said;
//   - unload of what loaded, loaded into an empty database and unloaded again, gives the same
//     text: the format round-trips whatever was accepted.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>

#include "core/proclib.h"
#include "db/dbd.h"
#include "db/hierarchy.h"
#include "db/unload.h"
#include "memory_store.h"

namespace {

using namespace zgate;

const char* kDbd =
    "         DBD   NAME=CUSTDB,ACCESS=(HIDAM,OSAM)\n"
    "         SEGM  NAME=CUSTOMER,PARENT=0,BYTES=12\n"
    "         FIELD NAME=(CUSTNO,SEQ,U),BYTES=4,START=1,TYPE=C\n"
    "         SEGM  NAME=CARD,PARENT=CUSTOMER,BYTES=8\n"
    "         FIELD NAME=(PAN,SEQ,U),BYTES=4,START=1\n"
    "         SEGM  NAME=TXN,PARENT=CARD,BYTES=6\n"
    "         FIELD NAME=(DAY,SEQ,M),BYTES=2,START=1\n"
    "         SEGM  NAME=NOTE,PARENT=CUSTOMER,BYTES=(10,4)\n"
    "         DBDGEN\n"
    "         END\n";

const db::Dbd& dbd() {
  static const db::Dbd d = [] {
    auto m = core::parse_member("CUSTDB", kDbd, core::MemberFormat::Stage1);
    if (!m.ok()) std::abort();
    return db::read_dbd(m.member);
  }();
  return d;
}

int lines_in(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8192) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  static const std::set<std::string> kStatuses = {"LB", "LC", "LD", "LE", "V1", "  "};
  fuzzing::MemoryStore store;
  std::size_t loaded = 0;
  try {
    std::istringstream in(text);
    loaded = db::load(store, dbd(), in, 3);
  } catch (const db::LoadError& e) {
    if (!kStatuses.count(e.status) || e.line < 1 || e.line > lines_in(text)) std::abort();
    return 0;
  }
  const db::Hierarchy h(dbd());
  std::set<std::string> seen;
  db::SegmentRow row;
  std::string from;
  bool strict = false;
  std::size_t n = 0;
  while (store.next("CUSTDB", from, strict, row)) {
    const auto ends = h.split(row.key);
    if (ends.empty() || ends.back() != row.key.size()) std::abort();
    if (ends.size() > 1 && !seen.count(row.key.substr(0, ends[ends.size() - 2]))) std::abort();
    const db::SegmentDef& seg = h.segment(h.segment_of(row.key));
    if (row.data.size() > static_cast<std::size_t>(seg.max_bytes) ||
        (seg.min_bytes == 0 && row.data.size() != static_cast<std::size_t>(seg.max_bytes)))
      std::abort();
    seen.insert(row.key);
    ++n;
    from = row.key;
    strict = true;
  }
  if (n != loaded) std::abort();
  std::ostringstream first;
  db::unload(store, dbd(), first);
  fuzzing::MemoryStore again;
  std::istringstream in2(first.str());
  try {
    if (db::load(again, dbd(), in2) != loaded) std::abort();
  } catch (const db::LoadError&) {
    std::abort();  // what unload writes always loads
  }
  std::ostringstream second;
  db::unload(again, dbd(), second);
  if (second.str() != first.str()) std::abort();
  return 0;
}

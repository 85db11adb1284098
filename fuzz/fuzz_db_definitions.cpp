// libFuzzer target for the DBDGEN and PSBGEN readers (db/dbd.cpp, db/psb.cpp) and ACBGEN's
// check of a PSB against its DBD (check_psb). Input: a DBD deck, then "\n%%\n", then a PSB
// deck, both parsed in assembler (stage-1) format. Nothing may crash or throw anything but
// core::MemberError (named member, line > 0 unless about the whole member). Invariants of what
// is accepted:
//   - a DBD: at least one segment; the first is the root (no parent, level 1); every other
//     segment's parent comes before it and its level is the parent's + 1, at most 15; every
//     field lies inside its segment; at most one sequence field per segment, and it is the
//     first; a HIDAM root has a unique one;
//   - a PSB: a name; every DB PCB has SENSEGs, the first with no parent, each later one's
//     parent sensitive before it; TP PCBs come before DB PCBs;
//   - a PSB that passes check_psb against the DBD: every SENSEG is a segment of it with the
//     same parent, and KEYLEN holds the concatenated key of each;
//   - the two as a catalog (db/catalog.h, each in a member of its own name): accepted only when
//     check_psb accepts, and never with a primary index LCHILD (its INDEX DBD is not there).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/member_error.h"
#include "core/proclib.h"
#include "db/catalog.h"
#include "db/dbd.h"
#include "db/psb.h"

namespace {

using namespace zgate;

void check_dbd(const db::Dbd& d) {
  if (d.segments.empty() || !d.segments[0].parent.empty() || d.segments[0].level != 1) std::abort();
  for (std::size_t i = 0; i < d.segments.size(); ++i) {
    const db::SegmentDef& s = d.segments[i];
    if (i > 0) {
      const db::SegmentDef* p = d.segment(s.parent);
      if (!p || p >= &s || s.level != p->level + 1 || s.level > db::kMaxLevels) std::abort();
    }
    int seqs = 0;
    for (std::size_t j = 0; j < s.fields.size(); ++j) {
      const db::FieldDef& f = s.fields[j];
      if (f.start < 1 || f.bytes < 1 || f.start + f.bytes - 1 > s.max_bytes) std::abort();
      if (f.sequence && (++seqs > 1 || j != 0)) std::abort();
    }
  }
  if (d.access == db::Access::Hidam && (!d.segments[0].sequence_field() || !d.segments[0].sequence_field()->unique))
    std::abort();
}

void check_psb_shape(const db::Psb& p) {
  if (p.name.empty()) std::abort();
  bool seen_db = false;
  for (const auto& pcb : p.pcbs) {
    if (pcb.type == db::PcbDef::Type::Tp) {
      if (seen_db) std::abort();
      continue;
    }
    seen_db = true;
    if (pcb.sensegs.empty() || !pcb.sensegs[0].parent.empty()) std::abort();
    for (std::size_t i = 1; i < pcb.sensegs.size(); ++i) {
      bool found = false;
      for (std::size_t j = 0; j < i; ++j) found = found || pcb.sensegs[j].name == pcb.sensegs[i].parent;
      if (!found) std::abort();
    }
  }
}

void check_against(const db::Psb& p, const db::Dbd& d) {
  for (const auto& pcb : p.pcbs) {
    if (pcb.type != db::PcbDef::Type::Db) continue;
    for (const auto& s : pcb.sensegs) {
      const db::SegmentDef* seg = d.segment(s.name);
      if (!seg || seg->parent != s.parent) std::abort();
      int key = 0;
      for (const db::SegmentDef* q = seg; q; q = q->parent.empty() ? nullptr : d.segment(q->parent))
        if (q->sequence_field()) key += q->sequence_field()->bytes;
      if (pcb.keylen < key) std::abort();
    }
  }
}

template <class F>
void expect_member_error_only(F f) {
  try {
    f();
  } catch (const core::MemberError& e) {
    if (e.member.empty()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const std::size_t cut = all.find("\n%%\n");
  const std::string_view dbd_text = all.substr(0, cut);
  const std::string_view psb_text = cut == std::string_view::npos ? std::string_view() : all.substr(cut + 4);

  auto dbd_parse = core::parse_member("FUZZDBD", dbd_text, core::MemberFormat::Stage1);
  std::optional<db::Dbd> dbd;
  if (dbd_parse.ok())
    expect_member_error_only([&] {
      dbd = db::read_dbd(dbd_parse.member);
      check_dbd(*dbd);
    });
  auto psb_parse = core::parse_member("FUZZPSB", psb_text, core::MemberFormat::Stage1);
  if (!psb_parse.ok()) return 0;
  expect_member_error_only([&] {
    db::Psb psb = db::read_psb(psb_parse.member);
    check_psb_shape(psb);
    if (!dbd) return;
    std::map<std::string, db::Dbd, std::less<>> lib{{dbd->name, *dbd}};
    db::check_psb(psb, lib);
    check_against(psb, *dbd);
  });
  if (!dbd) return 0;
  expect_member_error_only([&] {
    core::Member dm = dbd_parse.member, pm = psb_parse.member;
    dm.name = dbd->name;
    pm.name = db::read_psb(pm).name;
    db::Catalog c = db::build_catalog({dm}, {pm});
    if (!c.dbd(dbd->name) || !c.dbd(dbd->name)->index_dbd.empty()) std::abort();
    check_against(*c.psb(pm.name), *c.dbd(dbd->name));
  });
  return 0;
}

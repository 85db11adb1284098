// libFuzzer target for what the IMS side's members mean: DFSPBxxx (otma::read_dfspb), the
// stage-1 transaction definitions (tm::TransactionTable::add_stage1), each after
// core::parse_member, and the OTMA descriptors of DFSYDTx (otma::parse_dfsydt, which reads its
// card images itself). The input is split at its first two NULs: a DFSPB member, a stage-1
// deck, then a DFSYDT member (with fewer NULs, the last part serves for what is missing). A
// meaning error must be a core::MemberError naming the member; anything else thrown, a crash,
// a table that breaks IMS's own rules (a code of 1-8 characters, defined once, with a PSB), or
// a descriptor that breaks DFSYDT's (an IMSCON destination of 1-8 characters with a TMEMBER of
// 1-16 and a TPIPE of 0-8, that find_destination finds by its own name) is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/member_error.h"
#include "core/proclib.h"
#include "otma/descriptors.h"
#include "otma/dfspb.h"
#include "tm/transaction_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string_view pb_text = text, gen_text = text, ydt_text = text;
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    pb_text = text.substr(0, nul);
    gen_text = ydt_text = text.substr(nul + 1);
    if (auto nul2 = gen_text.find('\0'); nul2 != std::string_view::npos) {
      ydt_text = gen_text.substr(nul2 + 1);
      gen_text = gen_text.substr(0, nul2);
    }
  }
  auto pb = zgate::core::parse_member("DFSPB000", pb_text, zgate::core::MemberFormat::Dfspb);
  if (pb.ok()) {
    try {
      auto cfg = zgate::otma::read_dfspb(pb.member);
      if (cfg.ims_member.empty() || cfg.ims_member.size() > 16) std::abort();
    } catch (const zgate::core::MemberError& e) {
      if (e.member != "DFSPB000") std::abort();
    }
  }
  auto gen = zgate::core::parse_member("STAGE1", gen_text, zgate::core::MemberFormat::Stage1);
  if (gen.ok()) {
    zgate::tm::TransactionTable table;
    try {
      table.add_stage1(gen.member);
    } catch (const zgate::core::MemberError& e) {
      if (e.member != "STAGE1") std::abort();
      if (!table.all().empty()) std::abort();  // an error anywhere adds nothing
    }
    for (const auto& t : table.all()) {
      if (t.code.empty() || t.code.size() > 8 || t.psb.empty()) std::abort();
      if (!table.find(t.code)) std::abort();
    }
  }
  try {
    const auto dests = zgate::otma::routable(zgate::otma::parse_dfsydt(ydt_text, "DFSYDT0"));
    for (const auto& [name, d] : dests) {
      if (name.empty() || name.size() > 8 || d.name != name || d.type != "IMSCON") std::abort();
      if (d.tmember.empty() || d.tmember.size() > 16 || d.tpipe.size() > 8) std::abort();
      if (d.syntimer.count() < 0 || d.syntimer.count() > 9999990) std::abort();
      // An exact name finds itself; a masked one finds a destination it covers.
      const std::string asked = d.masked() ? name.substr(0, name.size() - 1) + "X" : name;
      if (!d.masked() && zgate::otma::find_destination(dests, name) != &d) std::abort();
      auto r = zgate::otma::resolve_destination(dests, asked);
      if (!r || r->name != asked || r->tpipe.empty()) std::abort();
    }
  } catch (const zgate::core::MemberError& e) {
    if (e.member != "DFSYDT0") std::abort();
  }
  return 0;
}

// libFuzzer target for what the IMS side's members mean: DFSPBxxx (otma::read_dfspb) and the
// stage-1 transaction definitions (tm::TransactionTable::add_stage1), each after
// core::parse_member. The input is split at its first NUL: before it a DFSPB member, after it
// a stage-1 deck (no NUL: the same bytes serve as both). A meaning error must be a
// core::MemberError naming the member; anything else thrown, a crash, or a table that breaks
// IMS's own rules (a code of 1-8 characters, defined once, with a PSB) is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/member_error.h"
#include "core/proclib.h"
#include "otma/dfspb.h"
#include "tm/transaction_table.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string_view pb_text = text, gen_text = text;
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    pb_text = text.substr(0, nul);
    gen_text = text.substr(nul + 1);
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
  return 0;
}

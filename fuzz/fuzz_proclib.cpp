// libFuzzer target for the PROCLIB member parser: the same bytes as HWSCFGxx, DFSPBxxx, a
// stage-1 deck and a CSL member (CSLDIxxx). The parser must never crash, throw, or loop; a result must be self-consistent
// (an error has a message; a successful tree renders and its positions are real).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/proclib.h"

namespace {

using zgate::core::Param;

void check_params(const std::vector<Param>& params, int depth) {
  if (depth > zgate::core::kProclibMaxDepth + 1) std::abort();
  for (const auto& p : params) {
    if (p.line < 1 || p.column < 1 || p.value.line < 1 || p.value.column < 1) std::abort();
    (void)p.value.to_string();
    (void)p.value.items();
    if (p.value.is_list) check_params(p.value.list, depth + 1);
    else if (!p.value.list.empty()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto format : {zgate::core::MemberFormat::Hwscfg, zgate::core::MemberFormat::Dfspb,
                      zgate::core::MemberFormat::Stage1, zgate::core::MemberFormat::Csl}) {
    auto r = zgate::core::parse_member("FUZZ0000", text, format);
    if (!r.ok()) {
      if (r.error->message.empty() || r.error->to_string().empty()) std::abort();
      if (!r.member.statements.empty()) std::abort();
      continue;
    }
    for (const auto& st : r.member.statements) {
      check_params(st.params, 0);
      for (const auto& p : st.params) {
        if (!p.keyword.empty() && st.find(p.keyword) == nullptr) std::abort();
      }
      (void)st.scalar("ID");
      (void)st.find_all("PORT");
    }
    (void)r.member.find("HWS");
  }
  return 0;
}

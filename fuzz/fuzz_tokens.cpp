// UTOKEN and RACO parsing: bytes that will arrive from OTMA clients and other zgate instances.
// Neither may crash, read out of bounds, or accept a RACO whose seal it did not verify; and a
// RACO that does open must seal back to the same bytes.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "saf/tokens.h"

namespace {
const std::string kKey = "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> in(data, size);
  if (auto f = zgate::saf::parse_utoken(in)) {
    if (f->user.empty() || f->user.size() > 8) std::abort();
  }
  if (auto a = zgate::saf::open_raco(in, kKey, 0, INT64_MAX / 2)) {
    // Only a correctly sealed RACO opens, and it must be the one seal_raco would make.
    zgate::core::Bytes again = zgate::saf::seal_raco(*a, kKey);
    if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
  }
  // Also: a RACO sealed from fuzz-chosen names always opens again.
  zgate::saf::Acee acee;
  std::size_t half = size / 2;
  acee.user.assign(reinterpret_cast<const char*>(data), std::min<std::size_t>(half, 300));
  acee.group.assign(reinterpret_cast<const char*>(data) + half, std::min<std::size_t>(size - half, 300));
  acee.groups = {acee.group};
  auto sealed = zgate::saf::seal_raco(acee, kKey);
  auto opened = zgate::saf::open_raco(sealed, kKey, 0, 60);
  if (!opened || opened->user != acee.user || opened->group != acee.group) std::abort();
  return 0;
}

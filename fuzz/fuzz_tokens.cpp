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
  if (auto o = zgate::saf::open_raco(in, kKey, 0, INT64_MAX / 2)) {
    // Only a correctly sealed RACO opens; sealed again, its fields open the same, with a
    // nonce of its own (two seals are never the same RACO: a receiver can tell a replay).
    zgate::core::Bytes again = zgate::saf::seal_raco(*o->acee, kKey, o->sealed);
    auto o2 = zgate::saf::open_raco(again, kKey, o->sealed, 60);
    if (!o2 || o2->acee->user != o->acee->user || o2->acee->group != o->acee->group || o2->nonce == o->nonce)
      std::abort();
  }
  // Also: a RACO sealed from fuzz-chosen names always opens again.
  zgate::saf::Acee acee;
  std::size_t half = size / 2;
  acee.user.assign(reinterpret_cast<const char*>(data), std::min<std::size_t>(half, 300));
  acee.group.assign(reinterpret_cast<const char*>(data) + half, std::min<std::size_t>(size - half, 300));
  acee.groups = {acee.group};
  auto sealed = zgate::saf::seal_raco(acee, kKey, 1000);
  auto opened = zgate::saf::open_raco(sealed, kKey, 1000, 60);
  if (!opened || opened->acee->user != acee.user || opened->acee->group != acee.group) std::abort();
  return 0;
}

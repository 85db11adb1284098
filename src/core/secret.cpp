#include "core/secret.h"

#include <sodium.h>

namespace zgate::core {

bool secure_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void secure_wipe(void* p, std::size_t n) { sodium_memzero(p, n); }

}  // namespace zgate::core

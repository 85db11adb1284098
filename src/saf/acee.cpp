#include "saf/acee.h"

#include <algorithm>

namespace zgate::saf {

bool Acee::in_group(const std::string& g) const {
  return std::binary_search(groups.begin(), groups.end(), g);
}

}  // namespace zgate::saf

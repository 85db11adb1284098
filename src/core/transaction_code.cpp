#include "core/transaction_code.h"

namespace zgate::core {

std::string transaction_code(std::string_view first_segment) {
  std::size_t i = 0;
  while (i < first_segment.size() && first_segment[i] == ' ') ++i;
  std::size_t j = i;
  while (j < first_segment.size() && first_segment[j] != ' ' && j - i < 8) ++j;
  return std::string(first_segment.substr(i, j - i));
}

}  // namespace zgate::core

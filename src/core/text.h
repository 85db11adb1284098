#pragma once
// Small text helpers shared by the RACF command language, the PROCLIB parser and listings.
#include <string>
#include <string_view>
#include <vector>

namespace zgate::core {

std::string upper(std::string_view s);
std::string_view trim(std::string_view s);
bool iequals(std::string_view a, std::string_view b);

}  // namespace zgate::core

#pragma once
// The DBDs by name, as the DL/I engine looks them up (the catalog of DBDLIB and PSBLIB keeps
// them in this form).
#include <functional>
#include <map>
#include <string>

#include "db/dbd.h"

namespace zgate::db {
using DbdMap = std::map<std::string, Dbd, std::less<>>;
}  // namespace zgate::db

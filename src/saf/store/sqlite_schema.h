#pragma once
// The SQLite security database's schema, as a list of migration steps. A database records the
// last step applied in `PRAGMA user_version` and marks itself as zgate's with
// `PRAGMA application_id`; opening runs the steps it has not seen yet, each inside the same
// transaction that bumps the version, so a crash mid-migration leaves the old version intact.
//
// To change the schema, append a step (never edit one that has shipped: databases in the field
// have already run it) and teach sqlite_store.cpp the new columns.
#include <cstdint>
#include <span>

namespace zgate::saf::store::sqlite_schema {

// 'ZGAT' in ASCII: the SQLite header field that says which application owns the file.
inline constexpr std::int32_t kApplicationId = 0x5A474154;

struct Migration {
  int version;      // user_version after this step
  const char* sql;  // one or more statements
};

// In ascending version order, starting at 1.
std::span<const Migration> migrations();

// The version a database has after every step this build knows.
int latest_version();

}  // namespace zgate::saf::store::sqlite_schema

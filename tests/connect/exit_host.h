#pragma once
// What the identity exit tests (security_exit_test.cpp, db_security_exit_test.cpp) share: where
// the built plug-ins are, and helpers that run as zgate serve runs them (the built zgate binary).
#include <chrono>
#include <filesystem>

#include "tm/exit_helper.h"

namespace zgate::connect::testing {

// ZGATE_BINARY is <build>/apps/zgate/zgate; plug-ins are built into <build>/programs.
inline std::filesystem::path programs_dir() {
  return std::filesystem::path(ZGATE_BINARY).parent_path().parent_path().parent_path() / "programs";
}

// Helpers started as `zgate <subcommand>`, e.g. "security-exit-host".
inline tm::LibraryExitHost exit_host(const char* subcommand,
                                     std::chrono::milliseconds call_limit = std::chrono::milliseconds(2000)) {
  tm::LibraryExitHost h;
  h.command = {ZGATE_BINARY, subcommand};
  h.call_limit = call_limit;
  return h;
}

}  // namespace zgate::connect::testing

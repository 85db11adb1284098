#pragma once
// DBDGEN and PSBGEN decks for db's tests, parsed as the readers get them.
#include <gtest/gtest.h>

#include <string>

#include "core/proclib.h"

namespace zgate::db::testing {

inline core::Member deck(const std::string& name, const std::string& text) {
  auto r = core::parse_member(name, text, core::MemberFormat::Stage1);
  EXPECT_TRUE(r.ok()) << (r.error ? r.error->to_string() : "");
  return r.member;
}

}  // namespace zgate::db::testing

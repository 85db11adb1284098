#pragma once
// A real SecurityManager over an in-memory SQLite database, with an audit MemorySink, a manual
// clock and a cheap Argon2id cost, and the first administrator made here (IBMUSER, SPECIAL, in
// SYS1) as `zgate` makes it in its own bootstrap.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "audit/sink.h"
#include "core/clock.h"
#include "racf/processor.h"
#include "saf/class_table.h"
#include "saf/security_manager.h"
#include "saf/store/store.h"

namespace zgate::racf::testing {

// 2026-11-21 12:00:00 UTC (day 325: listings show 26.325).
inline constexpr std::int64_t kNow = 1795262400;

class RacfTest : public ::testing::Test {
 protected:
  RacfTest()
      : clock_(kNow),
        sm_(saf::store::open_sqlite(":memory:"), sink_, clock_, saf::HashCost{1, 8192}) {
    saf::Group sys1;
    sys1.id = "SYS1";
    sys1.owner = "IBMUSER";
    sys1.created = kNow;
    sm_.put_group(sys1);
    saf::User admin;
    admin.id = "IBMUSER";
    admin.owner = "IBMUSER";
    admin.default_group = "SYS1";
    admin.special = true;
    admin.created = kNow;
    saf::Connect c;
    c.group = "SYS1";
    c.authority = saf::GroupAuthority::Join;
    c.owner = "IBMUSER";
    c.created = kNow;
    admin.connects.push_back(c);
    sm_.put_user(admin);
    sink_.clear();
  }

  // Runs a command as `issuer` (IBMUSER by default).
  CommandResult run(std::string_view cmd, const std::string& issuer = "IBMUSER") {
    CommandProcessor p(sm_, issuer);
    return p.execute(cmd);
  }
  // Runs a command that must succeed (rc 0).
  CommandResult ok(std::string_view cmd, const std::string& issuer = "IBMUSER") {
    auto r = run(cmd, issuer);
    EXPECT_EQ(r.rc, 0) << cmd << "\n" << r.output;
    return r;
  }

  audit::MemorySink sink_;
  core::ManualClock clock_;
  saf::SecurityManager sm_;
};

}  // namespace zgate::racf::testing

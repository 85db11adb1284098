#pragma once
// What one command's handler works with: the security manager, the issuer (defined, with its
// profile read when the command started), the SETROPTS options, and the result being built.
// Handlers report through line()/warn()/fail()/refuse()/syntax(), which also decide the TSO
// return code and the SMF event qualifier (0 success, 1 insufficient authority, 2 keyword
// violation), so every path ends in exactly one audit record.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "racf/authority.h"
#include "saf/security_manager.h"

namespace zgate::racf {

struct Context {
  Context(saf::SecurityManager& s, const saf::User& issuer, const Authority& a, saf::Options o)
      : sm(s), me(issuer), auth(a), opts(std::move(o)) {}

  saf::SecurityManager& sm;
  const saf::User& me;       // the issuer
  const Authority& auth;     // the issuer's authority
  saf::Options opts;         // SETROPTS at the start of the command
  std::string out;
  int rc = 0;
  std::uint8_t qualifier = 0;
  // For the audit record of resource commands.
  std::string event_class;
  std::string event_profile;

  std::int64_t now() const { return sm.clock().now(); }
  void line(std::string_view s) {
    out.append(s);
    out.push_back('\n');
  }
  void warn(std::string_view s) {
    line(s);
    rc = std::max(rc, 4);
  }
  void fail(std::string_view s) {
    line(s);
    rc = std::max(rc, 8);
  }
  // Not authorised: rc 8 and SMF qualifier 1.
  void refuse(std::string_view s) {
    fail(s);
    qualifier = 1;
  }
  // A keyword the issuer may not use, ignored while the rest goes on: rc 4, qualifier 1.
  void refuse_operand(std::string_view s) {
    warn(s);
    if (qualifier == 0) qualifier = 1;
  }
  // A syntax or keyword problem: rc 8 and SMF qualifier 2.
  void syntax(std::string_view s) {
    fail(s);
    if (qualifier == 0) qualifier = 2;
  }
  bool failed() const { return rc >= 8; }
};

}  // namespace zgate::racf

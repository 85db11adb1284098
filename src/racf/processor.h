#pragma once
// The RACF command language over saf's admin API: one CommandProcessor per issuer (the user ID
// the commands run as, whose authority RACF checks), executing one command at a time and
// producing RACF-style listings and ICH/IRR messages.
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "saf/security_manager.h"

namespace zgate::racf {

struct CommandResult {
  // The TSO command return code: 0 done, 4 done with a warning, 8 not done (syntax, authority,
  // a profile that does not exist, ...), 12 internal error.
  int rc = 0;
  std::string output;  // lines, each ending in '\n'
};

class CommandProcessor {
 public:
  CommandProcessor(saf::SecurityManager& sm, std::string issuer);
  // One complete command (continuations already joined), e.g.
  //   RDEFINE TIMS PAY* UACC(NONE) AUDIT(ALL(READ))
  CommandResult execute(std::string_view command);

 private:
  saf::SecurityManager& sm_;
  std::string issuer_;
};

// Reads commands one per line, joining TSO continuations: a line whose last non-blank
// character is '-' continues with the next line as it is; '+' continues with the next line's
// leading blanks removed. Blank lines and lines starting with '*' or '/*' are skipped.
std::vector<std::string> read_commands(std::istream& in);

}  // namespace zgate::racf

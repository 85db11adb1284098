#pragma once
// A meaning error in a PROCLIB member (HWSCFG, DFSPB, stage-1): a keyword zgate does not know,
// or a value it cannot accept. Start-up stops on one and names member, line and keyword, as an
// IMS systems programmer expects from a failed IMS or IMS Connect start.
#include <stdexcept>
#include <string>

namespace zgate::core {

struct MemberError : std::runtime_error {
  std::string member;
  int line = 0;
  std::string keyword;
  // what(): "HWSCFG00 line 7 keyword MAXSOC: value 'ABC' is not a number from 50 to 65535"
  MemberError(std::string member, int line, std::string keyword, const std::string& message);
};

}  // namespace zgate::core

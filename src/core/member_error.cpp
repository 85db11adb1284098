#include "core/member_error.h"

namespace zgate::core {

namespace {
std::string render(const std::string& member, int line, const std::string& keyword,
                   const std::string& message) {
  std::string s = member;
  if (line > 0) s += " line " + std::to_string(line);
  if (!keyword.empty()) s += " keyword " + keyword;
  return s + ": " + message;
}
}  // namespace

MemberError::MemberError(std::string member_, int line_, std::string keyword_,
                         const std::string& message)
    : std::runtime_error(render(member_, line_, keyword_, message)),
      member(std::move(member_)),
      line(line_),
      keyword(std::move(keyword_)) {}

}  // namespace zgate::core

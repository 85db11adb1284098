#include "saf/access.h"

#include "core/text.h"

namespace zgate::saf {

const char* access_name(Access a) {
  switch (a) {
    case Access::None: return "NONE";
    case Access::Execute: return "EXECUTE";
    case Access::Read: return "READ";
    case Access::Update: return "UPDATE";
    case Access::Control: return "CONTROL";
    case Access::Alter: return "ALTER";
  }
  return "NONE";
}

namespace {
// Matches a keyword or an abbreviation of it at least `min` characters long.
bool abbrev(std::string_view text, std::string_view word, std::size_t min) {
  return text.size() >= min && text.size() <= word.size() && word.substr(0, text.size()) == text;
}
}  // namespace

std::optional<Access> parse_access(std::string_view raw) {
  std::string t = core::upper(raw);
  if (abbrev(t, "NONE", 1)) return Access::None;
  if (abbrev(t, "EXECUTE", 1)) return Access::Execute;
  if (abbrev(t, "READ", 1)) return Access::Read;
  if (abbrev(t, "UPDATE", 1)) return Access::Update;
  if (abbrev(t, "CONTROL", 1)) return Access::Control;
  if (abbrev(t, "ALTER", 1)) return Access::Alter;
  return std::nullopt;
}

const char* group_authority_name(GroupAuthority a) {
  switch (a) {
    case GroupAuthority::Use: return "USE";
    case GroupAuthority::Create: return "CREATE";
    case GroupAuthority::Connect: return "CONNECT";
    case GroupAuthority::Join: return "JOIN";
  }
  return "USE";
}

std::optional<GroupAuthority> parse_group_authority(std::string_view raw) {
  std::string t = core::upper(raw);
  if (t == "USE") return GroupAuthority::Use;
  if (t == "CREATE") return GroupAuthority::Create;
  if (t == "CONNECT") return GroupAuthority::Connect;
  if (t == "JOIN") return GroupAuthority::Join;
  return std::nullopt;
}

}  // namespace zgate::saf

#pragma once
// RACF access authorities, ordered: NONE < EXECUTE < READ < UPDATE < CONTROL < ALTER.
// A request is satisfied when the granted authority is at least the requested one.
#include <cstdint>
#include <optional>
#include <string_view>

namespace zgate::saf {

enum class Access : std::uint8_t { None = 0, Execute = 1, Read = 2, Update = 3, Control = 4, Alter = 5 };

const char* access_name(Access a);  // "NONE", "EXECUTE", ... as RACF prints them
// Accepts the keywords and their abbreviations (ALTER, A, AL, ...), in any case.
std::optional<Access> parse_access(std::string_view text);

// Group authority on a CONNECT: USE < CREATE < CONNECT < JOIN.
enum class GroupAuthority : std::uint8_t { Use = 0, Create = 1, Connect = 2, Join = 3 };
const char* group_authority_name(GroupAuthority a);
std::optional<GroupAuthority> parse_group_authority(std::string_view text);

}  // namespace zgate::saf

#pragma once
// A partitioned data set as a directory: PROCLIB, DBDLIB, PSBLIB. Each regular file is a
// member, named by its file name upper-cased without its (last) extension (hwscfg00.txt and
// HWSCFG00 are both member HWSCFG00; two files that give the same member name are an error).
// Files whose names start with '.' (editors', version control's) and subdirectories are not
// members, so a PROCLIB directory can hold its DBDLIB/ and PSBLIB/ folders.
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/proclib.h"

namespace zgate::core {

// The library itself is wrong: not a directory, unreadable, two files for one member.
// what(): "<what> <dir>: <message>", e.g. "PROCLIB /etc/zgate/proclib: is not a directory".
struct LibraryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void library_fail(std::string_view what, const std::filesystem::path& dir, const std::string& message);

// Member name -> file, in name order. `what` names the library in errors ("PROCLIB").
std::map<std::string, std::filesystem::path> list_library(const std::filesystem::path& dir, std::string_view what);

// A member's bytes, at most one byte past the PROCLIB parser's limit (so that the parser
// reports the member as too large). Throws MemberError when it cannot be read.
std::string read_member_text(const std::filesystem::path& file, const std::string& name);

// One member file, parsed; a syntax error throws MemberError (member, line, keyword "").
Member read_member_file(const std::filesystem::path& file, const std::string& name, MemberFormat format);

}  // namespace zgate::core

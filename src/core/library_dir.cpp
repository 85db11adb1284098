#include "core/library_dir.h"

#include <fmt/format.h>

#include <fstream>
#include <system_error>

#include "core/member_error.h"
#include "core/text.h"

namespace zgate::core {

namespace fs = std::filesystem;

void library_fail(std::string_view what, const fs::path& dir, const std::string& message) {
  throw LibraryError(fmt::format("{} {}: {}", what, dir.string(), message));
}

std::map<std::string, fs::path> list_library(const fs::path& dir, std::string_view what) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) library_fail(what, dir, "is not a directory");
  std::map<std::string, fs::path> out;
  fs::directory_iterator it(dir, ec), end;
  if (ec) library_fail(what, dir, "cannot be read: " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) library_fail(what, dir, "cannot be read: " + ec.message());
    const fs::path& file = it->path();
    std::string filename = file.filename().string();
    if (filename.empty() || filename[0] == '.') continue;  // editors' and VCS files
    std::error_code fec;
    if (!fs::is_regular_file(file, fec)) continue;
    std::string name = upper(file.stem().string());
    auto [at, fresh] = out.emplace(name, file);
    if (!fresh)
      library_fail(what, dir,
                   fmt::format("files {} and {} are both member {}", at->second.filename().string(), filename, name));
  }
  return out;
}

std::string read_member_text(const fs::path& file, const std::string& name) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw MemberError(name, 0, "", "cannot open " + file.string());
  std::string text(kProclibMaxMemberBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) throw MemberError(name, 0, "", "cannot read " + file.string());
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

Member read_member_file(const fs::path& file, const std::string& name, MemberFormat format) {
  std::string text = read_member_text(file, name);
  ParseResult r = parse_member(name, text, format);
  if (!r.ok()) {
    const ParseError& e = *r.error;
    throw MemberError(name, e.line, "",
                      e.column > 0 ? fmt::format("column {}: {}", e.column, e.message) : e.message);
  }
  return std::move(r.member);
}

}  // namespace zgate::core

#include "audit/json_lines_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace zgate::audit {
namespace {

void append_escaped(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20 || u >= 0x7F) out += fmt::format("\\u{:04x}", u);
        else out.push_back(c);
    }
  }
  out.push_back('"');
}

void field(std::string& out, const char* name, std::string_view value) {
  if (value.empty()) return;
  out += ",\"";
  out += name;
  out += "\":";
  append_escaped(out, value);
}

}  // namespace

std::string to_json_line(const Event& e) {
  std::string out = fmt::format("{{\"time\":{},\"event\":{},\"event_name\":\"{}\",\"qualifier\":{}",
                                e.time, static_cast<int>(e.code), event_name(e.code), e.qualifier);
  field(out, "qualifier_text", qualifier_text(e.code, e.qualifier));
  out += fmt::format(",\"violation\":{},\"warning\":{},\"racf_rc\":{}", e.violation, e.warning,
                     e.racf_rc);
  field(out, "user", e.user);
  field(out, "group", e.group);
  field(out, "component", e.component);
  field(out, "appl", e.appl);
  field(out, "terminal", e.terminal);
  field(out, "class", e.resource_class);
  field(out, "resource", e.resource);
  field(out, "profile", e.profile);
  if (!e.profile.empty()) out += fmt::format(",\"generic\":{}", e.generic);
  field(out, "access_requested", e.access_requested);
  field(out, "access_granted", e.access_granted);
  field(out, "detail", e.detail);
  out += "}\n";
  return out;
}

JsonLinesSink::JsonLinesSink(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    int err = errno;
    if (err == ELOOP)
      throw std::runtime_error("audit log " + path + " is a symbolic link: refusing to follow it (give the file's own path)");
    throw std::runtime_error("cannot open audit log " + path + ": " + std::strerror(err));
  }
  // O_CREAT's 0600 is subject to the umask only in the narrowing direction; a file that already
  // existed keeps its mode, so an older 0644 log is narrowed here.
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0077) != 0 && ::fchmod(fd_, 0600) != 0) {
    int err = errno;
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("audit log " + path + " is readable by others and cannot be made 0600: " +
                             std::strerror(err));
  }
}

JsonLinesSink::~JsonLinesSink() {
  if (fd_ >= 0) ::close(fd_);
}

void JsonLinesSink::write(const Event& e) {
  std::string line = to_json_line(e);
  std::lock_guard lk(mu_);
  if (line_open_) line.insert(line.begin(), '\n');  // end the broken line first, in the same write
  ssize_t n;
  do {
    n = ::write(fd_, line.data(), line.size());
  } while (n < 0 && errno == EINTR);
  if (n == static_cast<ssize_t>(line.size())) {
    line_open_ = false;
    return;
  }
  int err = errno;
  ++failed_;
  // Not retried: a second write(2) of the rest could land after another process's record.
  if (n > 0) line_open_ = true;
  std::string why = n < 0 ? std::strerror(err)
                          : fmt::format("short write, {} of {} bytes", n, line.size());
  // No user ID here: the caller may not have masked one that was a mistyped password.
  std::fprintf(stderr, "zgate: AUDIT RECORD LOST (%s %s rc %d): audit log %s: %s\n", event_name(e.code),
               qualifier_text(e.code, e.qualifier), e.racf_rc, path_.c_str(), why.c_str());
}

std::uint64_t JsonLinesSink::failed_writes() const {
  std::lock_guard lk(mu_);
  return failed_;
}

}  // namespace zgate::audit

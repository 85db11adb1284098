#include "audit/siem_text.h"

#include <ctime>

#include <fmt/format.h>

namespace zgate::audit::siem {
namespace {

// The length of the valid UTF-8 sequence at the front of `s` (1-4), or 0 when it is not one
// (a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF, cut short).
std::size_t utf8_length(std::string_view s, char32_t& cp) {
  auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c = b(0);
  std::size_t n;
  char32_t min;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if ((c & 0xe0) == 0xc0) {
    n = 2, cp = c & 0x1f, min = 0x80;
  } else if ((c & 0xf0) == 0xe0) {
    n = 3, cp = c & 0x0f, min = 0x800;
  } else if ((c & 0xf8) == 0xf0) {
    n = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() < n) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((b(i) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(i) & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

}  // namespace

void append_escaped(std::string& out, std::string_view in, std::string_view specials) {
  while (!in.empty()) {
    char32_t cp = 0;
    std::size_t n = utf8_length(in, cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD, one per bad byte
      in.remove_prefix(1);
      continue;
    }
    if (cp < 0x80 && specials.find(static_cast<char>(cp)) != std::string_view::npos) {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (is_control(cp)) {
      append_control(out, cp);
    } else {
      out.append(in.substr(0, n));
    }
    in.remove_prefix(n);
  }
}

void append_control(std::string& out, char32_t c) {
  switch (c) {
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: out += c < 0x100 ? fmt::format("\\x{:02X}", static_cast<unsigned>(c))
                              : fmt::format("\\x{:04X}", static_cast<unsigned>(c));
  }
}

std::string rfc3339(std::int64_t epoch_seconds) {
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string event_id(const Event& e) {
  if (e.code != EventCode::None) return event_name(e.code);
  if (!e.component_code.empty()) return e.component_code;
  return "ZGATE";
}

std::string event_title(const Event& e) {
  if (e.code != EventCode::None) return qualifier_text(e.code, e.qualifier);
  std::string t = e.component;
  if (!e.component_code.empty()) t += (t.empty() ? "" : " ") + e.component_code;
  return t.empty() ? "ZGATE EVENT" : t;
}

}  // namespace zgate::audit::siem

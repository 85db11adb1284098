#include "connect/hws_log.h"

#include <cstdio>
#include <ctime>
#include <mutex>

namespace zgate::connect {

// Log lines quote what clients sent (user IDs, client IDs, data store names, exit reasons):
// a control character in one must not end the line and forge the next, or drive a terminal.
// They are written as \xNN, as is the backslash itself so that the escape is unambiguous.
std::string log_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || c == '\\') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void hws_log(std::string_view message_id, std::string_view raw) {
  const std::string text = log_safe(raw);
  static std::mutex mu;
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::lock_guard lk(mu);
  std::fprintf(stderr, "%s %.*s %.*s\n", stamp, static_cast<int>(message_id.size()),
               message_id.data(), static_cast<int>(text.size()), text.data());
  std::fflush(stderr);
}

}  // namespace zgate::connect

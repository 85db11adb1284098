#include "connect/special.h"

#include <algorithm>
#include <string>

namespace zgate::connect {

namespace {

// The first segment's data as ASCII in a string that the caller wipes.
std::string first_data(const Request& r, core::CodePage cp) {
  if (r.segments.empty()) return {};
  const Bytes& d = r.segments.front().data;
  return decode_chars(ByteView(d.data(), d.size()), r.encoding, cp);
}

struct Wiped {
  std::string s;
  ~Wiped() { core::secure_wipe(s.data(), s.size()); }
};

std::string_view trim_blanks(std::string_view v) {
  while (!v.empty() && (v.back() == ' ' || v.back() == '\0')) v.remove_suffix(1);
  return v;
}

}  // namespace

SpecialRequest classify_special(const Request& r, core::CodePage cp) {
  if (r.irm.type != MessageType::SendReceive || r.segments.empty()) return SpecialRequest::None;
  // Trailing blanks and NULs are trimmed in the client's code page (the translation maps byte
  // to byte), and only the head is translated: every message asks this, and a 32 KB one should
  // not be translated twice to learn that it is neither a PING nor an HWSPWCH.
  const Bytes& d = r.segments.front().data;
  const std::uint8_t blank = r.encoding == Encoding::Ebcdic ? 0x40 : 0x20;
  std::size_t n = d.size();
  while (n > 0 && (d[n - 1] == blank || d[n - 1] == 0x00)) --n;
  constexpr std::size_t kHead = std::max(kPingData.size(), kPasswordChangeKeyword.size() + 1);
  const Wiped head{decode_chars(ByteView(d.data(), std::min(n, kHead)), r.encoding, cp)};
  const std::string_view v = head.s;
  if (n == kPingData.size() && v == kPingData) return SpecialRequest::Ping;
  if (n > kPasswordChangeKeyword.size() && v.starts_with(kPasswordChangeKeyword) &&
      v[kPasswordChangeKeyword.size()] == ' ')
    return SpecialRequest::PasswordChange;
  return SpecialRequest::None;
}

std::optional<PasswordChange> parse_password_change(const Request& r, core::CodePage cp) {
  if (classify_special(r, cp) != SpecialRequest::PasswordChange) return std::nullopt;
  Wiped d{first_data(r, cp)};
  std::string_view v = trim_blanks(d.s);
  v.remove_prefix(kPasswordChangeKeyword.size());
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  const auto a = v.find('/');
  if (a == std::string_view::npos) return std::nullopt;
  const auto b = v.find('/', a + 1);
  if (b == std::string_view::npos || v.find('/', b + 1) != std::string_view::npos)
    return std::nullopt;
  const auto oldp = v.substr(0, a), newp = v.substr(a + 1, b - a - 1), ver = v.substr(b + 1);
  if (oldp.empty() || newp.empty() || ver.empty()) return std::nullopt;
  return PasswordChange{core::SecretString(oldp), core::SecretString(newp),
                        core::SecretString(ver)};
}

}  // namespace zgate::connect

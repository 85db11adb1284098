#include "connect/doors/irm/special.h"

#include <algorithm>
#include <array>
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
  const std::size_t n = trimmed_length(d.data(), d.size(), r.encoding);
  constexpr std::size_t kHead = std::max(kPingData.size(), kPasswordChangeKeyword.size() + 1);
  // On the stack: 16 bytes is one more than a std::string holds without allocating.
  std::array<std::uint8_t, kHead> head;
  const std::size_t h = std::min(n, kHead);
  if (r.encoding == Encoding::Ebcdic)
    core::translate(core::ebcdic_to_ascii_table(cp), d.data(), h, head.data());
  else
    std::copy_n(d.data(), h, head.data());
  const std::string_view v(reinterpret_cast<const char*>(head.data()), h);
  SpecialRequest kind = SpecialRequest::None;
  if (n == kPingData.size() && v == kPingData)
    kind = SpecialRequest::Ping;
  else if (n > kPasswordChangeKeyword.size() && v.starts_with(kPasswordChangeKeyword) &&
           v[kPasswordChangeKeyword.size()] == ' ')
    kind = SpecialRequest::PasswordChange;
  core::secure_wipe(head.data(), head.size());  // "HWSPWCH o...": the head of an old password
  return kind;
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

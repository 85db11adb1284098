#include "racf/ssignon.h"

#include <array>
#include <charconv>

#include "core/text.h"
#include "racf/messages.h"
#include "racf/operands.h"

namespace zgate::racf {

namespace {

bool hex_digits(const std::string& s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

}  // namespace

std::optional<saf::SsignOn> parse_ssignon(const Token& ssignon, saf::SsignOn s, std::string& error) {
  static constexpr std::array<std::string_view, 5> kKeys = {"KEYMASKED", "EPTKEYMASKED", "EPTTYPE", "EPTTIMEOUT",
                                                            "EPTREPLAY"};
  auto ops = bind_sub(ssignon, kKeys, error);
  if (!ops) return std::nullopt;
  if (ops->keywords().empty()) {
    error = std::string(msg::kSsignonBadKey);
    return std::nullopt;
  }
  // Key values are reported as bad without being echoed.
  if (ops->has("KEYMASKED")) {
    auto v = ops->value("KEYMASKED");
    if (!v || !hex_digits(core::upper(*v), 16)) {
      error = std::string(msg::kSsignonBadKey);
      return std::nullopt;
    }
    s.legacy_key = core::upper(*v);
  }
  if (ops->has("EPTKEYMASKED")) {
    auto v = ops->value("EPTKEYMASKED");
    if (!v || !hex_digits(core::upper(*v), 128)) {
      error = std::string(msg::kSsignonBadKey);
      return std::nullopt;
    }
    s.enhanced_key = core::upper(*v);
  }
  if (ops->has("EPTTYPE")) {
    auto v = ops->value("EPTTYPE");
    if (v == "UPPER") s.enhanced_type = saf::PassTicketType::Upper;
    else if (v == "MIXED") s.enhanced_type = saf::PassTicketType::Mixed;
    else {
      error = msg::invalid("EPTTYPE", v.value_or("(...)"));
      return std::nullopt;
    }
  }
  if (ops->has("EPTTIMEOUT")) {
    auto v = ops->value("EPTTIMEOUT").value_or("");
    int n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size() || n < 1 || n > 600) {
      error = msg::invalid("EPTTIMEOUT", v);
      return std::nullopt;
    }
    s.enhanced_timeout = n;
  }
  if (ops->has("EPTREPLAY")) {
    auto v = ops->value("EPTREPLAY");
    // EPTREPLAY(YES) allows a ticket to be replayed (no replay protection), as we read z/OS;
    // the model's enhanced_replay is the protection itself.
    if (v == "YES") s.enhanced_replay = false;
    else if (v == "NO") s.enhanced_replay = true;
    else {
      error = msg::invalid("EPTREPLAY", v.value_or("(...)"));
      return std::nullopt;
    }
  }
  return s;
}

}  // namespace zgate::racf

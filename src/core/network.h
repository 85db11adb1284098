#pragma once
// An IPv4 or IPv6 network ("10.0.0.0/8", "127.0.0.10", "fd00::/8"): what the data-access
// policies (guard) and the alert rules' cidr modifier (watch) match client addresses against.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace zgate::core {

struct Network {
  bool v6 = false;
  std::array<std::uint8_t, 16> address{};  // the first 4 bytes for IPv4
  int prefix = 0;

  // An address with an optional /prefix (digits only, at most the address's bits); no prefix:
  // one address. nullopt for anything else.
  static std::optional<Network> parse(std::string_view text);
  // Whether `ip` (an address, no prefix) is in the network. An IPv4-mapped IPv6 address
  // (::ffff:a.b.c.d, as a dual-stack socket reports an IPv4 client) is its IPv4 address; text
  // that is not an address is in no network.
  bool contains(std::string_view ip) const;
};

}  // namespace zgate::core

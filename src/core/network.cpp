#include "core/network.h"

#include <arpa/inet.h>

#include <algorithm>
#include <string>

namespace zgate::core {
namespace {

// The address `text` holds: 4 bytes (IPv4, also when mapped into IPv6) or 16.
std::optional<std::pair<bool, std::array<std::uint8_t, 16>>> address_of(std::string_view text, bool unmap) {
  const std::string t(text);
  std::array<std::uint8_t, 16> a{};
  if (::inet_pton(AF_INET, t.c_str(), a.data()) == 1) return std::pair{false, a};
  if (::inet_pton(AF_INET6, t.c_str(), a.data()) != 1) return std::nullopt;
  static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (unmap && std::equal(kMapped, kMapped + 12, a.begin())) {
    std::array<std::uint8_t, 16> v4{};
    std::copy(a.begin() + 12, a.end(), v4.begin());
    return std::pair{false, v4};
  }
  return std::pair{true, a};
}

}  // namespace

std::optional<Network> Network::parse(std::string_view text) {
  std::string_view addr = text, bits;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    addr = text.substr(0, slash);
    bits = text.substr(slash + 1);
    if (bits.empty() || bits.size() > 3 || !std::all_of(bits.begin(), bits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
  }
  auto a = address_of(addr, /*unmap=*/false);
  if (!a) return std::nullopt;
  Network n;
  n.v6 = a->first;
  n.address = a->second;
  const int max = n.v6 ? 128 : 32;
  n.prefix = bits.empty() ? max : std::stoi(std::string(bits));
  if (n.prefix > max) return std::nullopt;
  return n;
}

bool Network::contains(std::string_view ip) const {
  auto a = address_of(ip, /*unmap=*/!v6);
  if (!a || a->first != v6) return false;
  int left = prefix;
  for (std::size_t i = 0; i < 16 && left > 0; ++i, left -= 8) {
    const unsigned mask = left >= 8 ? 0xFFu : (0xFFu << (8 - left)) & 0xFFu;
    if ((a->second[i] & mask) != (address[i] & mask)) return false;
  }
  return true;
}

}  // namespace zgate::core

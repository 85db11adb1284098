#pragma once
// Big-endian field access. IMS Connect, OTMA, UTOKENs and SMF records are all big-endian
// (z/Architecture byte order); these helpers are the only place that knows it.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace zgate::core {

using Bytes = std::vector<std::uint8_t>;

inline std::uint16_t get_be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
inline std::uint32_t get_be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}
inline std::uint64_t get_be64(const std::uint8_t* p) {
  return (std::uint64_t{get_be32(p)} << 32) | get_be32(p + 4);
}
inline void put_be16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
inline void put_be32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}
inline void put_be64(std::uint8_t* p, std::uint64_t v) {
  put_be32(p, static_cast<std::uint32_t>(v >> 32));
  put_be32(p + 4, static_cast<std::uint32_t>(v));
}

// Hex text <-> bytes, for keys typed in RACF commands (KEYMASKED) and for test vectors.
std::string to_hex(std::span<const std::uint8_t> data);
// Returns false (and leaves `out` empty) on odd length or a non-hex character.
bool from_hex(std::string_view hex, Bytes& out);

}  // namespace zgate::core

#pragma once
// IMS Connect client IDs (IRM_CLIENTID, 8 bytes): validation and generation.
// IBM "Client ID (clientID)" and ICO0053E: 1-8 characters A-Z 0-9 @ # $; must not start with
// "HWS" (reserved for IDs IMS Connect generates); must not be an IMS Connect port number.
// A blank IRM_CLIENTID asks IMS Connect to generate one, returned in a *GENCID* structure.
#include <array>
#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace zgate::connect {

enum class ClientIdProblem {
  None,
  Empty,
  TooLong,         // more than 8 characters
  BadCharacter,    // not A-Z 0-9 @ # $ (lower case included: the wire carries it as sent)
  ReservedPrefix,  // starts with HWS
  PortNumber,      // equals a listening port
};
std::string_view to_string(ClientIdProblem p);

// `user_chosen`: apply the HWS rule. A client that echoes back an ID IMS Connect generated
// for it (HWS...) is not user-chosen, so the wire decoder checks characters only.
ClientIdProblem check_client_id(std::string_view id, bool user_chosen = true,
                                std::span<const std::uint16_t> ports = {});
inline bool valid_client_id(std::string_view id, bool user_chosen = true,
                            std::span<const std::uint16_t> ports = {}) {
  return check_client_id(id, user_chosen, ports) == ClientIdProblem::None;
}

// Generates "HWS" + 5 characters from A-Z 0-9 ([UNVERIFIED] IBM documents only that the HWS
// prefix is reserved for generated IDs; the 5-character tail fills the 8-byte field). The tail
// is a counter put through a secret permutation of the 36^5 values (a keyed Feistel network
// with cycle-walking): the 60,466,176 IDs come out before any repeats, so a generated ID never
// names an old client's tpipe while that output may still wait, and no ID says anything about
// the next (a counter stepped by a constant let one client predict every other's ID).
// Thread-safe.
class ClientIdGenerator {
 public:
  ClientIdGenerator();                            // random key and start
  explicit ClientIdGenerator(std::uint32_t seed);  // fixed key and start, for tests
  std::string next();

  static constexpr std::uint32_t kSpace = 36u * 36u * 36u * 36u * 36u;

 private:
  std::uint32_t permute(std::uint32_t v) const;

  std::array<std::uint8_t, 16> key_{};
  std::atomic<std::uint64_t> counter_;
};

}  // namespace zgate::connect

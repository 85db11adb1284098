#include "connect/client_id.h"

#include <random>

namespace zgate::connect {

std::string_view to_string(ClientIdProblem p) {
  switch (p) {
    case ClientIdProblem::None: return "valid";
    case ClientIdProblem::Empty: return "client ID is empty";
    case ClientIdProblem::TooLong: return "client ID is longer than 8 characters";
    case ClientIdProblem::BadCharacter: return "client ID has a character other than A-Z 0-9 @ # $";
    case ClientIdProblem::ReservedPrefix: return "client ID starts with the reserved prefix HWS";
    case ClientIdProblem::PortNumber: return "client ID is an IMS Connect port number";
  }
  return "";
}

ClientIdProblem check_client_id(std::string_view id, bool user_chosen,
                                std::span<const std::uint16_t> ports) {
  if (id.empty()) return ClientIdProblem::Empty;
  if (id.size() > 8) return ClientIdProblem::TooLong;
  bool digits = true;
  for (char c : id) {
    const bool digit = c >= '0' && c <= '9';
    if (!digit && !(c >= 'A' && c <= 'Z') && c != '@' && c != '#' && c != '$')
      return ClientIdProblem::BadCharacter;
    digits = digits && digit;
  }
  if (user_chosen && id.starts_with("HWS")) return ClientIdProblem::ReservedPrefix;
  if (digits) {
    std::uint32_t n = 0;
    for (char c : id) n = n * 10 + static_cast<std::uint32_t>(c - '0');
    for (auto p : ports)
      if (p == n) return ClientIdProblem::PortNumber;
  }
  return ClientIdProblem::None;
}

namespace {
// 7 919 is prime and not 2 or 3, so it is coprime with 36^5 = 2^10 * 3^10: stepping by it
// visits every residue once per cycle.
constexpr std::uint64_t kStep = 7919;
}  // namespace

ClientIdGenerator::ClientIdGenerator() : counter_(std::random_device{}() % kSpace) {}
ClientIdGenerator::ClientIdGenerator(std::uint32_t seed) : counter_(seed % kSpace) {}

std::string ClientIdGenerator::next() {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::uint64_t v = (counter_.fetch_add(1, std::memory_order_relaxed) * kStep) % kSpace;
  std::string id = "HWS00000";
  for (int i = 7; i >= 3; --i) {
    id[static_cast<std::size_t>(i)] = kAlphabet[v % 36];
    v /= 36;
  }
  return id;
}

}  // namespace zgate::connect

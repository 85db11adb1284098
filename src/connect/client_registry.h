#pragma once
// The client IDs in use on this IMS Connect. IBM: a client ID names one client at a time; a
// second connection with an ID in use is refused with RSM RC 8 RSN 56 (DUPECLNT), unless its
// IRM_F3 X'80' asks IMS Connect to cancel the old one, which is then disconnected.
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace zgate::connect {

class ClientRegistry {
 public:
  using Canceller = std::function<void()>;  // ends the session that holds the ID

  enum class Claim { Ok, Duplicate };
  // Registers `id` for session `owner`. With cancel_existing, a holder is cancelled and the ID
  // moves to the new owner.
  Claim claim(const std::string& id, std::uint64_t owner, Canceller cancel, bool cancel_existing);
  // Frees the ID if `owner` still holds it.
  void release(const std::string& id, std::uint64_t owner);
  bool in_use(const std::string& id) const;
  std::size_t size() const;

 private:
  struct Holder {
    std::uint64_t owner;
    Canceller cancel;
  };
  mutable std::mutex mu_;
  std::unordered_map<std::string, Holder> ids_;
};

}  // namespace zgate::connect

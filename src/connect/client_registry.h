#pragma once
// The client IDs in use on this IMS Connect. IBM: a client ID names one client at a time; a
// second connection with an ID in use is refused with RSM RC 8 RSN 56 (DUPECLNT), unless its
// IRM_F3 X'80' asks IMS Connect to cancel the old one, which is then disconnected.
//
// zgate lets a client cancel another connection's ID only once IMS Connect has admitted it,
// and only when the holder was admitted as the same user ID, or was never admitted at all
// (it holds the ID without having shown a credential), or the new client is a trusted one:
// take_over(). Otherwise anyone could close another user's connection and squat on its ID,
// and with it on the tpipe its asynchronous output waits on (docs/decisions.md).
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
  // Registers `id` for session `owner`, unless another session holds it.
  Claim claim(const std::string& id, std::uint64_t owner, Canceller cancel);
  // IRM_F3 X'80' from an admitted client (`userid` verified as RACF=Y requires, `trusted`: a
  // trusted client): cancels the holder when the rule above allows it, and the ID moves to
  // `owner`, admitted as `userid`. Duplicate when the holder may not be cancelled by it.
  Claim take_over(const std::string& id, std::uint64_t owner, Canceller cancel,
                  const std::string& userid, bool trusted);
  // The holder `owner` was admitted as `userid` (the first admission counts).
  void admitted(const std::string& id, std::uint64_t owner, const std::string& userid);
  // Frees the ID if `owner` still holds it.
  void release(const std::string& id, std::uint64_t owner);
  bool in_use(const std::string& id) const;
  std::size_t size() const;

 private:
  struct Holder {
    std::uint64_t owner;
    Canceller cancel;
    std::string userid;  // empty until the holder is admitted
  };
  mutable std::mutex mu_;
  std::unordered_map<std::string, Holder> ids_;
};

}  // namespace zgate::connect

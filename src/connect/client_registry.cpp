#include "connect/client_registry.h"

namespace zgate::connect {

ClientRegistry::Claim ClientRegistry::claim(const std::string& id, std::uint64_t owner,
                                            Canceller cancel) {
  std::lock_guard lk(mu_);
  auto it = ids_.find(id);
  if (it != ids_.end() && it->second.owner != owner) return Claim::Duplicate;
  ids_[id] = Holder{owner, std::move(cancel), {}};
  return Claim::Ok;
}

ClientRegistry::Claim ClientRegistry::take_over(const std::string& id, std::uint64_t owner,
                                                Canceller cancel, const std::string& userid,
                                                bool trusted) {
  Canceller old;
  {
    std::lock_guard lk(mu_);
    auto it = ids_.find(id);
    if (it != ids_.end() && it->second.owner != owner) {
      const std::string& holder = it->second.userid;
      if (!trusted && !holder.empty() && holder != userid) return Claim::Duplicate;
      old = std::move(it->second.cancel);
    }
    ids_[id] = Holder{owner, std::move(cancel), userid};
  }
  // Outside the lock: cancelling ends the old session, which calls release() for an ID it no
  // longer owns (a no-op).
  if (old) old();
  return Claim::Ok;
}

void ClientRegistry::admitted(const std::string& id, std::uint64_t owner, const std::string& userid) {
  std::lock_guard lk(mu_);
  auto it = ids_.find(id);
  if (it != ids_.end() && it->second.owner == owner && it->second.userid.empty())
    it->second.userid = userid;
}

void ClientRegistry::release(const std::string& id, std::uint64_t owner) {
  std::lock_guard lk(mu_);
  auto it = ids_.find(id);
  if (it != ids_.end() && it->second.owner == owner) ids_.erase(it);
}

bool ClientRegistry::in_use(const std::string& id) const {
  std::lock_guard lk(mu_);
  return ids_.contains(id);
}

std::size_t ClientRegistry::size() const {
  std::lock_guard lk(mu_);
  return ids_.size();
}

}  // namespace zgate::connect

#include "otma/output_router.h"

namespace zgate::otma {

void HoldQueues::route(const tm::OutputMessage& m) {
  std::lock_guard lk(mu_);
  Tpipe& t = tpipes_[{m.tmember, m.destination}];
  t.held.push_back(m);
  ++t.enqueued;
}

void HoldQueues::delivered(const std::string& member, const std::string& tpipe) {
  std::lock_guard lk(mu_);
  Tpipe& t = tpipes_[{member, tpipe}];
  ++t.enqueued;
  ++t.dequeued;
}

std::optional<tm::OutputMessage> HoldQueues::dequeue(const std::string& member, const std::string& tpipe) {
  std::lock_guard lk(mu_);
  auto it = tpipes_.find({member, tpipe});
  if (it == tpipes_.end() || it->second.held.empty()) return std::nullopt;
  tm::OutputMessage m = std::move(it->second.held.front());
  it->second.held.pop_front();
  ++it->second.dequeued;
  return m;
}

std::vector<TpipeStatus> HoldQueues::tpipes(const std::string& member) const {
  std::lock_guard lk(mu_);
  std::vector<TpipeStatus> out;
  for (auto it = tpipes_.lower_bound({member, std::string()}); it != tpipes_.end() && it->first.first == member; ++it)
    out.push_back({it->first.second, it->second.enqueued, it->second.dequeued});
  return out;
}

std::vector<std::string> HoldQueues::members() const {
  std::lock_guard lk(mu_);
  std::vector<std::string> out;
  for (const auto& [k, _] : tpipes_)
    if (out.empty() || out.back() != k.first) out.push_back(k.first);
  return out;
}

}  // namespace zgate::otma

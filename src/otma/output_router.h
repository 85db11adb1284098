#pragma once
// Output to OTMA tpipes: the hold queue of each TMEMBER/TPIPE, with the ENQCT/DEQCT counts
// /DISPLAY TMEMBER name TPIPE shows. tm hands committed alternate-PCB output for an LTERM/tpipe
// destination to route(); synchronous (CM1) replies pass through the tpipe too and are counted
// as enqueued and dequeued at once, as IMS counts them.
//
// The queues live in memory for now; making them survive a restart (CM0 output IMS would keep)
// is a later step, behind this same class.
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tm/transaction_manager.h"

namespace zgate::otma {

struct TpipeStatus {
  std::string name;
  std::uint64_t enqueued = 0;  // ENQCT
  std::uint64_t dequeued = 0;  // DEQCT
  std::uint64_t queued() const { return enqueued - dequeued; }  // QCT
};

class HoldQueues final : public tm::OutputRouter {
 public:
  // Alternate-PCB output for a tpipe of m.tmember: kept on that tpipe's hold queue.
  void route(const tm::OutputMessage& m) override;

  // A reply delivered synchronously on the tpipe (counted in and out at once); also makes the
  // tpipe known, as IMS creates a tpipe on the first message that names it.
  void delivered(const std::string& member, const std::string& tpipe);

  // The oldest held message of a tpipe (RESUME TPIPE will use this), if any.
  std::optional<tm::OutputMessage> dequeue(const std::string& member, const std::string& tpipe);

  // The member's tpipes, by name.
  std::vector<TpipeStatus> tpipes(const std::string& member) const;
  std::vector<std::string> members() const;

 private:
  struct Tpipe {
    std::uint64_t enqueued = 0, dequeued = 0;
    std::deque<tm::OutputMessage> held;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Tpipe> tpipes_;  // (member, tpipe)
};

}  // namespace zgate::otma

#pragma once
// The queue in front of the verify pool: who gets the next password hash.
//
// A VERIFY of a password or phrase costs an Argon2id hash (milliseconds of a core), and the
// pool that runs them is small. Served first come, first served, forty connections sending
// wrong passwords for one user (a SPECIAL user is never revoked, so the attack never becomes
// cheap) put every other user's sign-on behind forty hashes. So the queue is fair instead:
//   - sources (client addresses) take turns, and within a source its user IDs take turns;
//   - a source or user with nothing queued goes to the front when it asks: one that has just
//     been served waits behind those that have not;
//   - a (source, user) whose last VERIFYs failed, and a source whose last VERIFYs failed, has
//     a budget of VERIFYs waiting or running; a request beyond it is refused at once, before
//     any hash (the cheap refusal first). Sign-ons that succeed are never refused: a pool of
//     connections signing on as one service user waits its turn, however many there are.
// A good user's sign-on then waits for at most the hash that is running, whatever one other
// user or address sends. (docs/decisions.md; the soak's case 10 measures it.)
//
// Thread safety: all members may be called from any thread.
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace zgate::connect {

class VerifyQueue {
 public:
  struct Limits {
    std::size_t per_user = 4;     // waiting or running, for one failing user ID from one source
    std::size_t per_source = 64;  // waiting or running, for one failing source
    int failing_after = 3;        // consecutive failed VERIFYs that make a user or source failing
  };
  // A VERIFY; returns whether it succeeded.
  using Job = std::function<bool()>;

  VerifyQueue() = default;
  explicit VerifyQueue(Limits limits) : limits_(limits) {}

  // Queues `job` for (source, user). False, and nothing is queued, when a budget is spent.
  bool push(const std::string& source, const std::string& user, Job job);
  // The next job in fair order, which gives its budget back (and records its outcome) when it
  // has run; nullopt when nothing is queued. Call once for each successful push.
  std::optional<std::function<void()>> pop();

  std::size_t pending(const std::string& source) const;

 private:
  struct Source {
    std::deque<std::string> turns;                      // users with queued jobs, next first
    std::map<std::string, std::deque<Job>> queued;      // by user
    std::map<std::string, std::size_t> pending_by_user;  // queued or running
    std::size_t pending = 0;
  };
  void finished(const std::string& source, const std::string& user, bool ok);

  Limits limits_;
  mutable std::mutex mu_;
  std::deque<std::string> turns_;  // sources with queued jobs, next first
  std::map<std::string, Source> sources_;
  // Consecutive failures, by source and by (source, user); forgotten at the first success,
  // and all at once if an attacker's variety makes the tables large.
  std::map<std::string, int> source_failures_;
  std::map<std::pair<std::string, std::string>, int> user_failures_;
};

}  // namespace zgate::connect

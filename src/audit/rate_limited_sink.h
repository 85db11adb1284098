#pragma once
// Bounds what one source can make the audit trail write (issue 14 hole 5: unknown-user sign-on
// attempts alone filled about 2 MB a second). Violations of sign-on (JOBINIT) and of access
// (ACCESS) are folded when they repeat: within one second, the same record (event, qualifier,
// user or masked user, terminal, resource, ...) is written `per_record` times and the same
// source (event, qualifier, terminal, component) `per_source` times; what is held back is
// counted and written as one record saying "REPEATED K MORE TIMES", when that second is over
// (at the next event, at flush(), or when the sink is destroyed). Nothing is dropped without
// its count. Successes and RACF command records always pass: they are not an attacker's to
// multiply, and an administrator's bulk load must be audited record by record.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "audit/sink.h"

namespace zgate::audit {

struct RateLimit {
  int per_record = 5;   // identical violations per second
  int per_source = 50;  // violations of one kind from one terminal per second
  std::size_t max_keys = 10000;  // distinct records tracked per second (memory bound)
};

class RateLimitedSink final : public Sink {
 public:
  explicit RateLimitedSink(Sink& inner, RateLimit limit = {});
  ~RateLimitedSink() override;
  RateLimitedSink(const RateLimitedSink&) = delete;
  RateLimitedSink& operator=(const RateLimitedSink&) = delete;

  // Writes the "REPEATED" records of every window that held something back.
  void flush();

 protected:
  void deliver(const Event& e) override;

 private:
  struct Window {
    std::int64_t second = 0;
    int passed = 0;
    std::uint64_t folded = 0;
    Event last;
  };
  using Windows = std::unordered_map<std::string, Window>;
  // Whether e may pass under `key`'s window; counts it as folded when not.
  static bool admit(Windows& w, const std::string& key, const Event& e, std::int64_t now, int limit,
                    std::size_t max_keys);
  void sweep_locked(std::int64_t now, bool all);

  std::mutex mu_;
  Sink& inner_;
  RateLimit limit_;
  Windows records_, sources_;
  std::int64_t swept_ = 0;
};

}  // namespace zgate::audit

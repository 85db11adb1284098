#pragma once
// When a file the audit layer appends to (the JSON-lines trail, a sink's spool) is forced to
// disk. A write(2) that returned is in the page cache and survives the process's crash or
// kill -9; only fsync(2) makes it survive the machine's crash or a power loss.
//   none:     never (the kernel writes back within about 30 s); fastest.
//   always:   after every record; the record is on disk when deliver() returns.
//   interval: after a record when the last fsync is at least `interval` old, so at most that
//             much of the trail is at risk on a power loss, at a bounded cost per second.
#include <chrono>
#include <optional>
#include <string_view>

namespace zgate::audit {

enum class FsyncPolicy { None, Always, Interval };

std::optional<FsyncPolicy> parse_fsync_policy(std::string_view s);  // "none", "always", "interval"

class Syncer {
 public:
  Syncer(FsyncPolicy p, std::chrono::milliseconds interval) : policy_(p), interval_(interval) {}
  // After a successful write to `fd`. Returns false when fsync failed (the caller reports it).
  bool after_write(int fd);

 private:
  FsyncPolicy policy_;
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace zgate::audit

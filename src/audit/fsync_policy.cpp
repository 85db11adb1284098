#include "audit/fsync_policy.h"

#include <unistd.h>

namespace zgate::audit {

std::optional<FsyncPolicy> parse_fsync_policy(std::string_view s) {
  if (s == "none") return FsyncPolicy::None;
  if (s == "always") return FsyncPolicy::Always;
  if (s == "interval") return FsyncPolicy::Interval;
  return std::nullopt;
}

bool Syncer::after_write(int fd) {
  if (policy_ == FsyncPolicy::None) return true;
  auto now = std::chrono::steady_clock::now();
  if (policy_ == FsyncPolicy::Interval && now - last_ < interval_) return true;
  last_ = now;
  return ::fdatasync(fd) == 0;
}

}  // namespace zgate::audit

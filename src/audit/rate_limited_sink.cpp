#include "audit/rate_limited_sink.h"

#include <ctime>

#include <fmt/format.h>

namespace zgate::audit {
namespace {

bool limited(const Event& e) {
  return e.violation && (e.code == EventCode::JobInit || e.code == EventCode::Access);
}

// '\x1f' (unit separator) cannot occur in the fields' own text without being a forgery that
// only merges the forger's own records.
std::string record_key(const Event& e) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", static_cast<int>(e.code),
                     e.qualifier, e.racf_rc, e.user, e.group, e.terminal, e.component, e.appl,
                     e.resource_class, e.resource);
}

std::string source_key(const Event& e) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}", static_cast<int>(e.code), e.qualifier, e.terminal, e.component);
}

}  // namespace

RateLimitedSink::RateLimitedSink(Sink& inner, RateLimit limit) : inner_(inner), limit_(limit) {}

RateLimitedSink::~RateLimitedSink() {
  try {
    flush();
  } catch (...) {
  }
}

bool RateLimitedSink::admit(Windows& w, const std::string& key, const Event& e, std::int64_t now, int limit,
                            std::size_t max_keys) {
  auto it = w.find(key);
  if (it == w.end()) {
    if (w.size() >= max_keys) return true;  // untracked: the source window still bounds it
    it = w.emplace(key, Window{now, 0, 0, {}}).first;
  }
  Window& win = it->second;
  if (win.passed < limit) return true;
  ++win.folded;
  win.last = e;
  return false;
}

void RateLimitedSink::deliver(const Event& e) {
  std::lock_guard lk(mu_);
  const std::int64_t now = e.time != 0 ? e.time : static_cast<std::int64_t>(std::time(nullptr));
  if (now != swept_) {
    sweep_locked(now, false);
    swept_ = now;
  }
  if (!limited(e)) {
    inner_.write(e);
    return;
  }
  const std::string rk = record_key(e), sk = source_key(e);
  if (!admit(records_, rk, e, now, limit_.per_record, limit_.max_keys)) return;
  if (!admit(sources_, sk, e, now, limit_.per_source, limit_.max_keys)) return;
  if (auto it = records_.find(rk); it != records_.end()) ++it->second.passed;
  if (auto it = sources_.find(sk); it != sources_.end()) ++it->second.passed;
  inner_.write(e);
}

void RateLimitedSink::flush() {
  std::lock_guard lk(mu_);
  sweep_locked(0, true);
}

void RateLimitedSink::sweep_locked(std::int64_t now, bool all) {
  auto sweep = [&](Windows& w, bool per_source) {
    for (auto it = w.begin(); it != w.end();) {
      Window& win = it->second;
      if (!all && win.second >= now) {
        ++it;
        continue;
      }
      if (win.folded > 0) {
        Event s = win.last;
        s.time = win.second;
        if (per_source) {
          // The held-back records were of several users: name none of them.
          s.user.clear();
          s.group.clear();
          s.detail = fmt::format("SUPPRESSED: {} MORE SUCH RECORDS FROM THIS TERMINAL WITHIN 1 SECOND", win.folded);
        } else {
          s.detail = fmt::format("REPEATED {} MORE TIMES WITHIN 1 SECOND; LAST: {}", win.folded, win.last.detail);
        }
        inner_.write(s);
      }
      it = w.erase(it);
    }
  };
  sweep(records_, false);
  sweep(sources_, true);
}

}  // namespace zgate::audit

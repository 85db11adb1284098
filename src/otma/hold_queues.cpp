#include "otma/hold_queues.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace zgate::otma {

namespace {

// Messages that are not in the store (sync callout requests, and everything when there is no
// store) get ids from the top half of the range, so they never collide with store ids.
constexpr std::uint64_t kVolatileIds = std::uint64_t{1} << 62;

void put_name(Correlation& c, std::size_t at, const std::string& name) {
  for (std::size_t i = 0; i < 8; ++i)
    c[at + i] = static_cast<std::uint8_t>(i < name.size() ? name[i] : ' ');
}

// A fresh token: 160 bits from the system's CSPRNG, so that one request's token says nothing
// about another's (a sequence let any signed-on client answer other users' ICALs).
Correlation make_token(const std::string& user, const std::string& tpipe) {
  Correlation c{};
  std::memcpy(c.data(), "ZGCO", 4);
  randombytes_buf(c.data() + 4, 20);
  put_name(c, 24, tpipe);
  put_name(c, 32, user);
  return c;
}

bool wanted(const HeldMessage& m, Want w) {
  switch (w) {
    case Want::Async: return !m.sync_callout;
    case Want::SyncOnly: return m.sync_callout;
    case Want::Both: return true;
  }
  return false;
}

}  // namespace

struct HoldQueues::Impl {
  explicit Impl(tm::QueueStore* s) : store(s) {}

  struct Tpipe {
    std::uint64_t enqueued = 0, dequeued = 0;
    std::deque<HeldMessage> held;
    bool stopped = false;
  };
  // An ICAL waiting for its response.
  struct Waiter {
    std::string member, tpipe;
    std::optional<CalloutTaker> taker;  // set when the client that took it ACKs it
    std::condition_variable cv;
    bool done = false;
    tm::CalloutResult result;
  };
  struct Watch {
    std::string member, tpipe;
    std::function<void()> wake;
  };

  tm::QueueStore* store;
  mutable std::mutex mu;
  std::map<std::pair<std::string, std::string>, Tpipe> tpipes;  // (member, tpipe)
  std::map<Correlation, std::shared_ptr<Waiter>> callouts;
  std::map<std::uint64_t, Watch> watches;
  std::uint64_t next_volatile = kVolatileIds;
  std::uint64_t next_watch = 1;

  // The wakers of a tpipe, copied under the lock so they are called without it.
  std::vector<std::function<void()>> wakers_locked(const std::string& member, const std::string& tpipe) const {
    std::vector<std::function<void()>> out;
    for (const auto& [_, w] : watches)
      if (w.member == member && w.tpipe == tpipe) out.push_back(w.wake);
    return out;
  }

  void enqueue_locked(HeldMessage m, std::vector<std::function<void()>>& wake) {
    Tpipe& t = tpipes[{m.tmember, m.tpipe}];
    ++t.enqueued;
    auto w = wakers_locked(m.tmember, m.tpipe);
    wake.insert(wake.end(), w.begin(), w.end());
    t.held.push_back(std::move(m));
  }

  void finish_callout_locked(const Correlation& token, tm::CalloutResult r) {
    auto it = callouts.find(token);
    if (it == callouts.end()) return;
    it->second->result = std::move(r);
    it->second->done = true;
    it->second->cv.notify_all();
    callouts.erase(it);
  }

  // A taken message leaves the books (DEQCT) and, if durable, the store.
  void dequeued_locked(const HeldMessage& m) {
    auto it = tpipes.find({m.tmember, m.tpipe});
    if (it != tpipes.end()) ++it->second.dequeued;
  }
};

HoldQueues::HoldQueues(tm::QueueStore* store) : impl_(std::make_unique<Impl>(store)) {}
HoldQueues::~HoldQueues() = default;

void HoldQueues::recover() {
  if (!impl_->store) return;
  auto rows = impl_->store->outputs();
  std::lock_guard lk(impl_->mu);
  std::vector<std::function<void()>> none;
  for (auto& o : rows) {
    HeldMessage m;
    m.id = o.store_id;
    m.durable = true;
    m.tmember = o.tmember;
    m.tpipe = o.destination;
    m.segments = std::move(o.segments);
    m.userid = o.userid;
    impl_->enqueue_locked(std::move(m), none);
  }
}

std::uint64_t HoldQueues::put(const tm::OutputMessage& o) {
  HeldMessage m;
  m.durable = o.store_id != 0;
  m.tmember = o.tmember;
  m.tpipe = o.destination;
  m.segments = o.segments;
  m.userid = o.userid;
  std::uint64_t id = 0;
  std::vector<std::function<void()>> wake;
  {
    std::lock_guard lk(impl_->mu);
    m.id = m.durable ? o.store_id : impl_->next_volatile++;
    id = m.id;
    impl_->enqueue_locked(std::move(m), wake);
  }
  for (auto& w : wake) w();
  return id;
}

void HoldQueues::delivered(const std::string& member, const std::string& tpipe) {
  std::lock_guard lk(impl_->mu);
  Impl::Tpipe& t = impl_->tpipes[{member, tpipe}];
  ++t.enqueued;
  ++t.dequeued;
}

bool HoldQueues::exists(const std::string& member, const std::string& tpipe) const {
  std::lock_guard lk(impl_->mu);
  return impl_->tpipes.count({member, tpipe}) != 0;
}

std::optional<HeldMessage> HoldQueues::take(const std::string& member, const std::string& tpipe, Want want) {
  std::lock_guard lk(impl_->mu);
  auto it = impl_->tpipes.find({member, tpipe});
  if (it == impl_->tpipes.end() || it->second.stopped) return std::nullopt;
  auto& held = it->second.held;
  auto m = std::find_if(held.begin(), held.end(), [want](const HeldMessage& h) { return wanted(h, want); });
  if (m == held.end()) return std::nullopt;
  HeldMessage out = std::move(*m);
  held.erase(m);
  return out;
}

bool HoldQueues::available(const std::string& member, const std::string& tpipe, Want want) const {
  std::lock_guard lk(impl_->mu);
  auto it = impl_->tpipes.find({member, tpipe});
  if (it == impl_->tpipes.end()) return false;
  if (it->second.stopped) return true;
  const auto& held = it->second.held;
  return std::any_of(held.begin(), held.end(), [want](const HeldMessage& h) { return wanted(h, want); });
}

std::optional<HeldMessage> HoldQueues::take_id(const std::string& member, const std::string& tpipe,
                                               std::uint64_t id) {
  std::lock_guard lk(impl_->mu);
  auto it = impl_->tpipes.find({member, tpipe});
  if (it == impl_->tpipes.end() || it->second.stopped) return std::nullopt;
  auto& held = it->second.held;
  auto m = std::find_if(held.begin(), held.end(), [id](const HeldMessage& h) { return h.id == id; });
  if (m == held.end()) return std::nullopt;
  HeldMessage out = std::move(*m);
  held.erase(m);
  return out;
}

void HoldQueues::ack(const HeldMessage& m, const std::optional<CalloutTaker>& taker) {
  // The store first: once the client has ACKed, a restart must not deliver it again.
  if (m.durable && impl_->store) impl_->store->remove_output(m.id);
  std::lock_guard lk(impl_->mu);
  impl_->dequeued_locked(m);
  if (m.sync_callout && taker) {
    auto it = impl_->callouts.find(m.correlation);
    if (it != impl_->callouts.end()) it->second->taker = taker;
  }
}

void HoldQueues::put_back(HeldMessage m) {
  std::lock_guard lk(impl_->mu);
  auto& t = impl_->tpipes[{m.tmember, m.tpipe}];
  // A sync callout request whose ICAL has already given up is not put back: nobody waits.
  if (m.sync_callout && !impl_->callouts.count(m.correlation)) {
    ++t.dequeued;
    return;
  }
  t.held.push_front(std::move(m));
}

void HoldQueues::reject_callout(const HeldMessage& m, std::uint16_t nak_reason) {
  std::lock_guard lk(impl_->mu);
  impl_->dequeued_locked(m);
  tm::CalloutResult r;
  r.status = tm::CalloutResult::Status::Nak;
  r.nak_reason = nak_reason;
  impl_->finish_callout_locked(m.correlation, std::move(r));
}

void HoldQueues::reroute(HeldMessage m, const std::string& tpipe) {
  if (m.durable && impl_->store) impl_->store->move_output(m.id, tpipe);
  std::vector<std::function<void()>> wake;
  {
    std::lock_guard lk(impl_->mu);
    impl_->dequeued_locked(m);
    m.tpipe = tpipe;
    impl_->enqueue_locked(std::move(m), wake);
  }
  for (auto& w : wake) w();
}

void HoldQueues::purge(const HeldMessage& m) { ack(m); }

std::uint64_t HoldQueues::watch(const std::string& member, const std::string& tpipe, std::function<void()> wake) {
  std::lock_guard lk(impl_->mu);
  std::uint64_t h = impl_->next_watch++;
  impl_->watches[h] = {member, tpipe, std::move(wake)};
  return h;
}

void HoldQueues::unwatch(std::uint64_t handle) {
  std::lock_guard lk(impl_->mu);
  impl_->watches.erase(handle);
}

tm::CalloutResult HoldQueues::call_out(const std::string& member, const std::string& tpipe,
                                       const tm::CalloutRequest& r) {
  auto waiter = std::make_shared<Impl::Waiter>();
  Correlation token;
  std::vector<std::function<void()>> wake;
  {
    std::lock_guard lk(impl_->mu);
    auto it = impl_->tpipes.find({member, tpipe});
    if (it != impl_->tpipes.end() && it->second.stopped) {
      tm::CalloutResult out;
      out.status = tm::CalloutResult::Status::Unavailable;
      return out;
    }
    do {
      token = make_token(r.userid, tpipe);
    } while (impl_->callouts.count(token));
    waiter->member = member;
    waiter->tpipe = tpipe;
    HeldMessage m;
    m.id = impl_->next_volatile++;
    m.sync_callout = true;
    m.tmember = member;
    m.tpipe = tpipe;
    m.segments = r.segments;
    m.userid = r.userid;
    m.correlation = token;
    impl_->callouts[token] = waiter;
    impl_->enqueue_locked(std::move(m), wake);
  }
  for (auto& w : wake) w();

  std::unique_lock lk(impl_->mu);
  if (!waiter->cv.wait_for(lk, r.timeout, [&] { return waiter->done; })) {
    // Withdrawn: off the queue if nobody took it, and a late response finds no ICAL.
    impl_->callouts.erase(token);
    auto it = impl_->tpipes.find({member, tpipe});
    if (it != impl_->tpipes.end()) {
      auto& held = it->second.held;
      auto m = std::find_if(held.begin(), held.end(),
                            [&](const HeldMessage& h) { return h.sync_callout && h.correlation == token; });
      if (m != held.end()) {
        held.erase(m);
        ++it->second.dequeued;
      }
    }
    tm::CalloutResult out;
    out.status = tm::CalloutResult::Status::TimedOut;
    return out;
  }
  return std::move(waiter->result);
}

std::optional<CalloutHolder> HoldQueues::callout_holder(const Correlation& token) const {
  std::lock_guard lk(impl_->mu);
  auto it = impl_->callouts.find(token);
  if (it == impl_->callouts.end()) return std::nullopt;
  return CalloutHolder{it->second->member, it->second->tpipe, it->second->taker};
}

bool HoldQueues::respond(const Correlation& token, const CalloutTaker& from,
                         std::vector<std::string> segments) {
  std::lock_guard lk(impl_->mu);
  auto it = impl_->callouts.find(token);
  if (it == impl_->callouts.end() || it->second->taker != from) return false;
  tm::CalloutResult r;
  r.status = tm::CalloutResult::Status::Ok;
  r.segments = std::move(segments);
  impl_->finish_callout_locked(token, std::move(r));
  return true;
}

std::vector<TpipeStatus> HoldQueues::tpipes(const std::string& member) const {
  std::lock_guard lk(impl_->mu);
  std::vector<TpipeStatus> out;
  for (auto it = impl_->tpipes.lower_bound({member, std::string()});
       it != impl_->tpipes.end() && it->first.first == member; ++it) {
    TpipeStatus s;
    s.name = it->first.second;
    s.enqueued = it->second.enqueued;
    s.dequeued = it->second.dequeued;
    s.queued = s.enqueued - s.dequeued;
    s.stopped = it->second.stopped;
    s.resume_waiting = !impl_->wakers_locked(member, s.name).empty();
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> HoldQueues::members() const {
  std::lock_guard lk(impl_->mu);
  std::vector<std::string> out;
  for (const auto& [k, _] : impl_->tpipes)
    if (out.empty() || out.back() != k.first) out.push_back(k.first);
  return out;
}

std::size_t HoldQueues::dequeue_all(const std::string& member, const std::string& tpipe, std::size_t limit) {
  std::deque<HeldMessage> gone;
  {
    std::lock_guard lk(impl_->mu);
    auto it = impl_->tpipes.find({member, tpipe});
    if (it == impl_->tpipes.end()) return 0;
    auto& held = it->second.held;
    const std::size_t n = std::min(limit, held.size());
    gone.insert(gone.end(), std::make_move_iterator(held.begin()), std::make_move_iterator(held.begin() + n));
    held.erase(held.begin(), held.begin() + n);
    it->second.dequeued += gone.size();
    for (const auto& m : gone) {
      if (!m.sync_callout) continue;
      tm::CalloutResult r;
      r.status = tm::CalloutResult::Status::Unavailable;
      impl_->finish_callout_locked(m.correlation, std::move(r));
    }
  }
  if (impl_->store)
    for (const auto& m : gone)
      if (m.durable) impl_->store->remove_output(m.id);
  return gone.size();
}

std::size_t HoldQueues::set_stopped(const std::string& member, const std::string& tpipe, bool stopped) {
  std::vector<std::function<void()>> wake;
  std::size_t n = 0;
  {
    std::lock_guard lk(impl_->mu);
    for (auto it = impl_->tpipes.lower_bound({member, std::string()});
         it != impl_->tpipes.end() && it->first.first == member; ++it) {
      if (!tpipe.empty() && it->first.second != tpipe) continue;
      it->second.stopped = stopped;
      ++n;
      if (stopped) {
        auto w = impl_->wakers_locked(member, it->first.second);
        wake.insert(wake.end(), w.begin(), w.end());
      }
    }
  }
  for (auto& w : wake) w();
  return n;
}

bool HoldQueues::stopped(const std::string& member, const std::string& tpipe) const {
  std::lock_guard lk(impl_->mu);
  auto it = impl_->tpipes.find({member, tpipe});
  return it != impl_->tpipes.end() && it->second.stopped;
}

}  // namespace zgate::otma

#pragma once
// The OTMA hold queues: per TMEMBER and TPIPE, the output IMS keeps until a client takes it
// with RESUME TPIPE (CM0 output, alternate-PCB output to a tpipe, asynchronous callout) and the
// synchronous callout requests (ICAL) waiting for a client, with the ENQCT / DEQCT / QCT counts
// and the STOPPED status /DISPLAY TMEMBER name TPIPE shows.
//
// Durable messages live in the queue store (tm/queue_store.h) as well as here: this class is
// the in-memory index, the store is the truth at restart (recover()). A message taken for
// delivery stays in the store until ack(); put_back() (no ACK came: timeout, disconnect, NAK)
// returns it to the front of its queue. Synchronous callout requests are never stored: they
// live only as long as the ICAL that waits for them, as in IMS.
//
// Thread safety: all members may be called from any thread. Wakers and callout completions are
// called without the internal lock held.
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tm/queue_store.h"
#include "tm/transaction_manager.h"

namespace zgate::otma {

// IMS Connect's reroute tpipe when the client names none (IBM: HWS$DEF).
inline constexpr const char* kDefaultRerouteTpipe = "HWS$DEF";

// The 40-byte correlation token of a synchronous callout request (IRM_CORTKN / *CORTKN*).
// IBM calls it opaque to the client, which only returns it with the response. zgate's layout:
//   0  'ZGCO' (4)   4  random (20)   24 TPIPE, blank-padded (8)   32 originating user ID (8)
// The 160 random bits are what make it a capability nobody can guess; they are not what
// authorizes a response, though: only the client that took the request may answer it
// (CalloutTaker).
using Correlation = std::array<std::uint8_t, 40>;

// The client that took a sync callout request over an authorized RESUME TPIPE and ACKed it
// (or answered in place of the ACK): its client ID and the user ID IMS Connect admitted it
// under. Only this client may answer the request.
struct CalloutTaker {
  std::string client_id;
  std::string userid;
  bool operator==(const CalloutTaker&) const = default;
};

// Where a waiting sync callout request stands, for checking a response before it is taken.
struct CalloutHolder {
  std::string tmember, tpipe;
  std::optional<CalloutTaker> taker;  // empty: still queued (or being delivered), not ACKed
};

struct HeldMessage {
  std::uint64_t id = 0;     // unique in this process; the store id when durable
  bool durable = false;     // in the queue store
  bool sync_callout = false;
  std::string tmember, tpipe;
  std::vector<std::string> segments;
  std::string userid;       // the originating user ID (who ran the transaction / the ICAL)
  Correlation correlation{};  // sync callout only
};

// Which messages a RESUME TPIPE wants (IRM_F0 X'80' SYNONLY, X'40' SYNASYN, else async only).
enum class Want : std::uint8_t { Async, SyncOnly, Both };

struct TpipeStatus {
  std::string name;
  std::uint64_t enqueued = 0;  // ENQCT
  std::uint64_t dequeued = 0;  // DEQCT
  std::uint64_t queued = 0;    // QCT: held now (taken-but-unacknowledged included)
  bool stopped = false;        // /STOP TMEMBER name TPIPE name
  bool resume_waiting = false; // a RESUME TPIPE is outstanding on it
};

class HoldQueues {
 public:
  explicit HoldQueues(tm::QueueStore* store = nullptr);  // null: memory only (tests)
  ~HoldQueues();

  // Loads the store's output rows (once, at start-up, before traffic).
  void recover();

  // ---- enqueue -----------------------------------------------------------------------------
  // Committed output (durable when m.store_id != 0). Wakes RESUME TPIPEs watching the tpipe.
  // Returns its id.
  std::uint64_t put(const tm::OutputMessage& m);
  // A reply delivered synchronously on the tpipe (CM1): counted in and out at once; also makes
  // the tpipe known, as IMS creates a tpipe on the first message that names it.
  void delivered(const std::string& member, const std::string& tpipe);
  bool exists(const std::string& member, const std::string& tpipe) const;

  // ---- delivery (RESUME TPIPE, CM0 send-receive) -------------------------------------------
  // The oldest message of the tpipe that `want` accepts, taken out of the queue for delivery;
  // nullopt when there is none or the tpipe is stopped.
  std::optional<HeldMessage> take(const std::string& member, const std::string& tpipe, Want want);
  // Whether take() would find something now (stopped tpipes: true, so a waiter looks again).
  bool available(const std::string& member, const std::string& tpipe, Want want) const;
  // That very message (CM0 send-receive waits for its own output), if still queued.
  std::optional<HeldMessage> take_id(const std::string& member, const std::string& tpipe,
                                     std::uint64_t id);
  // The client ACKed it: gone for good (DEQCT). A sync callout request now waits for its
  // response (respond()) from `taker`, and from nobody else.
  void ack(const HeldMessage& m, const std::optional<CalloutTaker>& taker = std::nullopt);
  // Not delivered, or NAKed: back to the front of its queue, kept in the store.
  void put_back(HeldMessage m);
  // A NAK of a sync callout request without "keep" (IRM_F0 X'20'): the ICAL ends with Nak.
  void reject_callout(const HeldMessage& m, std::uint16_t nak_reason);
  // CM0 output the client could not take: to another tpipe of the member (reroute) ...
  void reroute(HeldMessage m, const std::string& tpipe);
  // ... or discarded (purge).
  void purge(const HeldMessage& m);

  // Calls `wake` (once per put) whenever a message arrives on the tpipe, until unwatch().
  std::uint64_t watch(const std::string& member, const std::string& tpipe, std::function<void()> wake);
  void unwatch(std::uint64_t handle);

  // ---- synchronous callout -----------------------------------------------------------------
  // Queues the request on member/tpipe and blocks until respond(), reject_callout(), or the
  // timeout (then the request is withdrawn from the queue if nobody took it).
  tm::CalloutResult call_out(const std::string& member, const std::string& tpipe,
                             const tm::CalloutRequest& r);
  // The ICAL waiting for `token`, if any: its tpipe and who took it.
  std::optional<CalloutHolder> callout_holder(const Correlation& token) const;
  // The client's callout response (IRM_F4 'L' / 'M'). false when no ICAL waits for the token
  // (it timed out, or the token was never issued), or when `from` is not the client that
  // took the request (a request still on the queue has no taker: nobody may answer it yet).
  bool respond(const Correlation& token, const CalloutTaker& from, std::vector<std::string> segments);

  // ---- operator commands -------------------------------------------------------------------
  std::vector<TpipeStatus> tpipes(const std::string& member) const;
  std::vector<std::string> members() const;
  // /DEQUEUE TMEMBER m TPIPE t PURGE: discards every held message of the tpipe (sync callout
  // requests end their ICAL with Unavailable); PURGE1 passes limit 1: only the oldest. Works
  // on a stopped tpipe too. Returns how many were discarded.
  std::size_t dequeue_all(const std::string& member, const std::string& tpipe,
                          std::size_t limit = SIZE_MAX);
  // /STOP and /START TMEMBER m TPIPE t|ALL (tpipe empty = ALL of the member's tpipes). A
  // stopped tpipe keeps its queue but delivers nothing; stopping one ends the RESUME TPIPEs
  // waiting on it (their wakers are called; stopped() then says so). Returns tpipes affected.
  std::size_t set_stopped(const std::string& member, const std::string& tpipe, bool stopped);
  bool stopped(const std::string& member, const std::string& tpipe) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zgate::otma

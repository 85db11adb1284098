#include "tm/region_driver.h"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "tm/dli_service.h"
#include "tm/ims_messages.h"
#include "tm/psb_scheduling.h"
#include "tm/tm_audit.h"
#include "tm/region_protocol.h"
#include "tm/region_sandbox.h"
#include "tm/sync_point.h"
#include "zgate/dli.h"

namespace zgate::tm {

namespace {

// How long a new region has to say Ready, and a region being ended to exit on its own.
constexpr std::chrono::seconds kStartupLimit{10};
constexpr std::chrono::seconds kEndGrace{2};
// Between failed attempts to start a region (a wrong region command must not spin).
constexpr std::chrono::seconds kRestartBackoff{1};

// <dir>/<PSB>.so, or <dir>/lib<PSB>.so when only that exists.
std::string program_path(const std::string& dir, const std::string& psb) {
  std::string base = dir.empty() ? std::string() : dir + "/";
  std::string plain = base + psb + ".so";
  struct stat st;
  if (::stat(plain.c_str(), &st) != 0) {
    std::string lib = base + "lib" + psb + ".so";
    if (::stat(lib.c_str(), &st) == 0) return lib;
  }
  return plain;
}

// ICAL: what the program's region asked, as the OutputRouter takes it. Timeout 0 travels as
// 0: the descriptor's default (its SYNTIMER=, else 10 s), which the router knows and cuts to
// `limit`. A timeout the program gives is cut to what is left of the processing limit (`left`,
// more than 0):
// the driver reads no frames while it waits, and a program past its limit is ended (U0240)
// at the first read after the ICAL returns, whichever timeout applied.
CalloutRequest callout_request(proto::Ical c, const InputMessage& in,
                               std::chrono::milliseconds left) {
  CalloutRequest req;
  req.destination = std::move(c.destination);
  req.segments = std::move(c.segments);
  req.tmember = in.tmember;
  req.userid = in.userid;  // the originating user travels with the request
  req.trancode = in.trancode;
  req.timeout = c.timeout_ms == 0 ? std::chrono::milliseconds(0)
                                  : std::min(std::chrono::milliseconds(c.timeout_ms), left);
  req.limit = left;
  return req;
}

// The callout's outcome as the AIB codes the program sees; the response cut to what the
// region's area holds (`cap`, at most ZG_ICAL_MAX_DATA whatever the region says).
proto::IcalAnswer ical_answer(CalloutResult r, std::uint32_t cap) {
  proto::IcalAnswer a;
  a.retcode = ZG_AIB_RC_EXCEPTION;
  switch (r.status) {
    case CalloutResult::Status::Ok: {
      std::size_t left = std::min<std::size_t>(cap, ZG_ICAL_MAX_DATA);
      std::uint64_t total = 0;
      for (auto& seg : r.segments) {
        total += seg.size();
        if (left == 0) continue;
        if (seg.size() > left) seg.resize(left);
        left -= seg.size();
        a.segments.push_back(std::move(seg));
      }
      a.total = static_cast<std::uint32_t>(std::min<std::uint64_t>(total, UINT32_MAX));
      bool partial = total > std::min<std::size_t>(cap, ZG_ICAL_MAX_DATA);
      a.retcode = partial ? ZG_AIB_RC_EXCEPTION : ZG_AIB_RC_OK;
      a.reason = partial ? ZG_AIB_RSN_PARTIAL : ZG_AIB_RSN_OK;
      break;
    }
    case CalloutResult::Status::TimedOut:
      a.reason = ZG_AIB_RSN_TIMEOUT;
      break;
    case CalloutResult::Status::Nak:
      a.reason = ZG_AIB_RSN_NAK;
      a.errxt = r.nak_reason;
      break;
    case CalloutResult::Status::NoDestination:
      a.reason = ZG_AIB_RSN_NO_DESTINATION;
      break;
    case CalloutResult::Status::Unavailable:
      a.reason = ZG_AIB_RSN_UNAVAILABLE;
      break;
  }
  return a;
}

}  // namespace

RegionDriver::RegionDriver(int number, RegionServices& services) : number_(number), s_(services) {
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
}

RegionDriver::~RegionDriver() {
  join();
  ::close(wake_fd_);
}

void RegionDriver::wake() {
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
}

void RegionDriver::start() { thread_ = std::thread([this] { run(); }); }

void RegionDriver::join() {
  {
    std::lock_guard lk(wait_mu_);
    stopping_ = true;
  }
  wait_cv_.notify_all();
  wake();
  if (thread_.joinable()) thread_.join();
}

// ---- the region's own thread --------------------------------------------------------------

void RegionDriver::run() {
  for (;;) {
    std::unique_lock lk(mu_);
    const State st = state_;
    if (st == State::Starting) {
      lk.unlock();
      if (!ensure_region()) break;  // stopping
      lk.lock();
      next_message(lk);
      continue;
    }
    if (st == State::Driver) {
      lk.unlock();
      drive();
      continue;
    }
    // The region ends once the queues are closed and it is idle (a message given to it just
    // before they closed is run first).
    if (st == State::Idle && (queues_closed_ || (stopping_ && s_.queues.withdraw(*this)))) break;
    lk.unlock();
    wait();
  }
  drop_region();
}

void RegionDriver::wait() {
  using Clock = std::chrono::steady_clock;
  std::unique_lock lk(mu_);
  const State st = state_;
  // Running: until the processing limit; otherwise a tick, at which an idle region looks at
  // the queues again (after /STA TRAN) and at its process (did it die while idle?).
  Clock::time_point until = Clock::now() + std::chrono::milliseconds(200);
  if (st == State::Running) until = flight_->deadline;
  // Without I/O threads, this thread reads the region's socket itself.
  const bool own_socket = !watch_ && (st == State::Idle || st == State::Running);
  lk.unlock();

  pollfd fds[2] = {{wake_fd_, POLLIN, 0}, {own_socket ? proc_->fd() : -1, POLLIN, 0}};
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Clock::now()).count();
  if (::poll(fds, 2, static_cast<int>(std::clamp<long long>(left, 0, 1 << 30))) > 0 &&
      (fds[0].revents & POLLIN)) {
    std::uint64_t n;
    [[maybe_unused]] auto r = ::read(wake_fd_, &n, sizeof n);
  }

  lk.lock();
  if (state_ == State::Running) {
    if (own_socket && fds[1].revents) {
      state_ = State::Reading;
      lk.unlock();
      read_frames(false);
      return;
    }
    // Past the processing limit, or stopping with the I/O threads gone: this thread takes
    // the message over (a late on_ready finds it no longer Running).
    if (stopping_ || Clock::now() >= flight_->deadline) state_ = State::Driver;
    return;
  }
  if (state_ == State::Idle && !queues_closed_) {
    if (!s_.queues.withdraw(*this)) return;  // a message is on its way to this region
    if (proc_->looks_dead()) {
      // Restarted now, not when a message finds it gone: the death was not a program's.
      state_ = State::Starting;
      lk.unlock();
      drop_region();
      return;
    }
    next_message(lk);
  }
}

bool RegionDriver::ensure_region() {
  while (!stopping_) {
    if (proc_ && ready_) return true;
    std::string err;
    // The region learns its OS user and programs directory from its environment, which only
    // it and root can read, not from its command line.
    proc_ = RegionProcess::spawn(s_.config.region_command,
                                 sandbox::environment(s_.config.os_user, s_.config.program_dir), &err);
    if (proc_) {
      proto::Frame f;
      proto::ReadStatus st = proto::ReadStatus::Closed;
      reader_ = std::make_unique<proto::FrameReader>(proc_->fd());
      try {
        st = reader_->read_until(std::chrono::steady_clock::now() + kStartupLimit, f);
      } catch (const proto::ProtocolError&) {
      }
      if (st == proto::ReadStatus::Ok && f.type == proto::Type::Ready) {
        ready_ = true;
        // The region's own identity, as IMS builds the dependent region's ACEE at start-up.
        region_acee_ = s_.saf.acee_for(s_.config.userid);
        if (s_.io) watch_ = s_.io->watch(proc_->fd());
        ++s_.running;
        return true;
      }
      err = "region did not report ready";
      drop_region();
    }
    std::fprintf(stderr, "zgate tm: region %d cannot start: %s\n", number_, err.c_str());
    std::unique_lock lk(wait_mu_);
    wait_cv_.wait_for(lk, kRestartBackoff, [this] { return stopping_.load(); });
  }
  return false;
}

void RegionDriver::drop_region() {
  if (!proc_) return;
  watch_.reset();  // before the socket closes
  if (ready_) --s_.running;
  ready_ = false;
  region_acee_.reset();
  proc_->end(kEndGrace);
  proc_.reset();
  reader_.reset();
}

// ---- giving the region a message --------------------------------------------------------

void RegionDriver::start(QueuedMessage q) {
  std::unique_lock lk(mu_);
  begin(std::move(q), lk);  // Idle: the queues gave it to this region because it waited
}

void RegionDriver::next_message(std::unique_lock<std::mutex>& lk) {
  flight_.reset();
  std::optional<QueuedMessage> q;
  switch (s_.queues.take(*this, q)) {  // lock order: mu_, then the queues' mutex
    case MessageQueues::Take::Message:
      begin(std::move(*q), lk);
      return;
    case MessageQueues::Take::Idle:
      state_ = State::Idle;
      return;
    case MessageQueues::Take::Closed:
      state_ = State::Idle;
      queues_closed_ = true;
      wake();  // this may be an I/O thread: the region's thread ends the region
      return;
  }
}

void RegionDriver::begin(QueuedMessage q, std::unique_lock<std::mutex>&) {
  Flight f;
  auto def = s_.table.find(q.message.trancode);
  f.psb = def ? def->psb : q.message.trancode;
  f.deadline = std::chrono::steady_clock::now() + s_.config.processing_limit;
  if (s_.databases)
    if (const db::Psb* psb = s_.databases->psb(f.psb))
      for (const auto& pcb : psb->pcbs)
        if (pcb.type == db::PcbDef::Type::Db) {
          f.databases = std::make_unique<db::ScheduledPsb>(*psb, s_.databases->catalog.dbds, s_.databases->store,
                                                           s_.databases->isolation);
          break;
        }
  f.q = std::move(q);
  flight_.emplace(std::move(f));
  // ISIS=: may this region schedule the PSB? If not, the program does not run; the region's
  // thread takes the refused message's sync point, as for a program's end.
  {
    audit::Scope scope(audit_context_of(flight_->q.message));
    if (auto refused = check_schedule(s_.saf, s_.config.scheduling,
                                      {flight_->q.message, flight_->psb, number_, s_.config.userid, region_acee_})) {
      flight_->ended = std::move(*refused);
      state_ = State::Driver;
      wake();
      return;
    }
  }
  if (s_.config.audit_schedules)
    audit_tm_event(s_.saf, flight_->q.message,
                   {"SCHEDULE", flight_->q.message.trancode, "TIMS",
                    "PSB " + flight_->psb + " in region " + std::to_string(number_), "", 0});
  state_ = State::Running;
  if (!send_schedule(*flight_)) {
    // The region went away while idle: its thread restarts it and sends the message again.
    flight_->sent = false;
    state_ = State::Driver;
    wake();
    return;
  }
  arm();
}

void RegionDriver::arm() {
  ++generation_;
  if (watch_) watch_->arm([this, g = generation_] { on_ready(g); });
}

void RegionDriver::on_ready(std::uint64_t generation) {
  {
    std::lock_guard lk(mu_);
    if (state_ != State::Running || generation != generation_) return;  // the message moved on
    state_ = State::Reading;
  }
  read_frames(true);
}

void RegionDriver::to_driver() {
  {
    std::lock_guard lk(mu_);
    state_ = State::Driver;
  }
  wake();
}

void RegionDriver::read_frames(bool on_io) {
  Flight& f = *flight_;  // this thread's while Reading
  for (;;) {
    // Past the limit nothing more is read: the region's thread ends the program (U0240).
    if (std::chrono::steady_clock::now() >= f.deadline) return to_driver();
    proto::Frame frame;
    proto::ReadStatus st = proto::ReadStatus::Closed;
    Outcome out;
    std::vector<proto::AltMessage> alternate;
    Step step = Step::More;
    try {
      st = reader_->try_read(frame);
      if (st == proto::ReadStatus::Ok) step = on_frame(f, frame, on_io, out, alternate);
    } catch (const proto::ProtocolError& e) {
      f.error = e.what();
      return to_driver();
    }
    if (st == proto::ReadStatus::Pending) {
      std::lock_guard lk(mu_);
      state_ = State::Running;
      arm();
      return;
    }
    if (st != proto::ReadStatus::Ok) {
      f.closed = true;  // the region's thread finds out why and restarts it
      return to_driver();
    }
    if (step == Step::More) continue;
    if (step == Step::ForDriver) {
      f.frame = std::move(frame);
      return to_driver();
    }
    // The program ended. A sync point that writes the queue store (recoverable input, CM0
    // output, alternate output) is taken on the region's thread, not an I/O thread.
    const InputMessage& in = f.q.message;
    if (on_io && (in.store_id != 0 || in.commit_then_send || !alternate.empty() ||
                  (f.databases && !f.databases->work().empty()))) {
      f.ended = std::move(out);
      f.alternate = std::move(alternate);
      return to_driver();
    }
    finish(f, std::move(out), std::move(alternate));
    std::unique_lock lk(mu_);
    next_message(lk);
    return;
  }
}

void RegionDriver::drive() {
  Flight& f = *flight_;  // this thread's while Driver
  driving_ = true;
  struct Undrive {
    bool& d;
    ~Undrive() { d = false; }
  } undrive{driving_};
  const QueuedMessage& q = f.q;
  Outcome out;
  std::vector<proto::AltMessage> alternate;
  bool finished = false;
  try {
    if (f.ended) {
      out = std::move(*f.ended);
      alternate = std::move(f.alternate);
      finished = true;
    } else if (!f.error.empty()) {
      throw proto::ProtocolError(f.error);
    } else if (!f.sent) {
      // The region went away between messages; the read below reports it as this message's
      // abend only if the write got through, so restart and try once more.
      drop_region();
      if (!ensure_region() || !send_schedule(f)) {
        out = abend(q, "U4095");
        finished = true;
        drop_region();
      }
    }
    std::optional<proto::Frame> pending = std::move(f.frame);
    while (!finished) {
      proto::Frame frame;
      proto::ReadStatus st;
      if (pending) {
        frame = std::move(*pending);
        pending.reset();
        st = proto::ReadStatus::Ok;
      } else if (f.closed) {
        st = proto::ReadStatus::Closed;
      } else {
        st = reader_->read_until(f.deadline, frame);
      }
      if (st == proto::ReadStatus::TimedOut) {
        // PROCLIM: the program is ended, its message backed out, the region restarted.
        proc_->kill_now();
        drop_region();
        out = abend(q, kAbendTimeLimit);
        break;
      }
      if (st == proto::ReadStatus::Closed) {
        int wstatus = proc_->end(kEndGrace);
        drop_region();
        out = abend(q, abend_for_wait_status(wstatus));
        break;
      }
      finished = on_frame(f, frame, false, out, alternate) == Step::Ended;
    }
  } catch (const proto::ProtocolError& e) {
    std::fprintf(stderr, "zgate tm: region %d: %s\n", number_, e.what());
    if (proc_) proc_->kill_now();
    drop_region();
    out = abend(q, "U4095");
  }
  finish(f, std::move(out), std::move(alternate));
  std::unique_lock lk(mu_);
  if (!proc_) {
    flight_.reset();
    state_ = State::Starting;
    return;
  }
  next_message(lk);
}

RegionDriver::Step RegionDriver::on_frame(Flight& f, proto::Frame& frame, bool on_io, Outcome& out,
                                          std::vector<proto::AltMessage>& alternate) {
  const InputMessage& in = f.q.message;
  CallContext ctx{in, f.psb, region_acee_};
  switch (frame.type) {
    case proto::Type::Chng: {
      auto r = proto::decode_request(frame.body);
      proto::write_frame(proc_->fd(), proto::Type::Answer,
                         proto::encode(answer_chng(s_.saf, s_.table, ctx, r.a)));
      return Step::More;
    }
    case proto::Type::Auth:
      proto::write_frame(proc_->fd(), proto::Type::Answer,
                         proto::encode(answer_auth(s_.saf, ctx, proto::decode_request(frame.body))));
      return Step::More;
    case proto::Type::RegionCheck:
      proto::write_frame(proc_->fd(), proto::Type::Answer,
                         proto::encode(answer_region_check(s_.saf, ctx, proto::decode_request(frame.body))));
      return Step::More;
    case proto::Type::Ical: {
      if (on_io) return Step::ForDriver;  // it waits for an OTMA client
      // Synchronous callout: this thread waits with the region (which waits for the
      // answer); the processing limit is checked again at the next read.
      proto::Ical c = proto::decode_ical(frame.body);
      std::uint32_t cap = c.response_cap;
      auto left = std::chrono::ceil<std::chrono::milliseconds>(f.deadline - std::chrono::steady_clock::now());
      CalloutResult res;
      if (left.count() <= 0) {
        res.status = CalloutResult::Status::TimedOut;  // at the limit already: no wait
      } else if (s_.router) {
        res = s_.router->callout(callout_request(std::move(c), in, left));
      }  // no router: no destination exists (CalloutResult's default)
      proto::write_frame(proc_->fd(), proto::Type::IcalAnswer, proto::encode(ical_answer(std::move(res), cap)));
      return Step::More;
    }
    case proto::Type::DbCall:
    case proto::Type::Rolb:
    case proto::Type::Chkp:
    case proto::Type::Inqy:
      return on_database(f, frame, on_io, out);
    case proto::Type::LoadFailed: {
      // Like MVS's S806: the program is not in the library. The region itself is fine.
      std::string why = proto::Reader(frame.body).str();
      std::fprintf(stderr, "zgate tm: region %d: PSB %s: %s\n", number_, f.psb.c_str(), why.c_str());
      program_paths_.erase(f.psb);  // look for the library again next time
      out = abend(f.q, kAbendModuleNotFound);
      return Step::Ended;
    }
    case proto::Type::Done: {
      proto::Done d = proto::decode_done(frame.body);
      if (d.rc == 778) {
        // ROLL: the region process ends itself after this frame (the program must not go
        // on); reap it here and start another for the next message.
        if (!driving_) return Step::ForDriver;
        proc_->kill_now();
        drop_region();
      }
      if (d.rc != 0) {
        out = abend(f.q, user_abend(d.rc));  // backout: neither reply nor alternate output
      } else {
        out.kind = d.reply.empty() ? Outcome::Kind::NoReply : Outcome::Kind::Reply;
        out.segments = std::move(d.reply);
        alternate = std::move(d.alternate);
      }
      return Step::Ended;
    }
    default:
      throw proto::ProtocolError("unexpected frame from region");
  }
}

// The sync point, also after an abend: the input is consumed, its alternate output backed out,
// and for CM0 the DFS555I goes to the client's tpipe. Then the sender hears.
void RegionDriver::finish(Flight& f, Outcome out, std::vector<proto::AltMessage> alternate) {
  // U0777: nothing of the program stays, and the message goes back on its queue, as IMS
  // requeues a deadlock victim's input (only when the queues are closed does the sender hear
  // of the abend).
  if (f.requeue) {
    if (f.databases) f.databases->back_out();
    if (s_.queues.push(f.q.message, f.q.done)) return;
  }
  // An abend (or IMS's refusal) leaves no database change behind.
  if (f.databases && (!out.abend_code.empty() || out.kind == Outcome::Kind::ImsMessage)) f.databases->back_out();
  if (!out.abend_code.empty())
    audit_tm_event(s_.saf, f.q.message,
                   {"ABEND", f.q.message.trancode, "TIMS",
                    "PSB " + f.psb + " in region " + std::to_string(number_) + " abended " + out.abend_code,
                    "DFS555I " + out.abend_code, 5});
  take_sync_point(s_, f.q.message, std::move(alternate), out, f.databases.get());
  if (f.q.done) {
    try {
      f.q.done(std::move(out));
    } catch (...) {
      // A completion that throws must not take the region's thread (or an I/O thread) with it.
    }
  }
}

proto::Schedule RegionDriver::schedule_for(const InputMessage& in, const std::string& psb) const {
  CallContext ctx{in, psb, region_acee_};
  proto::Schedule sched;
  auto path = program_paths_.find(psb);
  if (path == program_paths_.end()) path = program_paths_.emplace(psb, program_path(s_.config.program_dir, psb)).first;
  sched.program_path = path->second;
  sched.psb = psb;
  sched.trancode = in.trancode;
  sched.lterm = in.lterm;
  sched.userid = in.userid;
  sched.group = in.group;
  saf::AceeRef who = region_identity(ctx);
  sched.region_userid = in.security == MessageSecurity::Full ? (who ? who->user : in.userid)
                                                             : s_.config.userid;
  if (s_.databases)
    if (const db::Psb* p = s_.databases->psb(psb))
      for (const auto& pcb : p->pcbs)
        if (pcb.type == db::PcbDef::Type::Db)
          sched.db_pcbs.push_back({pcb.dbdname, pcb.procopt, pcb.pcbname, static_cast<std::uint32_t>(pcb.keylen),
                                   static_cast<std::uint32_t>(pcb.sensegs.size())});
  return sched;  // without the segments: send_schedule writes them from the message
}

bool RegionDriver::send_schedule(const Flight& f) {
  return proto::write_frame(proc_->fd(), proto::Type::Schedule, proto::encode(schedule_for(f.q.message, f.psb), f.q.message.segments));
}

RegionDriver::Step RegionDriver::on_database(Flight& f, proto::Frame& frame, bool on_io, Outcome& out) {
  proto::DbAnswer a;
  if (frame.type == proto::Type::Inqy) {
    // INQY DBQUERY: each DB PCB's database available (blank), not available (NA: stopped or
    // DBR'd) or not for update (NU: ACCESS=RD or RO); the I/O PCB BA if one is not, BJ
    // without DB PCBs.
    if (!f.databases || f.databases->db_pcbs() == 0) {
      a.status = ZG_BJ;
    } else {
      for (std::size_t i = 0; i < f.databases->db_pcbs(); ++i) {
        std::string st = "  ";
        if (db::DatabaseStates* states = s_.databases->states) {
          const auto status = states->find(f.databases->pcb(i).dbd_name());
          if (!status || status->state != db::DatabaseState::Started) st = "NA";
          else if (status->access == db::AccessIntent::Rd || status->access == db::AccessIntent::Ro) st = "NU";
        }
        if (st == "NA") a.status = ZG_BA;
        a.io += st;
      }
    }
  } else if (frame.type == proto::Type::Rolb) {
    // ROLB: the changes since the last sync point go; the program goes on.
    if (f.databases) f.databases->back_out();
  } else if (frame.type == proto::Type::Chkp) {
    // Basic CHKP: the database changes so far commit now (a write: the region's thread).
    if (!driving_) return Step::ForDriver;
    if (f.databases) {
      try {
        const auto changes = f.databases->changes();
        if (!changes.empty()) s_.databases->store.commit(changes);
        f.databases->committed();
      } catch (const db::StoreError& e) {
        std::fprintf(stderr, "zgate tm: region %d: CHKP of %s: %s\n", number_, f.psb.c_str(), e.what());
        a.status = ZG_AO;
      }
    }
  } else {
    proto::DbCall c = proto::decode_db_call(frame.body);
    if (!f.databases || c.pcb >= f.databases->db_pcbs()) {
      a.status = ZG_AD;
    } else {
      // A database /STO or /DBR stopped: IMS ends the program with pseudo-abend U3303 (its
      // changes backed out). An update of a database stage-1 gave ACCESS=RD or RO: AM.
      const std::string& dbd = f.databases->pcb(c.pcb).dbd_name();
      std::string_view fn = c.function;
      while (!fn.empty() && fn.back() == ' ') fn.remove_suffix(1);
      const bool update = fn == "ISRT" || fn == "REPL" || fn == "DLET";
      if (db::DatabaseStates* st = s_.databases->states) {
        if (!st->may_read(dbd)) {
          if (!driving_) return Step::ForDriver;
          proc_->kill_now();
          drop_region();
          out = abend(f.q, "U3303");
          return Step::Ended;
        }
        if (update && !st->may_update(dbd)) {
          a.status = ZG_AM;
          proto::write_frame(proc_->fd(), proto::Type::DbAnswer, proto::encode(a));
          return Step::More;
        }
      }
      db::DbCall call;
      call.function = c.function;
      for (const auto& s : c.ssas) call.ssas.emplace_back(s);
      call.io = c.io;
      // Only drive() waits for a record (and ends a program): elsewhere (an I/O thread, the
      // region's thread reading frames) the call goes to drive(), which repeats it (the first
      // try changed nothing).
      db::DbCallResult r = f.databases->call(c.pcb, call, driving_ ? std::optional(f.deadline) : std::nullopt);
      if (r.would_wait) return Step::ForDriver;
      if (r.deadlock || r.timed_out) {
        // Deadlock: IMS's pseudo-abend U0777 ends the program that closed the cycle. A wait to
        // the processing limit: U0240, as any program past its limit.
        proc_->kill_now();
        drop_region();
        out = abend(f.q, r.deadlock ? "U0777" : kAbendTimeLimit);
        f.requeue = r.deadlock;
        return Step::Ended;
      }
      a.status = ZG_STATUS(r.status[0], r.status[1]);
      if (r.status[0] == ' ' && r.status[1] == ' ') a.status = ZG_OK;
      a.io_len = static_cast<std::uint32_t>(r.io.size());
      if (r.io.size() > c.cap) r.io.resize(c.cap);
      a.io = std::move(r.io);
      const db::DbPcbMask& m = f.databases->pcb(c.pcb).mask();
      a.level = m.level;
      a.segment = m.segment;
      a.key_feedback = m.key_feedback;
    }
  }
  proto::write_frame(proc_->fd(), proto::Type::DbAnswer, proto::encode(a));
  return Step::More;
}

Outcome RegionDriver::abend(const QueuedMessage& q, const std::string& code) {
  Outcome out;
  out.kind = Outcome::Kind::ImsMessage;
  out.abend_code = code;
  const auto& segs = q.message.segments;
  out.segments = {dfs555(q.message.trancode, code, segs.empty() ? std::string() : segs.front())};
  return out;
}

}  // namespace zgate::tm

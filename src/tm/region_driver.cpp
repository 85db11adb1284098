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
#include "tm/region_protocol.h"
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

void RegionDriver::wait_idle() {
  pollfd fds[2] = {{proc_->fd(), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  // The time-out makes an idle region look at the queues again after /STA TRAN.
  if (::poll(fds, 2, 200) > 0 && (fds[1].revents & POLLIN)) {
    std::uint64_t n;
    [[maybe_unused]] auto r = ::read(wake_fd_, &n, sizeof n);
  }
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

void RegionDriver::run() {
  while (ensure_region()) {
    std::optional<QueuedMessage> q;
    auto took = s_.queues.take(*this, q);
    if (took == MessageQueues::Take::Closed) break;
    if (took == MessageQueues::Take::Message) {
      run_message(*q, false);
      continue;
    }
    wait_idle();
    if (auto handed = s_.queues.withdraw(*this)) {
      run_message(handed->q, handed->started);
      continue;
    }
    // Woken with nothing handed: a region that died while idle is restarted now, not when
    // a message finds it gone.
    if (proc_->looks_dead()) drop_region();
  }
  // A message handed over just as the queues closed still has a sender waiting.
  if (auto handed = s_.queues.withdraw(*this)) {
    Outcome out;
    out.kind = Outcome::Kind::ImsMessage;
    out.segments = {dfs065(handed->q.message.trancode)};
    if (handed->q.done) handed->q.done(std::move(out));
  }
  drop_region();
}

proto::Schedule RegionDriver::schedule_for(const InputMessage& in) const {
  auto def = s_.table.find(in.trancode);
  std::string psb = def ? def->psb : in.trancode;
  CallContext ctx{in, psb, region_acee_};
  proto::Schedule sched;
  auto path = program_paths_.find(psb);
  if (path == program_paths_.end()) path = program_paths_.emplace(psb, program_path(s_.config.program_dir, psb)).first;
  sched.program_path = path->second;
  sched.psb = std::move(psb);
  sched.trancode = in.trancode;
  sched.lterm = in.lterm;
  sched.userid = in.userid;
  sched.group = in.group;
  saf::AceeRef who = region_identity(ctx);
  sched.region_userid = in.security == MessageSecurity::Full ? (who ? who->user : in.userid)
                                                             : s_.config.userid;
  sched.segments = in.segments;
  return sched;
}

bool RegionDriver::send_schedule(const QueuedMessage& q) {
  return proto::write_frame(proc_->fd(), proto::Type::Schedule, proto::encode(schedule_for(q.message)));
}

bool RegionDriver::start(const QueuedMessage& q) { return send_schedule(q); }

bool RegionDriver::ensure_region() {
  while (!stopping_) {
    if (proc_ && ready_) return true;
    std::string err;
    proc_ = RegionProcess::spawn(s_.config.region_command, &err);
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
  if (ready_) --s_.running;
  ready_ = false;
  region_acee_.reset();
  proc_->end(kEndGrace);
  proc_.reset();
  reader_.reset();
}

Outcome RegionDriver::abend(const QueuedMessage& q, const std::string& code) {
  Outcome out;
  out.kind = Outcome::Kind::ImsMessage;
  out.abend_code = code;
  const auto& segs = q.message.segments;
  out.segments = {dfs555(q.message.trancode, code, segs.empty() ? std::string() : segs.front())};
  return out;
}

void RegionDriver::run_message(QueuedMessage& q, bool sent) {
  const InputMessage& in = q.message;
  Outcome out;
  auto def = s_.table.find(in.trancode);
  std::string psb = def ? def->psb : in.trancode;
  CallContext ctx{in, psb, region_acee_};

  auto deadline = std::chrono::steady_clock::now() + s_.config.processing_limit;
  bool finished = false;
  std::vector<proto::AltMessage> alternate;  // committed only when the program ended well
  try {
    if (!sent && !send_schedule(q)) {
      // The region went away between messages; the read below reports it as this message's
      // abend only if the write got through, so restart and try once more.
      drop_region();
      if (!ensure_region() || !send_schedule(q)) {
        out = abend(q, "U4095");
        finished = true;
        drop_region();
      }
    }
    while (!finished) {
      proto::Frame f;
      auto st = reader_->read_until(deadline, f);
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
      switch (f.type) {
        case proto::Type::Chng: {
          auto r = proto::decode_request(f.body);
          proto::write_frame(proc_->fd(), proto::Type::Answer,
                             proto::encode(answer_chng(s_.saf, s_.table, ctx, r.a)));
          break;
        }
        case proto::Type::Auth:
          proto::write_frame(proc_->fd(), proto::Type::Answer,
                             proto::encode(answer_auth(s_.saf, ctx, proto::decode_request(f.body))));
          break;
        case proto::Type::RegionCheck:
          proto::write_frame(proc_->fd(), proto::Type::Answer,
                             proto::encode(answer_region_check(s_.saf, ctx, proto::decode_request(f.body))));
          break;
        case proto::Type::Ical: {
          // Synchronous callout: this thread waits with the region (which waits for the
          // answer); the processing limit is checked again at the next read.
          proto::Ical c = proto::decode_ical(f.body);
          std::uint32_t cap = c.response_cap;
          auto left = std::chrono::ceil<std::chrono::milliseconds>(
              deadline - std::chrono::steady_clock::now());
          CalloutResult res;
          if (left.count() <= 0) {
            res.status = CalloutResult::Status::TimedOut;  // at the limit already: no wait
          } else if (s_.router) {
            res = s_.router->callout(callout_request(std::move(c), in, left));
          }  // no router: no destination exists (CalloutResult's default)
          proto::write_frame(proc_->fd(), proto::Type::IcalAnswer,
                             proto::encode(ical_answer(std::move(res), cap)));
          break;
        }
        case proto::Type::LoadFailed: {
          // Like MVS's S806: the program is not in the library. The region itself is fine.
          std::string why = proto::Reader(f.body).str();
          std::fprintf(stderr, "zgate tm: region %d: PSB %s: %s\n", number_, psb.c_str(), why.c_str());
          program_paths_.erase(psb);  // look for the library again next time
          out = abend(q, kAbendModuleNotFound);
          finished = true;
          break;
        }
        case proto::Type::Done: {
          proto::Done d = proto::decode_done(f.body);
          if (d.rc != 0) {
            out = abend(q, user_abend(d.rc));  // backout: neither reply nor alternate output
          } else {
            out.kind = d.reply.empty() ? Outcome::Kind::NoReply : Outcome::Kind::Reply;
            out.segments = std::move(d.reply);
            alternate = std::move(d.alternate);
          }
          finished = true;
          break;
        }
        default:
          throw proto::ProtocolError("unexpected frame from region");
      }
    }
  } catch (const proto::ProtocolError& e) {
    std::fprintf(stderr, "zgate tm: region %d: %s\n", number_, e.what());
    if (proc_) proc_->kill_now();
    drop_region();
    out = abend(q, "U4095");
  }

  // The sync point, also after an abend: the input is consumed, its alternate output backed
  // out, and for CM0 the DFS555I goes to the client's tpipe.
  take_sync_point(s_, q.message, std::move(alternate), out);

  if (q.done) {
    try {
      q.done(std::move(out));
    } catch (...) {
      // A completion that throws must not take the region's thread with it.
    }
  }
}

}  // namespace zgate::tm

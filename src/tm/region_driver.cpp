#include "tm/region_driver.h"

#include <signal.h>
#include <sys/stat.h>

#include <cstdio>

#include "tm/dli_service.h"
#include "tm/ims_messages.h"
#include "tm/region_protocol.h"
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

}  // namespace

RegionDriver::RegionDriver(int number, RegionServices& services) : number_(number), s_(services) {}

RegionDriver::~RegionDriver() { join(); }

void RegionDriver::start() { thread_ = std::thread([this] { run(); }); }

void RegionDriver::join() {
  {
    std::lock_guard lk(wait_mu_);
    stopping_ = true;
  }
  wait_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RegionDriver::run() {
  while (ensure_region()) {
    auto q = s_.queues.pop(s_.table);
    if (!q) break;
    // A region that died while idle is not this message's fault: start a new one first.
    if (proc_->looks_dead()) {
      drop_region();
      if (!ensure_region()) {
        Outcome out;
        out.kind = Outcome::Kind::ImsMessage;
        out.segments = {dfs065(q->message.trancode)};
        if (q->done) q->done(std::move(out));
        break;
      }
    }
    run_message(*q);
  }
  drop_region();
}

bool RegionDriver::ensure_region() {
  while (!stopping_) {
    if (proc_ && ready_) return true;
    std::string err;
    proc_ = RegionProcess::spawn(s_.config.region_command, &err);
    if (proc_) {
      proto::Frame f;
      proto::ReadStatus st = proto::ReadStatus::Closed;
      try {
        st = proto::read_frame_until(proc_->fd(), std::chrono::steady_clock::now() + kStartupLimit, f);
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
}

Outcome RegionDriver::abend(const QueuedMessage& q, const std::string& code) {
  Outcome out;
  out.kind = Outcome::Kind::ImsMessage;
  out.abend_code = code;
  const auto& segs = q.message.segments;
  out.segments = {dfs555(q.message.trancode, code, segs.empty() ? std::string() : segs.front())};
  return out;
}

void RegionDriver::commit(const QueuedMessage& q, std::vector<proto::AltMessage>& alternate,
                          Outcome& out) {
  const InputMessage& in = q.message;
  for (auto& a : alternate) {
    OutputMessage om;
    om.destination = a.destination;
    om.is_transaction = s_.table.find(a.destination).has_value();
    om.segments = std::move(a.segments);
    om.tmember = in.tmember;
    om.userid = in.userid;
    if (om.is_transaction) {
      // Program-to-program switch: the new message carries the original requester and
      // security level, so the next program's CHNG and AUTH calls answer for the same user.
      InputMessage next;
      next.trancode = om.destination;
      next.segments = om.segments;
      next.lterm = in.lterm;
      next.tmember = in.tmember;
      next.userid = in.userid;
      next.group = in.group;
      next.security = in.security;
      next.requester = in.requester;
      s_.program_switch(std::move(next));
    } else if (s_.router) {
      s_.router->route(om);
    }
    out.alternate.push_back(std::move(om));
  }
}

void RegionDriver::run_message(QueuedMessage& q) {
  const InputMessage& in = q.message;
  Outcome out;
  auto def = s_.table.find(in.trancode);
  std::string psb = def ? def->psb : in.trancode;

  CallContext ctx{in, psb, region_acee_};
  proto::Schedule sched;
  sched.psb = psb;
  sched.program_path = program_path(s_.config.program_dir, psb);
  sched.trancode = in.trancode;
  sched.lterm = in.lterm;
  sched.userid = in.userid;
  sched.group = in.group;
  saf::AceeRef who = region_identity(ctx);
  sched.region_userid = in.security == MessageSecurity::Full ? (who ? who->user : in.userid)
                                                             : s_.config.userid;
  sched.segments = in.segments;

  auto deadline = std::chrono::steady_clock::now() + s_.config.processing_limit;
  bool finished = false;
  try {
    if (!proto::write_frame(proc_->fd(), proto::Type::Schedule, proto::encode(sched))) {
      // The region went away between messages; the read below reports it as this message's
      // abend only if the write got through, so restart and try once more.
      drop_region();
      if (!ensure_region() ||
          !proto::write_frame(proc_->fd(), proto::Type::Schedule, proto::encode(sched))) {
        out = abend(q, "U4095");
        finished = true;
        drop_region();
      }
    }
    while (!finished) {
      proto::Frame f;
      auto st = proto::read_frame_until(proc_->fd(), deadline, f);
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
        case proto::Type::LoadFailed: {
          // Like MVS's S806: the program is not in the library. The region itself is fine.
          std::string why = proto::Reader(f.body).str();
          std::fprintf(stderr, "zgate tm: region %d: PSB %s: %s\n", number_, psb.c_str(), why.c_str());
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
            commit(q, d.alternate, out);
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

  if (q.done) {
    try {
      q.done(std::move(out));
    } catch (...) {
      // A completion that throws must not take the region's thread with it.
    }
  }
}

}  // namespace zgate::tm

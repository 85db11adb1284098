// The OTMA security exits (DFSCTRN0, DFSCCMD0, DFSYRTUX), contained in a helper process.
//
// The server side (OtmaExits) starts `zgate exit-host` with tm::RegionProcess (posix_spawn, the
// socket on the helper's fd 3, sanitizers told to leave fatal signals to the OS so that an
// exit's crash is a real crash) and talks to it with tm::proto's frames, using frame types of
// its own (40..44, a range the region conversation does not use):
//
//   server -> host   Load        the libraries: exit point and absolute path, for each exit
//   host -> server   Loaded | LoadFailed (text naming the library and dlerror())
//   server -> host   Call        one exit call: the exit point and the parameter block's input
//   host -> server   Verdict     the exit's return code and reason text
//
// The host serves one call at a time and exits on EOF. The server makes one call at a time
// per host (a mutex); it waits at most ExitConfig::call_limit for the Verdict. A host that dies
// (EOF), does not answer in time (killed) or answers nonsense costs that call, which is a
// refusal; the next call starts a new host, which loads the libraries again.
#include "otma/exits.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>

#include "tm/ims_messages.h"
#include "tm/region_process.h"
#include "tm/region_protocol.h"
#include "tm/region_sandbox.h"
#include "zgate/otma_exits.h"

namespace zgate::otma {

namespace {

namespace proto = tm::proto;

// The frame types of this conversation, in a range of tm::proto::Type that the region
// conversation does not use (cast to proto::Type for the framing helpers).
enum class Msg : std::uint8_t { Load = 40, Loaded = 41, LoadFailed = 42, Call = 43, Verdict = 44 };
proto::Type frame_type(Msg m) { return static_cast<proto::Type>(m); }
bool is(const proto::Frame& f, Msg m) { return static_cast<std::uint8_t>(f.type) == static_cast<std::uint8_t>(m); }

constexpr int kHostFd = 3;  // handed over by RegionProcess::spawn
// How long a new host has to load its libraries, and a host being ended to exit on its own.
constexpr std::chrono::seconds kStartupLimit{10};
constexpr std::chrono::seconds kEndGrace{2};
constexpr std::size_t kMemberMax = 16;  // XCF member name
constexpr std::size_t kNameMax = 8;     // IMS names

// The ABI's numbers are the C++ enums' values: the Call frame carries them as they are.
static_assert(static_cast<int>(ExitPoint::Transaction) == ZGATE_OTMA_EXIT_TRANSACTION);
static_assert(static_cast<int>(ExitPoint::Command) == ZGATE_OTMA_EXIT_COMMAND);
static_assert(static_cast<int>(ExitPoint::ResumeTpipe) == ZGATE_OTMA_EXIT_RESUME_TPIPE);
static_assert(static_cast<int>(SecurityLevel::None) == ZGATE_OTMA_SECURITY_NONE);
static_assert(static_cast<int>(SecurityLevel::Join) == ZGATE_OTMA_SECURITY_JOIN);
static_assert(static_cast<int>(SecurityLevel::Check) == ZGATE_OTMA_SECURITY_CHECK);
static_assert(static_cast<int>(SecurityLevel::Full) == ZGATE_OTMA_SECURITY_FULL);
static_assert(static_cast<int>(SecurityLevel::Profile) == ZGATE_OTMA_SECURITY_PROFILE);
// The parameter block is a published layout: a change here breaks every built exit.
static_assert(offsetof(zgate_otma_exit_parms, exit_point) == 8);
static_assert(offsetof(zgate_otma_exit_parms, tmember) == 24);
static_assert(offsetof(zgate_otma_exit_parms, resource) == 68);
static_assert(sizeof(void*) != 8 || offsetof(zgate_otma_exit_parms, command) == 80);
static_assert(sizeof(void*) != 8 || offsetof(zgate_otma_exit_parms, reason) == 88);
static_assert(sizeof(void*) != 8 || sizeof(zgate_otma_exit_parms) == 168);

constexpr int kPoints = 3;
bool valid_point(std::uint32_t p) { return p < kPoints; }

// An IMS name as the exit gets it: trailing blanks (OTMA's padding) dropped; empty is allowed.
// nullopt when what is left does not fit the field or is not a name (blanks, control bytes).
std::optional<std::string> exit_name_field(const std::string& s, std::size_t max) {
  std::string t = s;
  while (!t.empty() && t.back() == ' ') t.pop_back();
  if (t.size() > max) return std::nullopt;
  for (unsigned char ch : t)
    if (ch <= ' ' || ch == 0x7f) return std::nullopt;
  return t;
}

// The exit's reason as it may go into a log line or an audit record: printable, one line.
std::string clean_reason(std::string s) {
  if (s.size() > sizeof(zgate_otma_exit_parms::reason) - 1) s.resize(sizeof(zgate_otma_exit_parms::reason) - 1);
  for (char& ch : s) {
    auto u = static_cast<unsigned char>(ch);
    if (u < ' ' || u == 0x7f) ch = '?';
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// What a host's end looks like as an IMS operator would read it, after the exit's name:
// "abended S0C4 (signal 11)".
std::string describe_end(int wstatus) {
  if (WIFSIGNALED(wstatus))
    return "abended " + tm::abend_for_wait_status(wstatus) + " (signal " + std::to_string(WTERMSIG(wstatus)) + ")";
  if (WIFEXITED(wstatus)) return "ended the exit host (exit status " + std::to_string(WEXITSTATUS(wstatus)) + ")";
  return "ended the exit host";
}

std::string status_text(int wstatus) {
  if (WIFSIGNALED(wstatus)) return "signal " + std::to_string(WTERMSIG(wstatus));
  if (WIFEXITED(wstatus)) return "exit status " + std::to_string(WEXITSTATUS(wstatus));
  return "wait status " + std::to_string(wstatus);
}

// dlerror()'s text usually starts with the path, which the caller names already.
std::string dl_text(const std::string& path) {
  const char* e = ::dlerror();
  std::string t = e ? e : "unknown error";
  if (t.starts_with(path + ": ")) t.erase(0, path.size() + 2);
  return t;
}

}  // namespace

std::string_view exit_name(ExitPoint p) {
  switch (p) {
    case ExitPoint::Transaction: return ZGATE_DFSCTRN0_ENTRY;
    case ExitPoint::Command: return ZGATE_DFSCCMD0_ENTRY;
    case ExitPoint::ResumeTpipe: return ZGATE_DFSYRTUX_ENTRY;
  }
  return "UNKNOWN";
}

// ---------------------------------------------------------------------------------------------
// The frames' bodies.

namespace exit_frames {

std::variant<ExitCall, std::string> checked_call(const ExitCall& c) {
  const std::string name(exit_name(c.point));
  ExitCall in = c;
  struct Field {
    std::string* value;
    std::size_t max;
    const char* what;
  };
  for (const Field& f : {Field{&in.tmember, kMemberMax, "TMEMBER"}, Field{&in.tpipe, kNameMax, "tpipe"},
                         Field{&in.userid, kNameMax, "user ID"}, Field{&in.group, kNameMax, "group"},
                         Field{&in.resource, kNameMax, "resource"}}) {
    auto v = exit_name_field(*f.value, f.max);
    if (!v) return name + " not called: the " + f.what + " is not a valid name";
    *f.value = std::move(*v);
  }
  if (in.command.find('\0') != std::string::npos) return name + " not called: the command text holds a NUL";
  if (c.point != ExitPoint::Command) in.command.clear();
  return in;
}

std::string encode_call(const ExitCall& c) {
  return proto::Writer()
      .u32(static_cast<std::uint32_t>(c.point))
      .str(c.tmember).str(c.tpipe).str(c.userid).str(c.group).str(c.resource).str(c.command)
      .u32(static_cast<std::uint32_t>(c.level))
      .u32(c.saf_called ? 1u : 0u)
      .i32(c.saf_rc)
      .take();
}

ExitCall decode_call(const std::string& body) {
  proto::Reader r(body);
  ExitCall c;
  const std::uint32_t point = r.u32();
  if (!valid_point(point)) throw proto::ProtocolError("exit host: bad exit point");
  c.point = static_cast<ExitPoint>(point);
  c.tmember = r.str();
  c.tpipe = r.str();
  c.userid = r.str();
  c.group = r.str();
  c.resource = r.str();
  c.command = r.str();
  const std::uint32_t level = r.u32();
  if (level > static_cast<std::uint32_t>(SecurityLevel::Profile)) throw proto::ProtocolError("exit host: bad security level");
  c.level = static_cast<SecurityLevel>(level);
  c.saf_called = r.u32() != 0;
  c.saf_rc = r.i32();
  return c;
}

std::string encode_load(const std::map<ExitPoint, std::filesystem::path>& libraries) {
  proto::Writer w;
  w.u32(static_cast<std::uint32_t>(libraries.size()));
  for (const auto& [point, path] : libraries) w.u32(static_cast<std::uint32_t>(point)).str(path.string());
  return w.take();
}

std::vector<std::pair<ExitPoint, std::string>> decode_load(const std::string& body) {
  proto::Reader r(body);
  const std::uint32_t n = r.u32();
  if (n > kPoints) throw proto::ProtocolError("exit host: bad library count");
  std::vector<std::pair<ExitPoint, std::string>> out;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t point = r.u32();
    std::string path = r.str();
    if (!valid_point(point)) throw proto::ProtocolError("exit host: bad exit point");
    out.emplace_back(static_cast<ExitPoint>(point), std::move(path));
  }
  return out;
}

std::string encode_verdict(std::int32_t rc, const std::string& reason) {
  return proto::Writer().i32(rc).str(reason).take();
}

std::optional<ExitVerdict> decode_verdict(std::string_view exit_name, const std::string& body) {
  std::int32_t rc = 0;
  std::string reason;
  try {
    proto::Reader r(body);
    rc = r.i32();
    reason = clean_reason(r.str());
  } catch (const proto::ProtocolError&) {
    return std::nullopt;
  }
  ExitVerdict v;
  v.rc = rc;
  if (rc == ZGATE_OTMA_EXIT_ALLOW) {
    v.allowed = true;
    v.reason = std::move(reason);
  } else if (rc == ZGATE_OTMA_EXIT_REJECT) {
    v.reason = std::move(reason);
  } else {
    // Deny by default: a return code the ABI does not define is a rejection.
    v.reason = std::string(exit_name) + " returned RC " + std::to_string(rc) + ", counted as a refusal" +
               (reason.empty() ? std::string() : ": " + reason);
  }
  return v;
}

}  // namespace exit_frames

// ---------------------------------------------------------------------------------------------
// The server side.

struct OtmaExits::Impl {
  ExitConfig cfg;
  std::mutex mu;                           // one call at a time; guards host
  std::unique_ptr<tm::RegionProcess> host;  // null until started, and after it was lost
  std::unique_ptr<proto::FrameReader> reader;  // of host's socket

  // Starts a host and has it load every library. Empty on success, else why not (the host is
  // then gone).
  std::string start() {
    std::string err;
    // The host confines itself as a region does (tm/region_sandbox.h), its OS user from here.
    host = tm::RegionProcess::spawn(cfg.host_command, tm::sandbox::environment(cfg.os_user), &err);
    if (!host) return "cannot start the exit host: " + err;
    reader = std::make_unique<proto::FrameReader>(host->fd());
    if (!proto::write_frame(host->fd(), frame_type(Msg::Load), exit_frames::encode_load(cfg.libraries))) {
      drop();
      return "the exit host ended before it could load the exits";
    }
    proto::Frame f;
    proto::ReadStatus st = proto::ReadStatus::Closed;
    std::string why;
    try {
      st = reader->read_until(std::chrono::steady_clock::now() + kStartupLimit, f);
      if (st == proto::ReadStatus::Ok && is(f, Msg::Loaded)) return {};
      if (st == proto::ReadStatus::Ok && is(f, Msg::LoadFailed)) why = proto::Reader(f.body).str();
    } catch (const proto::ProtocolError& e) {
      why = std::string("the exit host answered nonsense: ") + e.what();
    }
    if (why.empty()) {
      if (st == proto::ReadStatus::TimedOut) why = "the exit host did not load the exits in time";
      else if (st == proto::ReadStatus::Closed) why = "the exit host ended while loading the exits (" + status_text(host->end(kEndGrace)) + ")";
      else why = "the exit host answered nonsense while loading the exits";
    }
    drop();
    return why;
  }

  void drop() {
    if (!host) return;
    host->end(kEndGrace);
    host.reset();
    reader.reset();
  }

  // The host is gone for this call; `detail` says why. Logged; the next call starts a new one.
  ExitVerdict lost(const std::string& name, const std::string& detail) {
    std::fprintf(stderr, "zgate otma: exit %s ended abnormally: %s; counted as a refusal\n", name.c_str(),
                 detail.c_str());
    ExitVerdict v;
    v.allowed = false;
    v.rc = ZGATE_OTMA_EXIT_REJECT;
    v.reason = name + " " + detail;
    return v;
  }
};

OtmaExits::OtmaExits(ExitConfig cfg) : impl_(std::make_unique<Impl>()) {
  for (auto& [point, path] : cfg.libraries) {
    // Absolute, so that the host's dlopen never searches LD_LIBRARY_PATH for a bare name.
    std::error_code ec;
    auto abs = std::filesystem::absolute(path, ec);
    if (!ec) path = abs;
  }
  impl_->cfg = std::move(cfg);
  if (impl_->cfg.libraries.empty()) return;  // no exit configured: no host
  if (std::string err = impl_->start(); !err.empty()) throw ExitLoadError(err);
}

OtmaExits::~OtmaExits() {
  std::lock_guard lk(impl_->mu);
  impl_->drop();
}

bool OtmaExits::has(ExitPoint p) const { return impl_->cfg.libraries.count(p) != 0; }

ExitVerdict OtmaExits::call(const ExitCall& c) {
  const std::string name(exit_name(c.point));
  auto refuse = [](std::string why) {
    ExitVerdict v;
    v.allowed = false;
    v.rc = ZGATE_OTMA_EXIT_REJECT;
    v.reason = std::move(why);
    return v;
  };
  if (!has(c.point)) return refuse(name + " is not configured");

  // What the parameter block cannot carry faithfully is refused without calling the exit:
  // a truncated name could make the exit decide about something else.
  auto checked = exit_frames::checked_call(c);
  if (auto* why = std::get_if<std::string>(&checked)) return refuse(std::move(*why));
  const std::string body = exit_frames::encode_call(std::get<ExitCall>(checked));

  std::lock_guard lk(impl_->mu);
  Impl& I = *impl_;
  // A host that died while idle (or was lost by the previous call) is replaced first: this
  // call is not its fault.
  if (I.host && I.host->looks_dead()) I.drop();
  for (int attempt = 0;; ++attempt) {
    if (!I.host) {
      if (std::string err = I.start(); !err.empty()) {
        std::fprintf(stderr, "zgate otma: exit host cannot be restarted: %s\n", err.c_str());
        return refuse(name + " not called: " + err);
      }
    }
    if (proto::write_frame(I.host->fd(), frame_type(Msg::Call), body)) break;
    // The host went away before it got the call (a write to a live host's socket succeeds):
    // start another and try once more.
    I.drop();
    if (attempt == 1) return refuse(name + " not called: the exit host keeps ending");
  }

  proto::Frame f;
  proto::ReadStatus st = proto::ReadStatus::Closed;
  try {
    st = I.reader->read_until(std::chrono::steady_clock::now() + I.cfg.call_limit, f);
  } catch (const proto::ProtocolError&) {
    I.host->kill_now();
    I.drop();
    return I.lost(name, "gave a broken reply");
  }
  if (st == proto::ReadStatus::TimedOut) {
    I.host->kill_now();
    I.drop();
    return I.lost(name, "did not return within " + std::to_string(I.cfg.call_limit.count()) + " ms");
  }
  if (st == proto::ReadStatus::Closed) {
    std::string detail = describe_end(I.host->end(kEndGrace));
    I.drop();
    return I.lost(name, detail);
  }
  std::optional<ExitVerdict> v;
  if (is(f, Msg::Verdict)) v = exit_frames::decode_verdict(name, f.body);
  if (!v) {
    I.host->kill_now();
    I.drop();
    return I.lost(name, "gave a broken reply");
  }
  return *v;
}

// ---------------------------------------------------------------------------------------------
// The host side: `zgate exit-host`.

namespace {

template <std::size_t N>
void put(char (&dst)[N], const std::string& s) {
  std::size_t n = std::min(s.size(), N - 1);
  std::memcpy(dst, s.data(), n);
  dst[n] = '\0';
}

// Loads each library and resolves its entry point; empty on success, else the error text.
std::string load(const std::string& body, zgate_otma_exit_fn (&fns)[kPoints]) {
  for (const auto& [point, path] : exit_frames::decode_load(body)) {
    const std::string name(exit_name(point));
    ::dlerror();
    void* h = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) return name + ": cannot load " + path + ": " + dl_text(path);
    ::dlerror();
    void* sym = ::dlsym(h, name.c_str());
    if (!sym) return name + ": " + path + " does not export the entry point " + name + " (" + dl_text(path) + ")";
    fns[static_cast<int>(point)] = reinterpret_cast<zgate_otma_exit_fn>(sym);
  }
  return {};
}

}  // namespace

int exit_host_main(int, char**) {
  // A closed socket must end the host through an error return, not SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  if (::fcntl(kHostFd, F_GETFD) < 0) {
    std::fprintf(stderr, "zgate exit-host: no control socket on fd 3 (started by zgate serve only)\n");
    return 2;
  }
  zgate_otma_exit_fn fns[kPoints] = {};
  proto::FrameReader control(kHostFd);
  try {
    auto f = control.read();
    if (!f) return 0;
    if (!is(*f, Msg::Load)) throw proto::ProtocolError("exit host: expected the libraries first");
    // Confined before the first dlopen, as a region is: the exits are plug-in code like the
    // programs, and may read their own libraries and the system's, nothing else.
    tm::sandbox::Allowance libraries;
    for (const auto& [point, path] : exit_frames::decode_load(f->body)) libraries.files.push_back(path);
    if (std::string error; !tm::sandbox::enter(std::move(libraries), error)) {
      proto::write_frame(kHostFd, frame_type(Msg::LoadFailed), proto::Writer().str("exit host " + error).take());
      return 0;
    }
    if (std::string err = load(f->body, fns); !err.empty()) {
      proto::write_frame(kHostFd, frame_type(Msg::LoadFailed), proto::Writer().str(err).take());
      return 0;
    }
    if (!proto::write_frame(kHostFd, frame_type(Msg::Loaded), {})) return 0;

    for (;;) {
      f = control.read();
      if (!f) return 0;  // the server closed us: normal end
      if (!is(*f, Msg::Call)) throw proto::ProtocolError("exit host: unexpected frame");
      const ExitCall c = exit_frames::decode_call(f->body);
      const int point = static_cast<int>(c.point);
      if (!fns[point]) throw proto::ProtocolError("exit host: call for an exit not loaded");

      zgate_otma_exit_parms p;
      std::memset(&p, 0, sizeof p);
      p.version = ZGATE_OTMA_EXIT_VERSION;
      p.length = sizeof p;
      p.exit_point = point;
      p.security_level = static_cast<std::int32_t>(c.level);
      p.saf_called = c.saf_called ? 1 : 0;
      p.saf_rc = c.saf_called ? c.saf_rc : 0;
      put(p.tmember, c.tmember);
      put(p.tpipe, c.tpipe);
      put(p.userid, c.userid);
      put(p.group, c.group);
      put(p.resource, c.resource);
      p.command = c.command.c_str();

      int rc = fns[point](&p);

      std::string reason(p.reason, ::strnlen(p.reason, sizeof p.reason));
      if (!proto::write_frame(kHostFd, frame_type(Msg::Verdict), exit_frames::encode_verdict(rc, reason)))
        return 0;
    }
  } catch (const proto::ProtocolError& e) {
    std::fprintf(stderr, "zgate exit-host: %s\n", e.what());
    return 2;
  }
}

}  // namespace zgate::otma

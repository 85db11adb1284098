// The exit helper process and its conversation: exit_helper.h says what and why.
#include "tm/exit_helper.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <mutex>

#include "tm/ims_messages.h"
#include "tm/region_process.h"
#include "tm/region_protocol.h"
#include "tm/region_sandbox.h"

namespace zgate::tm {

namespace {

// The frame types of this conversation, in a range of proto::Type that the region
// conversation does not use (cast to proto::Type for the framing helpers).
enum class Msg : std::uint8_t { Load = 40, Loaded = 41, LoadFailed = 42, Call = 43, Reply = 44 };
proto::Type frame_type(Msg m) { return static_cast<proto::Type>(m); }
bool is(const proto::Frame& f, Msg m) { return static_cast<std::uint8_t>(f.type) == static_cast<std::uint8_t>(m); }

constexpr int kHostFd = 3;  // handed over by RegionProcess::spawn
// How long a new host has to load its libraries, and a host being ended to exit on its own.
constexpr std::chrono::seconds kStartupLimit{10};
constexpr std::chrono::seconds kEndGrace{2};

std::string status_text(int wstatus) {
  if (WIFSIGNALED(wstatus)) return "signal " + std::to_string(WTERMSIG(wstatus));
  if (WIFEXITED(wstatus)) return "exit status " + std::to_string(WEXITSTATUS(wstatus));
  return "wait status " + std::to_string(wstatus);
}

}  // namespace

std::string describe_host_end(int wstatus) {
  if (WIFSIGNALED(wstatus))
    return "abended " + abend_for_wait_status(wstatus) + " (signal " + std::to_string(WTERMSIG(wstatus)) + ")";
  if (WIFEXITED(wstatus)) return "ended the exit host (exit status " + std::to_string(WEXITSTATUS(wstatus)) + ")";
  return "ended the exit host";
}

std::string printable_exit_reason(std::string_view reason, std::size_t max) {
  std::string out(reason.substr(0, std::min(reason.size(), max)));
  for (char& ch : out) {
    auto u = static_cast<unsigned char>(ch);
    if (u < ' ' || u == 0x7f) ch = '?';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::optional<std::string> exit_name_field(std::string_view name, std::size_t max) {
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  if (name.size() > max) return std::nullopt;
  for (unsigned char ch : name)
    if (ch <= ' ' || ch == 0x7f) return std::nullopt;
  return std::string(name);
}

// ---------------------------------------------------------------------------------------------
// The server side.

struct ExitHelper::Host {
  const ExitHelperConfig& cfg;
  std::mutex mu;                             // one call at a time; guards process and reader
  std::unique_ptr<RegionProcess> process;    // null until started, and after it was lost
  std::unique_ptr<proto::FrameReader> reader;  // of process's socket

  explicit Host(const ExitHelperConfig& c) : cfg(c) {}
  ~Host() {
    std::lock_guard lk(mu);
    drop();
  }

  // Starts a host and has it load. Empty on success, else why not (the host is then gone).
  std::string start() {
    std::string err;
    process = RegionProcess::spawn(cfg.command, sandbox::environment(cfg.os_user), &err);
    if (!process) return "cannot start the exit host: " + err;
    reader = std::make_unique<proto::FrameReader>(process->fd());
    if (!proto::write_frame(process->fd(), frame_type(Msg::Load), cfg.load)) {
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
      else if (st == proto::ReadStatus::Closed) why = "the exit host ended while loading the exits (" + status_text(process->end(kEndGrace)) + ")";
      else why = "the exit host answered nonsense while loading the exits";
    }
    drop();
    return why;
  }

  void drop() {
    if (!process) return;
    process->end(kEndGrace);
    process.reset();
    reader.reset();
  }

  ExitHelperReply lost(std::string detail, bool kill) {
    if (kill) process->kill_now();
    drop();
    ExitHelperReply r;
    r.status = ExitHelperReply::Status::Lost;
    r.detail = std::move(detail);
    return r;
  }

  ExitHelperReply call(const std::string& body, const std::function<bool(const std::string&)>& accept) {
    std::lock_guard lk(mu);
    // A host that died while idle (or was lost by the previous call) is replaced first: this
    // call is not its fault.
    if (process && process->looks_dead()) drop();
    for (int attempt = 0;; ++attempt) {
      if (!process) {
        if (std::string err = start(); !err.empty()) {
          ExitHelperReply r;
          r.detail = std::move(err);
          return r;
        }
      }
      if (proto::write_frame(process->fd(), frame_type(Msg::Call), body)) break;
      // The host went away before it got the call (a write to a live host's socket
      // succeeds): start another and try once more.
      drop();
      if (attempt == 1) {
        ExitHelperReply r;
        r.detail = "the exit host keeps ending";
        return r;
      }
    }
    proto::Frame f;
    proto::ReadStatus st = proto::ReadStatus::Closed;
    try {
      st = reader->read_until(std::chrono::steady_clock::now() + cfg.call_limit, f);
    } catch (const proto::ProtocolError&) {
      return lost("gave a broken reply", true);
    }
    if (st == proto::ReadStatus::TimedOut)
      return lost("did not return within " + std::to_string(cfg.call_limit.count()) + " ms", true);
    if (st == proto::ReadStatus::Closed) return lost(describe_host_end(process->end(kEndGrace)), false);
    if (!is(f, Msg::Reply) || !accept(f.body)) return lost("gave a broken reply", true);
    ExitHelperReply r;
    r.status = ExitHelperReply::Status::Ok;
    r.body = std::move(f.body);
    return r;
  }
};

ExitHelper::ExitHelper(ExitHelperConfig cfg) : cfg_(std::move(cfg)) {
  if (cfg_.processes < 1) cfg_.processes = 1;
  for (int i = 0; i < cfg_.processes; ++i) {
    hosts_.push_back(std::make_unique<Host>(cfg_));
    Host& h = *hosts_.back();
    std::lock_guard lk(h.mu);
    if (std::string err = h.start(); !err.empty()) throw ExitHelperError(err);
  }
}

ExitHelper::~ExitHelper() = default;

ExitHelperReply ExitHelper::call(const std::string& body, const std::function<bool(const std::string&)>& accept) {
  // A host that is free now, else the next in turn (whose caller waits for it).
  const unsigned n = static_cast<unsigned>(hosts_.size());
  const unsigned first = next_.fetch_add(1, std::memory_order_relaxed) % n;
  for (unsigned i = 0; i < n; ++i) {
    Host& h = *hosts_[(first + i) % n];
    std::unique_lock lk(h.mu, std::try_to_lock);
    if (!lk.owns_lock()) continue;
    lk.unlock();  // Host::call takes it again; another caller may win it in between, and wait
    return h.call(body, accept);
  }
  return hosts_[first]->call(body, accept);
}

std::unique_ptr<ExitHelper> start_library_exit(std::filesystem::path& library, LibraryExitHost host) {
  std::error_code ec;
  auto abs = std::filesystem::absolute(library, ec);
  if (!ec) library = abs;
  ExitHelperConfig hc;
  hc.command = std::move(host.command);
  hc.os_user = std::move(host.os_user);
  hc.call_limit = host.call_limit;
  hc.processes = host.processes;
  hc.load = proto::Writer().str(library.string()).take();
  return std::make_unique<ExitHelper>(std::move(hc));
}

// ---------------------------------------------------------------------------------------------
// The host side.

int serve_library_exit_host(const std::string& name, const char* entry, const std::string& signature,
                            const std::function<std::string(void* entry_point, const std::string& body)>& call) {
  void* entry_point = nullptr;
  ExitHostHandlers h;
  h.files = [](const std::string& body) { return std::vector<std::string>{proto::Reader(body).str()}; };
  h.load = [&](const std::string& body) -> std::string {
    const std::string path = proto::Reader(body).str();
    ::dlerror();
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* err = ::dlerror();
      return std::string("cannot load: ") + (err ? err : "unknown error");
    }
    ::dlerror();
    entry_point = ::dlsym(handle, entry);
    if (!entry_point) return std::string("no entry point ") + entry + " (" + signature + ")";
    return {};
  };
  h.call = [&](const std::string& body) {
    if (!entry_point) throw proto::ProtocolError(name + ": call before the exit was loaded");
    return call(entry_point, body);
  };
  return serve_exit_host(name, h);
}

int serve_exit_host(const std::string& name, const ExitHostHandlers& handlers) {
  // A closed socket must end the host through an error return, not SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  if (::fcntl(kHostFd, F_GETFD) < 0) {
    std::fprintf(stderr, "zgate %s: no control socket on fd 3 (started by zgate serve only)\n", name.c_str());
    return 2;
  }
  proto::FrameReader control(kHostFd);
  try {
    auto f = control.read();
    if (!f) return 0;
    if (!is(*f, Msg::Load)) throw proto::ProtocolError(name + ": expected the libraries first");
    // Confined before the first dlopen, as a region is: the exits are plug-in code like the
    // programs, and may read their own libraries and the system's, nothing else.
    sandbox::Allowance libraries;
    libraries.files = handlers.files(f->body);
    if (std::string error; !sandbox::enter(std::move(libraries), error)) {
      proto::write_frame(kHostFd, frame_type(Msg::LoadFailed), proto::Writer().str("exit host " + error).take());
      return 0;
    }
    if (std::string err = handlers.load(f->body); !err.empty()) {
      proto::write_frame(kHostFd, frame_type(Msg::LoadFailed), proto::Writer().str(err).take());
      return 0;
    }
    if (!proto::write_frame(kHostFd, frame_type(Msg::Loaded), {})) return 0;
    for (;;) {
      f = control.read();
      if (!f) return 0;  // the server closed us: normal end
      if (!is(*f, Msg::Call)) throw proto::ProtocolError(name + ": unexpected frame");
      if (!proto::write_frame(kHostFd, frame_type(Msg::Reply), handlers.call(f->body))) return 0;
    }
  } catch (const proto::ProtocolError& e) {
    std::fprintf(stderr, "zgate %s: %s\n", name.c_str(), e.what());
    return 2;
  }
}

}  // namespace zgate::tm

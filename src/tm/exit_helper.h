#pragma once
// A confined helper process that hosts a customer's exits, and the conversation with it: the
// one piece that the OTMA exits (otma/exits.h, `zgate exit-host`) and the IMS Connect security
// exit (connect/security_exit.h, `zgate security-exit-host`) both stand on, so that an exit
// that crashes, hangs or writes nonsense costs its own call and never the server.
//
// The server side (ExitHelper) starts the host with RegionProcess (posix_spawn, the socket on
// the host's fd 3) and talks to it with tm::proto's frames, in a range of frame types of its
// own (40..44, which the region conversation does not use):
//
//   server -> host   Load        what to load, in the hosted exits' own encoding
//   host -> server   Loaded | LoadFailed (a text naming the library and dlerror())
//   server -> host   Call        one call's input, in the exits' encoding
//   host -> server   Reply       its output, likewise
//
// A host serves one call at a time and exits on EOF. The server makes one call at a time per
// host (each host has its own mutex; ExitHelperConfig::processes hosts share the calls) and
// waits at most call_limit for the Reply. A host that dies (EOF), does not answer in time
// (killed) or answers nonsense costs that call; the next call on that host starts a new one,
// which loads again. The host side (serve_exit_host) confines itself as a region does
// (region_sandbox.h) before it loads anything.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zgate::tm {

// A host that cannot be started or cannot load its exits at start-up: start-up stops on it.
struct ExitHelperError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ExitHelperConfig {
  // The command that starts the host; it receives its socket as fd 3.
  // Typically {"/proc/self/exe", "exit-host"}.
  std::vector<std::string> command;
  // The OS user the host becomes when the server runs as root (as RegionConfig::os_user): it
  // must be able to read the exit libraries.
  std::string os_user = "nobody";
  std::chrono::milliseconds call_limit{2000};  // a call past this is ended: its host is killed
  std::string load;   // the Load frame's body
  int processes = 1;  // hosts that share the calls (each serves one call at a time)
};

// What became of one call.
struct ExitHelperReply {
  enum class Status {
    Ok,          // body is the host's reply
    Lost,        // the host crashed, hung, or answered nonsense; detail says which
    NotStarted,  // no host could be started for the call; detail says why
  };
  Status status = Status::NotStarted;
  std::string body;
  // Lost: "abended S0C4 (signal 11)", "did not return within 300 ms", "gave a broken reply",
  // "ended the exit host (exit status 2)"; NotStarted: the start-up failure.
  std::string detail;
  bool ok() const { return status == Status::Ok; }
};

class ExitHelper {
 public:
  // Starts every host and has each load; throws ExitHelperError with the host's reason (the
  // LoadFailed text, or why it could not start) when one cannot.
  explicit ExitHelper(ExitHelperConfig cfg);
  ~ExitHelper();
  ExitHelper(const ExitHelper&) = delete;
  ExitHelper& operator=(const ExitHelper&) = delete;

  // One call. Thread-safe. `accept` is the caller's reading of the reply: a reply it does
  // not accept is nonsense, and its host is ended as for a crash (status Lost).
  ExitHelperReply call(const std::string& body, const std::function<bool(const std::string&)>& accept);

  const ExitHelperConfig& config() const { return cfg_; }

 private:
  struct Host;
  ExitHelperConfig cfg_;
  std::vector<std::unique_ptr<Host>> hosts_;
  std::atomic_uint next_{0};
};

// The host side, the main of `zgate exit-host` and `zgate security-exit-host`. Reads the Load
// frame, confines itself (the files `files` names, the libraries, become readable; the OS
// user from the environment), runs `load` (empty: loaded; else the LoadFailed text), then
// answers each Call with `call`'s reply until EOF. `name` prefixes its own complaints on
// standard error. A decoder that throws proto::ProtocolError ends the host (status 2).
struct ExitHostHandlers {
  std::function<std::vector<std::string>(const std::string& load)> files;
  std::function<std::string(const std::string& load)> load;
  std::function<std::string(const std::string& call)> call;
};
int serve_exit_host(const std::string& name, const ExitHostHandlers& handlers);

// An exit that is one library with one entry point (IMSLSECX, DFSRAS00): how its hosts start.
struct LibraryExitHost {
  // The command that starts a host (it receives its socket as fd 3), e.g.
  // {"/proc/self/exe", "security-exit-host"}.
  std::vector<std::string> command;
  // The OS user a host becomes when the server runs as root: it must be able to read the library.
  std::string os_user = "nobody";
  std::chrono::milliseconds call_limit{2000};  // an exit past this is ended: refusal
  int processes = 2;                           // hosts that share the calls
};

// Makes `library` absolute (so that a host's dlopen never searches LD_LIBRARY_PATH for a bare
// name, and its sandbox knows the one file it may read) and starts the hosts, each of which
// loads it and resolves its entry point (serve_library_exit_host). Throws ExitHelperError.
std::unique_ptr<ExitHelper> start_library_exit(std::filesystem::path& library, LibraryExitHost host);

// The host side of such an exit, the main of its `zgate ...-host`: loads the library the Load
// frame names (dlopen RTLD_NOW | RTLD_LOCAL) and resolves `entry`, else answers LoadFailed
// "cannot load: <dlerror>" or "no entry point <entry> (<what the library must export>)"; then
// answers each Call with call(the entry point, the Call's body).
int serve_library_exit_host(const std::string& name, const char* entry, const std::string& signature,
                            const std::function<std::string(void* entry_point, const std::string& body)>& call);

// What an exit wrote as its reason, as it may go into a log line or an audit record: at most
// `max` characters, one printable line (a control character becomes '?'), trailing blanks
// dropped. The exit is the installation's code, but what it writes must not be able to forge
// or split zgate's log lines.
std::string printable_exit_reason(std::string_view reason, std::size_t max);

// An IMS name as an exit's parameter block carries it: trailing blanks (the IMS padding)
// dropped; empty is allowed. nullopt when what is left is longer than `max` or holds a blank or
// a control character (a truncated or odd name could make the exit decide about something
// else, so the exit is not called).
std::optional<std::string> exit_name_field(std::string_view name, std::size_t max);

// The status of an ended host as an IMS operator would read it, after the exit's name:
// "abended S0C4 (signal 11)", "ended the exit host (exit status 2)".
std::string describe_host_end(int wait_status);

}  // namespace zgate::tm

#pragma once
// The Resource Access Security user exit, DFSRAS00 (include/zgate/dfsras00.h), as the
// transaction manager calls it when it schedules a PSB under ISIS=C or ISIS=A
// (tm/psb_scheduling.h): a shared library loaded at start-up into confined helper processes
// (`zgate ras-exit-host`, started and restarted by tm::ExitHelper as the OTMA exits' and
// IMSLSECX's hosts are), called with C++ types on this side of the ABI.
//
// Containment: an exit that crashes, hangs past Host::call_limit, or whose host answers
// nonsense costs that one call, which is a refusal with the reason saying what happened,
// logged on standard error; the next call starts a new host.
//
// Thread safety: call() may be called from any number of threads at once (every region's
// scheduling thread): Host::processes hosts share the calls, each serving one at a time.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "tm/exit_helper.h"
#include "zgate/dfsras00.h"

namespace zgate::tm {

// A library that cannot be loaded or has no DFSRAS00 entry point; start-up stops on it.
struct RasExitError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class RasExit {
 public:
  struct Call {
    std::string userid, group;      // the dependent region's
    std::string resource_class = "IIMS";
    std::string resource;           // the PSB
    std::string trancode;
    std::string requester;          // the message's user ID, for information
    int region = 0;
    char isis = 'C';                // 'C' or 'A'
    bool saf_called = false;
    int saf_rc = 0;
  };
  struct Verdict {
    bool allowed = false;
    int rc = ZGATE_DFSRAS00_REJECT;  // what the exit returned (8 when zgate decided for it)
    std::string reason;              // the exit's text, or why zgate counted the call as a refusal
  };
  // The helper processes: zgate serve's command is {"/proc/self/exe", "ras-exit-host"}.
  using Host = LibraryExitHost;

  // Starts the hosts, each of which loads `library` (made absolute) and resolves DFSRAS00.
  // Throws RasExitError naming the library and the loader's reason, or why a host could not start.
  RasExit(const std::filesystem::path& library, Host host);
  ~RasExit();
  RasExit(const RasExit&) = delete;
  RasExit& operator=(const RasExit&) = delete;

  // A crash, hang, broken reply or unknown return code is a refusal (allowed = false) with the
  // reason saying so. So is a call whose names the parameter block cannot carry faithfully.
  Verdict call(const Call& c) const;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::unique_ptr<ExitHelper> helper_;
};

// The helper process's main: `zgate ras-exit-host` runs it.
int ras_exit_host_main(int argc, char** argv);

// The bodies of the helper conversation, public for the tests. The decoders throw
// tm::proto::ProtocolError when the bytes are not what they should be.
namespace ras_exit_frames {
// The call as the parameter block can carry it: names at most 8 characters, no blanks or
// control characters (trailing blanks dropped), isis C or A. Otherwise why the exit must not be
// called (a truncated name could make the exit decide about something else).
std::variant<RasExit::Call, std::string> checked_call(const RasExit::Call& c);
std::string encode_call(const RasExit::Call& c);
// The host's side of one call: builds the parameter block from a Call body, calls `entry`, and
// encodes what it returned and left in reason.
std::string host_call(zgate_dfsras00_fn entry, const std::string& call_body);
// The server's reading of a reply: allowed only for RC 0, the reason one printable line.
// nullopt when the body is not a reply.
std::optional<RasExit::Verdict> decode_verdict(const std::string& body);
}  // namespace ras_exit_frames

}  // namespace zgate::tm

#pragma once
// The IMSLSECX security exit (include/zgate/imslsecx.h) as zgate calls it: a shared library
// loaded at start-up into a confined helper process (`zgate security-exit-host`, started and
// restarted by tm::ExitHelper as the OTMA exits' host is), called for each message with C++
// types on this side of the ABI.
//
// Containment: an exit that crashes, hangs past Host::call_limit or whose host answers
// nonsense costs that one call, which is a refusal (Action::Reject, RC 8, so RSM RC 8 RSN 40
// as for an exit that returns 8) with the reason saying what happened, logged on standard
// error; the next call starts a new host. The exit never sees a password, phrase or PassTicket
// (only which kind was given), so none crosses the socket.
//
// Thread safety: call() may be called from any number of threads at once: Host::processes
// hosts share the calls, each serving one at a time.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "connect/identity_exit.h"
#include "tm/exit_helper.h"
#include "zgate/imslsecx.h"

namespace zgate::connect {

// A library that cannot be loaded or has no IMSLSECX entry point; start-up stops on it.
struct SecurityExitError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The library, its helpers and the reading of its answer are IdentityExit's
// (connect/identity_exit.h, shared with HWSAUTH0): Result, Action, Host and path() come from it.
// The helper processes: zgate serve's Host command is {"/proc/self/exe", "security-exit-host"}.
class SecurityExit : public IdentityExit {
 public:
  enum class Credential : std::uint8_t { None, Password, Phrase };  // password covers PassTicket

  struct Input {
    std::string userid, group;  // after HWSSMPL0/1 (or TCPIP RACFID=); at most 8 characters used
    std::string trancode, datastore, clientid;
    Credential credential = Credential::None;
    std::string peer;           // "192.0.2.7:41022" / "[2001:db8::7]:41022"
    std::uint16_t local_port = 0;
    bool tls = false;
    std::optional<std::string> cert_subject;  // TLS client certificate subject, if any
  };

  // Starts the hosts, each of which loads `library` and resolves IMSLSECX. Throws
  // SecurityExitError naming the path and dlerror()'s text, or why a host could not start.
  SecurityExit(const std::filesystem::path& library, Host host);

  // Where zgate looks when --security-exit is not given: IMSLSECX.so in `program_dir`.
  static std::filesystem::path default_path(const std::filesystem::path& program_dir);

  Result call(const Input& in) const;
};

// The helper process's main: `zgate security-exit-host` runs it.
int security_exit_host_main(int argc, char** argv);

// The bodies of the helper conversation, public so that the fuzz target and the tests reach
// them. The decoders throw tm::proto::ProtocolError when the bytes are not what they should be.
namespace security_exit_frames {
// The input as the exit sees it: names trimmed as IMS Connect trims IRM fields (up to a NUL,
// trailing blanks dropped, at most 8 characters), the peer at most 63.
std::string encode_call(const SecurityExit::Input& in);
// The host's side of one call: builds the parameter block from a Call body, calls `entry`,
// and encodes what it returned and left in userid, group and reason.
std::string host_call(zgate_imslsecx_fn entry, const std::string& call_body);
// The server's reading of a reply, which a misbehaving exit or host may have scribbled on:
// the rules of the ABI applied (RC 0 keeps the input's identity, RC 4 takes the exit's only
// when usable, anything else refuses; the reason one printable line). nullopt when the body
// is not a reply.
std::optional<SecurityExit::Result> decode_reply(const SecurityExit::Input& in, const std::string& body);
}  // namespace security_exit_frames

}  // namespace zgate::connect

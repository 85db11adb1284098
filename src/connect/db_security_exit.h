#pragma once
// The IMS Connect DB security exit, HWSAUTH0 (include/zgate/hwsauth0.h), as zgate calls it for
// clients of IMS DB (the DRDA door): a shared library loaded at start-up into confined helper
// processes (`zgate hwsauth0-host`, started and restarted by tm::ExitHelper as IMSLSECX's are),
// called once the client's user ID is known and before RACF, with C++ types on this side of the
// ABI. IBM's IMS Connect calls HWSAUTH0 for every DB client, RACF or not; so should the door.
//
// The decision is IMSLSECX's (connect/identity_exit.h, one piece of code for both): RC 0 goes on
// as received, RC 4 as the user ID / group the exit wrote, RC 8 refuses, anything else refuses.
//
// Containment: an exit that crashes, hangs past Host::call_limit or whose host answers
// nonsense costs that one call, which is a refusal (Action::Reject, RC 8) with the reason saying
// what happened, logged on standard error; the next call starts a new host. The exit never sees
// a password or PassTicket (only whether one was given), so none crosses the socket. A name the
// parameter block cannot carry faithfully (a user ID longer than 8, say) is a refusal without
// calling the exit: a name cut to fit could make the exit decide about someone else.
//
// Thread safety: call() may be called from any number of threads at once: Host::processes
// hosts share the calls, each serving one at a time.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>

#include "connect/identity_exit.h"
#include "tm/exit_helper.h"
#include "zgate/hwsauth0.h"

namespace zgate::connect {

// A library that cannot be loaded or has no HWSAUTH0 entry point; start-up stops on it.
struct DbSecurityExitError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The library, its helpers and the reading of its answer are IdentityExit's
// (connect/identity_exit.h, shared with IMSLSECX): Result, Action, Host and path() come from it.
// The helper processes: zgate serve's Host command is {"/proc/self/exe", "hwsauth0-host"}.
class DbSecurityExit : public IdentityExit {
 public:
  struct Input {
    std::string userid;          // DRDA USRID (SECCHK); at most 8 characters, else refused
    std::string group;           // the group, when the client named one; empty = none
    bool credential_given = false;  // a password or PassTicket came with it (never the secret)
    std::string rdbnam;          // RDBNAM, PSBNAME[.ALIAS], when known at the call; at most 13
    std::string datastore;       // the data store / ODBM alias the request goes to, when known
    std::string peer;            // "192.0.2.7:41022" / "[2001:db8::7]:41022" (cut to 63)
    std::uint16_t local_port = 0;  // the DRDA port the client reached
    bool tls = false;
    std::optional<std::string> cert_subject;  // TLS client certificate subject, if any
    std::string hws_id;          // this IMS Connect's HWS ID
  };

  // Starts the hosts, each of which loads `library` and resolves HWSAUTH0. Throws
  // DbSecurityExitError naming the path and the loader's text, or why a host could not start.
  DbSecurityExit(const std::filesystem::path& library, Host host);

  // HWSAUTH0.so in `program_dir`.
  static std::filesystem::path default_path(const std::filesystem::path& program_dir);

  // Reject (RC 8, the exit not called) when `in` holds a name the block cannot carry.
  Result call(const Input& in) const;
};

// The helper process's main: `zgate hwsauth0-host` runs it.
int hwsauth0_host_main(int argc, char** argv);

// The bodies of the helper conversation, public for the tests and fuzz targets. The decoders
// throw tm::proto::ProtocolError when the bytes are not what they should be.
namespace db_security_exit_frames {
// The input as the parameter block carries it: names with trailing blanks dropped, each within
// its field and free of blanks and control characters, the peer cut to 63, a certificate
// subject without a NUL. Otherwise the reason the exit must not be called.
std::variant<DbSecurityExit::Input, std::string> checked_input(const DbSecurityExit::Input& in);
// A checked input as the Call frame's body.
std::string encode_call(const DbSecurityExit::Input& in);
// The host's side of one call: builds the parameter block from a Call body, calls `entry`,
// and encodes what it returned and left in userid, group and reason.
std::string host_call(zgate_hwsauth0_fn entry, const std::string& call_body);
// The server's reading of a reply to a call with the checked input `in`: the ABI's rules
// (identity_exit::decode_reply). nullopt when the body is not a reply.
std::optional<DbSecurityExit::Result> decode_reply(const DbSecurityExit::Input& in, const std::string& body);
}  // namespace db_security_exit_frames

}  // namespace zgate::connect

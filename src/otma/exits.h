#pragma once
// The OTMA security exits as zgate calls them: DFSCTRN0 (transaction authorization), DFSCCMD0
// (command authorization) and DFSYRTUX (RESUME TPIPE security), plug-ins written against the
// C ABI in include/zgate/otma_exits.h.
//
// Where each one runs in the decision (authorization.cpp calls them, for messages and for RESUME TPIPE):
//   DFSCTRN0  under CHECK/FULL after RACF allowed the transaction (RC 0 or 4; not called when
//             RACF refused); under NONE and JOIN always (saf_called = false). May reject only.
//   DFSCCMD0  after RACF (CHECK/FULL) or without it (NONE/JOIN); gets RACF's result and makes
//             the final decision either way.
//   DFSYRTUX  always, after RACF when RACF was called; may overturn RACF's answer either way.
//
// Containment: the exits run in a separate helper process (`zgate exit-host`), so that an exit
// that crashes or hangs costs that one call, which counts as a refusal, and never the server.
// The helper is started again for the next call.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "otma/otma.h"

namespace zgate::otma {

enum class ExitPoint : std::uint8_t { Transaction, Command, ResumeTpipe };
std::string_view exit_name(ExitPoint p);  // "DFSCTRN0", "DFSCCMD0", "DFSYRTUX"

// A library that cannot be loaded, or lacks its entry point: start-up stops on it.
struct ExitLoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ExitCall {
  ExitPoint point = ExitPoint::Transaction;
  std::string tmember;   // the OTMA client (IMS Connect's data store member)
  std::string tpipe;     // the message's tpipe; for DFSYRTUX the tpipe being resumed
  std::string userid;    // the requester (blank under NONE when the client sent none)
  std::string group;
  std::string resource;  // transaction code, command verb (DIS, STA, ...) or tpipe name
  std::string command;   // DFSCCMD0: the whole command text; empty otherwise
  SecurityLevel level = SecurityLevel::None;  // the level in force for the message
  bool saf_called = false;
  int saf_rc = 0;        // RACF's return code when called: 0 allowed, 4 not protected, 8 denied
};

struct ExitVerdict {
  bool allowed = false;
  int rc = 8;          // what the exit returned (or 8 when zgate decided for it)
  std::string reason;  // the exit's text, or why zgate counted the call as a refusal
};

struct ExitConfig {
  std::map<ExitPoint, std::filesystem::path> libraries;  // only the exits that are configured
  // The command that starts the helper process; it receives its socket as fd 3.
  // Typically {"/proc/self/exe", "exit-host"}.
  std::vector<std::string> host_command;
  // The OS user the helper becomes when the server runs as root (as tm::RegionConfig::os_user):
  // it must be able to read the exit libraries.
  std::string os_user = "nobody";
  std::chrono::milliseconds call_limit{2000};  // an exit past this is ended: refusal
};

class OtmaExits {
 public:
  // Starts the helper and has it load every library; throws ExitLoadError naming the library
  // when one cannot be loaded or lacks its entry point.
  explicit OtmaExits(ExitConfig cfg);
  ~OtmaExits();
  OtmaExits(const OtmaExits&) = delete;
  OtmaExits& operator=(const OtmaExits&) = delete;

  bool has(ExitPoint p) const;
  // Calls the exit (has(p) must be true). Thread-safe. A crash, hang, broken reply or unknown
  // return code is a refusal (allowed = false) with the reason saying so.
  ExitVerdict call(const ExitCall& c);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The helper process's main: serves calls on `fd` until EOF. `zgate exit-host` runs it.
int exit_host_main(int argc, char** argv);

// The bodies of the helper conversation (exits.cpp says which frame carries which), public so
// that the fuzz target and the tests reach the decoders. The decoders throw
// tm::proto::ProtocolError when the bytes are not what they should be.
namespace exit_frames {
// What the parameter block can carry faithfully: the names with OTMA's blank padding dropped
// (the member up to 16 characters, the others up to 8, no blanks or control characters), the
// command text only for DFSCCMD0 and without NUL. Otherwise the reason the exit must not be
// called (a truncated name could make it decide about something else).
std::variant<ExitCall, std::string> checked_call(const ExitCall& c);
std::string encode_call(const ExitCall& c);
ExitCall decode_call(const std::string& body);  // the host's reading; a known point and level
// The libraries the host loads: exit point and absolute path, one per configured exit.
std::string encode_load(const std::map<ExitPoint, std::filesystem::path>& libraries);
std::vector<std::pair<ExitPoint, std::string>> decode_load(const std::string& body);
std::string encode_verdict(std::int32_t rc, const std::string& reason);
// The server's reading of what the host sent back for one call, which a misbehaving exit may
// have scribbled on: allowed only for RC 0, the reason printable and one line, at most 79
// characters. nullopt when the body is not a verdict.
std::optional<ExitVerdict> decode_verdict(std::string_view exit_name, const std::string& body);
}  // namespace exit_frames

}  // namespace zgate::otma

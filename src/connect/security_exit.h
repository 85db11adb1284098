#pragma once
// The IMSLSECX security exit (include/zgate/imslsecx.h) as zgate calls it: a shared library
// loaded once at start-up, called for each message with C++ types on this side of the ABI.
//
// Thread safety: call() keeps no state of its own (each call builds its parameter block on
// the stack), so it may be called from any number of threads at once; the exit itself must be
// reentrant, as the header tells exit writers.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "zgate/imslsecx.h"

namespace zgate::connect {

// A library that cannot be loaded or has no IMSLSECX entry point; start-up stops on it.
struct SecurityExitError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class SecurityExit {
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

  enum class Action : std::uint8_t {
    Continue,    // RC 0
    ChangeUser,  // RC 4: userid / group below replace the input's
    Reject,      // RC 8, or any RC the ABI does not define, or an unusable changed user ID
  };

  struct Result {
    Action action = Action::Reject;
    int rc = 8;              // what the exit returned
    std::string userid;      // the user ID to go on with (the input's unless ChangeUser)
    std::string group;       // likewise; empty = none
    std::string reason;      // the exit's reason text (one printable line: a control character
                             // becomes '?'), or zgate's when it overrode the exit
  };

  // Loads `library` (dlopen RTLD_NOW | RTLD_LOCAL) and resolves IMSLSECX. Throws
  // SecurityExitError naming the path and dlerror()'s text.
  explicit SecurityExit(const std::filesystem::path& library);
  ~SecurityExit();
  SecurityExit(const SecurityExit&) = delete;
  SecurityExit& operator=(const SecurityExit&) = delete;
  SecurityExit(SecurityExit&& other) noexcept;
  SecurityExit& operator=(SecurityExit&& other) noexcept;

  // Where zgate looks when --security-exit is not given: IMSLSECX.so in `program_dir`.
  static std::filesystem::path default_path(const std::filesystem::path& program_dir);

  Result call(const Input& in) const;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  void* handle_ = nullptr;
  zgate_imslsecx_fn entry_ = nullptr;
};

}  // namespace zgate::connect

// HWSAUTH0 in its confined helper process: db_security_exit.h says what and why. The helper,
// its start, time limit and restart are tm::ExitHelper's; the reading of the exit's answer is
// identity_exit's (shared with IMSLSECX). This file gives it HWSAUTH0's own bodies:
//
//   Load    the library's absolute path
//   Call    one parameter block's input (never a password)
//   Reply   the exit's return code, user ID, group and reason text
#include "connect/db_security_exit.h"

#include <cstddef>
#include <cstring>
#include <utility>

#include "tm/region_protocol.h"

namespace zgate::connect {

namespace {

namespace ix = identity_exit;
using ix::get;
using ix::put;

constexpr ix::Names kNames{ZGATE_HWSAUTH0_ENTRY, "DB security exit", "the request"};

// The parameter block is a published layout: a change here breaks every built exit.
static_assert(offsetof(zgate_hwsauth0_parms, userid) == 8);
static_assert(offsetof(zgate_hwsauth0_parms, rdbnam) == 26);
static_assert(offsetof(zgate_hwsauth0_parms, credential) == 60);
static_assert(offsetof(zgate_hwsauth0_parms, local_port) == 62);
static_assert(offsetof(zgate_hwsauth0_parms, peer) == 64);
static_assert(offsetof(zgate_hwsauth0_parms, cert_subject) == 128);
static_assert(offsetof(zgate_hwsauth0_parms, reason) == 136);
static_assert(sizeof(zgate_hwsauth0_parms) == 216);
static_assert(sizeof(zgate_hwsauth0_parms::userid) == ix::kNameField && sizeof(zgate_hwsauth0_parms::group) == ix::kNameField);
static_assert(sizeof(zgate_hwsauth0_parms::reason) == ix::kReasonField);
static_assert(ZGATE_HWSAUTH0_CONTINUE == ix::kContinue && ZGATE_HWSAUTH0_CHANGED == ix::kChanged &&
              ZGATE_HWSAUTH0_REJECT == ix::kReject);

constexpr std::size_t kNameMax = 8;                                     // IMS names
constexpr std::size_t kRdbnamMax = sizeof(zgate_hwsauth0_parms::rdbnam) - 1;  // PSBNAME.ALIAS
constexpr std::size_t kPeerMax = sizeof(zgate_hwsauth0_parms::peer) - 1;

}  // namespace

// ---------------------------------------------------------------------------------------------
// The frames' bodies.

namespace db_security_exit_frames {

namespace proto = tm::proto;

std::variant<DbSecurityExit::Input, std::string> checked_input(const DbSecurityExit::Input& given) {
  DbSecurityExit::Input in = given;
  struct Field {
    std::string* value;
    std::size_t max;
    const char* what;
  };
  for (const Field& f : {Field{&in.userid, kNameMax, "user ID"}, Field{&in.group, kNameMax, "group"},
                         Field{&in.rdbnam, kRdbnamMax, "RDB name"}, Field{&in.datastore, kNameMax, "data store"},
                         Field{&in.hws_id, kNameMax, "HWS ID"}}) {
    auto v = tm::exit_name_field(*f.value, f.max);
    if (!v) return fmt::format("{} not called: the {} is not a name of at most {} characters", kNames.entry, f.what, f.max);
    *f.value = std::move(*v);
  }
  if (in.cert_subject && in.cert_subject->find('\0') != std::string::npos)
    return fmt::format("{} not called: the certificate subject holds a NUL", kNames.entry);
  in.peer = std::string(ix::trimmed(in.peer, kPeerMax));  // zgate's own text: cutting it is harmless
  return in;
}

std::string encode_call(const DbSecurityExit::Input& in) {
  proto::Writer w;
  ix::write_identity(w, in, kNameMax);
  w.u32(in.credential_given ? 1u : 0u).str(in.rdbnam).str(in.datastore).str(in.hws_id);
  return ix::write_connection(w, in, kPeerMax);
}

std::string host_call(zgate_hwsauth0_fn entry, const std::string& call_body) {
  proto::Reader r(call_body);
  zgate_hwsauth0_parms parms;
  ix::begin_block(r, parms, ZGATE_HWSAUTH0_VERSION);
  parms.credential = r.u32() ? ZGATE_HWSAUTH0_CRED_PASSWORD : ZGATE_HWSAUTH0_CRED_NONE;
  put(parms.rdbnam, r.str());
  put(parms.datastore, r.str());
  put(parms.hws_id, r.str());
  std::string subject;
  ix::end_block(r, parms, subject);

  const std::int32_t rc = entry(&parms);
  return ix::encode_reply(rc, get(parms.userid), get(parms.group), get(parms.reason));
}

std::optional<DbSecurityExit::Result> decode_reply(const DbSecurityExit::Input& in, const std::string& body) {
  return ix::decode_reply(in.userid, in.group, body, kNames);
}

}  // namespace db_security_exit_frames

// ---------------------------------------------------------------------------------------------
// The server side.

DbSecurityExit::DbSecurityExit(const std::filesystem::path& library, Host host)
    : IdentityExit(std::type_identity<DbSecurityExitError>(), library, std::move(host), kNames) {}

std::filesystem::path DbSecurityExit::default_path(const std::filesystem::path& program_dir) {
  return program_dir / "HWSAUTH0.so";
}

DbSecurityExit::Result DbSecurityExit::call(const Input& given) const {
  auto checked = db_security_exit_frames::checked_input(given);
  if (auto* why = std::get_if<std::string>(&checked)) {
    Result out;  // Reject, RC 8
    out.reason = std::move(*why);
    return out;
  }
  const Input& in = std::get<Input>(checked);
  return call_exit(db_security_exit_frames::encode_call(in), in.userid, in.group);
}

// ---------------------------------------------------------------------------------------------
// The host side: `zgate hwsauth0-host`.

int hwsauth0_host_main(int, char**) {
  return ix::serve_host("hwsauth0-host", ZGATE_HWSAUTH0_ENTRY, "an HWSAUTH0 exit exports int HWSAUTH0(zgate_hwsauth0_parms*)",
                        &db_security_exit_frames::host_call);
}

}  // namespace zgate::connect

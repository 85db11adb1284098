#include "connect/security_exit.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <utility>

#include "tm/exit_helper.h"
#include "tm/region_protocol.h"

namespace zgate::connect {

namespace {

namespace ix = identity_exit;
using ix::get;
using ix::put;
using ix::trimmed;

constexpr ix::Names kNames{ZGATE_IMSLSECX_ENTRY, "security exit", "the message"};

static_assert(sizeof(zgate_imslsecx_parms::userid) == ix::kNameField && sizeof(zgate_imslsecx_parms::group) == ix::kNameField);
static_assert(sizeof(zgate_imslsecx_parms::reason) == ix::kReasonField);
static_assert(ZGATE_IMSLSECX_CONTINUE == ix::kContinue && ZGATE_IMSLSECX_CHANGED == ix::kChanged &&
              ZGATE_IMSLSECX_REJECT == ix::kReject);

}  // namespace

// ---------------------------------------------------------------------------------------------
// The frames' bodies.

namespace security_exit_frames {

namespace proto = tm::proto;

std::string encode_call(const SecurityExit::Input& in) {
  proto::Writer w;
  ix::write_identity(w, in, 8);
  w.str(std::string(trimmed(in.trancode, 8)))
      .str(std::string(trimmed(in.datastore, 8)))
      .str(std::string(trimmed(in.clientid, 8)))
      .u32(static_cast<std::uint32_t>(in.credential));
  return ix::write_connection(w, in, sizeof(zgate_imslsecx_parms::peer) - 1);
}

std::string host_call(zgate_imslsecx_fn entry, const std::string& call_body) {
  proto::Reader r(call_body);
  zgate_imslsecx_parms parms;
  ix::begin_block(r, parms, ZGATE_IMSLSECX_VERSION);
  put(parms.trancode, r.str());
  put(parms.datastore, r.str());
  put(parms.clientid, r.str());
  const std::uint32_t credential = r.u32();
  switch (credential) {
    case static_cast<std::uint32_t>(SecurityExit::Credential::None): parms.credential = ZGATE_IMSLSECX_CRED_NONE; break;
    case static_cast<std::uint32_t>(SecurityExit::Credential::Password): parms.credential = ZGATE_IMSLSECX_CRED_PASSWORD; break;
    case static_cast<std::uint32_t>(SecurityExit::Credential::Phrase): parms.credential = ZGATE_IMSLSECX_CRED_PHRASE; break;
    default: throw proto::ProtocolError("security exit host: bad credential kind");
  }
  std::string subject;
  ix::end_block(r, parms, subject);

  const std::int32_t rc = entry(&parms);
  return ix::encode_reply(rc, get(parms.userid), get(parms.group), get(parms.reason));
}

std::optional<SecurityExit::Result> decode_reply(const SecurityExit::Input& in, const std::string& body) {
  return ix::decode_reply(trimmed(in.userid, 8), trimmed(in.group, 8), body, kNames);
}

}  // namespace security_exit_frames

// ---------------------------------------------------------------------------------------------
// The server side.

SecurityExit::SecurityExit(const std::filesystem::path& library, Host host)
    : IdentityExit(std::type_identity<SecurityExitError>(), library, std::move(host), kNames) {}

std::filesystem::path SecurityExit::default_path(const std::filesystem::path& program_dir) {
  return program_dir / "IMSLSECX.so";
}

SecurityExit::Result SecurityExit::call(const Input& in) const {
  return call_exit(security_exit_frames::encode_call(in), trimmed(in.userid, 8), trimmed(in.group, 8));
}

// ---------------------------------------------------------------------------------------------
// The host side: `zgate security-exit-host`.

int security_exit_host_main(int, char**) {
  return ix::serve_host("security-exit-host", ZGATE_IMSLSECX_ENTRY,
                        "an IMSLSECX exit exports int IMSLSECX(zgate_imslsecx_parms*)", &security_exit_frames::host_call);
}

}  // namespace zgate::connect

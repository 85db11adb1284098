#pragma once
// IMS Connect's side of security for one message (reference §3.6): who the message runs as,
// and whether IMS Connect lets it through to OTMA at all.
//
//   1. The IMSLSECX-style security exit, when one is loaded, runs first: it may refuse the
//      message or change its user ID, group and OTMA security flag.
//   2. RACFID= supplies the user ID when the message has none.
//   3. RACF=Y: the user ID is verified by saf with the password or PassTicket (application
//      name from IRM_APPL_NM, else the DATASTORE's APPL=) and group. A client certificate that
//      maps to a user ID (RACDCERT MAP) authenticates that user without a password; a
//      certificate of a trusted client lets it assert any user ID without a password.
//      UIDCACHE keeps verified credentials. RACF=N: user ID and group pass unverified.
//   4. The answer for OTMA: user ID, group, the security flag and (after a VERIFY) a UTOKEN,
//      never the password.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "connect/hwscfg.h"
#include "connect/sign_on.h"
#include "connect/uid_cache.h"
#include "saf/security_manager.h"
#include "saf/tokens.h"

namespace zgate::connect {

class SecurityExit;

// What the transport knows about the other end.
struct PeerIdentity {
  std::string address;       // "10.1.2.3:40112"
  std::uint16_t port = 0;    // the IMS Connect port it came in on
  bool tls = false;
  std::string cert_subject;  // RFC 4514 DN of a verified client certificate, if any
  std::string cert_issuer;
  std::string door;          // the door it came in by: "IRM" (HWSSMPL0/1) or "DRDA"
};

// What a client certificate stands for right now. Worked out again for every message, never
// kept with the connection: a RACDCERT DELMAP, a PERMIT ... DELETE on the trust profile or a
// REVOKE of the certificate's user must stop an open connection as it stops a new one.
struct CertificateIdentity {
  std::string user;      // the user ID the certificate maps to (RACDCERT MAP), if any
  bool trusted = false;  // `user` may assert other user IDs (FACILITY HWS.<id>.TRUSTED)
};

struct Identity {
  std::string userid;
  std::string group;
  char security_flag = 'F';          // OMSECFLG for OTMA: 'N', 'C' or 'F'
  saf::AceeRef acee;                 // set when IMS Connect verified the user (RACF=Y)
  std::optional<saf::Utoken> utoken; // passed to OTMA after a VERIFY
  bool from_cache = false;           // UIDCACHE hit
  bool trusted_client = false;       // sent by a trusted client (its certificate, now)
};

struct AuthResult {
  std::optional<Identity> identity;
  // The refusal: RSM codes and the RACF return code for RSM_RACFRC (protocol level 3).
  std::uint32_t return_code = 0, reason_code = 0;
  std::uint8_t racf_rc = 0;
  std::string why;  // for the log; never a credential
  bool ok() const { return identity.has_value(); }
};

class Authenticator {
 public:
  Authenticator(saf::SecurityManager& saf, const HwsConfig& cfg,
                std::shared_ptr<SecurityExit> exit = nullptr);
  ~Authenticator();

  // Authentication in two steps, for a caller that must not spend an I/O thread on a
  // password hash. prepare() decides whatever it can without checking a credential (the exit,
  // RACFID=, RACF=N, UIDCACHE, a certificate); what it cannot is a VERIFY of a password or
  // phrase (Argon2id, milliseconds of CPU), which it leaves for finish() to run elsewhere.
  struct PendingVerify {
    Identity id;
    saf::VerifyRequest request;
    std::string datastore;  // for the UIDCACHE entry the VERIFY makes
  };
  // `kind`: a client of IMS TM (the IRM door: IMSLSECX runs, RACFID= supplies a missing user
  // ID) or of IMS DB (the DRDA door, which calls HWSAUTH0 itself first: IMSLSECX and RACFID=
  // are TCPIP's, not ODACCESS's).
  enum class ClientKind : std::uint8_t { Tm, Db };
  std::variant<AuthResult, PendingVerify> prepare(const SignOn& s, const DatastoreDef& ds,
                                                  const PeerIdentity& peer,
                                                  const std::string& client_id,
                                                  ClientKind kind = ClientKind::Tm);
  AuthResult finish(PendingVerify v);

  // HWSPWCH: verify the old password and set the new one (RACF VERIFY with NEWPASS). `asked`
  // names the user and group; `client_id` is the one the message names (for IMSLSECX).
  AuthResult change_password(const SignOn& asked, const std::string& datastore,
                             const std::string& client_id, const DatastoreDef* ds,
                             const core::SecretString& old_password,
                             const core::SecretString& new_password, const PeerIdentity& peer);

  // The user a certificate maps to, and whether that user is a trusted client (READ on
  // FACILITY HWS.<hwsid>.TRUSTED, the user not revoked), as the security database says now.
  CertificateIdentity certificate_identity(const PeerIdentity& peer) const;

  UidCache* uid_cache() { return cache_.get(); }

 private:
  AuthResult refuse(std::uint32_t rc, std::uint32_t rsn, std::uint8_t racf_rc, std::string why);
  std::string password_for_verify(std::string_view pw) const;
  void refused_appl(const Identity& id, const std::string& appl, const DatastoreDef& ds,
                    const std::string& client_id);

  saf::SecurityManager& saf_;
  const HwsConfig& cfg_;
  std::shared_ptr<SecurityExit> exit_;
  std::unique_ptr<UidCache> cache_;
};

}  // namespace zgate::connect

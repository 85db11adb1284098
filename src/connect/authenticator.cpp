#include "connect/authenticator.h"

#include "audit/event.h"
#include "connect/return_codes.h"
#include "connect/security_exit.h"
#include "saf/cert_map.h"
#include "core/text.h"

namespace zgate::connect {

namespace {

// SMF 80 event 1 (JOBINIT) qualifier 27, "verification failed by installation": an installation
// exit refused the sign-on (RACF: ICHRIX01/02; here IMSLSECX, also when it crashed or hung and
// zgate refused for it). audit/event.cpp names it.
constexpr std::uint8_t kFailedByInstallation = 27;

// The SMF 80 event 1 record of a sign-on IMS Connect refused before (or without) VERIFY.
audit::Event refused_sign_on(saf::SecurityManager& saf, const Identity& id, const std::string& client_id,
                             std::uint8_t qualifier) {
  audit::Event e;
  e.time = saf.clock().now();
  e.code = audit::EventCode::JobInit;
  e.qualifier = qualifier;
  e.violation = true;
  e.user = id.userid;
  e.group = id.group;
  e.component = "IMSCONN";
  e.terminal = client_id;
  return e;
}

// Runs the IMSLSECX-style exit. Returns the refusal text, or nullopt to go on (with the
// user ID and group the exit may have changed in `id`). A refusal, the exit's own or zgate's
// for an exit that crashed or hung, goes on the record as RACF records a sign-on that an
// installation exit failed (SMF 80 event 1, qualifier 27).
std::optional<std::string> run_security_exit(saf::SecurityManager& saf, const SecurityExit& exit,
                                             const SignOn& s, const std::string& datastore,
                                             const PeerIdentity& peer, const std::string& client_id,
                                             Identity& id) {
  SecurityExit::Input in;
  in.userid = id.userid;
  in.group = id.group;
  in.trancode = s.transaction_code;
  in.datastore = datastore;
  in.clientid = client_id;
  in.credential = !s.phrase.empty()     ? SecurityExit::Credential::Phrase
                  : !s.password.empty() ? SecurityExit::Credential::Password
                                            : SecurityExit::Credential::None;
  in.peer = peer.address;
  in.local_port = peer.port;
  in.tls = peer.tls;
  if (!peer.cert_subject.empty()) in.cert_subject = peer.cert_subject;
  SecurityExit::Result res = exit.call(in);
  switch (res.action) {
    case SecurityExit::Action::Continue:
      return std::nullopt;
    case SecurityExit::Action::ChangeUser:
      id.userid = core::upper(res.userid);
      id.group = core::upper(res.group);
      return std::nullopt;
    case SecurityExit::Action::Reject:
      break;
  }
  std::string why = "security exit " + exit.path().filename().string() + " rejected the message (RC " +
                    std::to_string(res.rc) + (res.reason.empty() ? "" : ": " + res.reason) + ")";
  audit::Event e = refused_sign_on(saf, id, client_id, kFailedByInstallation);
  e.detail = why;
  saf.sink().write(e);
  return why;
}

// What a UIDCACHE entry answers for: everything the VERIFY was given besides the credential.
UidCache::Key cache_key(const saf::VerifyRequest& vr, const std::string& datastore) {
  return UidCache::Key{vr.user, vr.group, vr.appl, datastore};
}

AuthResult accepted(Identity id) {
  AuthResult r;
  r.identity = std::move(id);
  return r;
}

}  // namespace

Authenticator::Authenticator(saf::SecurityManager& saf, const HwsConfig& cfg,
                             std::shared_ptr<SecurityExit> exit)
    : saf_(saf), cfg_(cfg), exit_(std::move(exit)) {
  if (cfg_.racf && cfg_.uidcache)
    cache_ = std::make_unique<UidCache>(saf_, std::chrono::seconds(cfg_.uidage));
}

Authenticator::~Authenticator() = default;

AuthResult Authenticator::refuse(std::uint32_t rc, std::uint32_t rsn, std::uint8_t racf_rc,
                                 std::string why) {
  AuthResult r;
  r.return_code = rc;
  r.reason_code = rsn;
  // RACFGENRC=Y: IMS Connect hides RACF's own return code behind a generic one.
  r.racf_rc = (cfg_.racfgenrc && racf_rc) ? std::uint8_t{saf::kVerifyBadPassword} : racf_rc;
  r.why = std::move(why);
  return r;
}

// PSWDMC=N: IMS Connect folds the password to upper case before VERIFY (the IBM behaviour
// before mixed-case passwords). R and Y hand it over as typed; saf then applies SETROPTS
// MIXEDCASE as RACF would.
// A refusal that never reaches VERIFY still goes on the record, as VERIFY's own would
// (SMF 80 event 1, "invalid application").
void Authenticator::refused_appl(const Identity& id, const std::string& appl, const DatastoreDef& ds,
                                 const std::string& client_id) {
  audit::Event e = refused_sign_on(saf_, id, client_id, audit::verify_q::kInvalidApplication);
  e.appl = appl;
  e.racf_rc = saf::kVerifyNotAuthorizedToAppl;
  e.detail = "APPLICATION NAME IS NOT DATA STORE " + ds.id + "'S APPL " + core::upper(ds.appl);
  saf_.sink().write(e);
}

std::string Authenticator::password_for_verify(std::string_view pw) const {
  if (cfg_.pswdmc == PasswordCase::Upper) return core::upper(pw);
  return std::string(pw);
}

CertificateIdentity Authenticator::certificate_identity(const PeerIdentity& peer) const {
  CertificateIdentity out;
  if (peer.cert_subject.empty()) return out;
  // OpenSSL gives RFC 4514 names; RACF's filters are written in its dotted form.
  auto subject = saf::racf_dn_from_rfc4514(peer.cert_subject);
  auto issuer = saf::racf_dn_from_rfc4514(peer.cert_issuer);
  if (!subject) return out;
  if (auto user = saf_.map_certificate(*subject, issuer ? *issuer : std::string())) {
    out.user = *user;
    // A trusted client vouches for the users it sends; RACF expresses that as READ to a
    // FACILITY profile, as z/OS does for servers that act for other users. A revoked user
    // has no ACEE, and so no trust.
    if (auto acee = saf_.acee_for(out.user)) {
      auto d = saf_.check(*acee, "FACILITY", "HWS." + cfg_.id + ".TRUSTED", saf::Access::Read, {},
                          "IMSCONN");
      out.trusted = d.rc == saf::kRcAllowed;
    }
  }
  return out;
}

std::variant<AuthResult, Authenticator::PendingVerify> Authenticator::prepare(
    const SignOn& s, const DatastoreDef& ds, const PeerIdentity& peer, const std::string& client_id,
    ClientKind kind) {
  Identity id;
  id.userid = core::upper(s.userid);
  id.group = core::upper(s.group);
  const bool has_password = s.has_credential();

  // 1. The security exit sees the message before saf does.
  if (exit_ && kind == ClientKind::Tm) {
    auto verdict = run_security_exit(saf_, *exit_, s, ds.id, peer, client_id, id);
    if (verdict) return refuse(rc::kConnectError, rc::kSecurityViolation, 0, *verdict);
  }

  // 2. A certificate that maps to a user stands for that user when the message names none.
  const CertificateIdentity cert = certificate_identity(peer);
  if (id.userid.empty() && !cert.user.empty()) id.userid = cert.user;
  id.trusted_client = cert.trusted;
  // RACFID= is the default user ID for messages without one.
  if (id.userid.empty() && kind == ClientKind::Tm) id.userid = cfg_.racfid;

  if (!cfg_.racf) {
    // RACF=N: IMS Connect makes no RACF call; OTMA decides what the user ID is worth.
    if (id.userid.empty()) id.security_flag = 'N';
    return accepted(std::move(id));
  }

  // 3. RACF=Y.
  const bool cert_vouches = !cert.user.empty() && (cert.trusted || id.userid == cert.user);
  const bool from_racfid = kind == ClientKind::Tm && s.userid.empty() && cert.user.empty() && !cfg_.racfid.empty();
  if (id.userid.empty())
    return refuse(rc::kConnectError, has_password ? rc::kNoUserid : rc::kNoPasswordNoUserid, 0,
                  "no user ID in the message and no RACFID");

  saf::VerifyRequest vr;
  vr.user = id.userid;
  vr.group = id.group;
  vr.appl = core::upper(ds.appl);
  if (const std::string asked = core::upper(core::trim(s.appl_name)); !asked.empty() && asked != vr.appl) {
    // The application VERIFY checks (APPL class, PTKTDATA) is the site's choice when the data
    // store pins it: a client naming another, perhaps undefined and so unprotected, name is
    // refused as a user not authorized to the application would be.
    if (ds.pins_appl()) {
      refused_appl(id, asked, ds, client_id);
      return refuse(rc::kConnectError, rc::kSecurityViolation, saf::kVerifyNotAuthorizedToAppl,
                    "IRM_APPL_NM " + asked + " is not data store " + ds.id + "'s APPL=" + vr.appl +
                        " (PINAPPL=Y)");
    }
    vr.appl = asked;
  }
  vr.terminal = client_id;
  vr.component = "IMSCONN";
  if (!has_password) {
    // Without a credential the user ID must come from something IMS Connect trusts: its own
    // RACFID, or a client certificate (the user's own, or a trusted client's).
    if (!cert_vouches && !from_racfid)
      return refuse(rc::kConnectError, rc::kNoPassword, 0,
                    "user " + id.userid + " sent no password or PassTicket");
    vr.check_credential = false;
  } else {
    vr.password = core::SecretString(password_for_verify(s.password.reveal()));
    vr.phrase = s.phrase;
  }

  // UIDCACHE: the same user, group and password as a recent VERIFY reuse its ACEE.
  const std::string_view credential = !s.phrase.empty() ? s.phrase.reveal()
                                                             : vr.password.reveal();
  if (cache_ && vr.check_credential) {
    if (auto acee = cache_->find(cache_key(vr, ds.id), credential)) {
      id.acee = std::move(acee);
      if (id.group.empty()) id.group = id.acee->group;
      id.utoken = saf::make_utoken(*id.acee);
      id.from_cache = true;
      return accepted(std::move(id));
    }
  }

  PendingVerify pending{std::move(id), std::move(vr), ds.id};
  if (pending.request.check_credential) return pending;
  return finish(std::move(pending));  // no credential to check: no hash
}

AuthResult Authenticator::finish(PendingVerify p) {
  Identity& id = p.id;
  const saf::VerifyRequest& vr = p.request;
  saf::VerifyResult v = saf_.verify(vr);
  if (!v.ok())
    return refuse(rc::kConnectError, rc::kSecurityViolation, static_cast<std::uint8_t>(v.rc),
                  v.message.empty() ? "VERIFY failed" : v.message);
  id.acee = v.acee;
  if (id.group.empty()) id.group = v.acee->group;
  id.utoken = saf::make_utoken(*v.acee);
  // UIDCACHE keeps what was checked: the phrase when there was one, else the password.
  const std::string_view credential = !vr.phrase.empty() ? vr.phrase.reveal() : vr.password.reveal();
  if (cache_ && vr.check_credential && !v.passticket)
    cache_->store(cache_key(vr, p.datastore), credential, v.acee);
  return accepted(std::move(id));
}

AuthResult Authenticator::change_password(const SignOn& s, const std::string& datastore,
                                          const std::string& client_id, const DatastoreDef* ds,
                                          const core::SecretString& old_password,
                                          const core::SecretString& new_password,
                                          const PeerIdentity& peer) {
  Identity asked;
  asked.userid = core::upper(s.userid);
  asked.group = core::upper(s.group);
  // HWSPWCH reaches IMS Connect through the user message exit like any other message, and
  // HWSSMPL0/1 call IMSLSECX for it too: the exit may refuse the change or map the user ID.
  if (exit_) {
    auto verdict = run_security_exit(saf_, *exit_, s, ds ? ds->id : core::upper(datastore), peer, client_id, asked);
    if (verdict) return refuse(rc::kConnectError, rc::kSecurityViolation, 0, *verdict);
  }
  const std::string& user = asked.userid;
  if (user.empty()) return refuse(rc::kConnectError, rc::kNoUserid, 0, "HWSPWCH without a user ID");
  saf::VerifyRequest vr;
  vr.user = user;
  vr.group = asked.group;
  vr.password = core::SecretString(password_for_verify(old_password.reveal()));
  vr.new_password = core::SecretString(password_for_verify(new_password.reveal()));
  vr.appl = ds ? ds->appl : std::string();
  vr.terminal = peer.address;
  vr.component = "IMSCONN";
  saf::VerifyResult v = saf_.verify(vr);
  if (!v.ok())
    return refuse(rc::kConnectError, rc::kSecurityViolation, static_cast<std::uint8_t>(v.rc),
                  v.message.empty() ? "password change refused" : v.message);
  // A PassTicket stands in for a password at sign-on; it is not the password, and RACF makes
  // no change with one. The client is told the old password was not accepted (RACF RC 8).
  if (v.passticket)
    return refuse(rc::kConnectError, rc::kSecurityViolation, static_cast<std::uint8_t>(saf::kVerifyBadPassword),
                  "a PassTicket cannot change a password");
  Identity id;
  id.userid = user;
  id.group = v.acee->group;
  id.acee = v.acee;
  return accepted(std::move(id));
}

}  // namespace zgate::connect

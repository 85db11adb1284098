// The OTMA security levels (seeds/racf-security-levels-for-otma.txt) applied to one message:
//   NONE    no RACF call at all: no VERIFY, no FASTAUTH, no userid cache.
//   JOIN    only the client-bid was checked (client_bid.cpp); messages as NONE.
//   CHECK   VERIFY of the message's user ID (no password: OTMA never carries one), the ACEE kept
//           in the member's userid cache; FASTAUTH of the transaction code (TIMS) or command
//           verb (CIMS) with that ACEE.
//   FULL    as CHECK; tm also runs the region under the requester (MessageSecurity::Full).
//   PROFILE the message's own security flag (N, C or F) picks one of the three above.
// A resource no profile protects (FASTAUTH RC 4) is allowed, as IMS allows a transaction or
// command that is not defined to TIMS/CIMS.
#include <array>
#include <string>

#include "core/text.h"
#include "otma/otma_impl.h"
#include "saf/decision.h"
#include "saf/tokens.h"
#include "saf/verify.h"

namespace zgate::otma {

namespace {

struct LevelName {
  SecurityLevel level;
  const char* name;
  char letter;
};
constexpr std::array<LevelName, 5> kLevels{{
    {SecurityLevel::None, "NONE", 'N'},
    {SecurityLevel::Join, "JOIN", 'J'},
    {SecurityLevel::Check, "CHECK", 'C'},
    {SecurityLevel::Full, "FULL", 'F'},
    {SecurityLevel::Profile, "PROFILE", 'P'},
}};

std::string hex2(int v) {
  static const char* d = "0123456789ABCDEF";
  std::string s = "X'";
  s += d[(v >> 4) & 15];
  s += d[v & 15];
  return s + "'";
}

}  // namespace

std::optional<SecurityLevel> parse_level(std::string_view text) {
  const std::string t = core::upper(core::trim(text));
  for (const auto& l : kLevels)
    if (t == l.name || (t.size() == 1 && t[0] == l.letter)) return l.level;
  return std::nullopt;
}

std::string_view level_name(SecurityLevel l) {
  for (const auto& x : kLevels)
    if (x.level == l) return x.name;
  return "?";
}

OtmaReply security_nak(std::uint8_t reason, const std::string& detail) {
  OtmaReply r;
  r.kind = OtmaReply::Kind::Nak;
  r.sense = sense::kSecurityViolation;
  r.reason = reason;
  r.message = "DFS1292E SECURITY VIOLATION";
  if (!detail.empty()) r.message += " - " + detail;
  return r;
}

void Otma::Impl::audit_refusal(audit::EventCode code, std::uint8_t qualifier, const std::string& user,
                               const std::string& group, const std::string& terminal,
                               const std::string& cls, const std::string& resource, int rc,
                               const std::string& detail) {
  audit::Event e;
  e.time = saf.clock().now();
  e.code = code;
  e.qualifier = qualifier;
  e.violation = true;
  e.user = user;
  e.group = group;
  e.component = "OTMA";
  e.terminal = terminal;
  e.resource_class = cls;
  e.resource = resource;
  e.racf_rc = rc;
  e.detail = detail;
  sink.write(e);
}

std::variant<Requester, OtmaReply> Otma::Impl::requester(const MemberView& m, const OtmaMessage& msg) {
  Requester r;
  r.userid = core::upper(core::trim(msg.security.userid));
  r.group = core::upper(core::trim(msg.security.group));

  switch (m.level) {
    case SecurityLevel::None:
    case SecurityLevel::Join:
      // The IOPCB still shows the user ID the client sent; nothing about it is checked.
      return r;
    case SecurityLevel::Check:
      r.security = tm::MessageSecurity::Check;
      break;
    case SecurityLevel::Full:
      r.security = tm::MessageSecurity::Full;
      break;
    case SecurityLevel::Profile:
      switch (msg.security.flag) {
        case 'N': return r;
        case 'C': r.security = tm::MessageSecurity::Check; break;
        case 'F': r.security = tm::MessageSecurity::Full; break;
        default:
          // IMS Connect always sends N, C or F. Anything else is refused rather than guessed
          // (deny by default).
          audit_refusal(audit::EventCode::JobInit, audit::verify_q::kUndefinedUser, r.userid, r.group,
                        m.name, "", "", 0, "OTMA PROFILE: INVALID SECURITY FLAG");
          return security_nak(0, "INVALID SECURITY FLAG IN THE SECURITY DATA (PROFILE)");
      }
      break;
  }

  // A UTOKEN (IMS Connect has already VERIFIed the user) names the user and group; a user ID
  // in the message must be the same one, it cannot name somebody else.
  if (msg.security.utoken) {
    auto f = saf::parse_utoken(*msg.security.utoken);
    if (!f || f->undefined_user || f->user.empty()) {
      audit_refusal(audit::EventCode::JobInit, audit::verify_q::kUndefinedUser, r.userid, r.group, m.name,
                    "", "", saf::kVerifyUndefinedUser, "OTMA: UTOKEN NOT VALID");
      return security_nak(saf::kVerifyUndefinedUser, "UTOKEN NOT VALID");
    }
    const std::string tu = core::upper(f->user), tg = core::upper(f->group);
    if ((!r.userid.empty() && r.userid != tu) || (!r.group.empty() && !tg.empty() && r.group != tg)) {
      audit_refusal(audit::EventCode::JobInit, audit::verify_q::kUndefinedUser, r.userid, r.group, m.name,
                    "", "", saf::kVerifyUndefinedUser, "OTMA: USER ID DOES NOT MATCH UTOKEN " + tu);
      return security_nak(saf::kVerifyUndefinedUser, "USER ID " + r.userid + " DOES NOT MATCH THE UTOKEN");
    }
    r.userid = tu;
    if (!tg.empty()) r.group = tg;
  }

  if (r.userid.empty()) {
    audit_refusal(audit::EventCode::JobInit, audit::verify_q::kUndefinedUser, "", r.group, m.name, "", "",
                  saf::kVerifyUndefinedUser, "OTMA: NO USER ID IN THE SECURITY DATA");
    return security_nak(saf::kVerifyUndefinedUser, "NO USER ID IN THE SECURITY DATA");
  }

  const std::int64_t now = saf.clock().now();
  if (m.cache) {
    if (auto e = m.cache->find(r.userid, r.group); e && UseridCache::fresh(*e, now, m.acee_age)) {
      r.acee = e->acee;
      return r;
    }
  }

  saf::VerifyRequest vr;
  vr.user = r.userid;
  vr.group = r.group;
  vr.check_credential = false;  // OTMA gets no password; the client vouched for the user
  vr.component = "OTMA";
  vr.terminal = m.name;
  saf::VerifyResult v = saf.verify(vr);
  if (!v.ok() || !v.acee) {
    if (m.cache) m.cache->erase(r.userid, r.group);  // an aged entry that no longer verifies
    // IMS reports the failing VERIFY as DFS2469W with the RACF return code; zgate puts it
    // after DFS1292E in the NAK's text.
    return security_nak(static_cast<std::uint8_t>(v.rc),
                        "DFS2469W VERIFY FAILED FOR USER " + r.userid + " RACF RC=" + hex2(v.rc) + " " +
                            v.message);
  }
  r.acee = v.acee;
  // An ACEE that a change made while VERIFY ran has already outdated is used once, not kept:
  // the user-change listener may have run before this put.
  if (m.cache && v.acee->user_version == saf.user_version(r.userid)) m.cache->put(r.userid, r.group, v.acee, now);
  return r;
}

std::optional<saf::Decision> Otma::Impl::saf_check(const Requester& r, const MemberView& m,
                                                   const std::string& cls, const std::string& resource) {
  if (r.security == tm::MessageSecurity::None) return std::nullopt;
  if (!r.acee) {  // CHECK/FULL always have an ACEE; none is a refusal
    saf::Decision d;
    d.rc = saf::kRcDenied;
    return d;
  }
  return saf.check(*r.acee, cls, resource, saf::Access::Read, saf::AuthContext{{}, m.name}, "OTMA");
}

OtmaReply Otma::Impl::saf_refusal(const Requester& r, const MemberView& m, const std::string& cls,
                                  const std::string& resource, int rc, bool saf_logged,
                                  const std::string& why) {
  const std::string user = r.acee ? r.acee->user : r.userid;
  const std::string group = r.acee ? r.acee->group : r.group;
  // saf audits a check when the profile's AUDIT asks; a refusal is always audited, once.
  if (!saf_logged)
    audit_refusal(audit::EventCode::Access, audit::access_q::kInsufficientAuthority, user, group, m.name, cls,
                  resource, rc, why.empty() ? "OTMA FASTAUTH DENIED" : why);
  if (!why.empty()) return security_nak(static_cast<std::uint8_t>(rc), why + " FOR USER " + user + " " + cls + " " + resource);
  return security_nak(static_cast<std::uint8_t>(rc),
                      "USER " + user + " NOT AUTHORIZED TO " + cls + " " + resource + " RACF RC=" + hex2(rc));
}

std::size_t Otma::Impl::forget_user(const std::string& user) {
  const std::string id = core::upper(user);
  std::vector<std::shared_ptr<UseridCache>> caches;
  {
    std::lock_guard lk(mu);
    for (auto& [_, t] : members)
      if (t.cache) caches.push_back(t.cache);
  }
  std::size_t n = 0;
  for (auto& c : caches) n += c->erase_user(id);
  return n;
}

}  // namespace zgate::otma

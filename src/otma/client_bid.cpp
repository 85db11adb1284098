// The client-bid: the first message a client (IMS Connect, MQ) sends after joining the XCF
// group. IMS checks that it is addressed to this IMS and, unless the member's security level is
// NONE, that the client's own user ID is defined to RACF and, when FACILITY
// IMSXCF.<group>.<member> protects the member name, holds READ to it ("General OTMA security
// considerations"). A successful bid creates the TMEMBER with its userid cache.
//
// On a real system a client in another XCF group never reaches IMS at all; zgate's clients are
// configured by name, so a wrong GROUP= or TMEMBER= in HWSCFG arrives here and is refused with
// the same sense code as a security refusal would not explain it: kInvalidClientBid.
#include "core/text.h"
#include "otma/otma_impl.h"
#include "saf/decision.h"
#include "saf/verify.h"

namespace zgate::otma {

namespace {
BidResult refuse(std::uint16_t sense, std::string message) {
  BidResult r;
  r.accepted = false;
  r.sense = sense;
  r.message = std::move(message);
  return r;
}
}  // namespace

BidResult Otma::Impl::client_bid(const ClientBid& bid) {
  const std::string group = core::upper(core::trim(bid.group));
  const std::string member = core::upper(core::trim(bid.member));
  const std::string ims = core::upper(core::trim(bid.ims_member));
  const std::string userid = core::upper(core::trim(bid.userid));

  if (group != cfg.group)
    return refuse(sense::kInvalidClientBid,
                  "OTMA CLIENT-BID REJECTED: XCF GROUP " + group + " IS NOT THIS IMS'S GROUP " + cfg.group);
  if (ims != cfg.ims_member)
    return refuse(sense::kInvalidClientBid,
                  "OTMA CLIENT-BID REJECTED: MEMBER " + ims + " IS NOT THIS IMS'S OTMA MEMBER " + cfg.ims_member);
  // XCF member names are 1-16 characters; the server's own name cannot be taken by a client.
  if (member.empty() || member.size() > 16 || member == cfg.ims_member)
    return refuse(sense::kInvalidClientBid, "OTMA CLIENT-BID REJECTED: INVALID TMEMBER NAME '" + member + "'");

  SecurityLevel level;
  {
    std::lock_guard lk(mu);
    level = level_locked(member);  // an override set before the bid applies to it
  }

  if (level != SecurityLevel::None) {
    saf::AceeRef acee = userid.empty() ? nullptr : saf.acee_for(userid);
    if (!acee) {
      audit_refusal(audit::EventCode::JobInit, audit::verify_q::kUndefinedUser, userid, "", member, "", "",
                    saf::kVerifyUndefinedUser, "OTMA CLIENT-BID: USER ID NOT DEFINED OR REVOKED");
      return refuse(sense::kSecurityViolation, "DFS1292E SECURITY VIOLATION - CLIENT-BID FROM " + member +
                                                   ": USER ID '" + userid + "' NOT DEFINED TO RACF OR REVOKED");
    }
    const std::string resource = "IMSXCF." + group + "." + member;
    saf::Decision d = saf.check(*acee, "FACILITY", resource, saf::Access::Read, saf::AuthContext{{}, member}, "OTMA");
    if (d.rc == saf::kRcDenied) {
      if (!d.log)
        audit_refusal(audit::EventCode::Access, audit::access_q::kInsufficientAuthority, acee->user, acee->group,
                      member, "FACILITY", resource, d.rc, "OTMA CLIENT-BID DENIED");
      return refuse(sense::kSecurityViolation, "DFS1292E SECURITY VIOLATION - CLIENT-BID FROM " + member +
                                                   ": USER " + userid + " NOT AUTHORIZED TO FACILITY " + resource);
    }
  }

  std::lock_guard lk(mu);
  Tmember& t = members[member];
  t.name = member;
  t.joined = true;
  t.userid = userid;
  if (!t.acee_age_by_command) t.acee_age = bid.acee_age > 0 ? bid.acee_age : global_acee_age;
  // A new bid (a restarted client) starts with an empty cache, as IMS builds a new table.
  t.cache = std::make_shared<UseridCache>();
  BidResult ok;
  ok.accepted = true;
  return ok;
}

void Otma::Impl::leave(const std::string& raw) {
  const std::string member = core::upper(core::trim(raw));
  std::lock_guard lk(mu);
  auto it = members.find(member);
  if (it == members.end()) return;
  it->second.joined = false;
  it->second.cache.reset();  // IMS frees the member's hash table when it leaves
}

}  // namespace zgate::otma

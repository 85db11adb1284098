#include "tm/dli_service.h"

#include "saf/access.h"
#include "tm/tm_audit.h"
#include "zgate/dli.h"

namespace zgate::tm {

namespace {

constexpr const char* kComponent = "IMS";  // SMF80JBN for checks a region asked for

proto::Answer check(saf::SecurityManager& saf, const CallContext& ctx, const saf::AceeRef& acee,
                    const std::string& cls, const std::string& resource, saf::Access access, const char* call) {
  audit::Scope scope(audit_context_of(ctx.message));
  if (!acee) {
    // deny by default: no identity, no access (and no RACF record: RACF was not asked)
    audit_tm_event(saf, ctx.message, {call, resource, cls, "PSB " + ctx.psb + ": no user to check", "DL/I A4", 0});
    return {ZG_A4, saf::kRcDenied};
  }
  saf::Decision d = saf.check(*acee, cls, resource, access,
                              saf::AuthContext{ctx.psb, ctx.message.lterm}, kComponent);
  if (!d.allowed())
    audit_tm_event(saf, ctx.message, {call, resource, cls, "PSB " + ctx.psb + " user " + acee->user, "DL/I A4", 0});
  return {d.allowed() ? ZG_OK : ZG_A4, d.rc};
}

}  // namespace

saf::AceeRef region_identity(const CallContext& ctx) {
  if (ctx.message.security == MessageSecurity::Full) return ctx.message.requester;
  return ctx.region_acee;
}

proto::Answer answer_chng(saf::SecurityManager& saf, const TransactionTable& table,
                          const CallContext& ctx, const std::string& destination) {
  if (!table.find(destination)) return {ZG_OK, 0};  // LTERM or tpipe output
  if (ctx.message.security == MessageSecurity::None) return {ZG_OK, 0};
  return check(saf, ctx, ctx.message.requester, "TIMS", destination, saf::Access::Read, "CHNG_REFUSED");
}

proto::Answer answer_auth(saf::SecurityManager& saf, const CallContext& ctx, const proto::Request& q) {
  auto access = saf::parse_access(q.c);
  if (!access || q.a.empty() || q.b.empty()) return {ZG_AD, 0};
  if (!ctx.message.requester) return {ZG_AS, 0};
  return check(saf, ctx, ctx.message.requester, q.a, q.b, *access, "AUTH_REFUSED");
}

proto::Answer answer_region_check(saf::SecurityManager& saf, const CallContext& ctx,
                                  const proto::Request& q) {
  auto access = saf::parse_access(q.c);
  if (!access || q.a.empty() || q.b.empty()) return {ZG_AD, 0};
  return check(saf, ctx, region_identity(ctx), q.a, q.b, *access, "REGION_CHECK_REFUSED");
}

}  // namespace zgate::tm

// RESUME TPIPE, IMS's side (seeds/ims-security-overview.txt, "Resume TPIPE Security"):
//   - the member must have joined;
//   - the RESUME TPIPE's user ID is established as for a message (security_level.cpp);
//   - under CHECK and FULL (PROFILE: flag C or F) the tpipe must exist, and the user needs
//     READ on the tpipe name in class RIMS when a profile protects it (RC 4: not protected,
//     allowed);
//   - DFSYRTUX, when configured, runs after RACF every time and has the last word;
//   - all of this happens each time a message is taken from the hold queue, so a permission
//     removed after the output was queued is honoured.
#include "core/text.h"
#include "otma/otma_impl.h"

namespace zgate::otma {

namespace {

ResumeResult refused(OtmaReply nak) {
  ResumeResult r;
  r.kind = ResumeResult::Kind::Refused;
  r.nak = std::move(nak);
  return r;
}

OtmaReply unavailable(const std::string& why) {
  OtmaReply r;
  r.kind = OtmaReply::Kind::Nak;
  r.sense = sense::kTpipeNotAvailable;
  r.message = why;
  return r;
}

}  // namespace

ResumeResult Otma::resume_next(const ResumeRequest& req, bool first) {
  Impl& I = *impl_;
  auto v = I.view(req.tmember);
  if (!v) return refused(not_joined_nak("RESUME TPIPE", req.tmember));
  OtmaMessage as_message;
  as_message.tmember = req.tmember;
  as_message.tpipe = req.tpipe;
  as_message.security = req.security;
  auto who = I.requester(*v, as_message);
  if (auto* nak = std::get_if<OtmaReply>(&who)) return refused(std::move(*nak));
  const Requester& r = std::get<Requester>(who);

  const bool security_on = r.security != tm::MessageSecurity::None;
  if (first && security_on && !I.queues.exists(v->name, req.tpipe)) {
    I.audit_refusal(audit::EventCode::Access, audit::access_q::kInsufficientAuthority, r.userid, r.group, v->name,
                    "RIMS", req.tpipe, 0, "RESUME TPIPE FOR A TPIPE THAT DOES NOT EXIST");
    return refused(unavailable("RESUME TPIPE REJECTED: TPIPE " + req.tpipe + " DOES NOT EXIST"));
  }
  if (I.queues.stopped(v->name, req.tpipe)) {
    ResumeResult s;
    s.kind = ResumeResult::Kind::Stopped;
    s.nak = unavailable("TPIPE " + req.tpipe + " IS STOPPED");
    return s;
  }
  if (auto nak = I.authorize(r, *v, "RIMS", req.tpipe, req.tpipe, {})) return refused(std::move(*nak));

  ResumeResult out;
  if (auto m = I.queues.take(v->name, req.tpipe, req.want)) {
    out.kind = ResumeResult::Kind::Message;
    out.message = std::move(m);
  }
  return out;
}

void Otma::acknowledge(const HeldMessage& m, const std::optional<CalloutTaker>& taker) {
  impl_->queues.ack(m, taker);
}

void Otma::negative_acknowledge(HeldMessage m, bool keep, std::uint16_t reason) {
  if (m.sync_callout && !keep) {
    impl_->queues.reject_callout(m, reason);
    return;
  }
  impl_->queues.put_back(std::move(m));
}

// A sync callout response. The token alone proves nothing (a client that saw it once, or a
// log that printed it, could replay it), so the response must come from the client that took
// the request over its RESUME TPIPE, and that client's user must still pass the tpipe's
// security as it did when it took it. All refusals look the same to the client.
Otma::CalloutAnswer Otma::callout_response(const Correlation& token, const CalloutTaker& from,
                                           const SecurityData& security, const std::string& tmember,
                                           std::vector<std::string> segments) {
  Impl& I = *impl_;
  auto refuse = [&](CalloutAnswer why, const std::string& tpipe, const std::string& detail) {
    I.audit_refusal(audit::EventCode::Access, audit::access_q::kInsufficientAuthority, from.userid,
                    core::upper(core::trim(security.group)), tmember, "RIMS", tpipe, 8,
                    "CALLOUT RESPONSE REFUSED: " + detail + " (CLIENT " + from.client_id + ")");
    return why;
  };
  auto holder = I.queues.callout_holder(token);
  if (!holder) return refuse(CalloutAnswer::NoSuchRequest, "", "NO ICAL WAITS FOR THE TOKEN");
  if (!holder->taker) return refuse(CalloutAnswer::NotTaken, holder->tpipe, "THE REQUEST WAS NOT TAKEN YET");
  if (*holder->taker != from)
    return refuse(CalloutAnswer::NotTheTaker, holder->tpipe, "ANOTHER CLIENT TOOK THE REQUEST");

  // The tpipe's security, as resume_next applies it when a message is taken.
  auto v = I.view(holder->tmember);
  if (!v || core::upper(core::trim(tmember)) != v->name)
    return refuse(CalloutAnswer::NotAuthorized, holder->tpipe, "THE MEMBER IS NOT JOINED");
  OtmaMessage as_message;
  as_message.tmember = holder->tmember;
  as_message.tpipe = holder->tpipe;
  as_message.security = security;
  auto who = I.requester(*v, as_message);
  if (std::holds_alternative<OtmaReply>(who))
    return refuse(CalloutAnswer::NotAuthorized, holder->tpipe, "THE USER IS NOT VALID");
  if (I.authorize(std::get<Requester>(who), *v, "RIMS", holder->tpipe, holder->tpipe, {}))
    return CalloutAnswer::NotAuthorized;  // RACF or DFSYRTUX refused, and said so

  if (!I.queues.respond(token, from, std::move(segments)))
    return refuse(CalloutAnswer::NoSuchRequest, holder->tpipe, "THE ICAL ENDED");
  return CalloutAnswer::Accepted;
}

}  // namespace zgate::otma

// The path of one OTMA message: member joined? -> requester (security level, VERIFY or the
// userid cache) -> IMS command (CIMS) or transaction (TIMS) -> tm -> reply. One concept per file:
// client_bid.cpp, security_level.cpp, userid_cache.cpp, commands.cpp, router.cpp.
#include "otma/otma.h"

#include <ctime>

#include "core/text.h"
#include "core/transaction_code.h"
#include "guard/guard.h"
#include "otma/otma_impl.h"

namespace zgate::otma {

namespace {

OtmaReply data(std::vector<std::string> segments) {
  OtmaReply r;
  r.kind = OtmaReply::Kind::Data;
  r.segments = std::move(segments);
  return r;
}

bool is_command(std::string_view first) {
  std::size_t i = 0;
  while (i < first.size() && first[i] == ' ') ++i;
  return i < first.size() && first[i] == '/';
}

}  // namespace

// DFS2082 is what IMS sends a CM1 client whose response-mode transaction ended without
// replying; zgate sends it as data so the client's receive completes.
static const char* const kDfs2082 = "DFS2082 RESPONSE MODE TRANSACTION TERMINATED WITHOUT REPLY";
// An empty message has no destination (DFS064: DESTINATION CANNOT BE FOUND OR CREATED).
static const char* const kDfs064 = "DFS064 DESTINATION CANNOT BE FOUND OR CREATED";

OtmaReply not_joined_nak(const std::string& what, const std::string& member) {
  OtmaReply r;
  r.kind = OtmaReply::Kind::Nak;
  r.sense = sense::kInvalidClientBid;
  r.message = what + " REJECTED: TMEMBER " + core::upper(member) + " HAS NOT JOINED (NO CLIENT-BID)";
  return r;
}

// A request a data-access policy blocks: OTMA's security NAK, and the client's connection ends
// (Guardium's S-GATE TERMINATE). The rule that fired is on the audit trail, not in the reply.
OtmaReply policy_block(const std::string& what) {
  OtmaReply r;
  r.kind = OtmaReply::Kind::Nak;
  r.sense = sense::kSecurityViolation;
  r.message = "DFS1292E SECURITY VIOLATION: " + what + " REFUSED BY DATA-ACCESS POLICY";
  r.end_connection = true;
  return r;
}

std::string command_time(std::int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
  return buf;
}

std::string display_stamp(std::int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "*%02d%03d/%02d%02d%02d*", tm.tm_year % 100, tm.tm_yday + 1, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  return buf;
}

Otma::Impl::Impl(saf::SecurityManager& s, audit::Sink& k, tm::TransactionManager& t, OtmaConfig c,
                 tm::QueueStore* qs)
    : saf(s), sink(k), tm(t), cfg(std::move(c)), queues(qs), store(qs), global_level(cfg.level),
      global_acee_age(cfg.default_acee_age) {
  cfg.group = core::upper(core::trim(cfg.group));
  cfg.ims_member = core::upper(core::trim(cfg.ims_member));
  queues.recover();
}

std::uint64_t Otma::Impl::hold_output(const std::string& member, const std::string& tpipe,
                                      std::vector<std::string> segments, const std::string& userid) {
  tm::OutputMessage o;
  o.destination = tpipe;
  o.tmember = member;
  o.userid = userid;
  o.segments = std::move(segments);
  if (store) o.store_id = store->add_output(o);
  return queues.put(o);
}

SecurityLevel Otma::Impl::level_locked(const std::string& member) const {
  auto it = members.find(member);
  if (it != members.end() && it->second.level) return *it->second.level;
  return global_level;
}

std::optional<MemberView> Otma::Impl::view(const std::string& raw) const {
  const std::string member = core::upper(core::trim(raw));
  std::lock_guard lk(mu);
  auto it = members.find(member);
  if (it == members.end() || !it->second.joined) return std::nullopt;
  MemberView v;
  v.name = member;
  v.level = level_locked(member);
  v.acee_age = it->second.acee_age;
  // NONE and JOIN use no userid cache.
  if (v.level != SecurityLevel::None && v.level != SecurityLevel::Join) v.cache = it->second.cache;
  return v;
}

Otma::Otma(saf::SecurityManager& saf, audit::Sink& sink, tm::TransactionManager& tm, OtmaConfig cfg,
           tm::QueueStore* store)
    : impl_(std::make_unique<Impl>(saf, sink, tm, std::move(cfg), store)) {
  // zgate drops a user's cached ACEEs the moment RACF changes the user (REVOKE, new password,
  // DELUSER). IBM's OTMA keeps using the cached ACEE until it ages out or /SECURE OTMA REFRESH;
  // acting at once is stricter and costs one re-VERIFY (docs/otma.md).
  Impl* p = impl_.get();
  impl_->listener_id = saf.add_user_change_listener([p](const std::string& user) { p->forget_user(user); });
}

Otma::~Otma() {
  // After this returns saf no longer calls the listener (it removes under its listener lock).
  impl_->saf.remove_user_change_listener(impl_->listener_id);
}

BidResult Otma::client_bid(const ClientBid& bid) { return impl_->client_bid(bid); }
void Otma::leave(const std::string& member) { impl_->leave(member); }
bool Otma::joined(const std::string& member) const { return impl_->view(member).has_value(); }
tm::OutputRouter& Otma::router() { return impl_->router; }
HoldQueues& Otma::queues() { return impl_->queues; }

// otma::Client's hold-queue side: the member name as the client-bid registered it.
std::optional<HeldMessage> Otma::take_held(const std::string& tmember, const std::string& tpipe,
                                           std::uint64_t id) {
  return impl_->queues.take_id(core::upper(core::trim(tmember)), tpipe, id);
}
void Otma::reroute(HeldMessage m, const std::string& tpipe) { impl_->queues.reroute(std::move(m), tpipe); }
void Otma::purge(const HeldMessage& m) { impl_->queues.purge(m); }
bool Otma::available(const std::string& tmember, const std::string& tpipe, Want want) const {
  return impl_->queues.available(core::upper(core::trim(tmember)), tpipe, want);
}
std::uint64_t Otma::watch(const std::string& tmember, const std::string& tpipe, std::function<void()> wake) {
  return impl_->queues.watch(core::upper(core::trim(tmember)), tpipe, std::move(wake));
}
void Otma::unwatch(std::uint64_t handle) { impl_->queues.unwatch(handle); }
void Otma::set_exits(OtmaExits* exits) { impl_->exits = exits; }
void Otma::set_guard(guard::Guard* g) { impl_->guard = g; }
void Otma::set_destinations(Destinations d) { impl_->destinations = std::move(d); }

SecurityLevel Otma::level_for(const std::string& member) const {
  std::lock_guard lk(impl_->mu);
  return impl_->level_locked(core::upper(core::trim(member)));
}

void Otma::send(OtmaMessage m, Done done) {
  Impl& I = *impl_;
  auto v = I.view(m.tmember);
  if (!v) {
    done(not_joined_nak("OTMA MESSAGE", m.tmember));
    return;
  }

  auto who = I.requester(*v, m);
  if (auto* nak = std::get_if<OtmaReply>(&who)) {
    done(std::move(*nak));
    return;
  }
  Requester r = std::get<Requester>(std::move(who));
  // A reference, not a copy: the first segment (32 KB at most) is only read here, to tell a
  // command from a transaction, and is moved to the input message below, unread after that.
  static const std::string kNoSegment;
  const std::string& first = m.segments.empty() ? kNoSegment : m.segments.front();
  const std::string tpipe = m.tpipe;
  const Delivery delivery = m.delivery;

  // What IMS answers itself (command output, DFS064): CM1 gets it back at once; CM0 and
  // SENDONLY output is committed to the tpipe's hold queue like a program's.
  auto answer = [&](std::vector<std::string> lines) {
    if (delivery == Delivery::Cm1) {
      I.queues.delivered(v->name, tpipe);
      done(data(std::move(lines)));
      return;
    }
    OtmaReply rep = data(delivery == Delivery::Cm0 ? lines : std::vector<std::string>{});
    rep.held_id = I.hold_output(v->name, tpipe, std::move(lines), r.userid);
    done(std::move(rep));
  };

  // The data-access policy's question for this request (the client's address, certificate
  // and door come from the audit context IMS Connect set).
  auto policy_request = [&](guard::Request::Kind kind, const std::string& name) {
    guard::Request q;
    q.kind = kind;
    q.name = name;
    q.user = r.userid;
    q.group = r.acee ? r.acee->group : r.group;
    q.now = I.saf.clock().now();
    return guard::Guard::in_context(q);
  };

  if (is_command(first)) {
    const std::string verb = command_verb(first);
    if (!verb.empty()) {
      if (auto nak = I.authorize(r, *v, "CIMS", verb, tpipe, first)) {
        done(std::move(*nak));
        return;
      }
    }
    if (I.guard && I.guard->on_request(policy_request(guard::Request::Kind::Command, verb)).blocked()) {
      done(policy_block(verb));
      return;
    }
    answer(I.command(first, r.userid));
    return;
  }

  const std::string code = core::transaction_code(first);
  if (code.empty()) {
    answer({kDfs064});
    return;
  }
  if (auto nak = I.authorize(r, *v, "TIMS", code, tpipe, {})) {
    done(std::move(*nak));
    return;
  }
  // Access rules before the program is scheduled; extrusion rules on its output (below).
  std::shared_ptr<const guard::Request> policy_req;
  if (I.guard) {
    policy_req = std::make_shared<const guard::Request>(policy_request(guard::Request::Kind::Transaction, code));
    if (I.guard->on_request(*policy_req).blocked()) {
      done(policy_block(code));
      return;
    }
  }

  tm::InputMessage in;
  in.trancode = code;
  in.segments = std::move(m.segments);
  in.lterm = tpipe;
  in.tmember = v->name;
  in.userid = r.userid;
  in.group = r.acee ? r.acee->group : r.group;
  in.security = r.security;
  in.requester = r.acee;
  in.commit_then_send = delivery != Delivery::Cm1;
  in.send_only = delivery == Delivery::SendOnly;
  in.correlation = std::move(m.correlation);
  // The completion runs on a tm thread; Otma must outlive the messages it has submitted.
  Impl* p = &I;
  std::string member = v->name;
  I.tm.submit(std::move(in), [p, member, tpipe, delivery, policy_req, done = std::move(done)](tm::Outcome o) {
    std::vector<std::string> segs;
    switch (o.kind) {
      case tm::Outcome::Kind::Reply:
      case tm::Outcome::Kind::ImsMessage:
        segs = std::move(o.segments);
        // What goes back passes the extrusion rules: masked in place, or withheld.
        // (CM1: the reply in hand. CM0 output is on the hold queue already: not checked here.)
        if (delivery == Delivery::Cm1 && policy_req && p->guard && !segs.empty() &&
            p->guard->on_output(*policy_req, segs).blocked()) {
          if (delivery == Delivery::Cm1) p->queues.delivered(member, tpipe);
          done(policy_block(policy_req->name));
          return;
        }
        break;
      case tm::Outcome::Kind::NoReply:
        // CM1 hears DFS2082 so its receive completes; CM0 output simply does not exist.
        if (delivery == Delivery::Cm1) segs = {kDfs2082};
        break;
      case tm::Outcome::Kind::Queued:
        break;
    }
    if (delivery == Delivery::SendOnly && o.kind != tm::Outcome::Kind::Queued) {
      // The message could not be queued (the queue store failed): IMS did not take it.
      OtmaReply nak;
      nak.kind = OtmaReply::Kind::Nak;
      nak.sense = sense::kMessageNotQueued;
      nak.message = segs.empty() ? "MESSAGE NOT QUEUED" : segs.front();
      done(std::move(nak));
      return;
    }
    if (delivery == Delivery::Cm1) p->queues.delivered(member, tpipe);
    OtmaReply rep = data(std::move(segs));
    rep.held_id = o.held_reply;
    done(std::move(rep));
  });
}

}  // namespace zgate::otma

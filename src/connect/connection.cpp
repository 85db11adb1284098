#include "connect/connection.h"

#include <cstdio>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "audit/sink.h"
#include "connect/return_codes.h"
#include "core/text.h"

namespace zgate::connect {

namespace asio = boost::asio;

Connection::Connection(ServerContext& ctx, asio::any_io_executor executor, PeerIdentity peer)
    : ctx_(ctx),
      executor_(std::move(executor)),
      peer_(std::move(peer)),
      id_(ctx.next_session++),
      correlation_(audit::new_correlation(peer_.door == "DRDA" ? "DR" : "IC")) {
  // "10.1.2.3:40112" -> "10.1.2.3" (an IPv6 address keeps its colons: the port is the last).
  source_ = peer_.address.substr(0, peer_.address.rfind(':'));
}

audit::Context Connection::audit_context() const {
  audit::Context c;
  c.correlation = correlation_;
  c.source_ip = source_;
  const auto colon = peer_.address.rfind(':');
  if (colon != std::string::npos) {
    int port = 0;
    for (char ch : std::string_view(peer_.address).substr(colon + 1)) {
      if (ch < '0' || ch > '9' || port > 65535) break;
      port = port * 10 + (ch - '0');
    }
    if (port <= 65535) c.source_port = port;
  }
  c.cert_subject = peer_.cert_subject;
  c.door = peer_.door;
  c.datastore = last_datastore_;
  return c;
}

Connection::~Connection() {
  if (!client_id_.empty()) ctx_.clients.release(client_id_, id_);
}

// Every message IMS Connect refuses is on record with the codes the client got, whether RACF
// decided (its own JOBINIT or ACCESS record is there too, with the same correlation ID) or IMS
// Connect refused before any RACF call (data store, client ID, a sign-on queue that is full).
Refusal Connection::refused(std::uint32_t rc, std::uint32_t rsn, std::uint8_t racf_rc, std::string why) const {
  audit_note({"REFUSED", why, "RSM RC=" + std::to_string(rc) + " RSN=" + std::to_string(rsn), admitted_user_, racf_rc, 0});
  return Refusal{rc, rsn, racf_rc, std::move(why)};
}

namespace {
// One IMSCONN record, written under the connection's audit context.
void write_note(audit::Sink& sink, const audit::Context& ctx, const std::string& terminal, const Connection::Note& n) {
  audit::Scope scope(ctx);
  audit::Event e;
  e.code = audit::EventCode::None;
  e.component = "IMSCONN";
  e.component_code = n.code;
  e.user = n.user;
  e.terminal = terminal;
  e.racf_rc = n.racf_rc;
  e.client_code = n.client_code;
  e.detail = n.detail;
  e.severity = n.severity;
  e.resource = n.resource;
  sink.write(e);
}
}  // namespace

void Connection::audit_note(const Note& n) const { write_note(ctx_.sink, audit_context(), peer_.address, n); }

// ---- the client ID -------------------------------------------------------------------------

Connection::ClientIdOutcome Connection::establish_client_id(std::string_view requested, bool generate,
                                                            bool cancel_holder, bool will_be_admitted,
                                                            ClientRegistry::Canceller cancel_me) {
  if (!client_id_.empty()) return ClientIdOutcome::Ok;
  cancel_me_ = std::move(cancel_me);
  std::string id(requested);
  bool generated = false;
  if (generate || id.empty()) {
    id = ctx_.client_ids.next();
    generated = true;
  } else if (check_client_id(id, /*user_chosen=*/!id.starts_with("HWS"), ctx_.ports) != ClientIdProblem::None) {
    return ClientIdOutcome::Invalid;
  }
  if (ctx_.clients.claim(id, id_, cancel_me_) == ClientRegistry::Claim::Duplicate) {
    if (cancel_holder && will_be_admitted) {
      client_id_ = id;
      cancel_pending_ = true;
      return ClientIdOutcome::Ok;
    }
    hws_log("HWSS0742W", "client ID " + id + " from " + peer_.address + " is already in use");
    return ClientIdOutcome::Duplicate;
  }
  client_id_ = id;
  generated_ = generated;
  // A door may admit a message before the connection has an ID: the ID it takes afterwards is
  // that user's at once, or it would count as never admitted, which anyone may cancel.
  if (!admitted_user_.empty()) {
    ctx_.clients.admitted(client_id_, id_, admitted_user_);
    holder_recorded_ = true;
  }
  return ClientIdOutcome::Ok;
}

// A refused message leaves a client ID it wanted to take over with its holder.
void Connection::abandon_pending_client_id() {
  if (!cancel_pending_) return;
  cancel_pending_ = false;
  client_id_.clear();
}

// After admission: the cancel of the ID's holder that establish_client_id left waiting, and
// the holder's user for later cancels. A refusal (RSN 56): the ID may not be taken over.
std::optional<Refusal> Connection::take_over_client_id(const Identity& who) {
  if (cancel_pending_) {
    cancel_pending_ = false;
    if (ctx_.clients.take_over(client_id_, id_, cancel_me_, who.userid, who.trusted_client) ==
        ClientRegistry::Claim::Duplicate) {
      std::string why = "client ID " + client_id_ + " from " + peer_.address + " user " + who.userid +
                        " may not cancel the ID's holder (another user ID)";
      hws_log("HWSS0742W", why);
      client_id_.clear();
      return refused(rc::kConnectError, rc::kDuplicateClient, 0, std::move(why));
    }
    holder_recorded_ = true;
  } else if (!holder_recorded_ && !client_id_.empty()) {
    ctx_.clients.admitted(client_id_, id_, who.userid);
    holder_recorded_ = true;
  }
  if (admitted_user_.empty()) admitted_user_ = who.userid;
  return std::nullopt;
}

// ---- admission -----------------------------------------------------------------------------

const DatastoreState* Connection::datastore(const std::string& name) const {
  auto it = ctx_.datastores.find(core::upper(name));
  return it == ctx_.datastores.end() ? nullptr : &it->second;
}

Connection::Admission Connection::begin_admission(const std::string& name, const SignOn& who) {
  last_datastore_ = core::upper(name);
  audit::Scope scope(audit_context());
  const DatastoreState* ds = datastore(name);
  if (!ds || !ds->active) {
    std::string why = "data store '" + core::upper(name) + "' " +
                      (!ds ? "is not defined" : "is not active: " + ds->why);
    hws_log("HWSS0750W", why);
    abandon_pending_client_id();
    return refused(rc::kConnectError, rc::kDatastoreNotFound, 0, std::move(why));
  }
  auto step = ctx_.auth.prepare(who, ds->def, peer_, client_id_);
  if (auto* pending = std::get_if<Authenticator::PendingVerify>(&step)) return std::move(*pending);
  auto result = end_admission(name, std::move(std::get<AuthResult>(step)));
  if (auto* a = std::get_if<Admitted>(&result)) return std::move(*a);
  return std::move(std::get<Refusal>(result));
}

std::variant<Admitted, Refusal> Connection::end_admission(const std::string& name, AuthResult a) {
  last_datastore_ = core::upper(name);
  audit::Scope scope(audit_context());
  const DatastoreState* ds = datastore(name);
  if (!a.ok() || !ds) {
    hws_log("HWSP1445E", "message from " + peer_.address + " client " + client_id_ + " refused: " + a.why);
    abandon_pending_client_id();
    return refused(a.return_code, a.reason_code, a.racf_rc, std::move(a.why));
  }
  if (auto no = take_over_client_id(*a.identity)) return std::move(*no);
  return Admitted{&ds->def, std::move(*a.identity)};
}

void Connection::verify(std::function<AuthResult()> check, const std::string& user,
                        std::function<void(AuthResult)> done) {
  struct State {
    std::function<AuthResult()> check;
    std::function<void(AuthResult)> done;
    asio::any_io_executor executor;
    audit::Context audit;  // the VERIFY's events are the connection's, on the pool's thread
  };
  auto state = std::make_shared<State>(State{std::move(check), std::move(done), executor_, audit_context()});
  auto answer = [state](AuthResult r) {
    asio::post(state->executor, [state, r = std::move(r)]() mutable { state->done(std::move(r)); });
  };
  VerifyQueue::Job job = [state, answer] {
    AuthResult r;
    audit::Scope scope(state->audit);
    try {
      r = state->check();
    } catch (const std::exception& e) {
      r.return_code = rc::kConnectError;
      r.reason_code = rc::kSecurityViolation;
      r.why = std::string("VERIFY failed: ") + e.what();
    }
    const bool ok = r.ok();
    answer(std::move(r));
    return ok;
  };
  if (!ctx_.verify_queue.push(source_, user, std::move(job))) {
    AuthResult busy;
    busy.return_code = rc::kConnectError;
    busy.reason_code = rc::kSecurityViolation;
    busy.why = "too many sign-ons waiting for user " + user + " or from " + source_ + ": refused before VERIFY";
    answer(std::move(busy));
    return;
  }
  asio::post(*ctx_.verify_pool, [q = &ctx_.verify_queue] {
    if (auto next = q->pop()) (*next)();
  });
}

void Connection::verify(Authenticator::PendingVerify pending, std::function<void(AuthResult)> done) {
  const std::string user = pending.request.user;
  auto p = std::make_shared<Authenticator::PendingVerify>(std::move(pending));
  verify([auth = &ctx_.auth, p] { return auth->finish(std::move(*p)); }, user, std::move(done));
}

void Connection::change_password(const std::string& name, const SignOn& asked, const std::string& named_client_id,
                                 core::SecretString old_password, core::SecretString new_password,
                                 std::function<void(AuthResult)> done) {
  last_datastore_ = core::upper(name);
  const DatastoreState* ds = datastore(name);
  const DatastoreDef* def = ds ? &ds->def : nullptr;
  auto args = std::make_shared<std::tuple<SignOn, std::string, std::string, core::SecretString, core::SecretString>>(
      asked, name, named_client_id, std::move(old_password), std::move(new_password));
  auto change = [this, def, args] {
    auto& [s, ds_name, cid, old_pw, new_pw] = *args;
    return ctx_.auth.change_password(s, ds_name, cid, def, old_pw, new_pw, peer_);
  };
  const std::string user = core::upper(asked.userid);
  verify(std::move(change), user, [this, user, done = std::move(done)](AuthResult a) {
    if (!a.ok())
      hws_log("HWSP1500W", "password change for " + user + " from " + peer_.address + " refused: " + a.why);
    done(std::move(a));
  });
}

// ---- OTMA ----------------------------------------------------------------------------------

otma::SecurityData Connection::security_of(const Identity& who) {
  otma::SecurityData s;
  s.flag = who.security_flag;
  s.userid = who.userid;
  s.group = who.group;
  s.utoken = who.utoken;
  return s;
}

void Connection::send(otma::OtmaMessage m, std::function<void(otma::OtmaReply)> done) {
  audit::Context actx = audit_context();
  audit::Scope scope(actx);
  if (m.correlation.empty()) m.correlation = correlation_;  // tm's events for it are this connection's
  // OTMA's NAK reaches the client as an RSM with the sense code: on record with that code.
  // It runs after this call returns (the connection may be gone by then): it holds copies and
  // the server's sink, which outlives every connection.
  auto nak_event = [sink = &ctx_.sink, ctx = std::move(actx), address = peer_.address, user = m.security.userid,
                    tpipe = m.tpipe](const otma::OtmaReply& r) {
    char code[48];
    std::snprintf(code, sizeof code, "OTMA NAK SENSE X'%04X' REASON X'%02X'", r.sense, r.reason);
    write_note(*sink, ctx, address, {"OTMA_NAK", r.message, code, user, 0, 0, tpipe});
  };
  ctx_.otma.send(std::move(m), [ex = executor_, done = std::move(done), nak_event](otma::OtmaReply reply) mutable {
    asio::post(ex, [done = std::move(done), nak_event, reply = std::move(reply)]() mutable {
      if (reply.kind == otma::OtmaReply::Kind::Nak) nak_event(reply);
      done(std::move(reply));
    });
  });
}

std::optional<otma::HeldMessage> Connection::take_cm0_output(const DatastoreDef& ds, std::uint64_t held_id) {
  if (!held_id) return std::nullopt;
  return ctx_.otma.take_held(ds.member, client_id_, held_id);
}

otma::ResumeResult Connection::resume_next(const otma::ResumeRequest& r, bool first) {
  audit::Scope scope(audit_context());
  otma::ResumeResult res = ctx_.otma.resume_next(r, first);
  if (res.kind == otma::ResumeResult::Kind::Refused)
    hws_log("HWSD0282W", "RESUME TPIPE " + r.tpipe + " by " + r.security.userid + " from " + peer_.address +
                             " refused: " + res.nak.message);
  return res;
}

void Connection::settle(otma::HeldMessage m, const ClientAnswer& answer, const otma::CalloutTaker& taker,
                        Undeliverable if_lost, const std::string& reroute_to) {
  switch (answer.kind) {
    case ClientAnswer::Kind::Ack:
      ctx_.otma.acknowledge(m, taker);
      return;
    case ClientAnswer::Kind::CalloutResponse:
      if (m.sync_callout) {
        ctx_.otma.acknowledge(m, taker);  // the response acknowledges the request too
        return;
      }
      break;  // a callout response to something else: not delivered
    case ClientAnswer::Kind::Nak: {
      // IRM_F0 X'20': keep a callout request on the queue; async output always goes back.
      const bool keep = !m.sync_callout || answer.keep_callout;
      hws_log("HWSD0263W", "client " + client_id_ + " NAKed a message of tpipe " + m.tpipe +
                               (answer.nak_reason ? " reason " + std::to_string(answer.nak_reason) : std::string()));
      ctx_.otma.negative_acknowledge(std::move(m), keep, answer.nak_reason);
      return;
    }
    case ClientAnswer::Kind::Deallocate:
      ctx_.otma.negative_acknowledge(std::move(m), /*keep=*/true, 0);
      return;
    case ClientAnswer::Kind::Lost:
      break;
  }
  switch (if_lost) {
    case Undeliverable::Reroute:
      ctx_.otma.reroute(std::move(m), reroute_to);
      return;
    case Undeliverable::Purge:
      ctx_.otma.purge(m);
      return;
    case Undeliverable::Keep:
      ctx_.otma.negative_acknowledge(std::move(m), /*keep=*/true, 0);
      return;
  }
}

otma::CalloutAnswer Connection::callout_response(const otma::Correlation& token, const Admitted& adm,
                                                 std::vector<std::string> segments) {
  const auto answer = ctx_.otma.callout_response(token, otma::CalloutTaker{client_id_, adm.who.userid},
                                                 security_of(adm.who), adm.ds->member, std::move(segments));
  // Every refusal gets the answer an unknown token gets: the client learns nothing about
  // other clients' requests.
  if (answer != otma::CalloutAnswer::Accepted)
    hws_log("HWSD0290W", "callout response from client " + client_id_ + " user " + adm.who.userid +
                             " refused: it matches no ICAL this client took (timed out, wrong token, "
                             "or another client's request)");
  return answer;
}

std::unique_ptr<Connection::OutputWatch> Connection::watch_output(const DatastoreDef& ds, const std::string& tpipe,
                                                                  otma::Want want, std::function<void()> wake) {
  auto handle = ctx_.otma.watch(ds.member, tpipe, [ex = executor_, wake = std::move(wake)] { asio::post(ex, wake); });
  // Something may have arrived between the caller's look and the watch.
  const bool already = ctx_.otma.available(ds.member, tpipe, want);
  return std::make_unique<OutputWatch>(ctx_.otma, handle, already);
}

}  // namespace zgate::connect

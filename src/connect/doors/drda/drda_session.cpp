// The DRDA door's side of one connection: IMS Connect's sign-on, then ODBM's conversation
// (drda_door.h says which replies and when the conversation ends).
//
// One coroutine per connection, on its own I/O executor; ODBM's work (a DL/I call may wait for
// a record lock) runs on ServerContext::odbm_pool and the coroutine awaits it. A watchdog
// closes the socket at ODACCESS PORTTMOT=; a call in progress on the pool is still awaited,
// so the conversation is never used from two threads, and its PSB is deallocated when the
// coroutine ends.
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <optional>

#include "connect/await_callback.h"
#include "audit/event.h"
#include "connect/connection.h"
#include "connect/db_security_exit.h"
#include "connect/doors/drda/drda_door.h"
#include "connect/hws_log.h"
#include "connect/peer_certificate.h"
#include "connect/return_codes.h"
#include "connect/server_context.h"
#include "connect/session_transport.h"
#include "core/text.h"
#include "odbm/code_points.h"
#include "odbm/conversation.h"
#include "odbm/ddm.h"
#include "saf/tokens.h"
#include "saf/verify.h"

namespace zgate::connect {

void start_drda_session(ServerContext& ctx, boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls,
                        std::uint16_t port);

namespace {

namespace asio = boost::asio;
namespace cp = odbm::cp;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using odbm::DssChain;
using odbm::DssType;

std::string hex4(std::uint16_t v) {
  char b[8];
  std::snprintf(b, sizeof b, "%04X", v);
  return b;
}

std::string one_byte(std::uint8_t b) { return std::string(1, static_cast<char>(b)); }

// SECCHKCD for a refused sign-on. RACFGENRC=Y: one code for every RACF refusal, so that the
// reply does not tell an undefined user from a wrong password.
std::uint8_t secchk_code(const AuthResult& a, bool generic) {
  if (a.reason_code == rc::kNoUserid || a.reason_code == rc::kNoPasswordNoUserid) return cp::kSecchkUseridMissing;
  if (a.reason_code == rc::kNoPassword) return cp::kSecchkPasswordMissing;
  if (generic) return cp::kSecchkPasswordInvalid;
  switch (a.racf_rc) {
    case saf::kVerifyUndefinedUser: return cp::kSecchkUseridInvalid;
    case saf::kVerifyExpired: return cp::kSecchkPasswordExpired;
    case saf::kVerifyRevoked:
    case saf::kVerifyRevokedInGroup: return cp::kSecchkUseridRevoked;
    default: return cp::kSecchkPasswordInvalid;
  }
}

template <class Stream>
class DrdaSession : public std::enable_shared_from_this<DrdaSession<Stream>> {
 public:
  DrdaSession(ServerContext& ctx, Stream stream, std::uint16_t port)
      : ctx_(ctx),
        stream_(std::move(stream)),
        deadline_(lowest(stream_).get_executor()),
        conn_(ctx, lowest(stream_).get_executor(), peer_of(lowest(stream_), port, "DRDA")) {}

  ~DrdaSession() { ctx_.open_sockets--; }

  static awaitable<void> start(std::shared_ptr<DrdaSession> s) { co_await s->run(); }

 private:
  enum class State { Start, Attributes, Security, SignedOn };

  // ODACCESS PORTTMOT= (hundredths of a second): how long a conversation may wait for its
  // next request. None given: no limit, as IBM's default.
  std::optional<std::chrono::milliseconds> port_timeout() const {
    if (ctx_.hws.odaccess && ctx_.hws.odaccess->porttmot > 0)
      return std::chrono::milliseconds(ctx_.hws.odaccess->porttmot * 10);
    return std::nullopt;
  }

  void set_deadline(std::optional<std::chrono::milliseconds> d) { deadline_.set(d); }

  void close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ec;
    lowest(stream_).shutdown(tcp::socket::shutdown_both, ec);
    lowest(stream_).close(ec);
    deadline_.stop();
  }

  awaitable<void> run() {
    auto self = this->shared_from_this();
    deadline_.start([weak = this->weak_from_this()] {
      if (auto s = weak.lock()) s->close();
    });
    try {
      if constexpr (std::is_same_v<Stream, TlsStream>) {
        set_deadline(std::chrono::seconds(30));
        boost::system::error_code ec;
        co_await stream_.async_handshake(asio::ssl::stream_base::server, asio::redirect_error(use_awaitable, ec));
        if (ec) {
          hws_log("HWSS0770W", "TLS handshake with " + conn_.peer().address + " failed: " + ec.message());
          conn_.audit_note({"TLS_HANDSHAKE", "TLS handshake failed: " + ec.message(), "CONNECTION CLOSED", "", 0, 5});
          close();
          co_return;
        }
        learn_peer_certificate(stream_.native_handle(), conn_.peer());
      }
      while (!closed_) {
        set_deadline(port_timeout());
        std::optional<std::vector<odbm::Dss>> chain;
        std::string broken;
        co_await read_chain(chain, broken);
        if (!broken.empty()) {
          co_await write(broken);
          break;
        }
        if (!chain) break;
        set_deadline(std::nullopt);
        std::string reply;
        bool end = false;
        co_await handle(*chain, reply, end);
        if (chain->front().object.cp == cp::SECCHK)
          for (auto& d : *chain) std::fill(d.object.data.begin(), d.object.data.end(), '\0');
        if (!reply.empty() && !co_await write(reply)) break;
        if (end) break;
      }
    } catch (const std::exception&) {
      // A connection error ends this connection only.
    }
    close();
    if (conversation_) co_await end_conversation();
  }

  // Reads one request chain. A broken one leaves `broken` holding the SYNTAXRM to send.
  awaitable<void> read_chain(std::optional<std::vector<odbm::Dss>>& out, std::string& broken) {
    for (;;) {
      try {
        std::size_t used = 0;
        out = odbm::read_chain(in_, used);
        if (out) {
          // A SECCHK's password (or PassTicket) is not left behind in the buffer.
          std::fill(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(used), '\0');
          in_.erase(0, used);
          co_return;
        }
      } catch (const odbm::DdmError& e) {
        hws_log("HWSD0001W", "DRDA client " + conn_.peer().address + " sent a broken data stream: " + e.what());
        broken = syntax_error(static_cast<std::uint8_t>(e.code), 0);
        co_return;
      }
      if (in_.size() > kMaxDrdaChain) {
        hws_log("HWSD0002W", "DRDA client " + conn_.peer().address + " sent a chain of more than " +
                                 std::to_string(kMaxDrdaChain) + " bytes");
        broken = syntax_error(cp::kSynerrTooMany, 0);
        co_return;
      }
      boost::system::error_code ec;
      const std::size_t n = co_await stream_.async_read_some(asio::buffer(buf_), asio::redirect_error(use_awaitable, ec));
      if (ec || n == 0) co_return;
      in_.append(buf_.data(), n);
      std::fill(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(n), '\0');
    }
  }

  std::string syntax_error(std::uint8_t code, std::uint16_t codpnt) const {
    return DssChain(last_correlation_)
        .add(DssType::Reply, cp::SYNTAXRM,
             odbm::param16(cp::SVRCOD, cp::kSvrError) + odbm::param(cp::SYNERRCD, one_byte(code)) +
                 odbm::param16(cp::CODPNT, codpnt))
        .bytes();
  }

  awaitable<bool> write(const std::string& bytes) {
    boost::system::error_code ec;
    co_await asio::async_write(stream_, asio::buffer(bytes), asio::redirect_error(use_awaitable, ec));
    co_return !ec;
  }

  // ---- one request chain -------------------------------------------------------------------
  awaitable<void> handle(const std::vector<odbm::Dss>& chain, std::string& reply, bool& end) {
    const odbm::Dss& first = chain.front();
    last_correlation_ = first.correlation;
    const std::uint16_t c = first.object.cp;
    DssChain out(first.correlation);
    if (first.type != DssType::Request) {
      out.add(DssType::Reply, cp::PRCCNVRM,
              odbm::param16(cp::SVRCOD, cp::kSvrError) + odbm::param(cp::PRCCNVCD, one_byte(cp::kPrccnvObjdssNotAllowed)));
      end = true;
    } else if (state_ == State::Start && c != cp::EXCSAT) {
      out.add(DssType::Reply, cp::PRCCNVRM,
              odbm::param16(cp::SVRCOD, cp::kSvrError) + odbm::param(cp::PRCCNVCD, one_byte(cp::kPrccnvExcsatFirst)));
      end = true;
    } else if (c == cp::EXCSAT) {
      excsatrd(out);
      if (state_ == State::Start) state_ = State::Attributes;
    } else if (c == cp::ACCSEC && state_ != State::SignedOn) {
      accsec(first, out);
    } else if (c == cp::SECCHK && state_ == State::Security) {
      co_await secchk(first, out, end);
    } else if (state_ != State::SignedOn || c == cp::ACCSEC || c == cp::SECCHK) {
      // Before sign-on only the sign-on; after it, no second one: an identity does not change
      // in the middle of a conversation.
      hws_log("HWSD0003W", "DRDA client " + conn_.peer().address + " sent command X'" + hex4(c) +
                               "' out of order; the conversation ends");
      out.add(DssType::Reply, cp::PRCCNVRM,
              odbm::param16(cp::SVRCOD, cp::kSvrError) +
                  odbm::param(cp::PRCCNVCD, one_byte(cp::kPrccnvSecurityWrongState)) + odbm::param16(cp::CODPNT, c));
      end = true;
    } else {
      odbm::Conversation::Outcome o = co_await on_odbm_pool(&chain);
      reply = std::move(o.reply);
      end = o.end;
      co_return;
    }
    reply = out.bytes();
  }

  void excsatrd(DssChain& out) const {
    const core::CodePage p = ctx_.code_page;
    out.add(DssType::Reply, cp::EXCSATRD,
            odbm::param(cp::EXTNAM, core::to_ebcdic(ctx_.hws.id, p)) +
                odbm::param(cp::SRVCLSNM, core::to_ebcdic("IMS CONNECT", p)) +
                odbm::param(cp::SRVRLSLV, core::to_ebcdic("ZGATE", p)) +
                odbm::param(cp::SRVNAM, core::to_ebcdic(ctx_.hws.id, p)));
  }

  void accsec(const odbm::Dss& cmd, DssChain& out) {
    const auto params = odbm::read_parameters(cmd.object.data);
    const odbm::DdmObject* mec = odbm::find(params, cp::SECMEC);
    std::string data = odbm::param16(cp::SECMEC, cp::kSecmecUsridpwd);
    if (!mec || mec->data.size() != 2 || odbm::be16(mec->data, 0) != cp::kSecmecUsridpwd) {
      // IMS supports user ID and password only: the reply names it, and the requester may ask again.
      data += odbm::param(cp::SECCHKCD, one_byte(cp::kSecchkSecmecNotSupported));
    } else {
      state_ = State::Security;
    }
    out.add(DssType::Reply, cp::ACCSECRD, data);
  }

  awaitable<void> secchk(const odbm::Dss& cmd, DssChain& out, bool& end) {
    auto params = odbm::read_parameters(cmd.object.data);
    const core::CodePage p = ctx_.code_page;
    SignOn s;
    for (auto& param : params) {
      if (param.cp == cp::USRID && s.userid.empty()) s.userid = core::trim(core::from_ebcdic(param.data, p));
      if (param.cp == cp::PASSWORD && s.password.empty()) {
        std::string clear = core::from_ebcdic(param.data, p);
        s.password = core::SecretString(core::trim(clear));
        std::fill(clear.begin(), clear.end(), '\0');
      }
      std::fill(param.data.begin(), param.data.end(), '\0');  // the password's copy, and the rest
    }
    // HWSAUTH0 first and always (IBM: "IMS Connect always calls HWSAUTH0, before RACF"): it
    // may refuse the sign-on or change the user ID and group.
    if (ctx_.db_security_exit) {
      DbSecurityExit::Input in;
      in.userid = core::upper(s.userid);
      in.credential_given = !s.password.empty();
      in.datastore = ctx_.odbm ? ctx_.odbm->options().name : std::string();
      in.peer = conn_.peer().address;
      in.local_port = conn_.peer().port;
      in.tls = conn_.peer().tls;
      if (!conn_.peer().cert_subject.empty()) in.cert_subject = conn_.peer().cert_subject;
      in.hws_id = ctx_.hws.id;
      DbSecurityExit::Result r = ctx_.db_security_exit->call(in);
      if (r.action == DbSecurityExit::Action::Reject) {
        hws_log("HWSD0011W", "HWSAUTH0 refused the DRDA sign-on of " + in.userid + " from " + in.peer +
                                 " (RC " + std::to_string(r.rc) + (r.reason.empty() ? "" : ": " + r.reason) + ")");
        audit_exit_refusal(in, r);
        out.add(DssType::Reply, cp::SECCHKRM,
                odbm::param16(cp::SVRCOD, cp::kSvrError) +
                    odbm::param(cp::SECCHKCD, one_byte(ctx_.hws.racfgenrc ? cp::kSecchkPasswordInvalid
                                                                          : cp::kSecchkUseridInvalid)));
        end = true;
        co_return;
      }
      if (r.action == DbSecurityExit::Action::ChangeUser) {
        s.userid = r.userid;
        s.group = r.group;
      }
    }
    DatastoreDef ds;  // what the Authenticator needs of a "data store" for a DB client
    ds.id = ctx_.odbm ? ctx_.odbm->options().name : std::string("ODBM");
    ds.appl = ctx_.hws.odaccess ? ctx_.hws.odaccess->appl : std::string();
    auto step = [&] {
      audit::Scope scope(conn_.audit_context());
      return ctx_.auth.prepare(s, ds, conn_.peer(), conn_.peer().address, Authenticator::ClientKind::Db);
    }();
    AuthResult result;
    if (auto* pending = std::get_if<Authenticator::PendingVerify>(&step)) {
      result = co_await verified(pending);
    } else {
      result = std::move(std::get<AuthResult>(step));
    }
    if (!result.ok()) {
      hws_log("HWSD0010W", "DRDA sign-on of " + core::upper(s.userid) + " from " + conn_.peer().address +
                               " refused: " + result.why);
      const std::uint8_t code = secchk_code(result, ctx_.hws.racfgenrc);
      audit_sign_on_refusal(core::upper(s.userid), code, result);
      out.add(DssType::Reply, cp::SECCHKRM,
              odbm::param16(cp::SVRCOD, cp::kSvrError) + odbm::param(cp::SECCHKCD, one_byte(code)));
      end = true;  // a DRDA server ends the conversation after a failed SECCHK
      co_return;
    }
    who_ = std::move(*result.identity);
    state_ = State::SignedOn;
    out.add(DssType::Reply, cp::SECCHKRM,
            odbm::param16(cp::SVRCOD, cp::kSvrInfo) + odbm::param(cp::SECCHKCD, one_byte(cp::kSecchkOk)));
  }

  // The DRDA client hears SECCHKRM with its SECCHKCD: on record with that code, beside RACF's
  // JOBINIT (same correlation ID) when RACF decided.
  void audit_sign_on_refusal(const std::string& user, std::uint8_t secchkcd, const AuthResult& r) {
    char code[48];
    std::snprintf(code, sizeof code, "DDM SECCHKRM SECCHKCD=X'%02X'", secchkcd);
    conn_.audit_note({"REFUSED", r.why, code, user, r.racf_rc, 0});
  }

  void audit_exit_refusal(const DbSecurityExit::Input& in, const DbSecurityExit::Result& r) {
    audit::Scope scope(conn_.audit_context());
    audit::Event e;
    e.time = ctx_.saf.clock().now();
    e.code = audit::EventCode::JobInit;
    e.qualifier = audit::verify_q::kInvalidPassword;
    e.violation = true;
    e.user = in.userid;
    e.component = "IMSCONN";
    e.appl = ctx_.hws.odaccess ? ctx_.hws.odaccess->appl : std::string();
    e.terminal = in.peer;
    e.racf_rc = r.rc;
    e.detail = "DRDA SIGN-ON REFUSED BY HWSAUTH0" + (r.reason.empty() ? std::string() : " (" + r.reason + ")");
    ctx_.sink.write(e);
  }

  awaitable<AuthResult> verified(Authenticator::PendingVerify* pending) {
    auto start = [this, pending](std::function<void(AuthResult)> done) {
      conn_.verify(std::move(*pending), std::move(done));
    };
    co_return co_await await_callback<AuthResult>(&start);
  }

  // ---- ODBM --------------------------------------------------------------------------------
  odbm::Conversation::Outcome refused_no_odbm(const std::vector<odbm::Dss>* chain) const {
    // No ODBM behind the port: every allocation fails as for an unavailable data store.
    DssChain out(chain->front().correlation);
    out.add(DssType::Reply, cp::RDBAFLRM,
            odbm::param16(cp::SVRCOD, cp::kSvrError) +
                odbm::param(cp::SRVDGN, core::to_ebcdic("NO ODBM IS AVAILABLE", ctx_.code_page)));
    return {out.bytes(), false};
  }

  awaitable<odbm::Conversation::Outcome> on_odbm_pool(const std::vector<odbm::Dss>* chain) {
    if (!ctx_.odbm || !ctx_.odbm_pool) co_return refused_no_odbm(chain);
    if (!conversation_)
      conversation_ = std::make_shared<odbm::Conversation>(*ctx_.odbm, ctx_.code_page, conn_.peer().address);
    // The RACO for an allocation: sealed now from the verified ACEE (RACF=Y), none with RACF=N.
    odbm::Conversation::RacoMaker raco;
    if (who_.acee) {
      raco = [acee = who_.acee, &ctx = ctx_]() -> std::optional<std::vector<std::uint8_t>> {
        core::Bytes b = saf::seal_raco(*acee, std::string(ctx.raco_key.reveal()), ctx.saf.clock().now());
        if (b.empty()) return std::nullopt;
        return std::vector<std::uint8_t>(b.begin(), b.end());
      };
    }
    auto start = [this, chain, raco](std::function<void(odbm::Conversation::Outcome)> done) {
      asio::post(*ctx_.odbm_pool, [conv = conversation_, chain = *chain, raco, user = who_.userid,
                                   audit = conn_.audit_context(), done = std::move(done),
                                   ex = lowest(stream_).get_executor()]() mutable {
        audit::Scope scope(audit);  // ODBM's records (allocation, RACO) are this connection's
        odbm::Conversation::Outcome o;
        try {
          o = conv->handle(chain, raco, user);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "zgate connect: ODBM conversation failed: %s\n", e.what());
          conv->end();
          o.end = true;
        }
        asio::post(ex, [done = std::move(done), o = std::move(o)]() mutable { done(std::move(o)); });
      });
    };
    co_return co_await await_callback<odbm::Conversation::Outcome>(&start);
  }

  // The PSB goes with the conversation: deallocated on ODBM's pool, where its calls ran.
  awaitable<void> end_conversation() {
    auto start = [this](std::function<void(bool)> done) {
      asio::post(*ctx_.odbm_pool, [conv = std::move(conversation_), done = std::move(done),
                                   ex = lowest(stream_).get_executor()]() mutable {
        conv->end();
        conv.reset();
        asio::post(ex, [done = std::move(done)]() mutable { done(true); });
      });
    };
    co_await await_callback<bool>(&start);
  }

  ServerContext& ctx_;
  Stream stream_;
  ConnectionDeadline deadline_;
  bool closed_ = false;
  Connection conn_;
  State state_ = State::Start;
  Identity who_;
  std::string in_;
  std::array<char, 16384> buf_{};
  std::uint16_t last_correlation_ = 0;
  std::shared_ptr<odbm::Conversation> conversation_;
};

class DrdaDoor final : public Door {
 public:
  std::string_view name() const override { return "DRDA"; }
  void serve(ServerContext& ctx, tcp::socket socket, asio::ssl::context* tls, std::uint16_t port) override {
    start_drda_session(ctx, std::move(socket), tls, port);
  }
};

}  // namespace

void start_drda_session(ServerContext& ctx, tcp::socket socket, asio::ssl::context* tls, std::uint16_t port) {
  boost::system::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  auto ex = socket.get_executor();
  if (tls) {
    using S = DrdaSession<TlsStream>;
    auto s = std::make_shared<S>(ctx, TlsStream(std::move(socket), *tls), port);
    asio::co_spawn(ex, S::start(s), asio::detached);
  } else {
    using S = DrdaSession<tcp::socket>;
    auto s = std::make_shared<S>(ctx, std::move(socket), port);
    asio::co_spawn(ex, S::start(s), asio::detached);
  }
}

std::shared_ptr<Door> make_drda_door() { return std::make_shared<DrdaDoor>(); }

}  // namespace zgate::connect

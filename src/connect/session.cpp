// One IMS Connect client connection: the IRM flows of HWSSMPL0/HWSSMPL1 clients
// (reference/ims-connect-protocol.md §2.4): send-receive in commit mode 1 with sync level NONE
// or CONFIRM, SENDONLY (S, K, J), ACK/NAK, DEALLOCATE, CANCEL TIMER, PING and HWSPWCH, on
// transaction, persistent and non-persistent sockets.
//
// Each connection is one coroutine on its own strand. Timeouts are a watchdog timer that
// closes the socket when the deadline passes, which works the same for TCP and TLS streams.
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <chrono>
#include <deque>
#include <optional>

#include <openssl/x509.h>

#include "connect/framing.h"
#include "connect/irm.h"
#include "connect/return_codes.h"
#include "connect/rsm.h"
#include "connect/server_context.h"
#include "connect/special.h"
#include "core/text.h"

namespace zgate::connect {

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using TlsStream = asio::ssl::stream<tcp::socket>;

namespace {

tcp::socket& lowest(tcp::socket& s) { return s; }
tcp::socket& lowest(TlsStream& s) { return s.next_layer(); }

// RFC 4514 text of a certificate name, most specific RDN first.
std::string dn_text(X509_NAME* name) {
  if (!name) return {};
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

// Output segments of at most 32 KB, as OTMA carries them.
std::vector<Segment> to_segments(const std::vector<std::string>& texts, Encoding enc,
                                 core::CodePage cp) {
  constexpr std::size_t kMaxData = kMaxSegmentLength - kSegmentHeader;
  std::vector<Segment> out;
  for (const auto& t : texts) {
    std::size_t off = 0;
    do {
      std::string_view part = std::string_view(t).substr(off, kMaxData);
      out.push_back(Segment{0, encode_chars(part, enc, cp)});
      off += part.size();
    } while (off < t.size());
  }
  return out;
}

struct PendingReply {
  explicit PendingReply(asio::any_io_executor ex) : timer(ex) {}
  asio::steady_timer timer;
  std::optional<otma::OtmaReply> reply;
};

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(ServerContext& ctx, Stream stream, std::uint16_t port)
      : ctx_(ctx),
        stream_(std::move(stream)),
        watchdog_(lowest(stream_).get_executor()),
        framer_(ctx.hws.maxsize ? ctx.hws.maxsize : kDefaultMaxMessage),  // MAXSIZE=
        id_(ctx.next_session++) {
    peer_.port = port;
    boost::system::error_code ec;
    auto ep = lowest(stream_).remote_endpoint(ec);
    if (!ec) peer_.address = ep.address().to_string() + ":" + std::to_string(ep.port());
  }

  ~Session() {
    if (!client_id_.empty()) ctx_.clients.release(client_id_, id_);
    ctx_.open_sockets--;
  }

  awaitable<void> run() {
    auto self = this->shared_from_this();  // started through keep_alive; kept for clarity
    asio::co_spawn(lowest(stream_).get_executor(), keep_alive(self, &Session::watchdog),
                   asio::detached);
    try {
      if constexpr (std::is_same_v<Stream, TlsStream>) {
        if (!co_await handshake()) co_return close();
      }
      while (!closed_) {
        // Between messages a client may idle for the port's IDLETO (none by default).
        set_deadline(idle_timeout());
        Bytes message;
        if (!co_await read_message(message)) break;
        if (!co_await handle(message)) break;
      }
    } catch (const std::exception&) {
      // A connection error ends this connection only.
    }
    close();
  }

  static awaitable<void> start(std::shared_ptr<Session> s) { return keep_alive(s, &Session::run); }

  void cancel() {
    asio::post(lowest(stream_).get_executor(),
               [self = this->shared_from_this()] { self->close(); });
  }

 private:
  // ---- transport ---------------------------------------------------------------------------
  std::optional<std::chrono::milliseconds> idle_timeout() const {
    for (const auto& p : ctx_.hws.ports)
      if (p.id == peer_.port && p.idleto > 0) return std::chrono::milliseconds(p.idleto * 10);
    return std::nullopt;
  }

  void set_deadline(std::optional<std::chrono::milliseconds> d) {
    deadline_ = d ? Clock::now() + *d : Clock::time_point::max();
    watchdog_.cancel();
  }

  // Runs a member coroutine with the session kept alive for its whole life: the frame
  // holds the shared_ptr, not just `this`.
  static awaitable<void> keep_alive(std::shared_ptr<Session> s,
                                    awaitable<void> (Session::*member)()) {
    co_await (s.get()->*member)();
  }

  awaitable<void> watchdog() {
    while (!closed_) {
      watchdog_.expires_at(deadline_);
      boost::system::error_code ec;
      co_await watchdog_.async_wait(asio::redirect_error(use_awaitable, ec));
      if (closed_) break;
      if (deadline_ <= Clock::now()) {
        close();
        break;
      }
    }
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ec;
    lowest(stream_).shutdown(tcp::socket::shutdown_both, ec);
    lowest(stream_).close(ec);
    watchdog_.cancel();
  }

  awaitable<bool> handshake() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      set_deadline(std::chrono::seconds(30));
      boost::system::error_code ec;
      co_await stream_.async_handshake(asio::ssl::stream_base::server,
                                       asio::redirect_error(use_awaitable, ec));
      if (ec) {
        hws_log("HWSS0770W", "TLS handshake with " + peer_.address + " failed: " + ec.message());
        co_return false;
      }
      peer_.tls = true;
      SSL* ssl = stream_.native_handle();
      if (X509* cert = SSL_get1_peer_certificate(ssl)) {
        if (SSL_get_verify_result(ssl) == X509_V_OK) {
          peer_.cert_subject = dn_text(X509_get_subject_name(cert));
          peer_.cert_issuer = dn_text(X509_get_issuer_name(cert));
        }
        X509_free(cert);
      }
      ctx_.auth.resolve_certificate(peer_);
    }
    co_return true;
  }

  awaitable<bool> read_message(Bytes& out) {
    for (;;) {
      switch (framer_.next(out)) {
        case Framer::Status::Message:
          co_return true;
        case Framer::Status::Error:
          // A hostile or broken length field: answer as IMS Connect does, then disconnect.
          co_await send(rsm_reply(framer_.error()), ExitFormat::Hwssmpl1, Encoding::Ebcdic);
          co_return false;
        case Framer::Status::NeedMore:
          break;
      }
      boost::system::error_code ec;
      std::size_t n = co_await stream_.async_read_some(asio::buffer(buf_),
                                                       asio::redirect_error(use_awaitable, ec));
      if (ec || n == 0) co_return false;
      framer_.feed(ByteView(buf_.data(), n));
    }
  }

  awaitable<bool> send(const Reply& reply, ExitFormat f, Encoding e) {
    auto bytes = encode_reply(reply, f, e, ctx_.code_page);
    if (!bytes.ok()) co_return false;
    boost::system::error_code ec;
    co_await asio::async_write(stream_, asio::buffer(bytes.bytes),
                               asio::redirect_error(use_awaitable, ec));
    co_return !ec;
  }

  // Sends an RSM and reports whether the socket stays (RC 20 and 40 keep it; IBM).
  awaitable<bool> refuse(const Request& r, std::uint32_t rc, std::uint32_t rsn,
                         std::uint8_t racf_rc = 0) {
    co_await send(rsm_reply(rc, rsn, racf_rc), r.format, r.encoding);
    co_return rc == rc::kSpecialResponse || rc == rc::kTimerExpiredKept;
  }

  // ---- one message -------------------------------------------------------------------------
  std::size_t max_message() const { return ctx_.hws.maxsize ? ctx_.hws.maxsize : kDefaultMaxMessage; }
  DecodeOptions decode_options() const { return DecodeOptions{ctx_.code_page, max_message()}; }

  awaitable<bool> handle(const Bytes& message) {
    DecodeResult d = decode_request(ByteView(message), decode_options());
    if (!d.ok()) {
      co_await send(rsm_reply(*d.error), d.format, d.encoding);
      co_return false;
    }
    Request& r = *d.request;
    set_deadline(std::nullopt);

    switch (classify_special(r, ctx_.code_page)) {
      case SpecialRequest::Ping:
        co_return co_await answer_text(r, std::string(kPingResponse));
      case SpecialRequest::PasswordChange:
        co_return co_await password_change(r);
      case SpecialRequest::None:
        break;
    }

    if (!co_await establish_client_id(r)) co_return false;

    switch (r.irm.type) {
      case MessageType::SendReceive:
      case MessageType::SendOnly:
      case MessageType::SendOnlyA:
      case MessageType::SendOnlyE:
        co_return co_await transaction(r);
      case MessageType::CancelTimer:
        co_return co_await refuse(r, rc::kCancelTimerDone, rc::kCancelTimer);
      case MessageType::Deallocate:
        // Nothing is in progress on this connection (conversations come later).
        co_return keeps_socket(r);
      case MessageType::Ack:
      case MessageType::Nak:
        // An ACK or NAK with no output waiting for one is out of sequence.
        co_return co_await refuse(r, rc::kConnectError, rc::kConnectProtocolError);
      case MessageType::ResumeTpipe:
      case MessageType::SynResp:
      case MessageType::SynRespA:
        // Asynchronous output and callout are not in this release: "function not found".
        co_return co_await refuse(r, rc::kConnectError, rc::kFunctionNotFound);
    }
    co_return false;
  }

  bool keeps_socket(const Request& r) const {
    auto s = r.irm.socket();
    return s && *s == SocketType::Persistent;
  }

  awaitable<bool> answer_text(const Request& r, std::string text) {
    Reply reply;
    reply.segments = to_segments({std::move(text)}, r.encoding, ctx_.code_page);
    reply.csm = Csm{replyf::kProtocolLevelValid, replyf::kLevelRacfRc};
    if (!co_await send(reply, r.format, r.encoding)) co_return false;
    co_return keeps_socket(r);
  }

  awaitable<bool> password_change(const Request& r) {
    auto pc = parse_password_change(r, ctx_.code_page);
    if (!pc || pc->new_password.reveal() != pc->verify_password.reveal())
      co_return co_await refuse(r, rc::kConnectError, rc::kSecurityViolation,
                                saf::kVerifyBadNewPassword);
    const DatastoreDef* ds = nullptr;
    auto it = ctx_.datastores.find(core::upper(r.irm.datastore));
    if (it != ctx_.datastores.end()) ds = &it->second.def;
    AuthResult a = ctx_.auth.change_password(r, ds, pc->old_password, pc->new_password, peer_);
    if (!a.ok()) {
      hws_log("HWSP1500W", "password change for " + core::upper(r.irm.userid) + " from " +
                               peer_.address + " refused: " + a.why);
      co_return co_await refuse(r, a.return_code, a.reason_code, a.racf_rc);
    }
    co_return co_await answer_text(r, std::string(kPasswordChangeDone));
  }

  // IBM: a client ID names one client at a time. The first message of a connection sets it.
  awaitable<bool> establish_client_id(const Request& r) {
    if (!client_id_.empty()) co_return true;
    std::string id = r.irm.client_id;
    if (r.irm.wants_generated_client_id() || id.empty()) {
      id = ctx_.client_ids.next();
      generated_ = true;
    } else {
      auto problem = check_client_id(id, /*user_chosen=*/!id.starts_with("HWS"), ctx_.ports);
      if (problem != ClientIdProblem::None) {
        co_await refuse(r, rc::kExitError, rc::kBufferInvalid);
        co_return false;
      }
    }
    const bool cancel_old = r.irm.f3 & irmf::kF3CancelClientId;
    std::weak_ptr<Session> weak = this->shared_from_this();
    auto claim = ctx_.clients.claim(id, id_, [weak] { if (auto s = weak.lock()) s->cancel(); },
                                    cancel_old);
    if (claim == ClientRegistry::Claim::Duplicate) {
      hws_log("HWSS0742W", "client ID " + id + " from " + peer_.address + " is already in use");
      co_await refuse(r, rc::kConnectError, rc::kDuplicateClient);
      co_return false;
    }
    client_id_ = id;
    co_return true;
  }

  // Send-receive and the send-only types: authenticate, hand to OTMA, wait, answer.
  awaitable<bool> transaction(const Request& r) {
    if (r.irm.commit_mode() == CommitMode::Cm0)
      co_return co_await refuse(r, rc::kConnectError, rc::kFunctionNotFound);
    if (r.irm.sync_level() == SyncLevel::Syncpt)  // RRS two-phase commit is not offered
      co_return co_await refuse(r, rc::kConnectError, rc::kFunctionNotFound);

    auto it = ctx_.datastores.find(core::upper(r.irm.datastore));
    if (it == ctx_.datastores.end() || !it->second.active) {
      hws_log("HWSS0750W", "data store '" + core::upper(r.irm.datastore) + "' " +
                               (it == ctx_.datastores.end() ? "is not defined"
                                                            : "is not active: " + it->second.why));
      co_return co_await refuse(r, rc::kConnectError, rc::kDatastoreNotFound);
    }
    const DatastoreDef& ds = it->second.def;

    AuthResult a = ctx_.auth.authenticate(r, ds, peer_, client_id_);
    if (!a.ok()) {
      hws_log("HWSP1445E", "message from " + peer_.address + " client " + client_id_ +
                               " refused: " + a.why);
      co_return co_await refuse(r, a.return_code, a.reason_code, a.racf_rc);
    }
    Identity& who = *a.identity;

    otma::OtmaMessage m;
    m.tmember = ds.member;
    m.tpipe = std::to_string(peer_.port);  // IBM: the CM1 tpipe is the port number
    for (const auto& s : r.segments) m.segments.push_back(decode_chars(ByteView(s.data), r.encoding, ctx_.code_page));
    m.security.flag = who.security_flag;
    m.security.userid = who.userid;
    m.security.group = who.group;
    m.security.utoken = who.utoken;

    // The wait for IMS: IRM_TIMER, else the TCPIP TIMEOUT=.
    const rc::TimerSetting timer = rc::timer_setting(r.irm.timer);
    std::optional<std::chrono::milliseconds> wait;
    if (timer.kind == rc::TimerSetting::Kind::Time) wait = std::chrono::milliseconds(timer.milliseconds);
    else if (timer.kind == rc::TimerSetting::Kind::NoWait) wait = std::chrono::milliseconds(0);
    else if (timer.kind == rc::TimerSetting::Kind::Default && ctx_.hws.timeout > 0)
      wait = std::chrono::milliseconds(ctx_.hws.timeout * 10);

    auto pending = std::make_shared<PendingReply>(lowest(stream_).get_executor());
    pending->timer.expires_at(wait ? Clock::now() + *wait : Clock::time_point::max());
    asio::any_io_executor ex = lowest(stream_).get_executor();
    ctx_.otma.send(std::move(m), [pending, ex](otma::OtmaReply reply) {
      asio::post(ex, [pending, reply = std::move(reply)]() mutable {
        pending->reply = std::move(reply);
        pending->timer.cancel();
      });
    });
    boost::system::error_code ec;
    co_await pending->timer.async_wait(asio::redirect_error(use_awaitable, ec));
    if (closed_) co_return false;

    const bool send_only = r.irm.type != MessageType::SendReceive;
    if (!pending->reply) {
      // IMS did not answer in time. Send-only messages are in IMS already; nothing is owed.
      if (send_only && r.irm.type == MessageType::SendOnly) co_return keeps_socket(r);
      const bool persistent = keeps_socket(r);
      std::uint32_t code = !timer.valid ? rc::kDefaultTimerExpired
                           : persistent ? rc::kTimerExpiredKept
                                        : rc::kTimerExpired;
      co_return co_await refuse(r, code, r.irm.timer);
    }

    otma::OtmaReply& reply = *pending->reply;
    if (reply.kind == otma::OtmaReply::Kind::Nak) {
      hws_log("HWSD0262W", "OTMA NAK for client " + client_id_ + " user " + who.userid +
                               ": " + reply.message);
      if (r.irm.type == MessageType::SendOnly) co_return false;
      co_return co_await refuse(r, rc::kOtmaSense, reply.sense, reply.reason);
    }

    if (send_only) {
      // SENDONLY: the client reads nothing; SENDONLYA: an ACK (a CSM); SNDONLYE: only errors.
      if (r.irm.type == MessageType::SendOnlyA) {
        Reply ack;
        ack.csm = Csm{replyf::kProtocolLevelValid, replyf::kLevelRacfRc};
        if (!co_await send(ack, r.format, r.encoding)) co_return false;
      }
      co_return keeps_socket(r);
    }

    Reply out;
    if (generated_ && (r.irm.f1 & irmf::kF1CidReq)) out.generated_client_id = client_id_;
    out.segments = to_segments(reply.segments, r.encoding, ctx_.code_page);
    const bool confirm = r.irm.sync_level() == SyncLevel::Confirm;
    std::uint8_t flags = replyf::kProtocolLevelValid;
    if (confirm) flags |= replyf::kAckNakNeeded;
    out.csm = Csm{flags, replyf::kLevelRacfRc};
    if (!co_await send(out, r.format, r.encoding)) co_return false;

    if (confirm) {
      // Sync level CONFIRM: the client ACKs (or NAKs) the output; IMS Connect answers with
      // DEALLOCATE CONFIRM (RSN 97) or DEALLOCATE ABORT (RSN 98). The ACK timeout is ACKTO=.
      set_deadline(std::chrono::seconds(ds.ackto > 0 ? ds.ackto : 120));
      Bytes next;
      if (!co_await read_message(next)) co_return false;
      set_deadline(std::nullopt);
      DecodeResult d2 = decode_request(ByteView(next), decode_options());
      if (!d2.ok()) {
        co_await send(rsm_reply(*d2.error), d2.format, d2.encoding);
        co_return false;
      }
      const Request& ackr = *d2.request;
      if (ackr.irm.type == MessageType::Ack) {
        if (!co_await send(rsm_reply(0, rc::kDeallocateConfirmed), ackr.format, ackr.encoding))
          co_return false;
      } else if (ackr.irm.type == MessageType::Nak) {
        hws_log("HWSD0263W", "client " + client_id_ + " NAKed the output of " +
                                 r.transaction_code(ctx_.code_page));
        if (!co_await send(rsm_reply(0, rc::kDeallocateAbort), ackr.format, ackr.encoding))
          co_return false;
      } else {
        co_await refuse(ackr, rc::kConnectError, rc::kConnectProtocolError);
        co_return false;
      }
    }
    co_return keeps_socket(r);
  }

  ServerContext& ctx_;
  Stream stream_;
  asio::steady_timer watchdog_;
  Clock::time_point deadline_ = Clock::time_point::max();
  Framer framer_;
  std::array<std::uint8_t, 16384> buf_{};
  PeerIdentity peer_;
  std::string client_id_;
  bool generated_ = false;
  std::uint64_t id_;
  bool closed_ = false;
};

}  // namespace

void start_session(ServerContext& ctx, tcp::socket socket, asio::ssl::context* tls,
                   std::uint16_t port) {
  boost::system::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);  // IBM's advice: no delayed-ACK stalls
  auto ex = socket.get_executor();
  if (tls) {
    using S = Session<TlsStream>;
    auto s = std::make_shared<S>(ctx, TlsStream(std::move(socket), *tls), port);
    asio::co_spawn(ex, S::start(s), asio::detached);
  } else {
    using S = Session<tcp::socket>;
    auto s = std::make_shared<S>(ctx, std::move(socket), port);
    asio::co_spawn(ex, S::start(s), asio::detached);
  }
}

}  // namespace zgate::connect

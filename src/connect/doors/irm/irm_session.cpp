// The IRM door's side of one IMS Connect client connection: the IRM flows of HWSSMPL0/HWSSMPL1 clients
// (reference/ims-connect-protocol.md §2.4): send-receive in commit mode 1 (sync level NONE or
// CONFIRM) and commit mode 0 (output committed to the client's tpipe, then sent and ACKed),
// SENDONLY (S, K, J), RESUME TPIPE with its delivery options, synchronous callout requests and
// responses (L, M), ACK/NAK, DEALLOCATE, CANCEL TIMER, PING and HWSPWCH, on transaction,
// persistent and non-persistent sockets.
//
// Each connection is one coroutine on its own strand. Timeouts are the connection's deadline
// (session_transport.h), which closes the socket when it passes.
// What is not IRM (the client ID, admission, authentication, OTMA, the hold queues) is the
// core's: each flow here decodes, asks the Connection (connection.h), and encodes its answer.
#include <boost/asio.hpp>
#include <variant>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl.hpp>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <deque>
#include <optional>

#include "connect/await_callback.h"
#include "connect/connection.h"
#include "connect/peer_certificate.h"
#include "connect/doors/irm/framing.h"
#include "connect/doors/irm/irm.h"
#include "connect/doors/irm/rsm.h"
#include "connect/doors/irm/special.h"
#include "connect/return_codes.h"
#include "connect/server_context.h"
#include "connect/session_transport.h"
#include "core/text.h"

namespace zgate::connect {

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

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

// What IMS Connect sends a CM0 client that asked for it (IRM_F3 X'40') when the program ended
// without output.
constexpr const char* kDfs2082Text = "DFS2082 RESPONSE MODE TRANSACTION TERMINATED WITHOUT REPLY";

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
        deadline_(lowest(stream_).get_executor()),
        framer_(ctx.hws.maxsize ? ctx.hws.maxsize : kDefaultMaxMessage),  // MAXSIZE=
        conn_(ctx, lowest(stream_).get_executor(), peer_of(lowest(stream_), port, "IRM")) {
    boost::system::error_code ec;
    lowest(stream_).non_blocking(true, ec);  // read_message reads what has arrived, never waits
  }

  ~Session() { ctx_.open_sockets--; }

  awaitable<void> run() {
    auto self = this->shared_from_this();  // started through keep_alive; kept for clarity
    deadline_.start([weak = this->weak_from_this()] {
      if (auto s = weak.lock()) s->close();
    });
    try {
      if constexpr (std::is_same_v<Stream, TlsStream>) {
        if (!co_await handshake()) co_return close();
      }
      bool first = true;
      while (!closed_) {
        // IBM: TCPIP TIMEOUT= bounds how long a new connection may take to send its first
        // input; after that, a client may idle between messages for the port's IDLETO.
        set_deadline(first ? tcpip_timeout() : idle_timeout());
        first = false;
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
      if (p.id == conn_.peer().port && p.idleto > 0) return std::chrono::milliseconds(p.idleto * 10);
    return std::nullopt;
  }

  // TIMEOUT=, IDLETO=, the handshake's and ACKTO's limits (session_transport.h).
  void set_deadline(std::optional<std::chrono::milliseconds> d) { deadline_.set(d); }

  // Runs a member coroutine with the session kept alive for its whole life: the frame
  // holds the shared_ptr, not just `this`.
  static awaitable<void> keep_alive(std::shared_ptr<Session> s,
                                    awaitable<void> (Session::*member)()) {
    co_await (s.get()->*member)();
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ec;
    lowest(stream_).shutdown(tcp::socket::shutdown_both, ec);
    lowest(stream_).close(ec);
    deadline_.stop();
    if (waiting_) waiting_->cancel();
  }

  awaitable<bool> handshake() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      set_deadline(std::chrono::seconds(30));
      boost::system::error_code ec;
      co_await stream_.async_handshake(asio::ssl::stream_base::server,
                                       asio::redirect_error(use_awaitable, ec));
      if (ec) {
        hws_log("HWSS0770W", "TLS handshake with " + conn_.peer().address + " failed: " + ec.message());
        conn_.audit_note({"TLS_HANDSHAKE", "TLS handshake failed: " + ec.message(), "CONNECTION CLOSED", "", 0, 5});
        co_return false;
      }
      learn_peer_certificate(stream_.native_handle(), conn_.peer());
      // What the certificate stands for is decided per message (Authenticator::prepare).
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
      if constexpr (std::is_same_v<Stream, tcp::socket>) {
        // An idle connection holds no read buffer: it waits for data to arrive, and then reads
        // what came into its thread's buffer (what is left of a message stays in the framer).
        static thread_local std::array<std::uint8_t, 65536> chunk;
        std::size_t n = stream_.read_some(asio::buffer(chunk), ec);
        if (ec == asio::error::would_block || ec == asio::error::try_again) {
          co_await stream_.async_wait(tcp::socket::wait_read, asio::redirect_error(use_awaitable, ec));
          if (ec) co_return false;
          continue;
        }
        if (ec || n == 0) co_return false;
        framer_.feed(ByteView(chunk.data(), n));
      } else {
        std::size_t n = co_await stream_.async_read_some(asio::buffer(buf_),
                                                         asio::redirect_error(use_awaitable, ec));
        if (ec || n == 0) co_return false;
        framer_.feed(ByteView(buf_.data(), n));
      }
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
    if (!ctx_.loads_exit(r.format == ExitFormat::Hwssmpl0 ? "HWSSMPL0" : "HWSSMPL1")) {
      hws_log("HWSP1402E", "message from " + conn_.peer().address + " names user message exit " +
                               (r.format == ExitFormat::Hwssmpl0 ? "HWSSMPL0" : "HWSSMPL1") +
                               ", which TCPIP EXIT= does not load");
      co_await refuse(r, rc::kConnectError, rc::kUnknownClient);
      co_return false;
    }

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
        co_return co_await resume_tpipe(r);
      case MessageType::SynResp:
      case MessageType::SynRespA:
        co_return co_await callout_response(r);
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
    PasswordChange change{sign_on_of(r), r.irm.datastore, r.irm.client_id, std::move(pc->old_password),
                          std::move(pc->new_password)};
    AuthResult a = co_await changed(&change);
    if (!a.ok()) co_return co_await refuse(r, a.return_code, a.reason_code, a.racf_rc);
    co_return co_await answer_text(r, std::string(kPasswordChangeDone));
  }

  // What IMS Connect's core is told about who the message asks to run as.
  SignOn sign_on_of(const Request& r) const {
    SignOn s;
    s.userid = r.irm.userid;
    s.group = r.irm.group;
    s.password = r.irm.password;
    s.phrase = r.irm.phrase;
    s.appl_name = r.irm.appl_name;
    s.transaction_code = r.transaction_code(ctx_.code_page);
    return s;
  }

  // The first message of a connection sets its client ID (the core's rule, connection.h).
  awaitable<bool> establish_client_id(const Request& r) {
    if (!conn_.client_id().empty()) co_return true;
    switch (conn_.establish_client_id(r.irm.client_id, r.irm.wants_generated_client_id(),
                                      r.irm.f3 & irmf::kF3CancelClientId, is_admitted(r.irm.type), canceller())) {
      case Connection::ClientIdOutcome::Ok:
        co_return true;
      case Connection::ClientIdOutcome::Invalid:
        co_await refuse(r, rc::kExitError, rc::kBufferInvalid);
        co_return false;
      case Connection::ClientIdOutcome::Duplicate:
        co_await refuse(r, rc::kConnectError, rc::kDuplicateClient);
        co_return false;
    }
    co_return false;
  }

  // The messages IMS Connect admits (data store, then authentication) before acting on them.
  static bool is_admitted(MessageType t) {
    switch (t) {
      case MessageType::SendReceive:
      case MessageType::SendOnly:
      case MessageType::SendOnlyA:
      case MessageType::SendOnlyE:
      case MessageType::ResumeTpipe:
      case MessageType::SynResp:
      case MessageType::SynRespA:
        return true;
      default:
        return false;
    }
  }

  ClientRegistry::Canceller canceller() {
    std::weak_ptr<Session> weak = this->shared_from_this();
    return [weak] { if (auto s = weak.lock()) s->cancel(); };
  }

  // The core's VERIFY on the verify pool, awaited: an Argon2id hash takes milliseconds, and
  // this I/O thread serves other connections meanwhile (await_callback.h).
  template <class Start>
  awaitable<AuthResult> on_verify_pool(Start* start) {
    co_return co_await await_callback<AuthResult>(start);
  }

  awaitable<AuthResult> verified(Authenticator::PendingVerify* pending) {
    auto start = [this, pending](std::function<void(AuthResult)> done) {
      conn_.verify(std::move(*pending), std::move(done));
    };
    co_return co_await on_verify_pool(&start);
  }

  struct PasswordChange {
    SignOn asked;
    std::string datastore, client_id;
    core::SecretString old_password, new_password;
  };
  awaitable<AuthResult> changed(PasswordChange* c) {
    auto start = [this, c](std::function<void(AuthResult)> done) {
      conn_.change_password(c->datastore, c->asked, c->client_id, std::move(c->old_password),
                            std::move(c->new_password), std::move(done));
    };
    co_return co_await on_verify_pool(&start);
  }

  // ---- admission: the core's, for every flow to OTMA -------------------------------------
  // nullopt: refused, the RSM is sent, and `keep` says whether the socket stays.
  awaitable<std::optional<Admitted>> admit(const Request& r, bool& keep) {
    const std::string datastore = r.irm.datastore;
    const SignOn who = sign_on_of(r);
    Connection::Admission step = conn_.begin_admission(datastore, who);
    // (No co_await inside a conditional expression: g++ 12 miscompiles it.)
    if (auto* pending = std::get_if<Authenticator::PendingVerify>(&step)) {
      AuthResult a = co_await verified(pending);
      auto done = conn_.end_admission(datastore, std::move(a));
      if (auto* adm = std::get_if<Admitted>(&done)) co_return std::move(*adm);
      step = std::move(std::get<Refusal>(done));
    }
    if (auto* adm = std::get_if<Admitted>(&step)) co_return std::move(*adm);
    const Refusal& no = std::get<Refusal>(step);
    keep = co_await refuse(r, no.return_code, no.reason_code, no.racf_rc);
    co_return std::nullopt;
  }

  std::vector<std::string> data_of(const Request& r) const {
    std::vector<std::string> out;
    for (const auto& s : r.segments) out.push_back(decode_chars(ByteView(s.data), r.encoding, ctx_.code_page));
    return out;
  }

  // ---- timers ------------------------------------------------------------------------------
  // How long to wait for IMS under the message's IRM_TIMER; `fallback` is IBM's default for
  // X'00' (and for NO_WAIT where IBM enforces a minimum); nullopt = wait forever.
  static std::optional<std::chrono::milliseconds> timer_wait(std::uint8_t irm_timer,
                                                             std::optional<std::chrono::milliseconds> fallback,
                                                             bool nowait_is_zero) {
    const rc::TimerSetting t = rc::timer_setting(irm_timer);
    switch (t.kind) {
      case rc::TimerSetting::Kind::Time: return std::chrono::milliseconds(t.milliseconds);
      case rc::TimerSetting::Kind::Forever: return std::nullopt;
      case rc::TimerSetting::Kind::NoWait:
        if (nowait_is_zero) return std::chrono::milliseconds(0);
        return fallback;
      case rc::TimerSetting::Kind::Default: return fallback;
    }
    return fallback;
  }

  std::optional<std::chrono::milliseconds> tcpip_timeout() const {
    if (ctx_.hws.timeout > 0) return std::chrono::milliseconds(ctx_.hws.timeout * 10);
    return std::nullopt;
  }

  // The timeout RSM of a message whose timer ran out: RC 40 keeps a persistent socket, RC 32
  // (36 for the default timer) ends the others; the reason code is the timer value.
  awaitable<bool> timed_out(const Request& r) {
    const rc::TimerSetting timer = rc::timer_setting(r.irm.timer);
    const std::uint32_t code = !timer.valid ? rc::kDefaultTimerExpired
                               : keeps_socket(r) ? rc::kTimerExpiredKept
                                                 : rc::kTimerExpired;
    co_return co_await refuse(r, code, r.irm.timer);
  }

  // Waits for an OTMA reply until the message's timer runs out.
  awaitable<std::optional<otma::OtmaReply>> ask_otma(otma::OtmaMessage m, std::optional<std::chrono::milliseconds> wait) {
    auto pending = std::make_shared<PendingReply>(lowest(stream_).get_executor());
    pending->timer.expires_at(wait ? Clock::now() + *wait : Clock::time_point::max());
    conn_.send(std::move(m), [pending](otma::OtmaReply reply) {
      pending->reply = std::move(reply);
      pending->timer.cancel();
    });
    boost::system::error_code ec;
    co_await pending->timer.async_wait(asio::redirect_error(use_awaitable, ec));
    co_return std::move(pending->reply);
  }

  // ---- one held message to the client, and its ACK or NAK --------------------------------
  struct Delivered {
    enum class Kind : std::uint8_t { Acked, Naked, Ended, Gone } kind = Kind::Gone;
    std::optional<Request> answer;  // the client's ACK/NAK/DEALLOCATE (its IRM_TIMER matters)
  };

  // `taker`: this client as it took the message (a sync callout request may then be
  // answered by it alone). `if_lost`: what happens to it when the client does not take it.
  awaitable<Delivered> deliver(otma::HeldMessage m, const Request& r, const DatastoreDef& ds,
                               const otma::CalloutTaker& taker, Undeliverable if_lost,
                               const std::string& reroute_to) {
    Delivered d;
    Reply out;
    if (conn_.generated_client_id() && (r.irm.f1 & irmf::kF1CidReq)) out.generated_client_id = conn_.client_id();
    if (m.sync_callout) out.correlation_token = m.correlation;
    out.segments = to_segments(m.segments, r.encoding, ctx_.code_page);
    out.csm = Csm{static_cast<std::uint8_t>(replyf::kProtocolLevelValid | replyf::kAckNakNeeded),
                  replyf::kLevelRacfRc};
    const ClientAnswer lost;
    if (!co_await send(out, r.format, r.encoding)) {
      conn_.settle(std::move(m), lost, taker, if_lost, reroute_to);
      co_return d;
    }
    // The client ACKs or NAKs within the data store's ACKTO.
    set_deadline(std::chrono::seconds(ds.ackto > 0 ? ds.ackto : 120));
    Bytes next;
    const bool got = co_await read_message(next);
    set_deadline(std::nullopt);
    if (!got) {
      conn_.settle(std::move(m), lost, taker, if_lost, reroute_to);
      co_return d;
    }
    DecodeResult dr = decode_request(ByteView(next), decode_options());
    if (!dr.ok()) {
      conn_.settle(std::move(m), lost, taker, if_lost, reroute_to);
      co_await send(rsm_reply(*dr.error), dr.format, dr.encoding);
      co_return d;
    }
    const Request& a = *dr.request;
    ClientAnswer answer;
    switch (a.irm.type) {
      case MessageType::Ack:
        answer.kind = ClientAnswer::Kind::Ack;
        d.kind = Delivered::Kind::Acked;
        break;
      case MessageType::Nak:
        // IRM_F0 X'20': keep a callout request on the queue; X'10': IRM_NAK_RSNCDE is the reason.
        answer.kind = ClientAnswer::Kind::Nak;
        answer.keep_callout = a.irm.f0 & irmf::kF0SyncNak;
        answer.nak_reason = (a.irm.f0 & irmf::kF0NakRsn) ? a.irm.nak_reason : 0;
        d.kind = Delivered::Kind::Naked;
        break;
      case MessageType::Deallocate:
        answer.kind = ClientAnswer::Kind::Deallocate;
        d.kind = Delivered::Kind::Ended;
        break;
      case MessageType::SynResp:
      case MessageType::SynRespA:
        if (m.sync_callout) {
          // The response in place of the ACK: it acknowledges the request too.
          answer.kind = ClientAnswer::Kind::CalloutResponse;
          conn_.settle(std::move(m), answer, taker, if_lost, reroute_to);
          d.answer = a;
          co_await callout_response(a);
          d.kind = Delivered::Kind::Acked;
          co_return d;
        }
        [[fallthrough]];
      default:
        conn_.settle(std::move(m), lost, taker, if_lost, reroute_to);
        co_await refuse(a, rc::kConnectError, rc::kConnectProtocolError);
        co_return d;
    }
    conn_.settle(std::move(m), answer, taker, if_lost, reroute_to);
    d.answer = a;
    co_return d;
  }

  // Waits until `deadline` for output on member/tpipe (`watch`), or just for the deadline.
  // Arrived: something came (or the tpipe was stopped): look again. The client is not
  // expected to send anything meanwhile, so the socket turning readable means it hung up (or
  // broke the protocol): ClientGone, and a RESUME TPIPE waiting forever does not outlive it.
  enum class Waited : std::uint8_t { Arrived, TimedOut, ClientGone };
  awaitable<Waited> wait_for_output(const DatastoreDef& ds, const std::string& tpipe, otma::Want want,
                                    std::optional<Clock::time_point> deadline, bool watch) {
    struct Signal {
      explicit Signal(asio::any_io_executor ex) : timer(ex) {}
      asio::steady_timer timer;
      bool woken = false;
    };
    asio::any_io_executor ex = lowest(stream_).get_executor();
    auto sig = std::make_shared<Signal>(ex);
    sig->timer.expires_at(deadline ? *deadline : Clock::time_point::max());
    std::unique_ptr<Connection::OutputWatch> watching;
    if (watch) {
      std::weak_ptr<Signal> weak = sig;
      watching = conn_.watch_output(ds, tpipe, want, [weak] {
        if (auto s = weak.lock()) {
          s->woken = true;
          s->timer.cancel();
        }
      });
      if (watching->already_there()) sig->woken = true;
    }
    boost::system::error_code ec, ec_read;
    bool gone = false;
    if (!sig->woken && !closed_) {
      using namespace asio::experimental::awaitable_operators;
      waiting_ = &sig->timer;  // close() ends the wait too
      for (;;) {
        auto which = co_await (sig->timer.async_wait(asio::redirect_error(use_awaitable, ec)) ||
                               lowest(stream_).async_wait(tcp::socket::wait_read,
                                                          asio::redirect_error(use_awaitable, ec_read)));
        if (which.index() == 0) break;
        // The reactor may report a readiness that a synchronous read has already used up:
        // only bytes or an end of file that are really there count.
        std::uint8_t peek;
        const ssize_t n = ::recv(lowest(stream_).native_handle(), &peek, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) && !closed_ && !sig->woken)
          continue;
        gone = true;
        break;
      }
      waiting_ = nullptr;
    }
    watching.reset();
    if (gone || closed_) co_return Waited::ClientGone;
    co_return sig->woken ? Waited::Arrived : Waited::TimedOut;
  }

  // ---- RESUME TPIPE ------------------------------------------------------------------------
  enum class ResumeOption : std::uint8_t { Single, SingleWait, Auto, NoAuto };
  static ResumeOption resume_option(std::uint8_t f5) {
    if (f5 & irmf::kF5Single) return ResumeOption::Single;
    if (f5 & irmf::kF5SingleWait) return ResumeOption::SingleWait;
    if (f5 & irmf::kF5Auto) return ResumeOption::Auto;
    return ResumeOption::NoAuto;  // X'04', and X'00' ("no option" behaves like noauto)
  }

  awaitable<bool> resume_tpipe(const Request& r) {
    // Callout messages need the correlation token field, which starts at IRM_ARCH3 (IBM:
    // RC 4 RSN 9 otherwise).
    if ((r.irm.f0 & (irmf::kF0SynOnly | irmf::kF0SynAsyn)) && r.irm.arch < 3)
      co_return co_await refuse(r, rc::kExitError, rc::kBufferInvalid);
    bool keep = false;
    auto adm = co_await admit(r, keep);
    if (!adm) co_return keep;

    otma::ResumeRequest q;
    q.tmember = adm->ds->member;
    q.tpipe = r.irm.alt_client_id.empty() ? conn_.client_id() : core::upper(core::trim(r.irm.alt_client_id));
    q.security = Connection::security_of(adm->who);
    q.want = (r.irm.f0 & irmf::kF0SynOnly)   ? otma::Want::SyncOnly
             : (r.irm.f0 & irmf::kF0SynAsyn) ? otma::Want::Both
                                             : otma::Want::Async;
    const ResumeOption opt = resume_option(r.irm.f5);
    // Named, not temporaries: g++ 12 miscompiles a co_await on a call given a temporary that
    // owns memory.
    const otma::CalloutTaker taker{conn_.client_id(), adm->who.userid};
    const std::string no_reroute;

    // IBM: X'00' waits 2 s for a RESUME TPIPE, and NO_WAIT is enforced as 2 s too.
    const auto rt_default = std::chrono::milliseconds(2000);
    auto wait = timer_wait(r.irm.timer, rt_default, false);
    std::optional<Clock::time_point> deadline;
    if (wait) deadline = Clock::now() + *wait;
    Request timer_of = r;      // whose IRM_TIMER the timeout RSM reports
    bool quiet_end = false;    // an ACK with NO_WAIT: no timeout notification
    bool first = true;
    int delivered = 0;
    for (;;) {
      otma::ResumeResult res = conn_.resume_next(q, first);
      first = false;
      switch (res.kind) {
        case otma::ResumeResult::Kind::Refused:
          co_return co_await refuse(r, rc::kOtmaSense, res.nak.sense, res.nak.reason);
        case otma::ResumeResult::Kind::Stopped:
          co_return co_await refuse(r, rc::kConnectError, rc::kResumeTpipeCancelled);
        case otma::ResumeResult::Kind::Message: {
          ++delivered;
          Delivered d = co_await deliver(std::move(*res.message), r, *adm->ds, taker, Undeliverable::Keep,
                                         no_reroute);
          if (d.kind == Delivered::Kind::Gone) co_return false;
          const Request& a = *d.answer;
          const bool nowait = rc::timer_setting(a.irm.timer).kind == rc::TimerSetting::Kind::NoWait;
          if (d.kind == Delivered::Kind::Ended) co_return keeps_socket(a);
          if (d.kind == Delivered::Kind::Naked || opt == ResumeOption::Single ||
              opt == ResumeOption::SingleWait) {
            // One message, or a NAK (which resets the option to no-auto and ends the wait):
            // the client hears the timeout unless it asked for no wait.
            if (nowait) co_return keeps_socket(a);
            co_return co_await timed_out(a);
          }
          // Auto / no-auto go on; the ACK's timer now says how long to wait (IBM: 0.25 s for
          // X'00' after a non-single ACK).
          timer_of = a;
          quiet_end = nowait;
          auto next = timer_wait(a.irm.timer, std::chrono::milliseconds(250), true);
          deadline = next ? std::optional<Clock::time_point>(Clock::now() + *next) : std::nullopt;
          continue;
        }
        case otma::ResumeResult::Kind::Empty:
          break;
      }
      if (opt == ResumeOption::Single && delivered == 0) co_return co_await timed_out(r);
      if (quiet_end) co_return keeps_socket(timer_of);
      // Auto and single-with-wait take what arrives while they wait; no-auto only drains.
      const bool watch = opt == ResumeOption::Auto || opt == ResumeOption::SingleWait;
      switch (co_await wait_for_output(*adm->ds, q.tpipe, q.want, deadline, watch)) {
        case Waited::ClientGone:
          co_return false;
        case Waited::TimedOut:
          co_return co_await timed_out(timer_of);
        case Waited::Arrived:
          break;
      }
    }
  }

  // ---- synchronous callout response (IRM_F4 'L' with ACK wanted, 'M' without) -------------
  awaitable<bool> callout_response(const Request& r) {
    if (r.irm.arch < 3) co_return co_await refuse(r, rc::kExitError, rc::kBufferInvalid);
    bool keep = false;
    auto adm = co_await admit(r, keep);
    if (!adm) co_return keep;
    otma::Correlation token;
    std::copy(r.irm.correlation_token.begin(), r.irm.correlation_token.end(), token.begin());
    const bool taken = conn_.callout_response(token, *adm, data_of(r)) == otma::CalloutAnswer::Accepted;
    // Every refusal gets the answer an unknown token gets (the core logged why).
    if (r.irm.type == MessageType::SynRespA) {
      if (!taken) co_return co_await refuse(r, rc::kConnectError, rc::kContextTokenNotFound);
      Reply ack;
      ack.csm = Csm{replyf::kProtocolLevelValid, replyf::kLevelRacfRc};
      if (!co_await send(ack, r.format, r.encoding)) co_return false;
    }
    co_return keeps_socket(r);
  }

  // ---- send-receive and the send-only types ------------------------------------------------
  awaitable<bool> transaction(const Request& r) {
    if (r.irm.sync_level() == SyncLevel::Syncpt)  // RRS two-phase commit is not offered
      co_return co_await refuse(r, rc::kConnectError, rc::kFunctionNotFound);
    bool keep = false;
    auto adm = co_await admit(r, keep);
    if (!adm) co_return keep;
    const DatastoreDef& ds = *adm->ds;
    const Identity& who = adm->who;

    const bool send_only = r.irm.type != MessageType::SendReceive;
    const bool cm0 = r.irm.commit_mode() == CommitMode::Cm0;
    otma::OtmaMessage m;
    m.tmember = ds.member;
    // IBM: the CM1 tpipe is the port number; CM0 and send-only output goes to the tpipe named
    // by the client ID.
    m.tpipe = (cm0 || send_only) ? conn_.client_id() : std::to_string(conn_.peer().port);
    m.segments = data_of(r);
    m.security = Connection::security_of(who);
    m.delivery = send_only ? otma::Delivery::SendOnly : cm0 ? otma::Delivery::Cm0 : otma::Delivery::Cm1;

    // The wait for IMS: IRM_TIMER, else the TCPIP TIMEOUT=. IBM enforces NO_WAIT on the
    // send-receive of a non-conversational transaction as a 2-second wait ("Timeout
    // specifications on input messages"); on the send-only types it means no wait.
    const bool nowait_send_receive = r.irm.type == MessageType::SendReceive &&
                                     rc::timer_setting(r.irm.timer).kind == rc::TimerSetting::Kind::NoWait;
    const std::optional<std::chrono::milliseconds> wait =
        nowait_send_receive ? std::optional(std::chrono::milliseconds(2000))
                            : timer_wait(r.irm.timer, tcpip_timeout(), true);
    auto reply = co_await ask_otma(std::move(m), wait);
    if (closed_) co_return false;

    if (!reply) {
      // IMS did not answer in time. Send-only messages are in IMS already; nothing is owed.
      // CM0 output, when it comes, waits on the client's tpipe for a RESUME TPIPE.
      if (r.irm.type == MessageType::SendOnly) co_return keeps_socket(r);
      co_return co_await timed_out(r);
    }

    if (reply->kind == otma::OtmaReply::Kind::Nak) {
      hws_log("HWSD0262W", "OTMA NAK for client " + conn_.client_id() + " user " + who.userid +
                               ": " + reply->message);
      if (r.irm.type == MessageType::SendOnly) co_return false;
      const bool keep = co_await refuse(r, rc::kOtmaSense, reply->sense, reply->reason);
      co_return keep && !reply->end_connection;  // a policy that blocks ends the connection
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

    if (cm0) co_return co_await commit_then_send(r, ds, who, reply->held_id);

    Reply out;
    if (conn_.generated_client_id() && (r.irm.f1 & irmf::kF1CidReq)) out.generated_client_id = conn_.client_id();
    out.segments = to_segments(reply->segments, r.encoding, ctx_.code_page);
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
        hws_log("HWSD0263W", "client " + conn_.client_id() + " NAKed the output of " +
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

  // Commit mode 0: the output is on the client's tpipe already; send it, and the client's
  // ACK dequeues it. Output the client does not take stays on the tpipe (or is rerouted or
  // purged, as IRM_F3 asks) for a later RESUME TPIPE.
  awaitable<bool> commit_then_send(const Request& r, const DatastoreDef& ds, const Identity& who,
                                   std::uint64_t held_id) {
    auto held = conn_.take_cm0_output(ds, held_id);
    if (!held) {
      // No output (the program did not reply and DFS2082 was not asked for), or a RESUME
      // TPIPE on the same tpipe took it first.
      if (r.irm.f3 & irmf::kF3Dfs2082) {
        Reply out;
        out.segments = to_segments({kDfs2082Text}, r.encoding, ctx_.code_page);
        out.csm = Csm{replyf::kProtocolLevelValid, replyf::kLevelRacfRc};
        if (!co_await send(out, r.format, r.encoding)) co_return false;
        co_return keeps_socket(r);
      }
      co_return co_await timed_out(r);
    }
    const bool purge = r.irm.f3 & irmf::kF3Purge, reroute = r.irm.f3 & irmf::kF3Reroute;
    Undeliverable u = Undeliverable::Keep;
    if (purge && !reroute) u = Undeliverable::Purge;
    if (reroute && !purge) u = Undeliverable::Reroute;
    if (purge && reroute)
      hws_log("DFS2407W", "client " + conn_.client_id() + " asked for both PURGE and REROUTE: neither is done");
    const std::string reroute_to =
        r.irm.reroute_name.empty() ? std::string(otma::kDefaultRerouteTpipe) : core::upper(core::trim(r.irm.reroute_name));
    const otma::CalloutTaker taker{conn_.client_id(), who.userid};
    Delivered d = co_await deliver(std::move(*held), r, ds, taker, u, reroute_to);
    if (d.kind == Delivered::Kind::Gone) co_return false;
    const Request& a = *d.answer;
    if (d.kind == Delivered::Kind::Ended) co_return keeps_socket(a);
    // After the ACK or NAK the client waits for the timeout notification unless it sent
    // NO_WAIT (protocol level 2, IRM_F1 X'02' with IRM_TIMER X'E9').
    if (rc::timer_setting(a.irm.timer).kind == rc::TimerSetting::Kind::NoWait) co_return keeps_socket(a);
    co_return co_await timed_out(a);
  }

  ServerContext& ctx_;
  Stream stream_;
  ConnectionDeadline deadline_;
  Framer framer_;
  // TLS reads through OpenSSL into this; a plain socket reads into its thread's buffer.
  struct NoBuffer {};
  std::conditional_t<std::is_same_v<Stream, TlsStream>, std::array<std::uint8_t, 16384>, NoBuffer> buf_{};
  Connection conn_;  // the core: client ID, admission, OTMA
  bool closed_ = false;
  asio::steady_timer* waiting_ = nullptr;  // the RESUME TPIPE wait in progress, if any
};

}  // namespace

void start_irm_session(ServerContext& ctx, tcp::socket socket, asio::ssl::context* tls,
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

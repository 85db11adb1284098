#pragma once
// One client of IMS Connect as the core sees it, whatever door it came in by (doors/irm today,
// doors/drda next): its client ID, the admission of each message (data store, then IMS
// Connect's security: IMSLSECX, RACFID=, certificates and trusted clients, UIDCACHE, VERIFY on
// the verify pool), and its side of OTMA (the input message, CM0 output and its ACK, NAK,
// reroute or purge, RESUME TPIPE, synchronous callout). A door turns its protocol's messages
// into these calls and their answers (Refusal's IMS Connect return and reason codes) into its
// protocol's replies.
//
// Nothing here waits: what takes time (a VERIFY, IMS's reply) answers through a callback that
// the door's executor runs. So the core runs the same in a coroutine, in a test's loop and in
// a fuzz target. One Connection is used from one executor at a time (its door's); the
// ServerContext it shares is thread-safe.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/asio/any_io_executor.hpp>

#include "audit/context.h"
#include "connect/authenticator.h"
#include "connect/client_registry.h"
#include "connect/server_context.h"
#include "connect/sign_on.h"
#include "otma/client.h"

namespace zgate::connect {

// Why IMS Connect did not take a message: the RSM's return and reason codes, the RACF return
// code (RSM_RACFRC), and the text for the log (never a credential).
struct Refusal {
  std::uint32_t return_code = 0, reason_code = 0;
  std::uint8_t racf_rc = 0;
  std::string why;
};

// A message IMS Connect admitted: its data store and who it runs as.
struct Admitted {
  const DatastoreDef* ds = nullptr;
  Identity who;
};

// CM0 output (or a RESUME TPIPE's message) the client did not take: left on its tpipe for a
// later RESUME TPIPE, rerouted to another tpipe (IRM_F3 X'08'), or purged (IRM_F3 X'04').
enum class Undeliverable : std::uint8_t { Keep, Reroute, Purge };

// What the client answered to a delivered message.
struct ClientAnswer {
  enum class Kind : std::uint8_t {
    Ack,              // take it off the queue
    Nak,              // back to the queue (a sync callout request only when `keep_callout`)
    Deallocate,       // the client ended the exchange: the message stays queued
    CalloutResponse,  // a sync callout response in place of the ACK: acknowledges the request
    Lost,             // no answer (timeout, disconnect, garbage): `Undeliverable` decides
  };
  Kind kind = Kind::Lost;
  bool keep_callout = false;    // NAK of a sync callout request: keep it queued
  std::uint16_t nak_reason = 0;
};

class Connection {
 public:
  // `executor`: where the callbacks of verify() and send() run (the door's).
  Connection(ServerContext& ctx, boost::asio::any_io_executor executor, PeerIdentity peer);
  ~Connection();  // frees the client ID
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  PeerIdentity& peer() { return peer_; }  // the door adds what its handshake learns (TLS)
  const PeerIdentity& peer() const { return peer_; }
  // The address without its port: whose sign-ons the VerifyQueue counts together.
  const std::string& source() const { return source_; }
  std::uint64_t id() const { return id_; }
  // What the audit trail knows of this connection (its correlation ID, the client's address
  // and certificate, the door, the data store of the last admission): the doors open an
  // audit::Scope with it around their own synchronous work; the core does around its own.
  audit::Context audit_context() const;
  // An IMS Connect record of this connection (component IMSCONN, no SMF 80 event code):
  // refusals, TLS failures, NAKs, each with what the client got.
  struct Note {
    const char* code;          // REFUSED, TLS_HANDSHAKE, OTMA_NAK, ...
    std::string detail;
    std::string client_code;
    std::string user;
    int racf_rc = 0;
    int severity = 0;
    std::string resource;
  };
  void audit_note(const Note& n) const;

  // ---- the client ID -----------------------------------------------------------------------
  // IBM: a client ID names one client at a time; the first message of a connection sets it.
  // `requested` empty or `generate`: IMS Connect generates one (HWS...). `cancel_holder`
  // (IRM_F3 X'80'): cancel the connection that holds it, which waits until this client is
  // admitted (admitted()), so that a message IMS Connect does not admit (a DEALLOCATE, an ACK,
  // a wrong password) cannot close someone else's connection; `will_be_admitted` says whether
  // this message is one IMS Connect admits at all. `cancel_me` ends this connection (the
  // registry calls it when another client takes the ID over).
  enum class ClientIdOutcome : std::uint8_t { Ok, Invalid, Duplicate };
  ClientIdOutcome establish_client_id(std::string_view requested, bool generate, bool cancel_holder,
                                      bool will_be_admitted, ClientRegistry::Canceller cancel_me);
  const std::string& client_id() const { return client_id_; }
  bool generated_client_id() const { return generated_; }

  // ---- admission ---------------------------------------------------------------------------
  // The data store must be defined and active, and the user must pass IMS Connect's checks.
  // Step 1 decides whatever it can on the calling thread; what it cannot is a password or
  // phrase VERIFY (Argon2id, milliseconds of CPU): run it with verify(), then step 2.
  using Admission = std::variant<Admitted, Refusal, Authenticator::PendingVerify>;
  Admission begin_admission(const std::string& datastore, const SignOn& who);
  // Runs the VERIFY on the verify pool, fairly by client address and user ID (VerifyQueue:
  // one beyond its budget is refused at once, before any hash), and calls `done` on the
  // connection's executor. A VERIFY that throws refuses the message.
  void verify(std::function<AuthResult()> check, const std::string& user,
              std::function<void(AuthResult)> done);
  void verify(Authenticator::PendingVerify pending, std::function<void(AuthResult)> done);
  // Step 2: the VERIFY's answer, and the client-ID cancel establish_client_id left waiting.
  std::variant<Admitted, Refusal> end_admission(const std::string& datastore, AuthResult verified);

  // HWSPWCH: the old password verified and the new one set, on the verify pool.
  void change_password(const std::string& datastore, const SignOn& asked, const std::string& named_client_id,
                       core::SecretString old_password, core::SecretString new_password,
                       std::function<void(AuthResult)> done);

  // ---- OTMA --------------------------------------------------------------------------------
  // The security data OTMA gets for an admitted user (never a password).
  static otma::SecurityData security_of(const Identity& who);
  // The input message, to OTMA; `done` runs on the connection's executor.
  void send(otma::OtmaMessage m, std::function<void(otma::OtmaReply)> done);
  // CM0: the output the send-receive is owed (nullopt: none, or a RESUME TPIPE took it).
  std::optional<otma::HeldMessage> take_cm0_output(const DatastoreDef& ds, std::uint64_t held_id);
  // RESUME TPIPE: the next message (authorized as it is taken).
  otma::ResumeResult resume_next(const otma::ResumeRequest& r, bool first);
  // The client's answer to a delivered message, as IMS Connect passes it on. `taker`: this
  // client as it took the message (a sync callout request may then be answered by it alone).
  void settle(otma::HeldMessage m, const ClientAnswer& answer, const otma::CalloutTaker& taker,
              Undeliverable if_lost, const std::string& reroute_to);
  // A synchronous callout response.
  otma::CalloutAnswer callout_response(const otma::Correlation& token, const Admitted& adm,
                                       std::vector<std::string> segments);
  // Output arriving on member/tpipe while a RESUME TPIPE waits: `wake` runs on the
  // connection's executor once per message until the returned watch is destroyed. The watch
  // says whether something was already there when it started.
  class OutputWatch {
   public:
    OutputWatch(otma::Client& otma, std::uint64_t handle, bool already) : otma_(otma), handle_(handle), already_(already) {}
    ~OutputWatch() { otma_.unwatch(handle_); }
    OutputWatch(const OutputWatch&) = delete;
    OutputWatch& operator=(const OutputWatch&) = delete;
    bool already_there() const { return already_; }

   private:
    otma::Client& otma_;
    std::uint64_t handle_;
    bool already_;
  };
  std::unique_ptr<OutputWatch> watch_output(const DatastoreDef& ds, const std::string& tpipe, otma::Want want,
                                            std::function<void()> wake);

 private:
  Refusal refused(std::uint32_t rc, std::uint32_t rsn, std::uint8_t racf_rc, std::string why) const;
  const DatastoreState* datastore(const std::string& name) const;
  void abandon_pending_client_id();
  std::optional<Refusal> take_over_client_id(const Identity& who);

  ServerContext& ctx_;
  boost::asio::any_io_executor executor_;
  PeerIdentity peer_;
  std::string source_;
  std::uint64_t id_;
  std::string client_id_;
  ClientRegistry::Canceller cancel_me_;
  bool cancel_pending_ = false;   // client_id_ is held by another connection, to cancel once admitted
  bool holder_recorded_ = false;  // the registry knows which user this connection was admitted as
  bool generated_ = false;
  std::string admitted_user_;     // the first user IMS Connect admitted on this connection
  std::string correlation_;       // audit: ties this connection's events together
  std::string last_datastore_;    // audit: the data store the last message named
};

}  // namespace zgate::connect

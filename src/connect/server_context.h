#pragma once
// What every connection of one IMS Connect shares (internal to src/connect).
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/ssl/context.hpp>

#include "audit/sink.h"
#include "connect/authenticator.h"
#include "connect/client_id.h"
#include "connect/client_registry.h"
#include "connect/verify_queue.h"
#include "connect/hwscfg.h"
#include "core/ebcdic.h"
#include "otma/otma.h"
#include "saf/security_manager.h"

namespace zgate::connect {

struct DatastoreState {
  DatastoreDef def;
  bool active = false;    // the client-bid was accepted
  std::string why;        // when not active
};

struct ServerContext {
  ServerContext(const HwsConfig& h, core::CodePage cp, saf::SecurityManager& s, audit::Sink& k,
                otma::Otma& o, Authenticator& a)
      : hws(h), code_page(cp), saf(s), sink(k), otma(o), auth(a) {
    for (const auto& e : h.exits) {
      if (e == "HWSSMPL0") serves_hwssmpl0 = true;
      if (e == "HWSSMPL1") serves_hwssmpl1 = true;
    }
  }

  // TCPIP EXIT=: the user message exits loaded. A message whose IRM_ID names another is
  // refused as an unknown exit.
  bool serves(ExitFormat f) const { return f == ExitFormat::Hwssmpl0 ? serves_hwssmpl0 : serves_hwssmpl1; }

  const HwsConfig& hws;
  core::CodePage code_page;
  saf::SecurityManager& saf;
  audit::Sink& sink;
  otma::Otma& otma;
  Authenticator& auth;
  std::map<std::string, DatastoreState> datastores;  // fixed after start()
  std::vector<std::uint16_t> ports;
  ClientRegistry clients;
  ClientIdGenerator client_ids;
  std::atomic<int> open_sockets{0};  // connections, for MAXSOC
  std::atomic<std::uint64_t> next_session{1};
  std::atomic<bool> stopping{false};
  // Where password and phrase VERIFYs run (Argon2id: milliseconds of CPU each), so that wrong
  // passwords sent fast keep one core busy at most and never hold up an I/O thread's other
  // connections. Set by the server when it builds this context.
  boost::asio::thread_pool* verify_pool = nullptr;
  VerifyQueue verify_queue;  // whose VERIFY the pool runs next (verify_queue.h)

 private:
  bool serves_hwssmpl0 = false, serves_hwssmpl1 = false;
};

// Starts the coroutine of one accepted connection. The session owns itself and ends when the
// connection does. `tls` is null for a plain port.
void start_session(ServerContext& ctx, boost::asio::ip::tcp::socket socket,
                   boost::asio::ssl::context* tls, std::uint16_t port);

// One line on the server log (stderr), with IMS Connect's message ID where IBM has one.
void hws_log(std::string_view message_id, std::string_view text);  // control characters escaped
std::string log_safe(std::string_view text);

}  // namespace zgate::connect

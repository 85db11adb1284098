#pragma once
// The IMS Connect server: one listener per TCPIP PORT= and for ODACCESS DRDAPORT= (TLS where
// the configuration says),
// a small pool of I/O threads running one coroutine per connection (Boost.Asio, C++20
// coroutines), the DATASTORE connections to OTMA made by client-bid at start, and the limits
// of the TCPIP statement (MAXSOC, TIMEOUT, MAXSIZE).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "audit/sink.h"
#include "connect/hwscfg.h"
#include "core/ebcdic.h"
#include "odbm/odbm.h"
#include "otma/client.h"
#include "saf/security_manager.h"
#include "tm/io_threads.h"

namespace zgate::connect {

class Authenticator;
class SecurityExit;
class DbSecurityExit;

struct ServerOptions {
  HwsConfig hws;
  int threads = 2;
  core::CodePage code_page = core::CodePage::IBM037;  // for EBCDIC clients
  std::shared_ptr<SecurityExit> security_exit;       // IMSLSECX-style exit, if configured
  std::shared_ptr<DbSecurityExit> db_security_exit;  // HWSAUTH0, for the DRDA port's sign-ons
  // ODBM behind ODACCESS DRDAPORT= (null: the DRDA port answers every allocation with
  // RDBAFLRM). Its DL/I calls run on a pool of odbm->options().max_threads threads.
  odbm::Odbm* odbm = nullptr;
};

class Server {
 public:
  Server(ServerOptions opt, saf::SecurityManager& saf, audit::Sink& sink, otma::Client& otma);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds every port (throws std::runtime_error naming the port that cannot be bound) and
  // makes the client-bid of every DATASTORE (a refused bid leaves that data store inactive:
  // its messages get RSM RC 8 RSN 72, and start-up says why).
  void start();
  // Runs the I/O threads until stop(); the calling thread is one of them.
  void run();
  // Thread-safe: closes the listeners and every connection; run() returns.
  void stop();

  std::vector<std::uint16_t> ports() const;
  // The ODACCESS DRDA port as bound (0: none).
  std::uint16_t drda_port() const;
  // The user ID this IMS Connect bids with (RACFID=, else its HWS ID=).
  std::string own_userid() const;
  Authenticator& authenticator();
  std::size_t open_connections() const;
  // The I/O threads, for the transaction manager's regions to read their programs' answers on
  // (TransactionManager::lend_io_threads, before it starts).
  tm::IoThreads& io_threads();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zgate::connect

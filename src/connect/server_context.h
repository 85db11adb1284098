#pragma once
// What every connection of one IMS Connect shares, whatever its door (internal to src/connect).
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/thread_pool.hpp>

#include "audit/sink.h"
#include "connect/authenticator.h"
#include "connect/client_id.h"
#include "connect/client_registry.h"
#include "connect/verify_queue.h"
#include "connect/hwscfg.h"
#include "connect/hws_log.h"
#include "core/ebcdic.h"
#include "core/secret.h"
#include "odbm/odbm.h"
#include "otma/client.h"
#include "saf/security_manager.h"

namespace zgate::connect {

class DbSecurityExit;

struct DatastoreState {
  DatastoreDef def;
  bool active = false;    // the client-bid was accepted
  std::string why;        // when not active
};

struct ServerContext {
  ServerContext(const HwsConfig& h, core::CodePage cp, saf::SecurityManager& s, audit::Sink& k,
                otma::Client& o, Authenticator& a)
      : hws(h), code_page(cp), saf(s), sink(k), otma(o), auth(a) {}

  // TCPIP EXIT=: is this user message exit (HWSSMPL0, HWSSMPL1) loaded? A message whose IRM_ID
  // names another is refused as an unknown exit.
  bool loads_exit(std::string_view name) const {
    return std::find(hws.exits.begin(), hws.exits.end(), name) != hws.exits.end();
  }

  const HwsConfig& hws;
  core::CodePage code_page;
  saf::SecurityManager& saf;
  audit::Sink& sink;
  otma::Client& otma;  // IMS, as an OTMA client sees it
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
  // ODBM, behind the DRDA port (ODACCESS DRDAPORT=): null when there is none. Its threads'
  // DL/I calls may wait for record locks, so they run on `odbm_pool` (one pool thread per
  // ODBM thread it allows), never on an I/O thread.
  odbm::Odbm* odbm = nullptr;
  boost::asio::thread_pool* odbm_pool = nullptr;
  // The installation's RACO key, read once when ODBM is set up (it does not change): each
  // ACCRDB seals a RACO with it, without a trip to the security database.
  core::SecretString raco_key;
  // HWSAUTH0: called first for every DRDA sign-on, when loaded.
  std::shared_ptr<DbSecurityExit> db_security_exit;
};

}  // namespace zgate::connect

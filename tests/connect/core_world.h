#pragma once
// An IMS Connect core without a door, for the core's tests and its fuzz target: a real security
// manager (SQLite in memory, cheap Argon2id) with users CLERK and OTHER (password SECRET1), an
// HWSCFG with RACF=Y and one active data store IMS1, a fake IMS (fake_otma.h), the verify pool,
// and an io_context standing for the door's executor.
#include <memory>
#include <optional>
#include <variant>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "audit/sink.h"
#include "connect/authenticator.h"
#include "connect/connection.h"
#include "connect/server_context.h"
#include "core/clock.h"
#include "fake_otma.h"
#include "saf/bootstrap.h"
#include "saf/security_manager.h"
#include "saf/store/store.h"

namespace zgate::connect::testing {

struct CoreWorld {
  CoreWorld() : clock(1'790'000'000), sm(saf::store::open_sqlite(":memory:"), sink, clock, saf::HashCost{1, 8192}) {
    saf::bootstrap_if_empty(sm);
    for (const char* u : {"CLERK", "OTHER"}) {
      saf::User user;
      user.id = u;
      user.owner = "IBMUSER";
      user.default_group = "SYS1";
      user.connects.push_back(saf::Connect{"SYS1"});
      user.password_hash = sm.hash_secret("SECRET1");
      user.password_date = clock.now();
      sm.put_user(user);
    }
    hws.id = "HWS1";
    hws.racf = true;
    hws.exits = {"HWSSMPL1"};
    DatastoreDef ds;
    ds.id = "IMS1";
    ds.group = "XCFGRP1";
    ds.member = "HWS1";
    ds.tmember = "IMS1";
    hws.datastores.push_back(ds);
    rebuild();
  }
  // The pool's thread finishes a VERIFY's bookkeeping (VerifyQueue::finished) after the answer
  // is posted: it must be done before the context goes (zgate's Server joins it first too).
  ~CoreWorld() { pool.join(); }

  // A client of this IMS Connect, as a door makes one.
  std::unique_ptr<Connection> connection(std::string address = "10.0.0.1:4000") {
    PeerIdentity peer;
    peer.address = std::move(address);
    peer.port = 9999;
    peer.door = "IRM";
    return std::make_unique<Connection>(*ctx, io.get_executor(), peer);
  }

  static SignOn sign_on(std::string user, std::string password) {
    SignOn s;
    s.userid = std::move(user);
    s.password = core::SecretString(password);
    s.transaction_code = "PAYTXN";
    return s;
  }

  // Runs admission to its end as a door does: step 1, the VERIFY on the pool, step 2.
  std::variant<Admitted, Refusal> admit(Connection& c, const SignOn& s, const std::string& ds = "IMS1") {
    auto step = c.begin_admission(ds, s);
    if (auto* a = std::get_if<Admitted>(&step)) return std::move(*a);
    if (auto* r = std::get_if<Refusal>(&step)) return std::move(*r);
    std::optional<AuthResult> verified;
    c.verify(std::move(std::get<Authenticator::PendingVerify>(step)), [&](AuthResult r) { verified = std::move(r); });
    while (!verified) io.run_one();
    return c.end_admission(ds, std::move(*verified));
  }

  // The server's objects for the configuration `hws` says now.
  void rebuild() {
    ctx.reset();
    auth = std::make_unique<Authenticator>(sm, hws);
    ctx = std::make_unique<ServerContext>(hws, core::CodePage::IBM037, sm, sink, otma, *auth);
    for (const auto& d : hws.datastores) ctx->datastores.emplace(d.id, DatastoreState{d, true, {}});
    ctx->verify_pool = &pool;
  }

  core::ManualClock clock;
  audit::MemorySink sink;
  saf::SecurityManager sm;
  HwsConfig hws;
  FakeOtma otma;
  boost::asio::io_context io;
  // run_one() waits for the pool's answer instead of returning at once for want of work.
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> io_work = boost::asio::make_work_guard(io);
  boost::asio::thread_pool pool{1};
  std::unique_ptr<Authenticator> auth;
  std::unique_ptr<ServerContext> ctx;
};

}  // namespace zgate::connect::testing

#include "connect/server.h"

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <mutex>
#include <thread>

#include <openssl/ssl.h>

#include "connect/authenticator.h"
#include "connect/door.h"
#include "connect/io_threads.h"
#include "connect/server_context.h"

namespace zgate::connect {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// TLS 1.2 and 1.3 only, the server certificate from PEM files, client certificates checked
// against the CA file when the environment asks for them.
std::unique_ptr<asio::ssl::context> make_tls_context(const TlsEnv& env) {
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, env.tls13_only ? TLS1_3_VERSION : TLS1_2_VERSION);
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::single_dh_use);
  // TLS 1.2: forward secrecy and AEAD only, unless the TLS member names its own suites.
  if (SSL_CTX_set_cipher_list(native, env.ciphers.c_str()) != 1)
    throw std::runtime_error("the TLS environment's CIPHERS= names no cipher suite OpenSSL knows: " + env.ciphers);
  SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
  ctx->use_certificate_chain_file(env.cert_file);
  ctx->use_private_key_file(env.key_file, asio::ssl::context::pem);
  if (!env.ca_file.empty()) ctx->load_verify_file(env.ca_file);
  switch (env.client_auth) {
    case TlsEnv::ClientAuth::None:
      ctx->set_verify_mode(asio::ssl::verify_none);
      break;
    case TlsEnv::ClientAuth::Optional:
      // Ask for a certificate; one that does not verify fails the handshake, none is fine.
      ctx->set_verify_mode(asio::ssl::verify_peer);
      break;
    case TlsEnv::ClientAuth::Required:
      ctx->set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
      break;
  }
  return ctx;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, saf::SecurityManager& saf, audit::Sink& sink, otma::Client& otma)
      : opt(std::move(o)),
        auth(saf, opt.hws, opt.security_exit),
        ctx(opt.hws, opt.code_page, saf, sink, otma, auth) {
    const int n = std::max(1, opt.threads);
    for (int i = 0; i < n; ++i) {
      ios.push_back(std::make_unique<asio::io_context>(1));  // run by one thread
      work.push_back(asio::make_work_guard(*ios.back()));
    }
    io_threads = std::make_unique<AsioIoThreads>(ios);
    ctx.verify_pool = &verify_pool;
    ctx.db_security_exit = opt.db_security_exit;
    if (opt.odbm) {
      odbm_pool = std::make_unique<asio::thread_pool>(std::max<std::size_t>(1, opt.odbm->options().max_threads));
      ctx.odbm = opt.odbm;
      ctx.odbm_pool = odbm_pool.get();
      ctx.raco_key = core::SecretString(saf.raco_key());
    }
  }
  ~Impl() {
    if (odbm_pool) odbm_pool->join();
  }

  ServerOptions opt;
  Authenticator auth;
  ServerContext ctx;
  // One event loop per I/O thread, each connection on one of them (round robin at accept), as
  // a fast epoll server is built: a message's handlers never hop between threads, and no
  // thread is woken to run what the thread that has it could run.
  std::vector<std::unique_ptr<asio::io_context>> ios;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::size_t next_io = 0;  // the accepting thread's only
  std::unique_ptr<AsioIoThreads> io_threads;
  // After the event loops: destroyed (joined) first, so a VERIFY that finishes posts its
  // answer to a loop that still exists. Half the cores: an attack's hashes leave the rest.
  asio::thread_pool verify_pool{std::max(1u, std::thread::hardware_concurrency() / 2)};
  // ODBM's threads (server_context.h); joined before the event loops go, like the verify pool.
  std::unique_ptr<asio::thread_pool> odbm_pool;
  std::uint16_t drda_port = 0;
  std::unique_ptr<asio::ssl::context> tls;
  struct Listener {
    std::unique_ptr<tcp::acceptor> acceptor;
    std::uint16_t port = 0;
    bool tls = false;
    std::shared_ptr<Door> door;
  };
  std::vector<Listener> listeners;

  void accept(Listener& l) {
    // The loop's own executor, not a strand on it: one thread runs each loop, so its handlers
    // never run at once anyway, and a strand locked a mutex around every one of them.
    asio::io_context& to = *ios[next_io++ % ios.size()];
    l.acceptor->async_accept(to.get_executor(), [this, &l](boost::system::error_code ec,
                                                           tcp::socket socket) {
      if (ec) {
        if (ec == asio::error::operation_aborted || ctx.stopping) return;
        accept(l);
        return;
      }
      // MAXSOC counts every socket IMS Connect holds, its listening ports included; past it a
      // new connection is closed at once (HWSS0771W).
      const int held = ctx.open_sockets.load() + static_cast<int>(listeners.size());
      if (held >= opt.hws.maxsoc) {
        hws_log("HWSS0771W", "MAXSOC=" + std::to_string(opt.hws.maxsoc) +
                                 " reached; connection on port " + std::to_string(l.port) +
                                 " refused");
        boost::system::error_code ignore;
        socket.close(ignore);
      } else {
        ctx.open_sockets++;
        l.door->serve(ctx, std::move(socket), l.tls ? tls.get() : nullptr, l.port);
      }
      accept(l);
    });
  }
};

Server::Server(ServerOptions opt, saf::SecurityManager& saf, audit::Sink& sink, otma::Client& otma)
    : impl_(std::make_unique<Impl>(std::move(opt), saf, sink, otma)) {}

Server::~Server() {
  stop();
}

std::string Server::own_userid() const {
  const auto& h = impl_->opt.hws;
  return !h.racfid.empty() ? h.racfid : h.id;
}

void Server::start() {
  auto& im = *impl_;
  const HwsConfig& hws = im.opt.hws;
  if (hws.tls) im.tls = make_tls_context(*hws.tls);

  for (const DoorPort& p : doors_for(hws)) {
    Impl::Listener l;
    l.port = p.port;
    l.tls = p.tls;
    l.door = p.door;
    if (p.tls && !im.tls)
      throw std::runtime_error("port " + std::to_string(p.port) +
                               " is a TLS port but no TLS environment (SSLENVAR=) is defined");
    l.acceptor = std::make_unique<tcp::acceptor>(*im.ios.front());
    boost::system::error_code ec;
    tcp::endpoint ep(tcp::v4(), p.port);
    l.acceptor->open(ep.protocol(), ec);
    if (!ec) l.acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) l.acceptor->bind(ep, ec);
    if (!ec) l.acceptor->listen(hws.tcpipq, ec);
    if (ec)
      throw std::runtime_error("HWSS0772E port " + std::to_string(p.port) +
                               " cannot be opened: " + ec.message());
    l.port = l.acceptor->local_endpoint().port();
    im.ctx.ports.push_back(l.port);
    if (p.door->name() == "DRDA") im.drda_port = l.port;
    im.listeners.push_back(std::move(l));
  }

  // Each DATASTORE joins the XCF group as a TMEMBER with a client-bid under this IMS
  // Connect's own user ID.
  for (const DatastoreDef& d : hws.datastores) {
    DatastoreState st{d, false, {}};
    otma::ClientBid bid{d.group, d.member, d.tmember, own_userid(), 0};
    otma::BidResult br = im.ctx.otma.client_bid(bid);
    st.active = br.accepted;
    st.why = br.message;
    if (br.accepted)
      hws_log("HWSD0282I", "COMMUNICATION WITH DS=" + d.id + " OPENED (MEMBER=" + d.member +
                               " TMEMBER=" + d.tmember + ")");
    else
      hws_log("HWSD0290E", "DS=" + d.id + " CLIENT-BID REFUSED: " + br.message);
    im.ctx.datastores.emplace(d.id, std::move(st));
  }

  for (auto& l : im.listeners) {
    im.accept(l);
    hws_log("HWSS0790I", "LISTENING ON PORT=" + std::to_string(l.port) +
                             (l.tls ? " (TLS)" : "") + " STARTED; HWS=" + hws.id + " DOOR=" +
                             std::string(l.door->name()));
  }
  hws_log("HWSC0000I", "*IMS CONNECT READY* " + hws.id);
}

void Server::run() {
  auto& im = *impl_;
  std::vector<std::thread> extra;
  for (std::size_t i = 1; i < im.ios.size(); ++i) extra.emplace_back([io = im.ios[i].get()] { io->run(); });
  im.ios.front()->run();
  for (auto& t : extra) t.join();
}

void Server::stop() {
  auto& im = *impl_;
  if (im.ctx.stopping.exchange(true)) return;
  asio::post(*im.ios.front(), [&im] {
    for (auto& l : im.listeners) {
      boost::system::error_code ec;
      l.acceptor->close(ec);
    }
  });
  for (auto& w : im.work) w.reset();
  for (auto& io : im.ios) io->stop();
}

std::vector<std::uint16_t> Server::ports() const { return impl_->ctx.ports; }
std::uint16_t Server::drda_port() const { return impl_->drda_port; }
Authenticator& Server::authenticator() { return impl_->auth; }
std::size_t Server::open_connections() const {
  return static_cast<std::size_t>(impl_->ctx.open_sockets.load());
}

tm::IoThreads& Server::io_threads() { return *impl_->io_threads; }

}  // namespace zgate::connect

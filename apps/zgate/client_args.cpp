// The client subcommands' shared options: client_args.h.
#include "client_args.h"

#include <cstdlib>
#include <iostream>

#include "common.h"
#include "core/text.h"

namespace zgate::app {

void add_transport_options(CLI::App& app, TransportArgs& t) {
  app.add_option("TARGET", t.target, "HOST:PORT of IMS Connect")->required();
  app.add_flag("--tls", t.tls, "connect with TLS");
  app.add_option("--ca", t.ca, "CA file (PEM) to verify the server (default: the system's trust store)");
  app.add_flag("--insecure", t.insecure, "with --tls: do not verify the server's certificate or host name");
  app.add_option("--cert", t.cert, "client certificate (PEM)");
  app.add_option("--key", t.key, "client key (PEM)");
  app.add_option("--source", t.source, "the local address to connect from (a host with several addresses)");
}

std::optional<connect::ClientOptions> client_options(const TransportArgs& t, const std::string& who) {
  auto colon = t.target.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "zgate: TARGET must be HOST:PORT\n";
    return std::nullopt;
  }
  connect::ClientOptions co;
  co.host = t.target.substr(0, colon);
  try {
    co.port = static_cast<std::uint16_t>(std::stoi(t.target.substr(colon + 1)));
  } catch (const std::exception&) {
    std::cerr << "zgate: TARGET must be HOST:PORT\n";
    return std::nullopt;
  }
  co.tls = t.tls;
  co.ca_file = t.ca;
  // The server's certificate must name the host the user typed, as a browser checks.
  co.verify_host = co.host;
  co.insecure = t.insecure;
  if (t.tls && t.insecure)
    std::cerr << who << ": WARNING: --insecure: the server's certificate and host name are NOT verified; "
                        "anyone on the path can read and change this conversation, password included\n";
  co.cert_file = t.cert;
  co.key_file = t.key;
  co.source_address = t.source;
  return co;
}

std::optional<core::SecretString> resolve_password(PasswordArgs& p, const std::string& user, const std::string& who) {
  if (!p.password_env.empty()) {
    const char* v = std::getenv(p.password_env.c_str());
    if (!v) {
      std::cerr << who << ": environment variable " << p.password_env << " is not set\n";
      return std::nullopt;
    }
    p.password = v;
  }
  if (p.passticket) {
    Opened o = open_database(p.db, p.audit);
    std::string why;
    auto t = o.sm->generate_passticket(core::upper(user), core::upper(p.appl), saf::SecurityManager::TicketKind::Auto, &why);
    if (!t) {
      std::cerr << who << ": no PassTicket: " << why << "\n";
      return std::nullopt;
    }
    p.password = *t;
  }
  core::SecretString s(p.password);
  std::fill(p.password.begin(), p.password.end(), '\0');
  return s;
}

}  // namespace zgate::app

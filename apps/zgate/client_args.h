#pragma once
// What the client subcommands (send, cmd, dli) share: HOST:PORT and TLS options, and the
// password: from an environment variable (never the command line's own text when avoidable),
// or a PassTicket generated from the local security database's PTKTDATA key.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "connect/client.h"
#include "core/secret.h"

namespace zgate::app {

struct TransportArgs {
  std::string target;  // HOST:PORT
  bool tls = false, insecure = false;
  std::string ca, cert, key;
  std::string source;  // the local address to connect from
};
void add_transport_options(CLI::App& app, TransportArgs& t);
// nullopt (after saying why on standard error, prefixed by `who`) when TARGET is not HOST:PORT.
std::optional<connect::ClientOptions> client_options(const TransportArgs& t, const std::string& who);

struct PasswordArgs {
  std::string password, password_env, appl, db, audit;
  bool passticket = false;
};
// The password or PassTicket for `user`; nullopt (said on standard error) when it cannot be had.
std::optional<core::SecretString> resolve_password(PasswordArgs& p, const std::string& user, const std::string& who);

}  // namespace zgate::app

#pragma once
// A blocking IMS Connect client (the HWSSMPL0/HWSSMPL1 side of the protocol) over TCP or TLS:
// what `zgate send`, `zgate cmd` and the integration tests use to talk to a server.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "connect/doors/irm/irm.h"
#include "connect/doors/irm/rsm.h"

namespace zgate::connect {

struct ClientOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 9999;
  bool tls = false;
  // The server is verified unless `insecure`: against ca_file's CAs, or the system's trust
  // store when there is none; and when verify_host is given, its certificate must name that
  // host (or IP address), which also goes to the server as SNI.
  std::string ca_file;
  std::string verify_host;
  bool insecure = false;  // no verification at all: anyone in the middle can read and change
  std::string cert_file;  // client certificate and key (PEM), for client authentication
  std::string key_file;
  std::chrono::milliseconds timeout{30000};  // per read
  // The local address to connect from ("" : the system's choice): a client on a host with
  // several addresses, and `zgate demo attack`'s rogue source 127.0.0.66.
  std::string source_address;
};

class Client {
 public:
  explicit Client(ClientOptions opt);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Throws std::runtime_error when the connection or TLS handshake fails.
  void connect();
  bool connected() const;
  void close();

  void send_bytes(ByteView bytes);
  // Some bytes from the server (what an earlier read left first), waiting at most the
  // timeout; 0 when the server closed the connection. For protocols other than IRM (DRDA).
  std::size_t read_some(std::uint8_t* buf, std::size_t n);
  void send(const Request& r, core::CodePage cp = core::CodePage::IBM037);
  // Reads one whole reply. Throws std::runtime_error on EOF, timeout or a malformed reply.
  Bytes read_reply_bytes(ExitFormat f);
  Reply read_reply(ExitFormat f, core::CodePage cp = core::CodePage::IBM037);
  // True when the server has closed the connection (a read sees EOF), within `wait`.
  bool closed_by_server(std::chrono::milliseconds wait);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The data of a reply's segments in the client's code page, joined by '\n'.
std::string reply_text(const Reply& r, Encoding e, core::CodePage cp = core::CodePage::IBM037);

}  // namespace zgate::connect

#pragma once
// A front door of IMS Connect: the protocol one kind of port speaks (IBM: HWSCFG's TCPIP
// PORTID= ports speak IRM to the user message exits HWSSMPL0/1; ODACCESS DRDAPORT= speaks
// DRDA to ODBM). Every door hands its messages to the same core (connection.h): admission,
// authentication and OTMA are never a door's own. Envoy's shape: each door in its own folder
// (doors/<door>/) with its configuration, its factory and its tests.
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "connect/hwscfg.h"

namespace zgate::connect {

struct ServerContext;

class Door {
 public:
  virtual ~Door() = default;
  // The protocol's name for the start-up log ("IRM", "DRDA").
  virtual std::string_view name() const = 0;
  // Serves one accepted connection until it ends; owns itself. `tls` is null on a plain port.
  virtual void serve(ServerContext& ctx, boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls,
                     std::uint16_t port) = 0;
};

// A port the configuration opens, and the door behind it.
struct DoorPort {
  std::uint16_t port = 0;  // 0: any free port (tests)
  bool tls = false;
  std::shared_ptr<Door> door;
};

// The ports HWSCFG opens, each with its door: every TCPIP PORTID= port is an IRM door, the
// ODACCESS DRDAPORT= port the DRDA door.
std::vector<DoorPort> doors_for(const HwsConfig& hws);

}  // namespace zgate::connect

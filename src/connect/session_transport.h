#pragma once
// What every door's session does with its socket, whatever it speaks (doors/irm, doors/drda):
// the TCP socket under a plain or TLS stream, what the socket says about the other end, and
// the connection's deadline (TCPIP TIMEOUT= and IDLETO= for IRM, ODACCESS PORTTMOT= for DRDA):
// one timer per connection that closes it when the deadline passes. The timer is woken only
// when the deadline comes sooner than the one it waits for; a later (or no) deadline it finds
// when it wakes, so a message costs no timer work when the port has no time limit. A deadline
// works the same for TCP and TLS streams, since it closes the socket underneath.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

#include "connect/authenticator.h"

namespace zgate::connect {

using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

inline boost::asio::ip::tcp::socket& lowest(boost::asio::ip::tcp::socket& s) { return s; }
inline boost::asio::ip::tcp::socket& lowest(TlsStream& s) { return s.next_layer(); }

// The client's address ("10.1.2.3:40112") and the IMS Connect port it came in on.
PeerIdentity peer_of(boost::asio::ip::tcp::socket& s, std::uint16_t port, const char* door);

class ConnectionDeadline {
 public:
  explicit ConnectionDeadline(boost::asio::any_io_executor ex);
  ~ConnectionDeadline() { stop(); }
  ConnectionDeadline(const ConnectionDeadline&) = delete;
  ConnectionDeadline& operator=(const ConnectionDeadline&) = delete;

  // Starts watching: `expired` runs (on the executor) once the deadline passes. Give it a
  // weak reference to the session: the watch does not keep the session alive, and outlives it
  // safely (its state is shared with the pending wait).
  void start(std::function<void()> expired);
  // nullopt: no deadline.
  void set(std::optional<std::chrono::milliseconds> d);
  // The connection is closing: the watch ends.
  void stop();

 private:
  struct State {
    explicit State(boost::asio::any_io_executor ex) : timer(ex) {}
    boost::asio::steady_timer timer;
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    std::function<void()> expired;
    bool stopped = false;
  };
  static void arm(std::shared_ptr<State> s);
  std::shared_ptr<State> s_;
};

}  // namespace zgate::connect

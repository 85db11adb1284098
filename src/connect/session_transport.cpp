// The doors' shared transport: session_transport.h.
#include "connect/session_transport.h"

namespace zgate::connect {

PeerIdentity peer_of(boost::asio::ip::tcp::socket& s, std::uint16_t port, const char* door) {
  PeerIdentity peer;
  peer.port = port;
  peer.door = door;
  boost::system::error_code ec;
  auto ep = s.remote_endpoint(ec);
  if (!ec) peer.address = ep.address().to_string() + ":" + std::to_string(ep.port());
  return peer;
}

ConnectionDeadline::ConnectionDeadline(boost::asio::any_io_executor ex) : s_(std::make_shared<State>(ex)) {}

void ConnectionDeadline::start(std::function<void()> expired) {
  s_->expired = std::move(expired);
  arm(s_);
}

void ConnectionDeadline::set(std::optional<std::chrono::milliseconds> d) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point next = d ? Clock::now() + *d : Clock::time_point::max();
  const bool sooner = next < s_->deadline;
  s_->deadline = next;
  if (sooner) s_->timer.cancel();  // the wait ends, and arm() waits for the new deadline
}

void ConnectionDeadline::stop() {
  if (s_->stopped) return;
  s_->stopped = true;
  s_->expired = nullptr;
  s_->timer.cancel();
}

void ConnectionDeadline::arm(std::shared_ptr<State> s) {
  s->timer.expires_at(s->deadline);
  s->timer.async_wait([s](const boost::system::error_code&) {
    if (s->stopped) return;
    if (s->deadline <= std::chrono::steady_clock::now()) {
      auto expired = std::move(s->expired);
      s->stopped = true;
      if (expired) expired();
      return;
    }
    arm(s);
  });
}

}  // namespace zgate::connect

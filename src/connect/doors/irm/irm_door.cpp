#include "connect/doors/irm/irm_door.h"

namespace zgate::connect {

// irm_session.cpp: one IRM connection's coroutine.
void start_irm_session(ServerContext& ctx, boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls,
                       std::uint16_t port);

namespace {

class IrmDoor final : public Door {
 public:
  std::string_view name() const override { return "IRM"; }
  void serve(ServerContext& ctx, boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls,
             std::uint16_t port) override {
    start_irm_session(ctx, std::move(socket), tls, port);
  }
};

}  // namespace

std::shared_ptr<Door> make_irm_door() { return std::make_shared<IrmDoor>(); }

}  // namespace zgate::connect

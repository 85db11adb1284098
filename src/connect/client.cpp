#include "connect/client.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <algorithm>
#include <optional>

namespace zgate::connect {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Client::Impl {
  ClientOptions opt;
  asio::io_context io;
  std::optional<asio::ssl::context> tls_ctx;
  std::optional<tcp::socket> plain;
  std::optional<asio::ssl::stream<tcp::socket>> tls;
  Bytes pending;  // bytes read past the last reply

  tcp::socket& socket() { return tls ? tls->next_layer() : *plain; }

  // Reads some bytes with the per-read timeout; 0 on EOF.
  std::size_t read_some(std::uint8_t* buf, std::size_t n, std::chrono::milliseconds timeout) {
    boost::system::error_code result = asio::error::would_block;
    std::size_t got = 0;
    auto done = [&](boost::system::error_code ec, std::size_t k) {
      result = ec;
      got = k;
    };
    if (tls) tls->async_read_some(asio::buffer(buf, n), done);
    else plain->async_read_some(asio::buffer(buf, n), done);
    io.restart();
    io.run_for(timeout);
    if (result == asio::error::would_block) {
      boost::system::error_code ignore;
      socket().cancel(ignore);
      io.restart();
      io.run();
      throw std::runtime_error("no reply from the server within the timeout");
    }
    if (result == asio::error::eof || result == asio::ssl::error::stream_truncated) return 0;
    if (result) throw std::runtime_error("read failed: " + result.message());
    return got;
  }
};

Client::Client(ClientOptions opt) : impl_(std::make_unique<Impl>()) { impl_->opt = std::move(opt); }
Client::~Client() { close(); }

void Client::connect() {
  auto& im = *impl_;
  tcp::resolver resolver(im.io);
  auto endpoints = resolver.resolve(im.opt.host, std::to_string(im.opt.port));
  tcp::socket sock(im.io);
  if (im.opt.source_address.empty()) {
    asio::connect(sock, endpoints);
  } else {
    const auto from = asio::ip::make_address(im.opt.source_address);
    boost::system::error_code ec = asio::error::host_not_found;
    for (const auto& ep : endpoints) {
      if (ep.endpoint().address().is_v4() != from.is_v4()) continue;
      sock.close();
      sock.open(ep.endpoint().protocol());
      sock.bind(tcp::endpoint(from, 0));
      sock.connect(ep.endpoint(), ec);
      if (!ec) break;
    }
    if (ec) throw boost::system::system_error(ec, "connect from " + im.opt.source_address);
  }
  sock.set_option(tcp::no_delay(true));
  if (!im.opt.tls) {
    im.plain.emplace(std::move(sock));
    return;
  }
  im.tls_ctx.emplace(asio::ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(im.tls_ctx->native_handle(), TLS1_2_VERSION);
  if (im.opt.insecure) {
    im.tls_ctx->set_verify_mode(asio::ssl::verify_none);
  } else {
    if (!im.opt.ca_file.empty()) im.tls_ctx->load_verify_file(im.opt.ca_file);
    else im.tls_ctx->set_default_verify_paths();
    im.tls_ctx->set_verify_mode(asio::ssl::verify_peer);
    if (!im.opt.verify_host.empty())
      im.tls_ctx->set_verify_callback(asio::ssl::host_name_verification(im.opt.verify_host));
  }
  if (!im.opt.cert_file.empty()) {
    im.tls_ctx->use_certificate_chain_file(im.opt.cert_file);
    im.tls_ctx->use_private_key_file(im.opt.key_file.empty() ? im.opt.cert_file : im.opt.key_file,
                                     asio::ssl::context::pem);
  }
  im.tls.emplace(std::move(sock), *im.tls_ctx);
  boost::system::error_code ec;
  // SNI names a host, never an address.
  if (!im.opt.verify_host.empty()) {
    asio::ip::make_address(im.opt.verify_host, ec);
    if (ec) SSL_set_tlsext_host_name(im.tls->native_handle(), im.opt.verify_host.c_str());
    ec.clear();
  }
  im.tls->handshake(asio::ssl::stream_base::client, ec);
  if (ec) {
    im.tls.reset();
    throw std::runtime_error("TLS handshake failed: " + ec.message());
  }
}

bool Client::connected() const { return impl_->plain || impl_->tls; }

void Client::close() {
  auto& im = *impl_;
  boost::system::error_code ec;
  if (im.tls) {
    im.tls->next_layer().close(ec);
    im.tls.reset();
  }
  if (im.plain) {
    im.plain->close(ec);
    im.plain.reset();
  }
}

void Client::send_bytes(ByteView bytes) {
  auto& im = *impl_;
  if (!connected()) throw std::runtime_error("not connected");
  if (im.tls) asio::write(*im.tls, asio::buffer(bytes.data(), bytes.size()));
  else asio::write(*im.plain, asio::buffer(bytes.data(), bytes.size()));
}

void Client::send(const Request& r, core::CodePage cp) {
  auto enc = encode_request(r, cp);
  if (!enc.ok()) throw std::runtime_error("cannot encode the request: " + enc.error);
  send_bytes(ByteView(enc.bytes));
}

Bytes Client::read_reply_bytes(ExitFormat f) {
  auto& im = *impl_;
  std::array<std::uint8_t, 16384> buf{};
  for (;;) {
    ReplyLength len = reply_length(ByteView(im.pending), f);
    if (len.error) throw std::runtime_error("malformed reply: " + len.error->detail);
    if (len.length > 0 && len.length <= im.pending.size()) {
      Bytes out(im.pending.begin(), im.pending.begin() + static_cast<std::ptrdiff_t>(len.length));
      im.pending.erase(im.pending.begin(), im.pending.begin() + static_cast<std::ptrdiff_t>(len.length));
      return out;
    }
    std::size_t n = im.read_some(buf.data(), buf.size(), im.opt.timeout);
    if (n == 0) throw std::runtime_error("the server closed the connection");
    im.pending.insert(im.pending.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
  }
}

std::size_t Client::read_some(std::uint8_t* buf, std::size_t n) {
  auto& im = *impl_;
  if (!im.pending.empty()) {
    const std::size_t k = std::min(n, im.pending.size());
    std::copy_n(im.pending.begin(), k, buf);
    im.pending.erase(im.pending.begin(), im.pending.begin() + static_cast<std::ptrdiff_t>(k));
    return k;
  }
  return im.read_some(buf, n, im.opt.timeout);
}

Reply Client::read_reply(ExitFormat f, core::CodePage cp) {
  Bytes b = read_reply_bytes(f);
  auto d = decode_reply(ByteView(b), f, cp);
  if (!d.ok()) throw std::runtime_error("malformed reply: " + d.error->detail);
  return *d.reply;
}

bool Client::closed_by_server(std::chrono::milliseconds wait) {
  auto& im = *impl_;
  if (!connected()) return true;
  std::uint8_t b[256];
  try {
    for (;;) {
      std::size_t n = im.read_some(b, sizeof b, wait);
      if (n == 0) return true;
      im.pending.insert(im.pending.end(), b, b + n);
    }
  } catch (const std::runtime_error& e) {
    // A reset is a close too; a timeout means the connection is still open.
    return std::string_view(e.what()).find("within the timeout") == std::string_view::npos;
  }
}

std::string reply_text(const Reply& r, Encoding e, core::CodePage cp) {
  std::string out;
  for (std::size_t i = 0; i < r.segments.size(); ++i) {
    if (i) out += '\n';
    out += decode_chars(ByteView(r.segments[i].data), e, cp);
  }
  return out;
}

}  // namespace zgate::connect

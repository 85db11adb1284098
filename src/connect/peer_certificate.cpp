// The client certificate's names after a TLS handshake: peer_certificate.h.
#include "connect/peer_certificate.h"

#include <openssl/x509.h>

namespace zgate::connect {

namespace {

std::string dn_text(X509_NAME* name) {
  if (!name) return {};
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

}  // namespace

void learn_peer_certificate(SSL* ssl, PeerIdentity& peer) {
  peer.tls = true;
  if (X509* cert = SSL_get1_peer_certificate(ssl)) {
    if (SSL_get_verify_result(ssl) == X509_V_OK) {
      peer.cert_subject = dn_text(X509_get_subject_name(cert));
      peer.cert_issuer = dn_text(X509_get_issuer_name(cert));
    }
    X509_free(cert);
  }
}

}  // namespace zgate::connect

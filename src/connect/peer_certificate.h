#pragma once
// What a TLS handshake tells IMS Connect about the client, for every door: the subject and
// issuer of a client certificate that verified, as RFC 4514 text (most specific RDN first).
// What the certificate stands for is decided per message (Authenticator::prepare).
#include <openssl/ssl.h>

#include "connect/authenticator.h"

namespace zgate::connect {

// Marks `peer` as TLS and records the verified client certificate's names, if there is one.
void learn_peer_certificate(SSL* ssl, PeerIdentity& peer);

}  // namespace zgate::connect

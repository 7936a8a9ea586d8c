// SRTP's ciphers on OpenSSL. Debian builds libsrtp on NSS, whose AES
// counter mode makes and destroys an NSS context for every packet: at 64
// relayed viewers NSS was a fifth of the server's CPU (bench/README.md,
// issue 18). libsrtp lets a program replace a cipher or an authentication
// function by its type id (srtp_replace_cipher_type, srtp_replace_auth_type);
// these replace AES-ICM-128 (RFC 3711 4.1.1, every SRTP_AES128_CM_SHA1_*
// suite and libsrtp's key derivation) and HMAC-SHA1 (RFC 3711 4.2.1) with
// OpenSSL's EVP, keeping one context per key. libsrtp checks each
// replacement against its known answers, the new type's and the old one's,
// before it takes it.
#pragma once

namespace wx::rtc {

// Call after srtp_init and before any SRTP session exists: libsrtp's type
// lists have no lock, and a shutdown (srtp_shutdown) forgets them. Any
// thread. Returns false, leaving libsrtp's own types, if libsrtp refused a
// replacement (its status is logged).
bool useOpenSslForSrtp();

}  // namespace wx::rtc

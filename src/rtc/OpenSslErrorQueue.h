// Internal: every OpenSSL call libwebrtc makes on a connection's (D)TLS
// starts with the calling thread's OpenSSL error queue empty.
//
// OpenSSL keeps one error queue per thread, and SSL_get_error() reports a
// failure whenever that queue holds anything, whichever SSL object left it
// there (SSL_get_error(3): "The current thread's error queue must be empty
// before the TLS/SSL I/O operation is attempted"). libwebrtc never empties it
// (rtc_base/openssl_stream_adapter.cc has no ERR_clear_error): it is written
// for BoringSSL, whose SSL_read, SSL_write, SSL_do_handshake and SSL_shutdown
// clear it themselves; Debian's libtgowt runs on OpenSSL 3, whose do not.
// Every peer's DTLS runs on libwebrtc's one network thread, `rtc-network`, so
// one peer's failure (a handshake that fails, or SSL_shutdown of a handshake
// that never finished: "SSL_shutdown failed") left errors there that made the
// next peer's SSL_read fail ("Error(SSL_read, 1, 0)") and killed its data
// channel (issue 14).
//
// The link wraps libwebrtc's calls of SSL_accept, SSL_connect, SSL_read,
// SSL_write and SSL_shutdown (CMakeLists.txt: --wrap, for every binary that
// links webrtc_examples) with ours, which clear the queue first, as BoringSSL
// does; then each call and the SSL_get_error() after it see only that call's
// errors. Nothing else changes: libwebrtc's handling of a real failure is its
// own, and closes only the connection that failed.
#pragma once

namespace wx::rtc {

// How many wrapped OpenSSL calls this process made; for tests, which check
// that the link did route libwebrtc's calls through the wrappers.
unsigned long openSslCallsWrapped();

}  // namespace wx::rtc

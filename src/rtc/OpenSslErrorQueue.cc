// The wrappers named in OpenSslErrorQueue.h. They run on whichever thread
// libwebrtc calls OpenSSL from: for DTLS, always libwebrtc's network thread
// (`rtc-network`), once per handshake step, DTLS record read or written, and
// close.
#include "rtc/OpenSslErrorQueue.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <atomic>

namespace wx::rtc {
namespace {

std::atomic<unsigned long> wrappedCalls{0};

// The queue may hold another connection's errors (or our own earlier ones):
// none of them is this call's.
inline void startClean() {
  ERR_clear_error();
  wrappedCalls.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

unsigned long openSslCallsWrapped() { return wrappedCalls.load(std::memory_order_relaxed); }

}  // namespace wx::rtc

// --wrap=X sends the link's references to X to __wrap_X, and __real_X to the
// real X (ld(1)).
extern "C" {

int __real_SSL_accept(SSL* ssl);
int __real_SSL_connect(SSL* ssl);
int __real_SSL_read(SSL* ssl, void* buffer, int size);
int __real_SSL_write(SSL* ssl, const void* buffer, int size);
int __real_SSL_shutdown(SSL* ssl);

int __wrap_SSL_accept(SSL* ssl) {
  wx::rtc::startClean();
  return __real_SSL_accept(ssl);
}

int __wrap_SSL_connect(SSL* ssl) {
  wx::rtc::startClean();
  return __real_SSL_connect(ssl);
}

int __wrap_SSL_read(SSL* ssl, void* buffer, int size) {
  wx::rtc::startClean();
  return __real_SSL_read(ssl, buffer, size);
}

int __wrap_SSL_write(SSL* ssl, const void* buffer, int size) {
  wx::rtc::startClean();
  return __real_SSL_write(ssl, buffer, size);
}

int __wrap_SSL_shutdown(SSL* ssl) {
  wx::rtc::startClean();
  return __real_SSL_shutdown(ssl);
}

}  // extern "C"

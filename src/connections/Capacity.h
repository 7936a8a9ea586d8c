// Whether the process can take one more connection. Past its limits the
// server must refuse (503) and keep serving the peers it has, never crash.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>

namespace wx::connections {

class Capacity {
 public:
  // `maxConnections` 0 means no cap. `fdReserve` descriptors are kept free
  // for HTTP sockets and libwebrtc's own use.
  Capacity(size_t maxConnections, size_t fdReserve);

  // Throws ConnectionError(Unavailable) when there is no room; otherwise
  // counts a connection in. Call release() when it closes.
  void acquire();
  void release();
  size_t open() const { return open_; }
  // Why acquire() would refuse now ("" when it would not), without taking
  // a place: GET /healthz.
  std::string fullReason() const;

  // Free file descriptors under the soft RLIMIT_NOFILE (counted only when the
  // lowest free descriptor is high, so the common case stays cheap).
  static size_t freeFileDescriptors();

 private:
  const size_t maxConnections_;
  const size_t fdReserve_;
  std::atomic<size_t> open_{0};
};

}  // namespace wx::connections

// The REST contract of DESIGN.md for one example, mounted at a prefix:
//   POST   PREFIX/connections                          -> new connection + offer
//   GET    PREFIX/connections                          -> all connections
//   GET    PREFIX/connections/ID                       -> one connection
//   DELETE PREFIX/connections/ID                       -> close it
//   GET    PREFIX/connections/ID/local-description
//   GET    PREFIX/connections/ID/remote-description
//   POST   PREFIX/connections/ID/remote-description    -> apply the answer
#pragma once

#include <httplib.h>

#include <cstddef>
#include <string>

#include "connections/ConnectionManager.h"

namespace wx::rest {

// Biggest request body we read. A real answer SDP is a few KiB.
constexpr size_t kMaxBodyBytes = 256 * 1024;

class ConnectionsApi {
 public:
  // Handlers run on cpp-httplib's worker threads and may block there while
  // libwebrtc negotiates. `manager` must outlive the server.
  static void mount(httplib::Server& server, connections::ConnectionManager& manager,
                    const std::string& prefix);

  // Server-wide: JSON error bodies for errors cpp-httplib raises itself (413,
  // 404 for unknown paths) and for exceptions that escape a handler (500).
  // Sets the body limit to kMaxBodyBytes.
  static void installErrorHandling(httplib::Server& server);
};

}  // namespace wx::rest

// The REST contract of DESIGN.md for one example, mounted at a prefix:
//   POST   PREFIX/connections                          -> new connection + offer
//   GET    PREFIX/connections                          -> all connections
//   GET    PREFIX/connections/ID                       -> one connection
//   DELETE PREFIX/connections/ID                       -> close it
//   GET    PREFIX/connections/ID/stats                 -> its peer's W3C stats and rates
//   GET    PREFIX/connections/ID/local-description
//   GET    PREFIX/connections/ID/remote-description
//   POST   PREFIX/connections/ID/remote-description    -> apply the answer
#pragma once

#include <memory>
#include <string>

#include "connections/ConnectionManager.h"
#include "rest/Http.h"

namespace wx::rest {

struct ConnectionsApiOptions {
  // GET PREFIX/connections hands out every connection's ID and ICE
  // credentials, which is all a client needs to answer or close another's
  // connection. The seed's contract has it; a server reachable from other
  // hosts should not (ExamplesServer turns it off unless asked).
  bool listConnections = true;
};

// Wraps a handler so that ConnectionError's kinds become their statuses:
// BadInput 400, NotFound 404, WrongState 409, Unavailable 503, Internal 500
// (the Router turns the HttpError into one JSON answer and one log line).
HttpHandler mappingConnectionErrors(HttpHandler handler);

// The connection named by the route's first "{}"; throws ConnectionError
// (NotFound) when there is none.
std::shared_ptr<connections::WebRtcConnection> connectionOf(connections::ConnectionManager& manager,
                                                            const HttpRequest& request);

class ConnectionsApi {
 public:
  // Handlers run on HttpServer's worker threads and may block there while
  // libwebrtc negotiates. `manager` must outlive the router. Errors map to
  // statuses as mappingConnectionErrors says.
  static void mount(Router& router, connections::ConnectionManager& manager,
                    const std::string& prefix, ConnectionsApiOptions options = {});
};

}  // namespace wx::rest

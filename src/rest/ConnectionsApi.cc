#include "rest/ConnectionsApi.h"

#include "connections/ConnectionError.h"
#include "rest/Json.h"

namespace wx::rest {
namespace {

using connections::ConnectionError;
using connections::ConnectionManager;
using connections::WebRtcConnection;

// The one mapping from our error kinds to HTTP statuses.
int statusFor(ConnectionError::Kind kind) {
  switch (kind) {
    case ConnectionError::Kind::BadInput:
      return 400;
    case ConnectionError::Kind::NotFound:
      return 404;
    case ConnectionError::Kind::WrongState:
      return 409;
    case ConnectionError::Kind::Unavailable:
      return 503;
    case ConnectionError::Kind::Internal:
      return 500;
  }
  return 500;
}

// Wraps a handler so that our error kinds become their statuses (the
// Router turns the HttpError into one JSON answer and one log line).
HttpHandler guarded(HttpHandler f) {
  return [f = std::move(f)](const HttpRequest& request) {
    try {
      return f(request);
    } catch (const ConnectionError& e) {
      throw HttpError(statusFor(e.kind()), e.what());
    }
  };
}

std::shared_ptr<WebRtcConnection> find(ConnectionManager& manager, const HttpRequest& request) {
  const std::string& id = request.params.at(0);
  auto connection = manager.getConnection(id);
  if (!connection) {
    throw ConnectionError(ConnectionError::Kind::NotFound, "no connection with ID '" + id + "'");
  }
  return connection;
}

}  // namespace

void ConnectionsApi::mount(Router& router, ConnectionManager& manager, const std::string& prefix,
                           ConnectionsApiOptions options) {
  const std::string base = prefix + "/connections";
  const std::string one = base + "/{}";

  router.add("POST", base, guarded([&manager](const HttpRequest&) {
               // Any body is read (bounded) and ignored: the call takes none.
               return jsonResponse(toJson(*manager.createConnection()));
             }));

  router.add("GET", base, guarded([&manager, options](const HttpRequest&) {
               if (!options.listConnections) {
                 throw HttpError(403,
                                 "listing connections is off on this server "
                                 "(--list-connections turns it on)");
               }
               nlohmann::json all = nlohmann::json::array();
               for (const auto& connection : manager.getConnections())
                 all.push_back(toJson(*connection));
               return jsonResponse(all);
             }));

  router.add("GET", one, guarded([&manager](const HttpRequest& request) {
               return jsonResponse(toJson(*find(manager, request)));
             }));

  router.add("DELETE", one, guarded([&manager](const HttpRequest& request) {
               auto connection = find(manager, request);
               connection->close(connections::CloseReason::Deleted, "closed by DELETE");
               return jsonResponse(toJson(*connection));
             }));

  // The server peer's statistics, with rates since the previous GET of it.
  router.add("GET", one + "/stats", guarded([&manager](const HttpRequest& request) {
               return jsonResponse(statsJson(*find(manager, request)));
             }));

  router.add(
      "GET", one + "/local-description", guarded([&manager](const HttpRequest& request) {
        return jsonResponse(toJson(find(manager, request)->peerConnection().localDescription()));
      }));

  router.add(
      "GET", one + "/remote-description", guarded([&manager](const HttpRequest& request) {
        return jsonResponse(toJson(find(manager, request)->peerConnection().remoteDescription()));
      }));

  router.add("POST", one + "/remote-description", guarded([&manager](const HttpRequest& request) {
               auto connection = find(manager, request);
               connection->applyAnswer(parseDescription(request.body));
               return jsonResponse(toJson(connection->peerConnection().remoteDescription()));
             }));
}

}  // namespace wx::rest

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

}  // namespace

HttpHandler mappingConnectionErrors(HttpHandler f) {
  return [f = std::move(f)](const HttpRequest& request) {
    try {
      return f(request);
    } catch (const ConnectionError& e) {
      throw HttpError(statusFor(e.kind()), e.what());
    }
  };
}

std::shared_ptr<WebRtcConnection> connectionOf(ConnectionManager& manager,
                                               const HttpRequest& request) {
  const std::string& id = request.params.at(0);
  auto connection = manager.getConnection(id);
  if (!connection) {
    throw ConnectionError(ConnectionError::Kind::NotFound, "no connection with ID '" + id + "'");
  }
  return connection;
}

void ConnectionsApi::mount(Router& router, ConnectionManager& manager, const std::string& prefix,
                           ConnectionsApiOptions options) {
  const std::string base = prefix + "/connections";
  const std::string one = base + "/{}";

  router.add("POST", base, mappingConnectionErrors([&manager](const HttpRequest&) {
               // Any body is read (bounded) and ignored: the call takes none.
               return jsonResponse(toJson(*manager.createConnection()));
             }));

  router.add("GET", base, mappingConnectionErrors([&manager, options](const HttpRequest&) {
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

  router.add("GET", one, mappingConnectionErrors([&manager](const HttpRequest& request) {
               return jsonResponse(toJson(*connectionOf(manager, request)));
             }));

  router.add("DELETE", one, mappingConnectionErrors([&manager](const HttpRequest& request) {
               auto connection = connectionOf(manager, request);
               connection->close(connections::CloseReason::Deleted, "closed by DELETE");
               return jsonResponse(toJson(*connection));
             }));

  // The server peer's statistics, with rates since the previous GET of it.
  router.add("GET", one + "/stats", mappingConnectionErrors([&manager](const HttpRequest& request) {
               return jsonResponse(statsJson(*connectionOf(manager, request)));
             }));

  router.add("GET", one + "/local-description",
             mappingConnectionErrors([&manager](const HttpRequest& request) {
               return jsonResponse(
                   toJson(connectionOf(manager, request)->peerConnection().localDescription()));
             }));

  router.add("GET", one + "/remote-description",
             mappingConnectionErrors([&manager](const HttpRequest& request) {
               return jsonResponse(
                   toJson(connectionOf(manager, request)->peerConnection().remoteDescription()));
             }));

  router.add("POST", one + "/remote-description",
             mappingConnectionErrors([&manager](const HttpRequest& request) {
               auto connection = connectionOf(manager, request);
               connection->applyAnswer(parseDescription(request.body));
               return jsonResponse(toJson(connection->peerConnection().remoteDescription()));
             }));
}

}  // namespace wx::rest

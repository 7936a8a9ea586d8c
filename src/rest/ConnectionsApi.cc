#include "rest/ConnectionsApi.h"

#include <spdlog/spdlog.h>

#include "connections/ConnectionError.h"
#include "rest/Json.h"

namespace wx::rest {
namespace {

using connections::ConnectionError;
using connections::ConnectionManager;
using connections::WebRtcConnection;

constexpr const char* kJson = "application/json";

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

void sendError(const httplib::Request& req, httplib::Response& res, int status,
               const std::string& message) {
  spdlog::warn("{} {} -> {}: {}", req.method, req.path, status, message);
  res.status = status;
  res.set_content(errorJson(message).dump(), kJson);
}

void sendJson(httplib::Response& res, const nlohmann::json& json) {
  res.set_content(json.dump(), kJson);
}

// Wraps a handler so that every error becomes one JSON answer and one log line.
httplib::Server::Handler guarded(
    std::function<void(const httplib::Request&, httplib::Response&)> f) {
  return [f = std::move(f)](const httplib::Request& req, httplib::Response& res) {
    try {
      f(req, res);
    } catch (const ConnectionError& e) {
      sendError(req, res, statusFor(e.kind()), e.what());
    } catch (const std::exception& e) {
      sendError(req, res, 500, e.what());
    }
  };
}

std::shared_ptr<WebRtcConnection> find(ConnectionManager& manager, const httplib::Request& req) {
  const std::string id = req.matches[1];
  auto connection = manager.getConnection(id);
  if (!connection) {
    throw ConnectionError(ConnectionError::Kind::NotFound, "no connection with ID '" + id + "'");
  }
  return connection;
}

std::string escapeRegex(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (std::string_view(".^$|()[]{}*+?\\").find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

}  // namespace

void ConnectionsApi::mount(httplib::Server& server, ConnectionManager& manager,
                           const std::string& prefix) {
  const std::string base = escapeRegex(prefix) + "/connections";
  const std::string one = base + "/([^/]+)";

  auto create = guarded([&manager](const httplib::Request&, httplib::Response& res) {
    sendJson(res, toJson(*manager.createConnection()));
  });
  server.Post(base, [create](const httplib::Request& req, httplib::Response& res,
                             const httplib::ContentReader& body) {
    // This call takes no body. `curl -X POST` sends no Content-Length, and
    // cpp-httplib would wait for one until its read timeout: read (and
    // drop) a body only when one is announced.
    if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding")) {
      body([](const char*, size_t) { return true; });
    }
    create(req, res);
  });

  server.Get(base, guarded([&manager](const httplib::Request&, httplib::Response& res) {
               nlohmann::json all = nlohmann::json::array();
               for (const auto& connection : manager.getConnections())
                 all.push_back(toJson(*connection));
               sendJson(res, all);
             }));

  server.Get(one, guarded([&manager](const httplib::Request& req, httplib::Response& res) {
               sendJson(res, toJson(*find(manager, req)));
             }));

  server.Delete(one, guarded([&manager](const httplib::Request& req, httplib::Response& res) {
                  auto connection = find(manager, req);
                  connection->close("closed by DELETE");
                  sendJson(res, toJson(*connection));
                }));

  server.Get(one + "/local-description",
             guarded([&manager](const httplib::Request& req, httplib::Response& res) {
               sendJson(res, toJson(find(manager, req)->peerConnection().localDescription()));
             }));

  server.Get(one + "/remote-description",
             guarded([&manager](const httplib::Request& req, httplib::Response& res) {
               sendJson(res, toJson(find(manager, req)->peerConnection().remoteDescription()));
             }));

  server.Post(one + "/remote-description",
              guarded([&manager](const httplib::Request& req, httplib::Response& res) {
                auto connection = find(manager, req);
                connection->applyAnswer(parseDescription(req.body));
                sendJson(res, toJson(connection->peerConnection().remoteDescription()));
              }));
}

void ConnectionsApi::installErrorHandling(httplib::Server& server) {
  server.set_payload_max_length(kMaxBodyBytes);
  // Errors cpp-httplib produces itself (no route, body too large) have no
  // body yet; ours always do.
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string message = "HTTP error " + std::to_string(res.status);
        if (res.status == 404) message = "not found";
        if (res.status == 413) message = "request body too large";
        sendError(req, res, res.status, message);
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
        std::string message = "internal error";
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          message = e.what();
        } catch (...) {
        }
        sendError(req, res, 500, message);
      });
}

}  // namespace wx::rest

// HTTP requests and responses as our handlers see them, and the Router that
// maps one to the other. No sockets here: HttpServer (libmicrohttpd) reads a
// whole request, bounded, and hands it to Router::handle on a worker thread;
// tests and fuzzers call handle() directly.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wx::rest {

struct HttpRequest {
  std::string method;  // "GET", "POST", ... as sent (HEAD is routed as GET)
  std::string path;    // percent-decoded, without the query; arbitrary bytes
  // Header names lower-cased (RFC 9110: they are case-insensitive).
  std::map<std::string, std::string> headers;
  std::string body;  // at most HttpServerOptions::maxBodyBytes, never decoded
  // What the route's "{}" segments (and a trailing "*") matched, in order.
  std::vector<std::string> params;

  const std::string* header(const std::string& lowerCaseName) const;
};

struct HttpResponse {
  int status = 200;
  std::string contentType = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
};

// 200 (or `status`) with `json` as body. Invalid UTF-8 in strings (a path's
// bytes, echoed) becomes U+FFFD instead of an exception.
HttpResponse jsonResponse(const nlohmann::json& json, int status = 200);
// {"error": message} with `status`, and one warning in the log (escaped).
HttpResponse errorResponse(const HttpRequest& request, int status, const std::string& message);

// Thrown by a handler: answered as `status` with {"error": what()}.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// Routes by method and path pattern. A pattern is literal segments, "{}" for
// one non-empty segment, and optionally a last "*" for one or more
// segments: "/ping-pong/connections/{}/remote-description". No regular
// expressions: matching is linear in the path, whatever a client sends.
//
// handle() never throws and is safe from many threads at once once routes
// are added: a handler's HttpError becomes its status, any other exception
// a 500, a known path with another method 405 (with Allow), and an unknown
// path the fallback's answer (a JSON 404 without one). Every answer that is
// not 2xx/3xx has a JSON body.
class Router {
 public:
  void add(std::string method, std::string_view pattern, HttpHandler handler);
  // Answers GETs no route took (the pages).
  void fallback(HttpHandler handler);

  HttpResponse handle(HttpRequest request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    HttpHandler handler;
  };
  static bool matches(const Route& route, const std::vector<std::string_view>& path,
                      std::vector<std::string>& params);

  std::vector<Route> routes_;
  HttpHandler fallback_;
};

}  // namespace wx::rest

#include "rest/Http.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/Log.h"

namespace wx::rest {
namespace {

std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path.front() != '/') return segments;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = std::min(path.find('/', start), path.size());
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

}  // namespace

const std::string* HttpRequest::header(const std::string& lowerCaseName) const {
  auto it = headers.find(lowerCaseName);
  return it == headers.end() ? nullptr : &it->second;
}

HttpResponse jsonResponse(const nlohmann::json& json, int status) {
  HttpResponse response;
  response.status = status;
  response.body = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

HttpResponse errorResponse(const HttpRequest& request, int status, const std::string& message) {
  spdlog::warn("{} {} -> {}: {}", common::escapeForLog(request.method),
               common::escapeForLog(request.path), status, common::escapeForLog(message));
  return jsonResponse({{"error", message}}, status);
}

void Router::add(std::string method, std::string_view pattern, HttpHandler handler) {
  Route route{std::move(method), {}, std::move(handler)};
  for (std::string_view segment : splitPath(pattern)) route.segments.emplace_back(segment);
  routes_.push_back(std::move(route));
}

void Router::fallback(HttpHandler handler) { fallback_ = std::move(handler); }

bool Router::matches(const Route& route, const std::vector<std::string_view>& path,
                     std::vector<std::string>& params) {
  params.clear();
  const bool rest = !route.segments.empty() && route.segments.back() == "*";
  const size_t fixed = route.segments.size() - (rest ? 1 : 0);
  if (rest ? path.size() <= fixed : path.size() != fixed) return false;
  for (size_t i = 0; i < fixed; ++i) {
    if (route.segments[i] == "{}") {
      if (path[i].empty()) return false;
      params.emplace_back(path[i]);
    } else if (route.segments[i] != path[i]) {
      return false;
    }
  }
  if (rest) {
    std::string tail;
    for (size_t i = fixed; i < path.size(); ++i) {
      if (i > fixed) tail += '/';
      tail += path[i];
    }
    if (tail.empty()) return false;
    params.push_back(std::move(tail));
  }
  return true;
}

HttpResponse Router::handle(HttpRequest request) const {
  try {
    const std::string method = request.method == "HEAD" ? "GET" : request.method;
    const std::vector<std::string_view> path = splitPath(request.path);
    std::vector<std::string> params;
    std::string allowed;
    for (const Route& route : routes_) {
      if (!matches(route, path, params)) continue;
      if (route.method == method) {
        request.params = std::move(params);
        return route.handler(request);
      }
      if (allowed.find(route.method) == std::string::npos) {
        allowed += (allowed.empty() ? "" : ", ") + route.method;
      }
    }
    if (!allowed.empty()) {
      HttpResponse response =
          errorResponse(request, 405, "method " + request.method + " not allowed here");
      response.headers.emplace_back("Allow", allowed);
      return response;
    }
    if (method == "GET" && fallback_) return fallback_(request);
    return errorResponse(request, 404, "not found");
  } catch (const HttpError& e) {
    return errorResponse(request, e.status(), e.what());
  } catch (const std::exception& e) {
    return errorResponse(request, 500, e.what());
  } catch (...) {
    return errorResponse(request, 500, "internal error");
  }
}

}  // namespace wx::rest

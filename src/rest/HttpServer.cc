#include "rest/HttpServer.h"

#include <microhttpd.h>
#include <netdb.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "common/Log.h"

namespace wx::rest {

// One request on one connection, from its headers to its completion.
// Owned by libmicrohttpd's per-request pointer; freed in onCompleted, which
// never runs while the connection is suspended (a worker holds it then).
struct HttpServer::Exchange {
  MHD_Connection* connection = nullptr;
  HttpRequest request;
  // Set when the request is refused before a handler sees it (413, 415).
  std::optional<HttpResponse> refusal;
  // Set by a worker before it resumes the connection.
  std::optional<HttpResponse> response;
  size_t received = 0;  // body bytes so far, kept or dropped
  bool dispatched = false;
};

namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

MHD_Result collectHeader(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(cls);
  if (key) (*headers)[lower(key)] = value ? value : "";
  return MHD_YES;
}

MHD_Result send(MHD_Connection* connection, const HttpResponse& answer) {
  MHD_Response* response = MHD_create_response_from_buffer(
      answer.body.size(), const_cast<char*>(answer.body.data()), MHD_RESPMEM_MUST_COPY);
  if (!response) return MHD_NO;
  if (!answer.contentType.empty()) {  // none on a 204
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, answer.contentType.c_str());
  }
  for (const auto& [name, value] : answer.headers) {
    MHD_add_response_header(response, name.c_str(), value.c_str());
  }
  MHD_Result queued =
      MHD_queue_response(connection, static_cast<unsigned>(answer.status), response);
  MHD_destroy_response(response);
  return queued;
}

// Most body bytes read and dropped to answer a refused request cleanly.
constexpr size_t kMaxDrain = 8 * 1024 * 1024;

// A Content-Length value as a number, capped (libmicrohttpd itself refuses
// one that is not a number).
std::optional<size_t> announcedLength(const std::string& length) {
  size_t value = 0;
  for (char c : length) {
    if (c < '0' || c > '9') return std::nullopt;
    value = std::min<size_t>(value * 10 + static_cast<size_t>(c - '0'), SIZE_MAX / 16);
  }
  return value;
}

// libmicrohttpd's own messages (malformed requests, resource limits) go to
// our log at debug level: a client can cause them at will.
void logFromLibrary(void*, const char* format, va_list args) {
  char line[512];
  std::vsnprintf(line, sizeof line, format, args);
  spdlog::debug("http: {}", common::escapeForLog(line));
}

// A listening socket on host:port, or throws.
int listenOn(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int error =
          getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found);
      error != 0) {
    throw std::runtime_error("cannot resolve " + host + ": " + gai_strerror(error));
  }
  int fd = -1;
  for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) throw std::runtime_error("cannot bind " + host + ":" + service);
  return fd;
}

int boundPort(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return 0;
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  }
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

}  // namespace

// libmicrohttpd's callbacks, with its exact signatures. Both run on its
// thread.
struct HttpServerCallbacks {
  static MHD_Result onRequest(void* self, MHD_Connection* connection, const char* url,
                              const char* method, const char*, const char* uploadData,
                              size_t* uploadSize, void** exchange) {
    return static_cast<MHD_Result>(static_cast<HttpServer*>(self)->handle(
        connection, url, method, uploadData, uploadSize,
        reinterpret_cast<HttpServer::Exchange*&>(*exchange)));
  }

  static void onCompleted(void*, MHD_Connection*, void** exchange, MHD_RequestTerminationCode) {
    delete static_cast<HttpServer::Exchange*>(*exchange);
    *exchange = nullptr;
  }
};

HttpResponse HttpServer::tooLarge(const HttpRequest& request) const {
  return errorResponse(request, 413,
                       "request body over " + std::to_string(options_.maxBodyBytes) + " bytes");
}

HttpServer::HttpServer(const Router& router, HttpServerOptions options)
    : router_(router), options_(options) {}

HttpServer::~HttpServer() { stop(); }

int HttpServer::start(const std::string& host, int port) {
  const int fd = listenOn(host, port);
  const int bound = boundPort(fd);
  for (size_t i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { work(); });
  std::vector<MHD_OptionItem> settings = {
      {MHD_OPTION_LISTEN_SOCKET, fd, nullptr},
      {MHD_OPTION_CONNECTION_LIMIT, static_cast<intptr_t>(options_.maxConnections), nullptr},
      {MHD_OPTION_CONNECTION_TIMEOUT, static_cast<intptr_t>(options_.idleTimeout.count()), nullptr},
      {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(options_.maxHeaderBytes), nullptr},
  };
  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
  if (options_.tls) {
    // libmicrohttpd keeps the pointers: options_ outlives the daemon.
    flags |= MHD_USE_TLS;
    settings.push_back(
        {MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(options_.tls->certificatePem.c_str())});
    settings.push_back(
        {MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(options_.tls->keyPem.c_str())});
  }
  settings.push_back({MHD_OPTION_END, 0, nullptr});
  daemon_ = MHD_start_daemon(flags, 0, nullptr, nullptr, &HttpServerCallbacks::onRequest, this,
                             MHD_OPTION_NOTIFY_COMPLETED, &HttpServerCallbacks::onCompleted, this,
                             MHD_OPTION_EXTERNAL_LOGGER, &logFromLibrary, nullptr, MHD_OPTION_ARRAY,
                             settings.data(), MHD_OPTION_END);
  if (!daemon_) {
    ::close(fd);
    stop();
    throw std::runtime_error("cannot start the HTTP server on " + host + ":" +
                             std::to_string(bound));
  }
  return bound;
}

void HttpServer::wait() {
  std::unique_lock lock(mutex_);
  stoppedChanged_.wait(lock, [this] { return stopped_; });
}

void HttpServer::stop() {
  {
    std::unique_lock lock(mutex_);
    if (stopping_) {
      stoppedChanged_.wait(lock, [this] { return stopped_; });
      return;
    }
    stopping_ = true;
  }
  workChanged_.notify_all();
  // Workers finish what is queued and resume each connection they hold, so
  // none is suspended when the daemon stops (libmicrohttpd requires it).
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
  if (daemon_) MHD_stop_daemon(daemon_);  // closes the listening socket too
  daemon_ = nullptr;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  stoppedChanged_.notify_all();
}

// Runs on libmicrohttpd's thread: never blocks.
int HttpServer::handle(MHD_Connection* connection, const char* url, const char* method,
                       const char* uploadData, size_t* uploadSize, Exchange*& exchange) {
  if (!exchange) {
    // The headers are in: check what they announce before any body is read.
    exchange = new Exchange;
    exchange->connection = connection;
    HttpRequest& request = exchange->request;
    request.method = method ? method : "";
    request.path = url ? url : "";
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &collectHeader, &request.headers);
    std::optional<size_t> announced;  // Content-Length, when it is a number
    if (const std::string* length = request.header("content-length")) {
      announced = announcedLength(*length);
    }
    if (const std::string* encoding = request.header("content-encoding");
        encoding && lower(*encoding) != "identity") {
      exchange->refusal =
          errorResponse(request, 415, "Content-Encoding '" + *encoding + "' is not accepted");
    } else if (announced && *announced > options_.maxBodyBytes) {
      exchange->refusal = tooLarge(request);
    }
    // Answering before the body makes libmicrohttpd close the connection
    // with the body unread, and a client still sending it may get a reset
    // instead of our answer. So answer now only to a client that waits for
    // "100 Continue" before sending, or one announcing more than we would
    // drain; otherwise the body is read, dropped, and answered at its end.
    const std::string* expect = request.header("expect");
    if (exchange->refusal &&
        ((expect && lower(*expect) == "100-continue") || (announced && *announced > kMaxDrain))) {
      return send(connection, *exchange->refusal);
    }
    return MHD_YES;
  }

  if (*uploadSize != 0) {
    HttpRequest& request = exchange->request;
    exchange->received += *uploadSize;
    if (!exchange->refusal && exchange->received > options_.maxBodyBytes) {
      // A chunked body grew past the limit: drop what was kept.
      request.body.clear();
      request.body.shrink_to_fit();
      exchange->refusal = tooLarge(request);
    }
    // A chunked body without end: close without an answer (libmicrohttpd
    // 0.9.75 cannot answer before the request ends).
    if (exchange->received > kMaxDrain) return MHD_NO;
    if (!exchange->refusal) request.body.append(uploadData, *uploadSize);
    *uploadSize = 0;
    return MHD_YES;
  }

  // The whole request is in (or a worker resumed it).
  if (exchange->refusal) return send(connection, *exchange->refusal);
  if (exchange->response) return send(connection, *exchange->response);
  if (exchange->dispatched) return MHD_YES;
  exchange->dispatched = true;
  MHD_suspend_connection(connection);
  if (!dispatch(exchange)) {
    exchange->response = errorResponse(exchange->request, 503, "server busy, try again");
    MHD_resume_connection(connection);
  }
  return MHD_YES;
}

bool HttpServer::dispatch(Exchange* exchange) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= options_.maxQueuedRequests) return false;
    queue_.push_back(exchange);
  }
  workChanged_.notify_one();
  return true;
}

void HttpServer::work() {
  for (;;) {
    Exchange* exchange = nullptr;
    {
      std::unique_lock lock(mutex_);
      workChanged_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to answer
      exchange = queue_.front();
      queue_.pop_front();
    }
    exchange->response = router_.handle(std::move(exchange->request));
    MHD_resume_connection(exchange->connection);
  }
}

}  // namespace wx::rest

// The HTTP server: libmicrohttpd (Debian's libmicrohttpd-dev) reads and
// writes every socket on one epoll thread, so idle, slow or half-sent
// connections cost a descriptor and a little memory each, never a thread.
// Each complete request is suspended while a small pool of worker threads
// runs the Router (handlers may block on libwebrtc), then resumed to send
// its answer.
//
// Bounds (HttpServerOptions): connections, idle time, header size (the
// per-connection memory), body size (however it is framed: Content-Length
// or chunked), requests waiting for a worker. A body with a
// Content-Encoding other than identity is refused with 415: nothing is
// ever decompressed. Every refusal is a JSON error. A refused body is
// read and dropped (up to 8 MiB) so the client, still sending, gets the
// answer rather than a reset; one that announces more, or waits for
// "100 Continue", is answered at once; a chunked one past 8 MiB is cut off.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "rest/Http.h"
#include "rest/Tls.h"

struct MHD_Daemon;
struct MHD_Connection;

namespace wx::rest {

struct HttpServerOptions {
  // Largest request body read; more answers 413 before the rest is read.
  size_t maxBodyBytes = 256 * 1024;
  // Open HTTP connections at most; further ones are accepted and closed at
  // once. Each costs a descriptor and up to maxHeaderBytes of memory.
  size_t maxConnections = 2000;
  // Request line and headers must fit in this (libmicrohttpd's
  // per-connection memory pool); more answers 431 or closes.
  size_t maxHeaderBytes = 32 * 1024;
  // A connection with no traffic for this long is closed.
  std::chrono::seconds idleTimeout{30};
  // Threads that run handlers. They may block on libwebrtc (an offer waits
  // for its host candidates), so a few, not one.
  size_t workers = 8;
  // Complete requests waiting for a worker; past this, 503 at once.
  size_t maxQueuedRequests = 512;
  // Set: https only on the port (a plain-http request there is closed).
  // The TLS handshake runs on the epoll thread, within idleTimeout.
  std::optional<TlsCredentials> tls;
};

class HttpServer {
 public:
  // `router` must outlive the server and have all its routes.
  HttpServer(const Router& router, HttpServerOptions options);
  ~HttpServer();  // stop()

  // Binds and starts serving on host:port (port 0: any free port); returns
  // the port. Throws std::runtime_error when the address cannot be bound.
  int start(const std::string& host, int port);
  // Blocks the calling thread until stop() (from any thread).
  void wait();
  // Stops accepting, lets running handlers finish and answer, closes every
  // connection. Idempotent, thread-safe.
  void stop();

 private:
  struct Exchange;

  friend struct HttpServerCallbacks;  // libmicrohttpd's entry points (HttpServer.cc)

  int handle(MHD_Connection* connection, const char* url, const char* method,
             const char* uploadData, size_t* uploadSize, Exchange*& exchange);
  HttpResponse tooLarge(const HttpRequest& request) const;
  // Queues `exchange` for a worker; false when the queue is full or stopping.
  bool dispatch(Exchange* exchange);
  void work();

  const Router& router_;
  const HttpServerOptions options_;
  MHD_Daemon* daemon_ = nullptr;

  std::mutex mutex_;
  std::condition_variable workChanged_;  // queue_ grew, or stopping_ set
  std::condition_variable stoppedChanged_;
  std::deque<Exchange*> queue_;
  bool stopping_ = false;
  bool stopped_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace wx::rest

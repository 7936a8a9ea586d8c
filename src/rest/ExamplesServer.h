// One HTTP server hosting several examples, each under /NAME with its own
// ConnectionManager, sharing one libwebrtc Factory, scheduler and capacity,
// plus /healthz and /metrics (Operations) and the browser pages
// (StaticFiles) for every GET the APIs leave.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "connections/Capacity.h"
#include "connections/ConnectionManager.h"
#include "connections/ThreadScheduler.h"
#include "rest/Http.h"
#include "rest/HttpServer.h"
#include "rtc/Factory.h"

namespace wx::rest {

// Where an example also takes the client's offer: WHIP or WHEP
// (WhipApi.h), served at /NAME/PATH.
struct OfferEndpoint {
  std::string path;  // "whip", "whep"
  connections::BeforeAnswer beforeAnswer;
  // Takes ExamplesServerOptions::whipToken (publishing); false: open to
  // anyone, as the example's own /NAME/connections is.
  bool needsToken = false;
  // Rewrites the client's offer before it is applied (WhipOptions); may be null.
  std::function<std::string(const std::string& offerSdp)> rewriteOffer = nullptr;
};

struct MountedExample {
  std::string name;  // served at /NAME/connections
  connections::BeforeOffer beforeOffer;
  std::string description;  // shown on the index and on the example's page
  // Further routes of the example's own under /NAME, if any.
  std::function<void(Router& router, const std::string& prefix)> routes = nullptr;
  std::vector<OfferEndpoint> offerEndpoints = {};
};

struct ExamplesServerOptions {
  rtc::FactoryOptions rtc;
  connections::WebRtcConnectionOptions timeouts;
  size_t maxConnections = 0;  // 0: limited by file descriptors only
  // Kept free for HTTP sockets and libwebrtc; below this, POST answers 503.
  size_t fdReserve = 128;
  HttpServerOptions http;
  // GET /NAME/connections (every connection's ID and ICE credentials).
  // The server's main() turns it off unless it listens on loopback only or
  // is given --list-connections.
  bool listConnections = true;
  // The bearer token WHIP publishers must send (--whip-token); empty: none.
  std::string whipToken;
};

class ExamplesServer {
 public:
  ExamplesServer(const ExamplesServerOptions& options, const std::vector<MountedExample>& examples);
  ~ExamplesServer();  // stops listening, closes every connection

  // Binds and starts serving; returns the port (useful with port 0).
  // Throws on failure.
  int bind(const std::string& host, int port);
  // Blocks the calling thread until stop().
  void listen();
  // Thread-safe: stops serving (running requests finish) and makes
  // listen() return.
  void stop();
  // Thread-safe: from now on GET /healthz answers 503 (call it before
  // stop(), so a prober sees the server going rather than gone).
  void beginShutdown() { shuttingDown_ = true; }
  // Closes every connection of every example (server shutdown).
  void closeAll(const std::string& reason);

  // The routes, as HttpServer calls them (tests and fuzzers call it too).
  const Router& router() const { return router_; }
  rtc::Factory& factory() { return factory_; }
  connections::ConnectionManager& manager(const std::string& name);

 private:
  rtc::Factory factory_;
  connections::ThreadScheduler scheduler_;
  connections::Capacity capacity_;
  std::atomic<bool> shuttingDown_{false};
  std::vector<std::pair<std::string, std::unique_ptr<connections::ConnectionManager>>> managers_;
  Router router_;
  HttpServer http_;
};

}  // namespace wx::rest

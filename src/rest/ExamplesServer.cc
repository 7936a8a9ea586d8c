#include "rest/ExamplesServer.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "rest/ConnectionsApi.h"
#include "rest/Operations.h"
#include "rest/StaticFiles.h"
#include "rest/WhipApi.h"

namespace wx::rest {

ExamplesServer::ExamplesServer(const ExamplesServerOptions& options,
                               const std::vector<MountedExample>& examples)
    : factory_(options.rtc),
      capacity_(options.maxConnections, options.fdReserve),
      http_(router_, options.http) {
  for (const MountedExample& example : examples) {
    auto manager = std::make_unique<connections::ConnectionManager>(
        [this] { return factory_.createPeerConnection(); }, example.beforeOffer, scheduler_,
        options.timeouts, &capacity_);
    ConnectionsApi::mount(router_, *manager, "/" + example.name, {options.listConnections});
    if (example.routes) example.routes(router_, "/" + example.name);
    for (const OfferEndpoint& endpoint : example.offerEndpoints) {
      WhipApi::mount(router_, *manager, "/" + example.name + "/" + endpoint.path,
                     endpoint.beforeAnswer,
                     {endpoint.needsToken ? options.whipToken : "", options.rtc.iceServers,
                      endpoint.rewriteOffer});
    }
    managers_.emplace_back(example.name, std::move(manager));
  }
  OperationsSource operations{{}, &capacity_, &shuttingDown_};
  operations.networkTotals = [this] { return factory_.networkTotals(); };
  operations.relayTotals = [this] { return factory_.relayTotals(); };
  for (const auto& [name, manager] : managers_)
    operations.examples.emplace_back(name, manager.get());
  Operations::mount(router_, std::move(operations));
  std::vector<ExamplePage> pages;
  for (const MountedExample& example : examples)
    pages.push_back({example.name, example.description});
  // The STUN and TURN servers the pages are to use: the ones the server's
  // peers use (--ice-server), in the shape of RTCConfiguration.iceServers.
  nlohmann::json iceServers = nlohmann::json::array();
  for (const rtc::IceServer& server : options.rtc.iceServers) {
    nlohmann::json entry = {{"urls", server.urls}};
    if (!server.username.empty()) {
      entry["username"] = server.username;
      entry["credential"] = server.credential;
    }
    iceServers.push_back(std::move(entry));
  }
  router_.add("GET", "/ice-servers.json",
              [iceServers](const HttpRequest&) { return jsonResponse(iceServers); });
  StaticFiles::mount(router_, std::move(pages));
}

ExamplesServer::~ExamplesServer() {
  beginShutdown();
  stop();
  closeAll("server shutting down");
}

int ExamplesServer::bind(const std::string& host, int port) { return http_.start(host, port); }

void ExamplesServer::listen() { http_.wait(); }

void ExamplesServer::stop() { http_.stop(); }

void ExamplesServer::closeAll(const std::string& reason) {
  beginShutdown();
  for (auto& [name, manager] : managers_)
    manager->closeAll(connections::CloseReason::Shutdown, reason);
}

connections::ConnectionManager& ExamplesServer::manager(const std::string& name) {
  for (auto& [n, manager] : managers_) {
    if (n == name) return *manager;
  }
  throw std::out_of_range("no example named " + name);
}

}  // namespace wx::rest

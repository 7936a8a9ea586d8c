#include "connections/ConnectionManager.h"

#include <spdlog/spdlog.h>

#include "connections/ConnectionError.h"
#include "connections/Uuid.h"

namespace wx::connections {

ConnectionManager::ConnectionManager(PeerConnectionFactory makePeer, BeforeOffer beforeOffer,
                                     Scheduler& scheduler, WebRtcConnectionOptions options,
                                     Capacity* capacity)
    : makePeer_(std::move(makePeer)),
      beforeOffer_(std::move(beforeOffer)),
      scheduler_(scheduler),
      options_(options),
      capacity_(capacity) {}

ConnectionManager::~ConnectionManager() { closeAll(CloseReason::Shutdown, "server shutting down"); }

std::shared_ptr<WebRtcConnection> ConnectionManager::open() {
  if (capacity_) capacity_->acquire();
  std::shared_ptr<rtc::PeerConnection> pc;
  try {
    pc = makePeer_();
  } catch (const std::exception& e) {
    if (capacity_) capacity_->release();
    throw ConnectionError(ConnectionError::Kind::Unavailable,
                          std::string("cannot create a peer connection: ") + e.what());
  }
  auto connection =
      WebRtcConnection::create(makeUuidV4(), std::move(pc), scheduler_, options_, &counters_);
  ++counters_.created;
  const std::string id = connection->id();
  {
    std::lock_guard lock(mutex_);
    connections_.emplace(id, connection);
  }
  // Runs on the closing thread, inside the connection's close() (so the
  // raw pointer is alive; a shared one here would be a cycle).
  connection->onClosed([this, id, closed = connection.get()] {
    if (capacity_) capacity_->release();
    ++counters_.closed[index(closed->closeReason())];
    std::lock_guard lock(mutex_);
    connections_.erase(id);
  });
  spdlog::info("[{}] created", id);
  return connection;
}

std::shared_ptr<WebRtcConnection> ConnectionManager::createConnection() {
  const auto start = std::chrono::steady_clock::now();
  auto connection = open();
  connection->doOffer(beforeOffer_);  // closes the connection if it throws
  counters_.offerSeconds.observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return connection;
}

std::pair<std::shared_ptr<WebRtcConnection>, rtc::SessionDescription>
ConnectionManager::acceptOffer(const rtc::SessionDescription& offer,
                               const BeforeAnswer& beforeAnswer) {
  auto connection = open();
  rtc::SessionDescription answer =
      connection->doAnswer(offer, beforeAnswer);  // closes the connection if it throws
  return {std::move(connection), std::move(answer)};
}

std::shared_ptr<WebRtcConnection> ConnectionManager::getConnection(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = connections_.find(id);
  return it == connections_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<WebRtcConnection>> ConnectionManager::getConnections() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<WebRtcConnection>> all;
  all.reserve(connections_.size());
  for (const auto& [id, connection] : connections_) all.push_back(connection);
  return all;
}

size_t ConnectionManager::size() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

void ConnectionManager::closeAll(CloseReason why, const std::string& reason) {
  // Close outside the lock: each close removes itself from the map.
  for (const auto& connection : getConnections()) connection->close(why, reason);
}

}  // namespace wx::connections

// Keeps the open connections of one example: makes them (with a fresh
// UUIDv4), finds them by ID, lists them, and forgets them once closed.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "connections/Capacity.h"
#include "connections/ConnectionCounters.h"
#include "connections/WebRtcConnection.h"

namespace wx::connections {

// Makes the PeerConnection for a new connection (Factory::createPeerConnection
// in the server, a fake in tests). May throw.
using PeerConnectionFactory = std::function<std::shared_ptr<rtc::PeerConnection>()>;

class ConnectionManager {
 public:
  ConnectionManager(PeerConnectionFactory makePeer, BeforeOffer beforeOffer, Scheduler& scheduler,
                    WebRtcConnectionOptions options, Capacity* capacity = nullptr);
  // Closes what is still open, so no close handler outlives the manager.
  ~ConnectionManager();

  // Creates a connection and its offer (blocking; see WebRtcConnection).
  // Throws ConnectionError.
  std::shared_ptr<WebRtcConnection> createConnection();

  // The answering side (WHIP, WHEP): creates a connection that answers the
  // client's offer, with `beforeAnswer` in place of the example's
  // beforeOffer; returns it and the answer (blocking; see
  // WebRtcConnection::doAnswer). Throws ConnectionError.
  std::pair<std::shared_ptr<WebRtcConnection>, rtc::SessionDescription> acceptOffer(
      const rtc::SessionDescription& offer, const BeforeAnswer& beforeAnswer);

  std::shared_ptr<WebRtcConnection> getConnection(const std::string& id) const;  // null if unknown
  std::vector<std::shared_ptr<WebRtcConnection>> getConnections() const;
  size_t size() const;

  void closeAll(CloseReason why, const std::string& reason);

  // What this example's connections did (/metrics).
  const ConnectionCounters& counters() const { return counters_; }

 private:
  // Takes capacity, makes the peer and keeps the connection until it closes.
  std::shared_ptr<WebRtcConnection> open();

  PeerConnectionFactory makePeer_;
  BeforeOffer beforeOffer_;
  Scheduler& scheduler_;
  WebRtcConnectionOptions options_;
  Capacity* capacity_;  // shared by every example's manager; may be null
  ConnectionCounters counters_;

  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<WebRtcConnection>> connections_;
};

}  // namespace wx::connections

// Internal (includes libwebrtc): what Factory owns.
#pragma once

#include <memory>

#include "api/peer_connection_interface.h"
#include "rtc/Factory.h"
#include "rtc/HostCandidateCount.h"
#include "rtc/NetworkCounters.h"
#include "rtc/RelayCounters.h"
#include "rtc/Sdp.h"
#include "rtc/VideoRelay.h"
#include "rtc_base/thread.h"

namespace wx::rtc {

struct Factory::Impl {
  // libwebrtc's network, worker and signaling thread, all in one (Factory.cc
  // says why).
  std::unique_ptr<::rtc::Thread> network;
  ::rtc::Thread* signaling() const { return network.get(); }
  ::rtc::scoped_refptr<::webrtc::PeerConnectionFactoryInterface> factory;
  std::shared_ptr<HostCandidateCount> hostCandidateCount = std::make_shared<HostCandidateCount>();
  // What the network thread's sockets sent and received.
  std::shared_ptr<NetworkCounters> counters = std::make_shared<NetworkCounters>();
  // Every relay of a received video track (Forwarding::Relay), and what they did.
  std::shared_ptr<RelayCounters> relayCounters = std::make_shared<RelayCounters>();
  std::shared_ptr<VideoRelays> relays;
  // Every peer's configuration (Factory.cc, peerConfiguration), and the
  // addresses its local descriptions announce; both read-only after start.
  ::webrtc::PeerConnectionInterface::RTCConfiguration config;
  AnnouncedAddresses announced;
  // What each peer's port allocator (PeerPortAllocator.h) is made of: the
  // factory's network manager and field trials (owned by libwebrtc's factory,
  // which every peer keeps alive) and the network thread's sockets.
  ::rtc::NetworkManager* networks = nullptr;
  const ::webrtc::FieldTrialsView* trials = nullptr;
};

}  // namespace wx::rtc

// The process-wide entry point to libwebrtc: create one Factory at start-up
// and make every PeerConnection from it. It owns libwebrtc's network thread,
// `rtc-network` (which is its worker and signaling thread too, on a socket
// server of ours: CoalescingSocketServer.h; Factory.cc says why), the task
// queues' threads (SharedTaskQueueFactory.h), and the codec factories.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rtc/IceServer.h"
#include "rtc/NetworkCounters.h"
#include "rtc/PeerConnection.h"
#include "rtc/PeerConnectionPool.h"
#include "rtc/RelayCounters.h"
#include "rtc/Sdp.h"

namespace wx::rtc {

struct FactoryOptions {
  // Gather ICE candidates only on these interfaces, each given by name ("lo")
  // or by address ("127.0.0.1", "::1"). Empty: every interface except
  // loopback (libwebrtc's default), or loopback when it is the only one (a
  // container or network namespace with only `lo`). Naming a loopback
  // interface or address turns loopback on.
  std::vector<std::string> iceAllow;
  // Keep a warm pool of pre-gathered peers, so even the first offers after
  // start take ~1 ms instead of ~105 ms (see PeerConnectionPool). Servers
  // want it; a client making one peer does not.
  bool warmPool = false;
  PoolOptions pool;
  // Opus encoder complexity, 0..10. libwebrtc's default is 9; at 1 the
  // encoders cost about half (see OpusCodecs.h), which is what a server
  // sending many streams wants.
  int opusComplexity = 1;
  // Every peer's sockets (UDP, and TCP for ICE-TCP; warm pool included)
  // take local ports in [minPort, maxPort]; 0 and 0: any. A peer that finds
  // none free gathers no candidate (its offer then fails).
  int minPort = 0;
  int maxPort = 0;
  // Also gather passive TCP host candidates (ICE-TCP, RFC 6544), so peers
  // whose network drops UDP can connect, as node-webrtc's do: one listening
  // TCP socket per address per peer (bench/README.md has the cost).
  bool iceTcp = true;
  // STUN and TURN servers every peer gathers with (server-reflexive and
  // relayed candidates besides the host ones); the server also hands them
  // to its pages (GET /ice-servers.json).
  std::vector<IceServer> iceServers;
  // Local descriptions offer host candidates with these public addresses
  // (a 1:1 NAT: Sdp.h, announceAddresses).
  AnnouncedAddresses announced;
  // Decode received video. A load generator that only counts what arrives
  // (Transceiver::receiveEncodedVideo) turns it off: its receiveVideo
  // handlers then get nothing.
  bool decodeVideo = true;
  // Forwarding::Relay relays received video (VideoRelay.h); false makes it
  // re-encode for every peer, as Forwarding::Reencode does (a server's
  // --no-video-relay: for comparisons, and a way out should a sender's
  // stream not relay well).
  bool relayVideo = true;
  // At most this many peers of all relays get a re-encoded copy at once
  // (another codec, too little bandwidth; 15-20 % of a core each at
  // 640x480); beyond it a slow peer stays relayed and a peer with another
  // codec gets no video (logged once per peer).
  int maxReencodedPeers = 8;
};

class Factory {
 public:
  explicit Factory(const FactoryOptions& options = {});
  ~Factory();
  Factory(const Factory&) = delete;
  Factory& operator=(const Factory&) = delete;

  // A blank peer connection: host candidates, UDP and TCP (UDP only without
  // iceTcp), and server-reflexive and relayed ones with iceServers;
  // max-bundle; from the warm pool when there is one. Throws RtcError when
  // libwebrtc cannot make one (for example when the process runs out of file
  // descriptors).
  std::shared_ptr<PeerConnection> createPeerConnection();

  // What every peer's sockets (warm pool included) sent and received since
  // the factory started (NetworkCounters.h). Any thread; reads atomics.
  NetworkTotals networkTotals() const;
  // What the relays (Transceiver::forward, Forwarding::Relay) did since the
  // factory started (RelayCounters.h). Any thread; reads atomics.
  RelayTotals relayTotals() const;

  struct Impl;  // libwebrtc's threads and factory (FactoryImpl.h)

 private:
  std::shared_ptr<PeerConnection> makePeerConnection();

  std::unique_ptr<Impl> impl_;
  std::unique_ptr<PeerConnectionPool> pool_;
};

}  // namespace wx::rtc

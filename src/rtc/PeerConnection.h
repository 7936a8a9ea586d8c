// An RTCPeerConnection, with the subset of the W3C API the examples use.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "rtc/DataChannel.h"
#include "rtc/Transceiver.h"
#include "rtc/Types.h"

namespace wx::rtc {

// Abstract so WebRtcConnection can be unit-tested with a fake; the real one
// comes from Factory::createPeerConnection().
//
// Blocking calls (createOffer, createAnswer, set*Description) wait for
// libwebrtc's signaling thread: call them from your own threads, never from
// one of the callbacks below.
//
// Threads: every callback runs on libwebrtc's signaling thread and must not
// block. That thread is also its network and worker thread (Factory.h): while
// a callback runs, no peer's packets move.
class PeerConnection {
 public:
  virtual ~PeerConnection() = default;

  virtual std::shared_ptr<DataChannel> createDataChannel(const std::string& label) = 0;
  // A transceiver the offer will carry (the offering side).
  virtual std::shared_ptr<Transceiver> addTransceiver(MediaKind kind, Direction direction) = 0;
  // Every transceiver, in m-line order; on the answering side, those the
  // remote offer created. A new handle per call, to the same transceivers.
  virtual std::vector<std::shared_ptr<Transceiver>> transceivers() = 0;

  // Throw RtcError when libwebrtc refuses.
  virtual SessionDescription createOffer() = 0;
  virtual SessionDescription createAnswer() = 0;
  virtual void setLocalDescription(const SessionDescription& description) = 0;
  virtual void setRemoteDescription(const SessionDescription& description) = 0;

  // Adds a remote candidate that came after the remote description
  // (trickle ICE, RFC 8838): `mid` names its media section (a=mid), and
  // `candidate` is an a=candidate line's value without "a=" ("candidate:1 1
  // udp 2122260223 192.0.2.7 54321 typ host"). Throws RtcError: InvalidInput
  // for a line libwebrtc cannot parse or an unknown mid, InvalidState
  // before the remote description or once closed.
  virtual void addIceCandidate(const std::string& mid, const std::string& candidate) = 0;

  // The current descriptions, with every candidate gathered so far.
  virtual std::optional<SessionDescription> localDescription() const = 0;
  virtual std::optional<SessionDescription> remoteDescription() const = 0;

  virtual IceConnectionState iceConnectionState() const = 0;
  virtual IceGatheringState iceGatheringState() const = 0;
  virtual SignalingState signalingState() const = 0;
  virtual PeerConnectionState connectionState() const = 0;

  // Whether the local description holds every candidate this peer will
  // gather, so it can go out as a complete, non-trickle description. True
  // when gathering completes, or sooner: once the peer has as many
  // candidates as the last peer that completed (see HostCandidateCount.h).
  // With STUN or TURN servers (FactoryOptions::iceServers), also 2 s after
  // the peer was made, once it has any candidate: a server that is slow or
  // unreachable then costs its candidates, not the offer.
  virtual bool hostCandidatesReady() const = 0;

  // The remote candidates ICE has paired with ours, those the answer gave
  // and the peer-reflexive ones it learned from the peer's checks: "udp
  // 203.0.113.5:61000 host" (transport, address:port, type); libwebrtc
  // withholds peer-reflexive addresses, so those read "udp ?:61000 prflx".
  // Blocking (it
  // asks libwebrtc for stats, at most a second), so never from a callback;
  // for diagnostics, not for every peer all the time. Empty when closed.
  virtual std::vector<std::string> remoteCandidatesSeen() { return {}; }

  // The W3C RTCStatsReport of libwebrtc's GetStats, as JSON: an object keyed
  // by stats ID, each value one RTCStats dictionary with W3C type and member
  // names ({"id", "type": "outbound-rtp", "timestamp" (ms), "bytesSent",
  // ...}; types inbound-rtp, outbound-rtp, remote-inbound-rtp,
  // candidate-pair, local-candidate, remote-candidate, data-channel,
  // transport, codec and others). Blocking: libwebrtc builds it on its
  // network thread; a poll costs about half a millisecond of CPU
  // (bench/README.md, "Stats").
  // Throws RtcError (Internal) when called from a callback (the signaling
  // thread) or when libwebrtc does not deliver it within a second. An empty
  // object once closed.
  virtual nlohmann::json stats() { return nlohmann::json::object(); }

  // The candidate pair ICE selected (nullopt before it selects one; the last
  // one after a close). Any thread; never blocks: kept from libwebrtc's
  // event.
  virtual std::optional<CandidatePair> selectedCandidatePair() const { return std::nullopt; }

  // Idempotent. Fires no further callbacks after it returns.
  virtual void close() = 0;

  virtual void onIceConnectionStateChange(std::function<void(IceConnectionState)> handler) = 0;
  virtual void onIceGatheringStateChange(std::function<void(IceGatheringState)> handler) = 0;
  virtual void onSignalingStateChange(std::function<void(SignalingState)> handler) = 0;
  virtual void onConnectionStateChange(std::function<void(PeerConnectionState)> handler) = 0;
  // Once, when hostCandidatesReady() turns true.
  virtual void onHostCandidatesReady(std::function<void()> handler) = 0;
  // A data channel the remote peer opened.
  virtual void onDataChannel(std::function<void(std::shared_ptr<DataChannel>)> handler) = 0;
};

}  // namespace wx::rtc

// A PeerConnection with no libwebrtc behind it: tests drive its states.
#pragma once

#include "rtc/PeerConnection.h"

namespace wx::testing {

class FakePeerConnection : public rtc::PeerConnection {
 public:
  // When false, setLocalDescription starts gathering but never finishes it
  // (nor are the host candidates ready).
  bool completeGathering = true;
  bool closed = false;
  int dataChannelsCreated = 0;
  // What createOffer returns: kOfferSdp (one host candidate) unless a test
  // says otherwise.
  std::string offerSdp = kOfferSdp;
  // What remoteCandidatesSeen returns.
  std::vector<std::string> seenRemoteCandidates;

  // Plays a state change as libwebrtc's signaling thread would.
  void emitIceState(rtc::IceConnectionState state);
  void emitConnectionState(rtc::PeerConnectionState state);

  std::shared_ptr<rtc::DataChannel> createDataChannel(const std::string& label) override;
  // The connection tests negotiate no media.
  std::shared_ptr<rtc::Transceiver> addTransceiver(rtc::MediaKind, rtc::Direction) override {
    return nullptr;
  }
  std::vector<std::shared_ptr<rtc::Transceiver>> transceivers() override { return {}; }
  rtc::SessionDescription createOffer() override;
  rtc::SessionDescription createAnswer() override;
  void setLocalDescription(const rtc::SessionDescription& description) override;
  void setRemoteDescription(const rtc::SessionDescription& description) override;
  void addIceCandidate(const std::string& mid, const std::string& candidate) override {
    trickled.push_back(mid + " " + candidate);
  }
  // What addIceCandidate took: "MID CANDIDATE".
  std::vector<std::string> trickled;
  std::optional<rtc::SessionDescription> localDescription() const override { return local_; }
  std::optional<rtc::SessionDescription> remoteDescription() const override { return remote_; }
  rtc::IceConnectionState iceConnectionState() const override { return ice_; }
  rtc::IceGatheringState iceGatheringState() const override { return gathering_; }
  rtc::SignalingState signalingState() const override { return signaling_; }
  rtc::PeerConnectionState connectionState() const override { return connection_; }
  bool hostCandidatesReady() const override {
    return gathering_ == rtc::IceGatheringState::Complete;
  }
  std::vector<std::string> remoteCandidatesSeen() override { return seenRemoteCandidates; }
  void close() override;

  void onIceConnectionStateChange(std::function<void(rtc::IceConnectionState)> h) override {
    onIce_ = std::move(h);
  }
  void onIceGatheringStateChange(std::function<void(rtc::IceGatheringState)> h) override {
    onGathering_ = std::move(h);
  }
  void onSignalingStateChange(std::function<void(rtc::SignalingState)>) override {}
  void onConnectionStateChange(std::function<void(rtc::PeerConnectionState)> h) override {
    onConnection_ = std::move(h);
  }
  void onDataChannel(std::function<void(std::shared_ptr<rtc::DataChannel>)>) override {}
  void onHostCandidatesReady(std::function<void()> h) override { onHostCandidates_ = std::move(h); }

  static constexpr const char* kOfferSdp =
      "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-options:trickle\r\n"
      "a=candidate:1 1 udp 2122063615 127.0.0.1 5000 typ host\r\n";

 private:
  std::optional<rtc::SessionDescription> local_;
  std::optional<rtc::SessionDescription> remote_;
  rtc::IceConnectionState ice_ = rtc::IceConnectionState::New;
  rtc::IceGatheringState gathering_ = rtc::IceGatheringState::New;
  rtc::SignalingState signaling_ = rtc::SignalingState::Stable;
  std::function<void(rtc::IceConnectionState)> onIce_;
  rtc::PeerConnectionState connection_ = rtc::PeerConnectionState::New;
  std::function<void(rtc::PeerConnectionState)> onConnection_;
  std::function<void(rtc::IceGatheringState)> onGathering_;
  std::function<void()> onHostCandidates_;
};

}  // namespace wx::testing

#include "unit/connections/FakePeerConnection.h"

namespace wx::testing {

void FakePeerConnection::emitIceState(rtc::IceConnectionState state) {
  ice_ = state;
  if (onIce_) onIce_(state);
}

void FakePeerConnection::emitConnectionState(rtc::PeerConnectionState state) {
  connection_ = state;
  if (onConnection_) onConnection_(state);
}

std::shared_ptr<rtc::DataChannel> FakePeerConnection::createDataChannel(const std::string&) {
  ++dataChannelsCreated;
  return nullptr;
}

rtc::SessionDescription FakePeerConnection::createOffer() { return {"offer", offerSdp}; }

rtc::SessionDescription FakePeerConnection::createAnswer() {
  throw rtc::RtcError(rtc::RtcError::Kind::InvalidState, "the fake only offers");
}

void FakePeerConnection::setLocalDescription(const rtc::SessionDescription& description) {
  local_ = description;
  signaling_ = rtc::SignalingState::HaveLocalOffer;
  gathering_ =
      completeGathering ? rtc::IceGatheringState::Complete : rtc::IceGatheringState::Gathering;
  if (onGathering_) onGathering_(gathering_);
  if (completeGathering && onHostCandidates_) onHostCandidates_();
}

void FakePeerConnection::setRemoteDescription(const rtc::SessionDescription& description) {
  if (description.sdp.find("v=0") != 0) {
    throw rtc::RtcError(rtc::RtcError::Kind::InvalidInput, "not an SDP");
  }
  remote_ = description;
  signaling_ = rtc::SignalingState::Stable;
}

void FakePeerConnection::close() {
  closed = true;
  ice_ = rtc::IceConnectionState::Closed;
  signaling_ = rtc::SignalingState::Closed;
}

}  // namespace wx::testing

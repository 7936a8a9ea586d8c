#include "rtc/Types.h"

namespace wx::rtc {

std::string_view toString(IceConnectionState state) {
  switch (state) {
    case IceConnectionState::New:
      return "new";
    case IceConnectionState::Checking:
      return "checking";
    case IceConnectionState::Connected:
      return "connected";
    case IceConnectionState::Completed:
      return "completed";
    case IceConnectionState::Failed:
      return "failed";
    case IceConnectionState::Disconnected:
      return "disconnected";
    case IceConnectionState::Closed:
      return "closed";
  }
  return "unknown";
}

std::string_view toString(IceGatheringState state) {
  switch (state) {
    case IceGatheringState::New:
      return "new";
    case IceGatheringState::Gathering:
      return "gathering";
    case IceGatheringState::Complete:
      return "complete";
  }
  return "unknown";
}

std::string_view toString(SignalingState state) {
  switch (state) {
    case SignalingState::Stable:
      return "stable";
    case SignalingState::HaveLocalOffer:
      return "have-local-offer";
    case SignalingState::HaveLocalPranswer:
      return "have-local-pranswer";
    case SignalingState::HaveRemoteOffer:
      return "have-remote-offer";
    case SignalingState::HaveRemotePranswer:
      return "have-remote-pranswer";
    case SignalingState::Closed:
      return "closed";
  }
  return "unknown";
}

std::string_view toString(PeerConnectionState state) {
  switch (state) {
    case PeerConnectionState::New:
      return "new";
    case PeerConnectionState::Connecting:
      return "connecting";
    case PeerConnectionState::Connected:
      return "connected";
    case PeerConnectionState::Disconnected:
      return "disconnected";
    case PeerConnectionState::Failed:
      return "failed";
    case PeerConnectionState::Closed:
      return "closed";
  }
  return "unknown";
}

}  // namespace wx::rtc

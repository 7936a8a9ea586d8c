// Plain value types shared by the facade. No libwebrtc types appear here, so
// code that includes only these headers compiles without libwebrtc's.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace wx::rtc {

// An SDP blob and its type ("offer" or "answer"), as in RTCSessionDescription.
struct SessionDescription {
  std::string type;
  std::string sdp;
};

// The W3C state machines, with the same names the browser uses (toString).
enum class IceConnectionState { New, Checking, Connected, Completed, Failed, Disconnected, Closed };
enum class IceGatheringState { New, Gathering, Complete };
enum class SignalingState {
  Stable,
  HaveLocalOffer,
  HaveLocalPranswer,
  HaveRemoteOffer,
  HaveRemotePranswer,
  Closed
};
enum class PeerConnectionState { New, Connecting, Connected, Disconnected, Failed, Closed };

// One end of ICE's selected candidate pair, with the W3C RTCIceCandidateStats
// names: candidateType "host", "srflx" (server-reflexive), "prflx"
// (peer-reflexive) or "relay"; protocol "udp" or "tcp"; the address and port
// ICE uses. The address is empty for a peer-reflexive remote candidate:
// libwebrtc withholds it, as W3C webrtc-stats says to.
struct IceCandidateInfo {
  std::string candidateType;
  std::string protocol;
  std::string address;
  int port = 0;
};

// The W3C RTCIceCandidatePair ICE selected: our candidate and the peer's.
struct CandidatePair {
  IceCandidateInfo local;
  IceCandidateInfo remote;
};

enum class MediaKind { Audio, Video };
enum class Direction { SendRecv, SendOnly, RecvOnly, Inactive };

std::string_view toString(IceConnectionState state);
std::string_view toString(IceGatheringState state);
std::string_view toString(SignalingState state);
std::string_view toString(PeerConnectionState state);

// Raised when libwebrtc rejects a call (a bogus SDP, a call in the wrong
// state). `invalidInput` tells a caller's bad input from our own failure.
class RtcError : public std::runtime_error {
 public:
  enum class Kind { InvalidInput, InvalidState, Internal };
  RtcError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace wx::rtc

// The JSON shapes of the REST contract (DESIGN.md), in one place.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "connections/WebRtcConnection.h"
#include "rtc/Types.h"

namespace wx::rest {

// {"type", "sdp"}, or {} when there is no description yet. A local offer
// loses its trickle option: it is complete when we hand it out.
nlohmann::json toJson(const std::optional<rtc::SessionDescription>& description);

// {"id", "state", "iceConnectionState", "localDescription",
//  "remoteDescription", "signalingState", "connectionState" (W3C
//  RTCPeerConnectionState: ICE and DTLS), "selectedCandidatePair"
//  (toJson(CandidatePair) or null)}
nlohmann::json toJson(const connections::WebRtcConnection& connection);

// {"local": {"candidateType", "protocol", "address", "port"}, "remote": the
// same}, or null when ICE has selected no pair. "address" is null when
// libwebrtc withholds it (a peer-reflexive candidate).
nlohmann::json toJson(const std::optional<rtc::CandidatePair>& pair);

// GET .../stats: {"id", "connectionState", "selectedCandidatePair"} as in the
// connection's JSON, plus WebRtcConnection::statistics()' fields.
nlohmann::json statsJson(connections::WebRtcConnection& connection);

// {"error": message}
nlohmann::json errorJson(const std::string& message);

// Parses a request body {"type": "...", "sdp": "..."}. Throws
// ConnectionError(BadInput) for anything else.
rtc::SessionDescription parseDescription(const std::string& body);

}  // namespace wx::rest

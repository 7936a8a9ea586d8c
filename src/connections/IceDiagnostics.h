// The ICE candidates of a description, short enough for one log line:
// when a peer does not connect, the candidates we offered beside those the
// peer gave (or that reached us) tell a NAT problem (no usable address on
// one side) from a firewall problem (addresses on both sides, no checks
// get through).
#pragma once

#include <string>
#include <vector>

namespace wx::connections {

// "udp 192.0.2.1:5000 host", "tcp 192.0.2.1:9 host passive",
// "udp 198.51.100.7:6000 srflx from 10.0.0.2:6000": one per distinct
// a=candidate line of component 1 (RTP; RTCP is muxed), in order. Text is
// taken as it is; escape what came from a peer before logging it.
std::vector<std::string> summarizeCandidates(const std::string& sdp);

// "[a, b]" with each item escaped (common::escapeForLog), or "none".
std::string joinForLog(const std::vector<std::string>& items);

}  // namespace wx::connections

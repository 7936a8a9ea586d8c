// Small, well-understood rewrites of SDP text that libwebrtc has no API for.
#pragma once

#include <cstddef>
#include <string>

namespace wx::rtc {

// Drops "a=ice-options:trickle" lines: our offers are complete (every host
// candidate is in them), so the answerer need not wait for more.
std::string removeTrickleOption(const std::string& sdp);

// Puts "stereo=1" on every Opus fmtp line (added, or replacing another
// stereo value), which asks the other side to send two channels (what a
// browser does not do by default). Other parameters stay as they were.
std::string requestOpusStereo(const std::string& sdp);

// The number of "a=candidate:" lines, in every media section.
size_t countCandidates(const std::string& sdp);

}  // namespace wx::rtc

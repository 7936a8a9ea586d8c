// Sends libwebrtc's own log lines (warnings and errors) to spdlog.
#pragma once

namespace wx::rtc {

// Idempotent; the Factory calls it.
void routeWebRtcLogToSpdlog();

}  // namespace wx::rtc

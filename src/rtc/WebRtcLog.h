// libwebrtc's own log lines in our log, and the one event of libwebrtc's we
// log ourselves because its line comes only with them.
#pragma once

#include <string_view>

namespace wx::rtc {

// At spdlog level debug, libwebrtc's warnings and errors join our log
// (errors as warnings, routine ones and warnings as debug); at trace, its
// info lines too. Above debug (info, the default), none does: a registered
// sink makes libwebrtc format every line it meets, the ones it then drops
// too, which costs its network thread about a fifth of its time under
// data-channel load (bench/README.md). Reads the level once: call it after
// setting the level. Idempotent; the Factory calls it. Any thread.
void routeWebRtcLogToSpdlog();

// One line for an SCTP association that ended with an ABORT (RFC 9260
// section 3.3.7), given libwebrtc's text for it (DataChannelInterface::error,
// for example "User-Initiated Abort, reason=Close called"): info when the
// peer closed normally (cause "User-Initiated Abort", what browsers and
// libwebrtc's Close() send), a warning otherwise. `message` is escaped. Any
// thread; call it once per peer connection.
void logSctpAbort(std::string_view message);

}  // namespace wx::rtc

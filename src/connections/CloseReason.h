// Why a connection closed, as a small fixed set: /metrics labels its closed
// counter with these (never with the free text of the log line, which may
// hold what a client sent).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace wx::connections {

enum class CloseReason {
  Deleted,           // DELETE /NAME/connections/ID
  ConnectTimeout,    // not connected (ICE and DTLS) within timeToConnected
  ReconnectTimeout,  // disconnected or failed for timeToReconnected
  GatherTimeout,     // host candidates not gathered within timeToHostCandidates
  NoCandidates,      // the offer had no candidate (no usable interface)
  OfferFailed,       // beforeOffer or libwebrtc failed while making the offer
  AnswerFailed,      // a client's offer (WHIP, WHEP) was refused, or answering it failed
  Shutdown,          // the server is stopping
  Other,             // anything else (a connection released unclosed, tests)
};

inline constexpr std::array kCloseReasons = {
    CloseReason::Deleted,       CloseReason::ConnectTimeout, CloseReason::ReconnectTimeout,
    CloseReason::GatherTimeout, CloseReason::NoCandidates,   CloseReason::OfferFailed,
    CloseReason::AnswerFailed,  CloseReason::Shutdown,       CloseReason::Other,
};

// The metrics label: "deleted", "connect_timeout", ...
std::string_view toString(CloseReason reason);

inline constexpr size_t index(CloseReason reason) { return static_cast<size_t>(reason); }

}  // namespace wx::connections

#include "rtc/WebRtcLog.h"

#include <spdlog/spdlog.h>

#include <string_view>

#include "rtc_base/logging.h"

namespace wx::rtc {
namespace {

// A peer that closes sends an SCTP ABORT with a "User-Initiated Abort" cause
// (browsers do, and libwebrtc's own Close(): "reason=Close called"), and
// libwebrtc's DcSctpTransport logs each as an error (dcsctp_transport.cc,
// OnAborted). It is how a peer's data channels normally end: give it one
// info line. An ABORT with another cause stays a warning.
constexpr std::string_view kPeerClose = "->OnAborted(error=PEER_REPORTED, message=";
constexpr std::string_view kUserInitiated = "User-Initiated Abort";

// A relay made before its track's stream is negotiated (audio-video-loopback
// forwards its own transceiver before the offer) attaches its encoded sink
// early: libwebrtc logs this as an error (webrtc_video_engine.cc,
// SetRecordableEncodedFrameCallback), then attaches the sink itself once the
// stream exists (VideoRtpReceiver keeps it and sets it on its new media
// channel). Routine for us: debug. Detaching it early (the relay goes before
// the stream came) says "clearing" where this says "setting".
constexpr std::string_view kEarlyEncodedSink = "Absent receive stream; ignoring ";
// A client's SDP that does not parse: libwebrtc logs it as an error, and
// we refuse it with a 400 and log that once ourselves (webrtc_sdp.cc).
constexpr std::string_view kSdpParseFailure = "Failed to parse: ";
// A video section of a client's offer (WHIP, WHEP) has no bitrate range
// until the answer is set, when we give it ours (LibPeerConnection::
// setLocalDescription); libwebrtc makes its send stream in between, and
// says so as an error (video_send_stream_impl.cc).
constexpr std::string_view kNoInitialMaxBitrate = "Initial encoder max bitrate = -1";
// Errors of libwebrtc's that are routine for us: debug.
constexpr std::string_view kRoutineErrors[] = {kEarlyEncodedSink, kSdpParseFailure,
                                               kNoInitialMaxBitrate};

// The cause of a peer's normal close ("User-Initiated Abort, reason=Close
// called"), or empty when `message` is something else.
std::string_view peerCloseCause(std::string_view message) {
  size_t at = message.find(kPeerClose);
  if (at == std::string_view::npos) return {};
  std::string_view cause = message.substr(at + kPeerClose.size());
  if (!cause.starts_with(kUserInitiated)) return {};
  if (cause.ends_with(").")) cause.remove_suffix(2);
  return cause;
}

// Runs on whichever libwebrtc thread logged; spdlog is thread-safe.
class SpdlogSink : public ::rtc::LogSink {
 public:
  void OnLogMessage(const std::string& message) override { log(message); }
  void OnLogMessage(const std::string& message, ::rtc::LoggingSeverity severity) override {
    log(message, severity);
  }

 private:
  static void log(std::string_view message, ::rtc::LoggingSeverity severity = ::rtc::LS_WARNING) {
    while (!message.empty() && message.back() == '\n') message.remove_suffix(1);
    if (std::string_view cause = peerCloseCause(message); !cause.empty()) {
      spdlog::info("libwebrtc: the peer closed its data channels (SCTP ABORT: {})", cause);
      return;
    }
    // libwebrtc is chatty: its warnings are routine (blocking-call counts,
    // early packets), so only its errors are ours.
    bool routine = false;
    for (std::string_view known : kRoutineErrors) {
      routine = routine || message.find(known) != std::string_view::npos;
    }
    spdlog::level::level_enum level = routine                         ? spdlog::level::debug
                                      : severity >= ::rtc::LS_ERROR   ? spdlog::level::warn
                                      : severity >= ::rtc::LS_WARNING ? spdlog::level::debug
                                                                      : spdlog::level::trace;
    spdlog::log(level, "libwebrtc: {}", message);
  }
};

}  // namespace

void routeWebRtcLogToSpdlog() {
  static SpdlogSink* sink = [] {
    auto* s = new SpdlogSink;  // lives as long as the process logs
    ::rtc::LogMessage::LogToDebug(::rtc::LS_NONE);
    // At trace level, libwebrtc's own info lines come too (to see where a
    // connection spends its time).
    ::rtc::LogMessage::AddLogToStream(
        s, spdlog::get_level() <= spdlog::level::trace ? ::rtc::LS_INFO : ::rtc::LS_WARNING);
    return s;
  }();
  (void)sink;
}

}  // namespace wx::rtc

#include "rtc/WebRtcLog.h"

#include <spdlog/spdlog.h>

#include <string_view>

#include "common/Log.h"
#include "rtc_base/logging.h"

namespace wx::rtc {
namespace {

// dcSCTP's abort of an association (dcsctp_transport.cc, OnAborted), which
// libwebrtc logs as an error: we log it ourselves, from the data channels'
// close (logSctpAbort), so here it is routine.
constexpr std::string_view kAborted = "->OnAborted(error=";
// How browsers and libwebrtc's own Close() end an association: an ABORT with
// this cause (libwebrtc's "reason=Close called").
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
constexpr std::string_view kRoutineErrors[] = {kAborted, kEarlyEncodedSink, kSdpParseFailure,
                                               kNoInitialMaxBitrate};

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
  static const bool once = [] {
    ::rtc::LogMessage::LogToDebug(::rtc::LS_NONE);
    // With any sink registered, libwebrtc formats every log line it meets,
    // the ones no sink takes too (rtc_base/logging.cc, IsNoop), and Debian's
    // build (DCHECKs on) compiles in dcSCTP's per-packet debug lines: that
    // cost its network thread about a fifth of its time moving data channel
    // bytes (bench/README.md, issue 17). So only when asked for.
    if (spdlog::get_level() > spdlog::level::debug) return true;
    // At trace level, libwebrtc's own info lines come too (to see where a
    // connection spends its time). The sink lives as long as the process.
    ::rtc::LogMessage::AddLogToStream(new SpdlogSink, spdlog::get_level() <= spdlog::level::trace
                                                          ? ::rtc::LS_INFO
                                                          : ::rtc::LS_WARNING);
    return true;
  }();
  (void)once;
}

void logSctpAbort(std::string_view message) {
  std::string escaped = common::escapeForLog(message);
  if (message.starts_with(kUserInitiated)) {
    spdlog::info("the peer closed its data channels (SCTP ABORT: {})", escaped);
  } else {
    spdlog::warn("data channels ended: the SCTP association was aborted ({})", escaped);
  }
}

}  // namespace wx::rtc

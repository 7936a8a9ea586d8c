#include "rtc/WebRtcLog.h"

#include <spdlog/spdlog.h>

#include "rtc_base/logging.h"

namespace wx::rtc {
namespace {

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
    // early packets) and even its errors include a peer's normal close.
    spdlog::level::level_enum level = severity >= ::rtc::LS_ERROR     ? spdlog::level::warn
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

#include "rtc/FieldTrials.h"

#include "system_wrappers/include/field_trial.h"

namespace wx::rtc {

std::string FieldTrials::Lookup(absl::string_view key) const {
  if (key == "WebRTC-SendPacketsOnWorkerThread") return "Enabled";
  return ::webrtc::field_trial::FindFullName(std::string(key));
}

}  // namespace wx::rtc

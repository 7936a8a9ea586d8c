// Internal (includes libwebrtc): an audio device module for a machine with no
// sound card. It never captures, so the ADM never feeds silence into send
// streams that our own audio sources drive.
#pragma once

#include "modules/audio_device/include/audio_device_default.h"

namespace wx::rtc {

class NullAudioDevice
    : public ::webrtc::webrtc_impl::AudioDeviceModuleDefault<::webrtc::AudioDeviceModule> {};

}  // namespace wx::rtc

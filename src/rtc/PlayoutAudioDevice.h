// Internal (includes libwebrtc): the audio device module for a machine with
// no sound card. libwebrtc decodes received audio only when the device asks
// for playout data, so this device asks every 10 ms on a thread of its own
// ("rtc-audio-out") while any remote audio track exists, and throws the mix
// away; AudioSink handlers see each track's decoded audio on that thread.
// It never records: local audio comes from our AudioSources only.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "modules/audio_device/include/audio_device_default.h"

namespace wx::rtc {

class PlayoutAudioDevice
    : public ::webrtc::webrtc_impl::AudioDeviceModuleDefault<::webrtc::AudioDeviceModule> {
 public:
  ~PlayoutAudioDevice() override;

  // Called by libwebrtc on its worker thread.
  int32_t RegisterAudioCallback(::webrtc::AudioTransport* transport) override;
  int32_t PlayoutIsAvailable(bool* available) override;
  int32_t StartPlayout() override;
  int32_t StopPlayout() override;
  bool Playing() const override { return playing_; }
  int32_t Terminate() override;

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable changed_;
  ::webrtc::AudioTransport* transport_ = nullptr;
  std::atomic<bool> playing_{false};
  bool stopping_ = false;
  std::thread thread_;  // started by the first StartPlayout()
};

}  // namespace wx::rtc

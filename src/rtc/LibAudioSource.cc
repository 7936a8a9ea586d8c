#include "rtc/LibAudioSource.h"

#include <algorithm>

namespace wx::rtc {

std::shared_ptr<AudioSource> AudioSource::create() { return std::make_shared<LibAudioSource>(); }

LibAudioSource::LibAudioSource() : native_(::rtc::make_ref_counted<Native>()) {}

void LibAudioSource::push(const AudioFrame& frame) {
  if (frame.frames == 0 || frame.samples.size() < frame.frames * frame.channels) return;
  native_->deliver(frame);
}

void LibAudioSource::Native::AddSink(::webrtc::AudioTrackSinkInterface* sink) {
  std::lock_guard lock(mutex_);
  if (std::find(sinks_.begin(), sinks_.end(), sink) == sinks_.end()) sinks_.push_back(sink);
}

void LibAudioSource::Native::RemoveSink(::webrtc::AudioTrackSinkInterface* sink) {
  std::lock_guard lock(mutex_);
  std::erase(sinks_, sink);
}

void LibAudioSource::Native::deliver(const AudioFrame& frame) {
  // Under the lock, so RemoveSink() never returns while a sink is in use.
  std::lock_guard lock(mutex_);
  for (::webrtc::AudioTrackSinkInterface* sink : sinks_) {
    sink->OnData(frame.samples.data(), 16, frame.sampleRate, static_cast<size_t>(frame.channels),
                 frame.frames, absl::nullopt);
  }
}

}  // namespace wx::rtc

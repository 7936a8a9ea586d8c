// Internal (includes libwebrtc): AudioSource as a libwebrtc audio source.
// Tracks made from it register their senders as sinks; push() hands each
// frame to them (WebRtcAudioSendStream), which queues it for encoding.
#pragma once

#include <mutex>
#include <vector>

#include "api/media_stream_interface.h"
#include "api/notifier.h"
#include "rtc/AudioSource.h"

namespace wx::rtc {

class LibAudioSource : public AudioSource {
 public:
  LibAudioSource();
  void push(const AudioFrame& frame) override;
  ::webrtc::AudioSourceInterface* native() const { return native_.get(); }

 private:
  // AddSink/RemoveSink run on libwebrtc's worker thread, deliver() on the
  // pushing thread: the list is under a lock.
  class Native : public ::webrtc::Notifier<::webrtc::AudioSourceInterface> {
   public:
    SourceState state() const override { return kLive; }
    bool remote() const override { return false; }
    void AddSink(::webrtc::AudioTrackSinkInterface* sink) override;
    void RemoveSink(::webrtc::AudioTrackSinkInterface* sink) override;
    void deliver(const AudioFrame& frame);

   private:
    std::mutex mutex_;
    std::vector<::webrtc::AudioTrackSinkInterface*> sinks_;
  };
  ::rtc::scoped_refptr<Native> native_;
};

}  // namespace wx::rtc

// Internal (includes libwebrtc): VideoSource as a libwebrtc video track
// source that hands each frame to the tracks' sinks (the encoders).
//
// It implements the interface itself rather than deriving from libwebrtc's
// AdaptedVideoTrackSource: Debian's libtgowt is built with DCHECKs on,
// which changes the size of that class's members, so an object of it made
// in our code (built with NDEBUG) is too small for the library's own code.
// Interfaces have no members, so they are safe across that line.
#pragma once

#include <mutex>
#include <vector>

#include "api/media_stream_interface.h"
#include "rtc/VideoSource.h"

namespace wx::rtc {

// A local video track source that hands each delivered frame to its sinks
// (the encoders' VideoStreamEncoders): what LibVideoSource pushes into, and
// what the relay (VideoRelay.h) feeds each viewer's track from.
//
// Sinks come and go on libwebrtc's worker thread; deliver() runs on the
// delivering thread, under the lock, so RemoveSink never returns while its
// sink is in use. Resolution wants are not honoured: encoders scale.
class PushTrackSource : public ::webrtc::VideoTrackSourceInterface {
 public:
  using Sink = ::rtc::VideoSinkInterface<::webrtc::VideoFrame>;
  void AddOrUpdateSink(Sink* sink, const ::rtc::VideoSinkWants&) override;
  void RemoveSink(Sink* sink) override;
  void deliver(const ::webrtc::VideoFrame& frame);

  SourceState state() const override { return kLive; }
  bool remote() const override { return false; }
  bool is_screencast() const override { return false; }
  absl::optional<bool> needs_denoising() const override { return false; }
  bool GetStats(Stats*) override { return false; }
  bool SupportsEncodedOutput() const override { return false; }
  void GenerateKeyFrame() override {}
  void AddEncodedSink(::rtc::VideoSinkInterface<::webrtc::RecordableEncodedFrame>*) override {}
  void RemoveEncodedSink(::rtc::VideoSinkInterface<::webrtc::RecordableEncodedFrame>*) override {}
  void RegisterObserver(::webrtc::ObserverInterface*) override {}
  void UnregisterObserver(::webrtc::ObserverInterface*) override {}

 private:
  std::mutex mutex_;
  std::vector<Sink*> sinks_;
};

class LibVideoSource : public VideoSource {
 public:
  LibVideoSource();
  void push(const VideoFrame& frame) override;
  ::webrtc::VideoTrackSourceInterface* native() const { return native_.get(); }

 private:
  ::rtc::scoped_refptr<PushTrackSource> native_;
};

}  // namespace wx::rtc

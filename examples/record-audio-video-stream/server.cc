// record-audio-video-stream, server half: receive audio and video, hand
// every decoded frame to a Recorder, and when the connection ends (DELETE,
// Stop, ICE timeout or shutdown) finish the file and report it. A peer that
// sends only audio or only video gets a file with only that.
#include <cmath>

#include "record-audio-video-stream/Recorder.h"
#include "record-audio-video-stream/example.h"

namespace wx::examples::record_audio_video_stream {
namespace {

struct Session : connections::ExampleSession {
  std::shared_ptr<RecordingFiles> files;
  std::unique_ptr<Recorder> recorder;
  // Members below go first on destruction: no callback then reaches the recorder.
  std::unique_ptr<rtc::MediaSink> hearing;
  std::unique_ptr<rtc::MediaSink> seeing;

  // libwebrtc's network thread. A client that vanished leaves a peer that
  // plays out concealment audio until the timers close it: not recorded.
  void connectionStateChanged(rtc::PeerConnectionState state) override {
    if (state == rtc::PeerConnectionState::Connected) recorder->setReceiving(true);
    if (state == rtc::PeerConnectionState::Disconnected ||
        state == rtc::PeerConnectionState::Failed) {
      recorder->setReceiving(false);
    }
  }

  // The closing thread, after the peer connection closed.
  nlohmann::json finish() override {
    hearing.reset();
    seeing.reset();
    Recorder::Result result = recorder->finish();
    // No file, no url: the error says why.
    if (result.error) return {{"recording", {{"error", *result.error}}}};
    nlohmann::json recording = files->describe(result.file.filename().string());
    recording["seconds"] = std::round(result.seconds * 100) / 100;
    recording["audio"] = result.audio;  // which kinds the file has: what arrived
    recording["video"] = result.video;
    return {{"recording", recording}};
  }
};

}  // namespace

connections::BeforeOffer beforeOffer(std::shared_ptr<RecordingFiles> files) {
  return [files](rtc::PeerConnection& pc) {
    auto session = std::make_unique<Session>();
    session->files = files;
    session->recorder = std::make_unique<Recorder>(files->newFile());
    auto audio = pc.addTransceiver(rtc::MediaKind::Audio, rtc::Direction::RecvOnly);
    auto video = pc.addTransceiver(rtc::MediaKind::Video, rtc::Direction::RecvOnly);
    // The audio and decoding threads: the recorder only copies and queues.
    session->hearing = audio->receiveAudio(
        [r = session->recorder.get()](const rtc::AudioFrame& f) { r->audio(f); });
    session->seeing = video->receiveVideo(
        [r = session->recorder.get()](const rtc::VideoFrame& f) { r->video(f); });
    return session;
  };
}

}  // namespace wx::examples::record_audio_video_stream

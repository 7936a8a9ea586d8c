// Records one connection's received audio and video into a WebM file (VP8 +
// Opus) with FFmpeg's libraries, in process: audio and video, or only the
// kind that arrives (a peer with a microphone and no camera, or the reverse). Why WebM/VP8/Opus:
// browsers play it in <video> without plug-ins, ffprobe reads it, and both codecs are the ones
// WebRTC itself uses, encoded here by libvpx and libopus.
//
// The sinks' threads only copy and queue (video(), audio()); one thread of
// the recorder's own encodes and writes, so libwebrtc's threads never wait
// on an encoder or the disk. The first picture's size is the file's; later
// sizes are scaled to it, so a mid-stream change of resolution costs
// nothing but a little sharpness. Audio and video are timed by when they
// arrive, on one clock, which keeps them in sync.
//
// Which kinds the file has is decided by what arrives first: once both
// kinds came, or kWaitForBothKinds after the first item of one kind, the
// file is opened with the kinds seen so far (a WebM header lists its
// streams up front). A kind that starts later than that is not recorded
// (logged once).
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "rtc/AudioFrame.h"
#include "rtc/I420Picture.h"

namespace wx::examples::record_audio_video_stream {

class Recorder {
 public:
  struct Result {
    std::filesystem::path file;        // empty when there is no file
    double seconds = 0;                // of media written
    bool audio = false;                // the file has an audio stream
    bool video = false;                // the file has a video stream
    std::optional<std::string> error;  // why there is no file
  };

  explicit Recorder(std::filesystem::path file);
  ~Recorder();  // finishes if finish() was not called
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // From the decoding and audio threads: copy and queue, never block long.
  void video(const rtc::VideoFrame& frame);
  void audio(const rtc::AudioFrame& frame);
  // While false, media is dropped: the peer is gone, and what libwebrtc
  // still delivers (concealment audio every 10 ms) is not what it sent.
  // Any thread; never blocks long. True at first.
  void setReceiving(bool receiving);

  // Stops taking media, writes what is queued, finalizes the file. Blocks
  // until done; later calls return the same result.
  Result finish();

  struct Encoder;  // libav state (Recorder.cc)

 private:
  struct Item {
    int64_t atUs;  // arrival, steady clock
    bool isVideo;
    rtc::I420Picture picture;
    std::vector<int16_t> samples;  // mono, 48 kHz
  };
  void run();

  const std::filesystem::path file_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> queue_;
  bool finishing_ = false;
  bool dropping_ = false;  // a full queue: said once in the log
  bool receiving_ = true;
  bool heardAudio_ = false;  // the audio thread's only (audio())
  std::once_flag finished_;
  std::optional<Result> result_;      // set once, by finish()
  std::unique_ptr<Encoder> encoder_;  // the worker's only
  std::thread worker_;
};

}  // namespace wx::examples::record_audio_video_stream

// record-audio-video-stream, native client half: send --seconds of a moving
// pattern (320x240, then 640x480 from halfway: one change of size) and a
// 440 Hz tone (--no-video or --no-audio leaves one out), then close and
// print where the server wrote the file and which kinds it has.
#include <cstdio>
#include <thread>

#include "MediaKindOptions.h"
#include "common/PatternSender.h"
#include "common/ToneSender.h"
#include "record-audio-video-stream/example.h"

namespace wx::examples::record_audio_video_stream {
namespace {

using namespace std::chrono_literals;

struct Options {
  double seconds = 3;
  MediaKindOptions kinds;

  void addTo(CLI::App& command) {
    command.add_option("--seconds", seconds, "how long to send")->check(CLI::Range(0.5, 3600.0));
    kinds.addTo(command);
  }
};

int run(client::ConnectionClient& client, const Options& options) {
  auto audioClock = std::make_shared<common::FramePacer>(10ms);
  auto videoClock = std::make_shared<common::FramePacer>(std::chrono::microseconds(33'333));
  common::ToneSender tone(audioClock, 1, 440);
  common::PatternSender pattern(videoClock, 320, 240);
  auto connection = client.connect([&](rtc::PeerConnection& pc) {
    // A transceiver given nothing to send stays receive-only in the answer.
    if (options.kinds.audio())
      client::transceiverOf(pc, rtc::MediaKind::Audio)->send(tone.source());
    if (options.kinds.video()) {
      client::transceiverOf(pc, rtc::MediaKind::Video)->send(pattern.source());
    }
  });
  std::printf("connection %s: sending %.1f s of %s (320x240, then 640x480, and 440 Hz)\n",
              connection->id().c_str(), options.seconds, options.kinds.describe());
  std::fflush(stdout);
  const auto half = std::chrono::duration<double>(options.seconds / 2);
  std::this_thread::sleep_for(half);
  pattern.resize(640, 480);
  std::this_thread::sleep_for(half);

  nlohmann::json closed = connection->close();
  if (!closed.is_object() || !closed.contains("recording")) {
    std::fprintf(stderr, "error: the DELETE answer has no recording\n");
    return 1;
  }
  const nlohmann::json& recording = closed["recording"];
  if (recording.contains("error")) {
    std::fprintf(stderr, "error: the server could not record: %s\n",
                 recording["error"].get<std::string>().c_str());
    return 1;
  }
  const bool audio = recording.value("audio", false);
  const bool video = recording.value("video", false);
  std::printf("recorded %.2f s of %s into %s\ndownload: %s%s\n", recording.value("seconds", 0.0),
              audio && video ? "audio and video"
              : audio        ? "audio only"
                             : "video only",
              recording["file"].get<std::string>().c_str(), client.options().url.c_str(),
              recording["url"].get<std::string>().c_str());
  return 0;
}

}  // namespace

NativeClient nativeClient() { return makeNativeClient<Options>(run); }

}  // namespace wx::examples::record_audio_video_stream

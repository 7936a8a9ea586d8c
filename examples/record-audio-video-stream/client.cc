// record-audio-video-stream, native client half: send --seconds of a moving
// pattern (320x240, then 640x480 from halfway: one change of size) and a
// 440 Hz tone, then close and print where the server wrote the file.
#include <cstdio>
#include <thread>

#include "common/PatternSender.h"
#include "common/ToneSender.h"
#include "record-audio-video-stream/example.h"

namespace wx::examples::record_audio_video_stream {
namespace {

using namespace std::chrono_literals;

struct Options {
  double seconds = 3;

  void addTo(CLI::App& command) {
    command.add_option("--seconds", seconds, "how long to send")->check(CLI::Range(0.5, 3600.0));
  }
};

int run(client::ConnectionClient& client, const Options& options) {
  auto audioClock = std::make_shared<common::FramePacer>(10ms);
  auto videoClock = std::make_shared<common::FramePacer>(std::chrono::microseconds(33'333));
  common::ToneSender tone(audioClock, 1, 440);
  common::PatternSender pattern(videoClock, 320, 240);
  auto connection = client.connect([&](rtc::PeerConnection& pc) {
    auto audio = client::transceiverOf(pc, rtc::MediaKind::Audio);
    audio->send(tone.source());
    auto video = client::transceiverOf(pc, rtc::MediaKind::Video);
    video->send(pattern.source());
  });
  std::printf("connection %s: sending %.1f s of 320x240, then 640x480, and 440 Hz\n",
              connection->id().c_str(), options.seconds);
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
  std::printf("recorded %.2f s into %s\ndownload: %s%s\n", recording.value("seconds", 0.0),
              recording["file"].get<std::string>().c_str(), client.options().url.c_str(),
              recording["url"].get<std::string>().c_str());
  return 0;
}

}  // namespace

NativeClient nativeClient() { return makeNativeClient<Options>(run); }

}  // namespace wx::examples::record_audio_video_stream

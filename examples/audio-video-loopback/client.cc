// audio-video-loopback, native client half: send a moving 320x240 pattern at
// 30 fps and a 440 Hz tone, and report what comes back: frames per second,
// their size, whether every picture is the pattern's (whole and in order),
// and the tone's pitch. Exits 0 when at least --min-fps came back, no
// picture was corrupt or out of order, and the tone is heard.
#include <cmath>
#include <cstdio>

#include "FrameRateOptions.h"
#include "audio-video-loopback/example.h"
#include "common/FrameCounter.h"
#include "common/PatternCheck.h"
#include "common/PatternSender.h"
#include "common/ToneAnalyser.h"
#include "common/ToneSender.h"

namespace wx::examples::audio_video_loopback {
namespace {

using namespace std::chrono_literals;

constexpr double kToneHz = 440;

int run(client::ConnectionClient& client, const FrameRateOptions& options) {
  auto audioClock = std::make_shared<common::FramePacer>(10ms);
  auto videoClock = std::make_shared<common::FramePacer>(std::chrono::microseconds(33'333));
  common::ToneSender tone(audioClock, 1, kToneHz);
  common::PatternSender pattern(videoClock, 320, 240);
  common::ToneAnalyser heard;
  common::FrameCounter seen;
  common::PatternCheck pictures;
  std::unique_ptr<rtc::MediaSink> hearing;
  std::unique_ptr<rtc::MediaSink> seeing;
  auto connection = client.connect([&](rtc::PeerConnection& pc) {
    auto audio = client::transceiverOf(pc, rtc::MediaKind::Audio);
    audio->send(tone.source());
    hearing = audio->receiveAudio(
        [&heard](const rtc::AudioFrame& f) { heard.push(f.samples, f.channels, f.sampleRate); });
    auto video = client::transceiverOf(pc, rtc::MediaKind::Video);
    video->send(pattern.source());
    seeing = video->receiveVideo([&seen, &pictures](const rtc::VideoFrame& f) {
      seen.count(f);
      pictures.check(f);
    });
  });
  std::printf("connection %s: sending 320x240 at 30 fps and %.0f Hz\n", connection->id().c_str(),
              kToneHz);

  // The first frames need a key frame and a round trip; then measure.
  seen.waitForFrames(1, 10s);
  const double fps = seen.measureFps(std::chrono::seconds(options.seconds));
  const common::FrameCount count = seen.read();
  auto tone440 = heard.waitFor(
      [](const common::ToneReading& r) {
        return r.frequency && std::abs(*r.frequency - kToneHz) <= 3;
      },
      5s);
  const common::PatternCount checked = pictures.read();
  std::printf("video back: %.1f fps at %dx%d (%llu frames in all); audio back: %s\n", fps,
              count.width, count.height, static_cast<unsigned long long>(count.frames),
              tone440 ? "440 Hz" : "no 440 Hz tone");
  std::printf("pictures: %llu checked, %llu corrupt, %llu out of order, %llu never shown\n",
              static_cast<unsigned long long>(checked.pictures),
              static_cast<unsigned long long>(checked.bad),
              static_cast<unsigned long long>(checked.backwards),
              static_cast<unsigned long long>(checked.skipped));
  if (fps < options.minFps || !tone440 || checked.bad > 0 || checked.backwards > 0) {
    std::fprintf(stderr,
                 "error: wanted at least %.0f fps back, whole pictures in order, and the tone\n",
                 options.minFps);
    return 1;
  }
  return 0;
}

}  // namespace

NativeClient nativeClient() { return makeNativeClient<FrameRateOptions>(run); }

}  // namespace wx::examples::audio_video_loopback

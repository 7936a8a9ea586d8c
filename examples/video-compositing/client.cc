// video-compositing, native client half: send a moving 320x240 pattern at
// 30 fps and check what comes back: 640x480 pictures that are not what we
// sent (our pattern has one colour per frame; the server's text brings
// others). Exits 0 when at least --min-fps such pictures came back.
#include <algorithm>
#include <atomic>
#include <cstdio>

#include "FrameRateOptions.h"
#include "common/FrameCounter.h"
#include "common/PatternSender.h"
#include "video-compositing/Compositor.h"
#include "video-compositing/example.h"

namespace wx::examples::video_compositing {
namespace {

using namespace std::chrono_literals;

// The spread of the U (blue-difference) plane: 0 for our pattern, whose
// chroma is flat, and large once coloured text is drawn over it.
int chromaSpread(const rtc::VideoFrame& frame) {
  int low = 255;
  int high = 0;
  for (int row = 0; row < (frame.height + 1) / 2; ++row) {
    const uint8_t* line = frame.u + row * frame.strideU;
    const auto [min, max] = std::minmax_element(line, line + (frame.width + 1) / 2);
    low = std::min<int>(low, *min);
    high = std::max<int>(high, *max);
  }
  return high - low;
}

int run(client::ConnectionClient& client, const FrameRateOptions& options) {
  auto clock = std::make_shared<common::FramePacer>(std::chrono::microseconds(33'333));
  common::PatternSender pattern(clock, 320, 240);
  common::FrameCounter seen;
  std::atomic<int> spread{0};  // of the last picture
  std::unique_ptr<rtc::MediaSink> seeing;
  auto connection = client.connect([&](rtc::PeerConnection& pc) {
    auto video = client::transceiverOf(pc, rtc::MediaKind::Video);
    video->send(pattern.source());
    seeing = video->receiveVideo([&](const rtc::VideoFrame& f) {
      seen.count(f);
      spread = chromaSpread(f);
    });
  });
  std::printf("connection %s: sending 320x240 at 30 fps\n", connection->id().c_str());
  seen.waitForFrames(1, 10s);  // a key frame and a round trip first
  const double fps = seen.measureFps(std::chrono::seconds(options.seconds));
  const common::FrameCount count = seen.read();
  const bool composited =
      count.width == Compositor::kWidth && count.height == Compositor::kHeight && spread > 40;
  std::printf("back: %.1f fps at %dx%d, chroma spread %d (our pattern: 0): %s\n", fps, count.width,
              count.height, spread.load(), composited ? "composited" : "NOT composited");
  if (fps < options.minFps || !composited) {
    std::fprintf(stderr, "error: wanted at least %.0f fps of composited 640x480 back\n",
                 options.minFps);
    return 1;
  }
  return 0;
}

}  // namespace

NativeClient nativeClient() { return makeNativeClient<FrameRateOptions>(run); }

}  // namespace wx::examples::video_compositing

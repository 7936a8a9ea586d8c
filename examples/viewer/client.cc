// viewer, native client half: watch for --seconds, printing what the server
// says ("live", "waiting") and, at the end, the frames received, their rate
// and size, whether each picture was the native broadcaster's pattern whole
// and in order, and how much sound came. Exits 0 when any picture or sound
// came (a broadcast may be audio only or video only) and no picture of the
// pattern was corrupt. --whep plays with WHEP instead (no status comes).
#include <cstdio>

#include "broadcaster/BroadcastClients.h"
#include "viewer/example.h"

namespace wx::examples::viewer {
namespace {

struct Options {
  int seconds = 5;
  bool whep = false;

  void addTo(CLI::App& command) {
    command.add_option("--seconds", seconds, "how long to watch")->check(CLI::PositiveNumber);
    command.add_flag("--whep", whep, "play with WHEP from /viewer/whep (we offer)");
  }
};

int run(client::ConnectionClient& client, const Options& options) {
  broadcaster::BroadcastViewer viewer(
      client,
      {.signaling = options.whep ? broadcaster::Signaling::Whip : broadcaster::Signaling::Rest});
  std::printf("connection %s: watching for %d s\n", viewer.id().c_str(), options.seconds);
  std::fflush(stdout);
  const auto start = std::chrono::steady_clock::now();
  const auto end = start + std::chrono::seconds(options.seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (auto status = viewer.status().next(std::chrono::milliseconds(200))) {
      std::printf("broadcast: %s\n", status->c_str());
      std::fflush(stdout);
    }
  }
  const common::FrameCount count = viewer.frames().read();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const uint64_t sound = viewer.soundFrames();
  std::printf("received %llu frames (%.1f a second) at %dx%d\n",
              static_cast<unsigned long long>(count.frames), count.frames / seconds, count.width,
              count.height);
  std::printf("received %.2f s of sound\n", static_cast<double>(sound) / 100);
  // Pictures from a browser's camera carry no frame numbers: only the native
  // broadcaster's pattern can be checked (its numbers restart with each
  // broadcaster, so out-of-order counts are printed, not judged).
  const common::PatternCount checked = viewer.pictures().read();
  std::printf("pictures: %llu checked, %llu corrupt (worst error %.1f), %llu out of order\n",
              static_cast<unsigned long long>(checked.pictures),
              static_cast<unsigned long long>(checked.bad), checked.worstError,
              static_cast<unsigned long long>(checked.backwards));
  if (checked.bad > 0) {
    std::fprintf(stderr, "error: corrupt pictures\n");
    return 1;
  }
  return count.frames > 0 || sound > 0 ? 0 : 1;
}

}  // namespace

NativeClient nativeClient() { return makeNativeClient<Options>(run); }

}  // namespace wx::examples::viewer

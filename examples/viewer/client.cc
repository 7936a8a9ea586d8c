// viewer, native client half: watch for --seconds, printing what the server
// says ("live", "waiting") and, at the end, the frames received, their rate
// and size, and how much sound came. Exits 0 when any picture or sound came
// (a broadcast may be audio only or video only).
#include <cstdio>

#include "broadcaster/BroadcastClients.h"
#include "viewer/example.h"

namespace wx::examples::viewer {
namespace {

struct Options {
  int seconds = 5;

  void addTo(CLI::App& command) {
    command.add_option("--seconds", seconds, "how long to watch")->check(CLI::PositiveNumber);
  }
};

int run(client::ConnectionClient& client, const Options& options) {
  broadcaster::BroadcastViewer viewer(client);
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
  return count.frames > 0 || sound > 0 ? 0 : 1;
}

}  // namespace

NativeClient nativeClient() { return makeNativeClient<Options>(run); }

}  // namespace wx::examples::viewer

// broadcaster, native client half: broadcast a moving --width x --height
// pattern at 30 fps and a 440 Hz tone for --seconds (--no-video or
// --no-audio leaves one out), printing the viewer count each time the
// server reports a change. --whip publishes with WHIP (RFC 9725) instead,
// which reports nothing back.
#include <cstdio>

#include "MediaKindOptions.h"
#include "broadcaster/BroadcastClients.h"
#include "broadcaster/example.h"

namespace wx::examples::broadcaster {
namespace {

struct Options {
  int seconds = 30;
  int width = 320;
  int height = 240;
  MediaKindOptions kinds;
  bool whip = false;

  void addTo(CLI::App& command) {
    command.add_option("--seconds", seconds, "how long to broadcast")->check(CLI::PositiveNumber);
    command.add_option("--width", width, "picture width")->check(CLI::Range(16, 1920));
    command.add_option("--height", height, "picture height")->check(CLI::Range(16, 1080));
    kinds.addTo(command);
    command.add_flag("--whip", whip,
                     "publish with WHIP to /broadcaster/whip (we offer; no viewer count comes "
                     "back)");
  }
};

int run(client::ConnectionClient& client, const Options& options) {
  BroadcastSender sender(client, options.width, options.height,
                         {options.kinds.audio(), options.kinds.video()},
                         options.whip ? Signaling::Whip : Signaling::Rest);
  std::printf("connection %s: broadcasting %s (%dx%d at 30 fps, 440 Hz) for %d s\n",
              sender.id().c_str(), options.kinds.describe(), options.width, options.height,
              options.seconds);
  std::fflush(stdout);
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(options.seconds);
  bool heard = false;
  while (std::chrono::steady_clock::now() < end) {
    auto count = sender.viewers().next(std::chrono::milliseconds(200));
    if (!count) continue;
    heard = true;
    std::printf("viewers: %s\n", count->c_str());
    std::fflush(stdout);
  }
  if (options.whip) return 0;  // WHIP has no channel to hear on
  if (!heard) std::fprintf(stderr, "error: the server never reported a viewer count\n");
  return heard ? 0 : 1;
}

}  // namespace

NativeClient nativeClient() { return makeNativeClient<Options>(run); }

}  // namespace wx::examples::broadcaster

// The flags of the native clients that count the frames coming back
// (audio-video-loopback, video-compositing): how long to count, and the
// rate below which the run fails.
#pragma once

#include <CLI/CLI.hpp>

namespace wx::examples {

struct FrameRateOptions {
  int seconds = 3;
  double minFps = 20;

  void addTo(CLI::App& command) {
    command.add_option("--seconds", seconds, "how long to count frames")
        ->check(CLI::PositiveNumber);
    command.add_option("--min-fps", minFps, "fewer frames back is a failure")
        ->check(CLI::NonNegativeNumber);
  }
};

}  // namespace wx::examples

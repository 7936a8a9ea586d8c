// sine-wave, native client half: listen to the server's tone and print its
// pitch, then send --frequency on the "frequency" channel and confirm that
// the tone changed. Exits 0 only if both tones were heard.
#include <cmath>
#include <cstdio>

#include "sine-wave/ToneListener.h"
#include "sine-wave/example.h"

namespace wx::examples::sine_wave {
namespace {

using namespace std::chrono_literals;

struct Options {
  double frequency = 880;
  int timeoutS = 10;

  void addTo(CLI::App& command) {
    command.add_option("--frequency", frequency, "the tone to ask for, in Hz")
        ->check(CLI::Range(20.0, 20000.0));
    command.add_option("--timeout-s", timeoutS, "how long to wait for each tone")
        ->check(CLI::PositiveNumber);
  }
};

// Hearing `hz` means a detected pitch within 1% (at least 3 Hz) of it.
std::function<bool(const common::ToneReading&)> hears(double hz) {
  return [hz](const common::ToneReading& reading) {
    return reading.frequency && std::abs(*reading.frequency - hz) <= std::max(3.0, hz / 100);
  };
}

std::string describe(const common::ToneReading& reading) {
  if (reading.windows == 0) return "no audio at all";
  if (!reading.frequency) return "silence";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f Hz", *reading.frequency);
  return text;
}

int run(client::ConnectionClient& client, const Options& options) {
  const auto timeout = std::chrono::seconds(options.timeoutS);
  ToneListener listener(client, "frequency");
  const common::ToneAnalyser& analyser = listener.analyser();
  auto channel = listener.waitForControl(timeout);

  auto first = analyser.waitFor(hears(kStartHz), timeout);
  if (!first) {
    std::fprintf(stderr, "error: no %.0f Hz tone within %d s (heard %s)\n", kStartHz,
                 options.timeoutS, describe(analyser.reading()).c_str());
    return 1;
  }
  std::printf("connection %s: hearing %.1f Hz\n", listener.id().c_str(), *first->frequency);
  std::fflush(stdout);

  channel->send(std::to_string(options.frequency));
  auto changed = analyser.waitFor(hears(options.frequency), timeout);
  if (!changed) {
    std::fprintf(stderr, "error: sent %g Hz but still heard %s after %d s\n", options.frequency,
                 describe(analyser.reading()).c_str(), options.timeoutS);
    return 1;
  }
  std::printf("sent %g Hz: now hearing %.1f Hz, change confirmed\n", options.frequency,
              *changed->frequency);
  return 0;
}

}  // namespace

NativeClient nativeClient() { return makeNativeClient<Options>(run); }

}  // namespace wx::examples::sine_wave

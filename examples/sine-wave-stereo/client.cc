// sine-wave-stereo, native client half: answer with stereo Opus, send
// --panning on the "panning" channel, and print the left and right levels
// heard. Exits 0 when the balance right / (left + right) is within 0.1 of
// panning / 100, as the server's gains make it.
#include <cmath>
#include <cstdio>

#include "sine-wave-stereo/example.h"
#include "sine-wave/ToneListener.h"

namespace wx::examples::sine_wave_stereo {
namespace {

struct Options {
  double panning = 0;
  int timeoutS = 10;

  void addTo(CLI::App& command) {
    command.add_option("--panning", panning, "0 (left) to 100 (right)")
        ->check(CLI::Range(0.0, 100.0));
    command.add_option("--timeout-s", timeoutS, "how long to wait for the levels")
        ->check(CLI::PositiveNumber);
  }
};

constexpr double kAudible = 0.01;  // RMS, of full scale
constexpr double kBalanceTolerance = 0.1;

std::optional<double> balanceOf(const common::ToneReading& reading) {
  if (reading.levels.size() != 2) return std::nullopt;
  const double left = reading.levels[0];
  const double right = reading.levels[1];
  if (left + right < kAudible) return std::nullopt;
  return right / (left + right);
}

int run(client::ConnectionClient& client, const Options& options) {
  const auto timeout = std::chrono::seconds(options.timeoutS);
  auto stereo = client.withStereo();
  sine_wave::ToneListener listener(stereo, "panning");
  const common::ToneAnalyser& analyser = listener.analyser();
  auto channel = listener.waitForControl(timeout);
  if (!analyser.waitFor([](const auto& r) { return balanceOf(r).has_value(); }, timeout)) {
    std::fprintf(stderr, "error: no stereo tone within %d s\n", options.timeoutS);
    return 1;
  }
  std::printf("connection %s: hearing the tone in stereo\n", listener.id().c_str());

  channel->send(std::to_string(options.panning));
  const double expected = options.panning / 100;
  auto settled = analyser.waitFor(
      [&](const common::ToneReading& r) {
        auto balance = balanceOf(r);
        return balance && std::abs(*balance - expected) <= kBalanceTolerance;
      },
      timeout);
  const common::ToneReading last = settled ? *settled : analyser.reading();
  const double left = last.levels.size() == 2 ? last.levels[0] : 0;
  const double right = last.levels.size() == 2 ? last.levels[1] : 0;
  std::printf("panning %g: left %.3f  right %.3f  (balance %.2f, expected %.2f)\n", options.panning,
              left, right, balanceOf(last).value_or(NAN), expected);
  if (!settled) {
    std::fprintf(stderr, "error: the levels did not follow the panning within %d s\n",
                 options.timeoutS);
    return 1;
  }
  return 0;
}

}  // namespace

NativeClient nativeClient() { return makeNativeClient<Options>(run); }

}  // namespace wx::examples::sine_wave_stereo

// pitch-detector, native client half: send a --frequency sine as our audio
// track and print each pitch the server reports back on "frequency" (a bare
// number of whole Hz; nothing while it hears silence), until one is within
// 5 Hz of what we send. Exits 0 then, 1 on timeout.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "client/RemoteChannel.h"
#include "common/ToneSender.h"
#include "pitch-detector/example.h"

namespace wx::examples::pitch_detector {
namespace {

using namespace std::chrono_literals;

struct Options {
  double frequency = 523;
  int timeoutS = 10;

  void addTo(CLI::App& command) {
    command.add_option("--frequency", frequency, "the tone to send, in Hz")
        ->check(CLI::Range(20.0, 20000.0));
    command.add_option("--timeout-s", timeoutS, "how long to wait for the report")
        ->check(CLI::PositiveNumber);
  }
};

constexpr double kToleranceHz = 5;

// "523" (a JSON number: the pitch in whole Hz) -> 523; anything else -> nothing.
std::optional<double> reported(const std::string& message) {
  auto json = nlohmann::json::parse(message, nullptr, false);
  if (!json.is_number()) return std::nullopt;
  return json.get<double>();
}

int run(client::ConnectionClient& client, const Options& options) {
  auto clock = std::make_shared<common::FramePacer>(10ms);
  common::ToneSender tone(clock, 1, options.frequency);
  client::RemoteChannel reports("frequency");
  auto connection = client.connect([&](rtc::PeerConnection& pc) {
    auto audio = client::transceiverOf(pc, rtc::MediaKind::Audio);
    audio->send(tone.source());
    reports.attach(pc);
  });
  reports.waitOpen(std::chrono::seconds(options.timeoutS));
  std::printf("connection %s: sending %g Hz\n", connection->id().c_str(), options.frequency);

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.timeoutS);
  while (std::chrono::steady_clock::now() < deadline) {
    auto message = reports.next(1s);
    if (!message) continue;
    auto hz = reported(*message);
    if (hz) {
      std::printf("server hears %.0f Hz\n", *hz);
    } else {
      std::printf("server sent something else: %.40s\n", message->c_str());
    }
    std::fflush(stdout);
    if (hz && std::abs(*hz - options.frequency) <= kToleranceHz) return 0;
  }
  std::fprintf(stderr, "error: the server did not report %g ± %g Hz within %d s\n",
               options.frequency, kToleranceHz, options.timeoutS);
  return 1;
}

}  // namespace

NativeClient nativeClient() { return makeNativeClient<Options>(run); }

}  // namespace wx::examples::pitch_detector

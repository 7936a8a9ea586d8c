// audio: server CPU for N concurrent sine-wave streams. Opens N clients that
// each decode the tone (so every stream really flows), measures the
// server's CPU time over a quiet window, and checks each client still hears
// 440 Hz at the end.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

#include "Benchmarks.h"
#include "ProcessUse.h"
#include "sine-wave/ToneListener.h"

namespace wx::bench {
namespace {

using examples::sine_wave::ToneListener;

// Within 2 s: on a loaded machine a late window may hold a concealed gap.
bool hears440(const ToneListener& listener) {
  return listener.analyser()
      .waitFor(
          [](const common::ToneReading& r) {
            return r.frequency && std::abs(*r.frequency - 440) <= 3;
          },
          std::chrono::seconds(2))
      .has_value();
}

// The server's CPU use over `seconds`, in % of one core.
double serverCpu(int serverPid, int seconds) {
  return cpuPercentWhile(serverPid,
                         [&] { std::this_thread::sleep_for(std::chrono::seconds(seconds)); });
}

}  // namespace

int audio(const Target& target, const std::vector<int>& streamCounts, int seconds, int serverPid) {
  if (serverPid <= 0) {
    std::fprintf(stderr, "audio: needs --server-pid to read the server's CPU time\n");
    return 2;
  }
  client::ConnectionClient client(target.factory, {target.url, "/sine-wave"});
  std::printf("server CPU while idle: %.1f %% of one core\n", serverCpu(serverPid, seconds));
  int failures = 0;
  for (int streams : streamCounts) {
    std::vector<std::unique_ptr<ToneListener>> listeners;
    for (int i = 0; i < streams; ++i)
      listeners.push_back(std::make_unique<ToneListener>(client, "frequency"));
    // Let every stream connect and its first windows fill before measuring.
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const double cpu = serverCpu(serverPid, seconds);
    int hearing = 0;
    for (const auto& listener : listeners) hearing += hears440(*listener);
    std::printf(
        "%3d streams: server CPU %5.1f %% of one core (%.2f %% per stream); "
        "%d of %d clients hear 440 Hz\n",
        streams, cpu, cpu / streams, hearing, streams);
    std::fflush(stdout);
    failures += hearing != streams;
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace wx::bench

// stats: what GET /NAME/connections/ID/stats costs the server when every
// connection it holds is polled once a second, as every open page does.
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "Benchmarks.h"
#include "ProcessUse.h"
#include "Stats.h"

namespace wx::bench {

int statsPolling(const Target& target, const std::string& example, int peers, int seconds,
                 int serverPid) {
  const std::string prefix = "/" + example;
  client::ConnectionClient client(target.factory, {target.url, prefix});
  std::vector<std::unique_ptr<client::ClientConnection>> held;
  for (int i = 0; i < peers; ++i) {
    try {
      held.push_back(client.connect());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "peer %d: %s\n", i + 1, e.what());
      return 1;
    }
  }
  std::printf("%d %s peers open\n", peers, example.c_str());
  std::this_thread::sleep_for(std::chrono::seconds(2));  // ICE, DTLS and the first RTCP

  httplib::Client http(target.url);
  http.set_keep_alive(true);
  std::vector<double> latencies;
  size_t bytes = 0;
  int failures = 0;
  // `seconds` of polling every peer once a second.
  auto poll = [&] {
    auto next = std::chrono::steady_clock::now();
    for (int round = 0; round < seconds; ++round) {
      for (const auto& connection : held) {
        const auto start = std::chrono::steady_clock::now();
        auto result = http.Get(prefix + "/connections/" + connection->id() + "/stats");
        latencies.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
        if (!result || result->status != 200) {
          ++failures;
          continue;
        }
        bytes += result->body.size();
      }
      next += std::chrono::seconds(1);
      std::this_thread::sleep_until(next);
    }
  };
  // Windows without and with polling, alternating, so a drift in the
  // streams' own cost (or in the machine's load) falls on both.
  constexpr int kRounds = 3;
  std::vector<double> idle, polling;
  for (int round = 0; round < kRounds; ++round) {
    idle.push_back(cpuPercentWhile(
        serverPid, [&] { std::this_thread::sleep_for(std::chrono::seconds(seconds)); }));
    polling.push_back(cpuPercentWhile(serverPid, poll));
    std::printf("round %d: server CPU %.1f %% of one core without polling, %.1f %% polling\n",
                round + 1, idle.back(), polling.back());
    std::fflush(stdout);
  }
  print("GET .../stats", "ms", latencies);
  const double polls = static_cast<double>(latencies.size());
  std::printf("answer size: %.1f KiB on average; %d failed\n",
              static_cast<double>(bytes) / polls / 1024, failures);
  const double without = summarize(idle).p50;
  const double with = summarize(polling).p50;
  std::printf(
      "server CPU, median of %d rounds: %.1f %% of one core without polling, %.1f %% "
      "polling %d peers once a second\n",
      kRounds, without, with, peers);
  std::printf("cost: %.1f %% of one core, %.2f ms of CPU per poll\n", with - without,
              (with - without) * 10 / static_cast<double>(peers));
  return failures == 0 ? 0 : 1;
}

}  // namespace wx::bench

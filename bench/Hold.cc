// hold: ramps up many open ping-pong peers, checks each still answers, and
// reads the server's cost per peer from /proc.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "Benchmarks.h"
#include "ProcessUse.h"
#include "Stats.h"
#include "ping-pong/Pinger.h"

namespace wx::bench {

int hold(const Target& target, int peers, int serverPid) {
  client::ConnectionClient client(target.factory, {target.url, "/ping-pong"});
  ProcessUse before;
  if (serverPid > 0) printUse("before", before = readProcess(serverPid));

  std::vector<std::unique_ptr<examples::ping_pong::Pinger>> held;
  held.reserve(static_cast<size_t>(peers));
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < peers; ++i) {
    try {
      held.push_back(std::make_unique<examples::ping_pong::Pinger>(client));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "peer %d: %s\n", i + 1, e.what());
      break;
    }
    if ((i + 1) % 100 == 0) {
      std::printf("%d peers open\n", i + 1);
      std::fflush(stdout);
    }
  }
  double rampS = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("opened %zu of %d peers in %.1f s\n", held.size(), peers, rampS);

  // Every held peer must still answer a ping within 1 s.
  std::vector<double> rtts;
  size_t answered = 0;
  for (auto& pinger : held) {
    if (auto rtt = pinger->ping(std::chrono::seconds(1))) {
      ++answered;
      rtts.push_back(std::chrono::duration<double, std::milli>(*rtt).count());
    }
  }
  std::printf("%zu of %zu held peers answered a ping within 1 s\n", answered, held.size());
  print("ping -> pong (held peers)", "ms", rtts);

  if (serverPid > 0 && !held.empty()) {
    ProcessUse after = readProcess(serverPid);
    printUse("holding", after);
    double n = static_cast<double>(held.size());
    std::printf("server per peer: rss=%.3f MiB  threads=%.2f  fds=%.2f\n",
                (after.rssMiB - before.rssMiB) / n,
                static_cast<double>(after.threads - before.threads) / n,
                static_cast<double>(after.fds - before.fds) / n);
  }
  const bool allHeld = held.size() == static_cast<size_t>(peers) && answered == held.size();
  held.clear();  // closes and DELETEs every peer
  return allHeld ? 0 : 1;
}

}  // namespace wx::bench

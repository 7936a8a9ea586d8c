// Video benchmarks: server CPU for N concurrent video-compositing peers, and
// how many viewers one broadcast feeds at full frame rate. Every peer is a
// native client in this process, so the benchmark's own decoding shares the
// machine with the server: the figures are lower bounds on a 2-core box.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

#include "Benchmarks.h"
#include "ProcessUse.h"
#include "Stats.h"
#include "broadcaster/BroadcastClients.h"
#include "common/FrameCounter.h"
#include "common/PatternSender.h"

namespace wx::bench {
namespace {

using namespace std::chrono_literals;

// A compositing client: sends 320x240 at 30 fps, counts what comes back.
struct Compositee {
  std::shared_ptr<common::FramePacer> clock;
  std::unique_ptr<common::PatternSender> pattern;
  common::FrameCounter seen;
  std::unique_ptr<rtc::MediaSink> seeing;
  std::unique_ptr<client::ClientConnection> connection;
  ~Compositee() {
    connection.reset();
    seeing.reset();
  }
};

std::unique_ptr<Compositee> composite(client::ConnectionClient& client,
                                      const std::shared_ptr<common::FramePacer>& clock) {
  auto c = std::make_unique<Compositee>();
  c->pattern = std::make_unique<common::PatternSender>(clock, 320, 240);
  c->connection = client.connect([&](rtc::PeerConnection& pc) {
    auto video = client::transceiverOf(pc, rtc::MediaKind::Video);
    video->send(c->pattern->source());
    c->seeing = video->receiveVideo([s = &c->seen](const rtc::VideoFrame& f) { s->count(f); });
  });
  return c;
}

// Counters' frame rates and the server's CPU (% of one core) over `seconds`.
struct Measured {
  Summary fps;
  double cpu = 0;
};

Measured measure(const std::vector<const common::FrameCounter*>& counters, int seconds,
                 int serverPid) {
  Measured m;
  m.cpu = cpuPercentWhile(serverPid, [&] {
    m.fps = summarize(common::measureFps(counters, std::chrono::seconds(seconds)));
  });
  return m;
}

// Waits 3 s (connected, key frames through), then measures and prints one
// line: "<count> <what>: server CPU ...; <perClient> p50 ... min ...".
void settleThenReport(int count, const char* what, const char* perClient,
                      const std::vector<const common::FrameCounter*>& counters, int seconds,
                      int serverPid) {
  std::this_thread::sleep_for(3s);
  const Measured m = measure(counters, seconds, serverPid);
  std::printf("%3d %s: server CPU %5.1f %% of one core; %s p50 %.1f min %.1f\n", count, what, m.cpu,
              perClient, m.fps.p50, m.fps.min);
  std::fflush(stdout);
}

}  // namespace

int compositing(const Target& target, const std::vector<int>& peerCounts, int seconds,
                int serverPid) {
  client::ConnectionClient client(target.factory, {target.url, "/video-compositing"});
  auto clock = std::make_shared<common::FramePacer>(std::chrono::microseconds(33'333));
  for (int peers : peerCounts) {
    std::vector<std::unique_ptr<Compositee>> all;
    for (int i = 0; i < peers; ++i) all.push_back(composite(client, clock));
    std::vector<const common::FrameCounter*> counters;
    for (const auto& c : all) counters.push_back(&c->seen);
    settleThenReport(peers, "compositing peers", "fps back per peer", counters, seconds, serverPid);
  }
  return 0;
}

int viewers(const Target& target, const std::vector<int>& viewerCounts, int seconds,
            int serverPid) {
  client::ConnectionClient broadcasting(target.factory, {target.url, "/broadcaster"});
  client::ConnectionClient watching(target.factory, {target.url, "/viewer"});
  examples::broadcaster::BroadcastSender sender(broadcasting, 640, 480);
  std::vector<std::unique_ptr<examples::broadcaster::BroadcastViewer>> all;
  for (int count : viewerCounts) {
    while (static_cast<int>(all.size()) < count) {
      all.push_back(std::make_unique<examples::broadcaster::BroadcastViewer>(watching));
    }
    std::vector<const common::FrameCounter*> counters;
    for (const auto& v : all) counters.push_back(&v->frames());
    settleThenReport(count, "viewers of a 640x480 broadcast", "fps per viewer", counters, seconds,
                     serverPid);
  }
  return 0;
}

}  // namespace wx::bench

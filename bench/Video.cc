// Video benchmarks: server CPU for N concurrent video-compositing peers, for
// N audio-video-loopback peers, and how many viewers one broadcast feeds at
// full frame rate. Every peer is a native client in this process, sharing
// the machine with the server; loopback peers and viewers count encoded
// frames without decoding them (one probe viewer decodes, for the delay),
// compositing peers decode what comes back.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "Benchmarks.h"
#include "PionViewers.h"
#include "ProcessUse.h"
#include "Stats.h"
#include "broadcaster/BroadcastClients.h"
#include "common/FrameCounter.h"
#include "common/PatternCheck.h"
#include "common/PatternSender.h"
#include "common/ToneSender.h"

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

// The same for viewers in a Pion process: frames counted at both ends of
// the window.
Measured measure(PionViewers& viewers, int seconds, int serverPid) {
  Measured m;
  std::vector<int64_t> before;
  std::vector<int64_t> after;
  m.cpu = cpuPercentWhile(serverPid, [&] {
    before = viewers.frames();
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    after = viewers.frames();
  });
  std::vector<double> fps;
  for (size_t i = 0; i < before.size() && i < after.size(); ++i) {
    fps.push_back(static_cast<double>(after[i] - before[i]) / seconds);
  }
  m.fps = summarize(fps);
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

// A loopback client: sends 640x480 at 30 fps and a tone, counts the
// encoded frames that come back.
struct Looped {
  std::unique_ptr<common::PatternSender> pattern;
  std::unique_ptr<common::ToneSender> tone;
  common::FrameCounter seen;
  std::unique_ptr<rtc::MediaSink> seeing;
  std::unique_ptr<client::ClientConnection> connection;
  ~Looped() {
    connection.reset();
    seeing.reset();
  }
};

std::unique_ptr<Looped> loop(client::ConnectionClient& client,
                             const std::shared_ptr<common::FramePacer>& videoClock,
                             const std::shared_ptr<common::FramePacer>& audioClock) {
  auto c = std::make_unique<Looped>();
  c->pattern = std::make_unique<common::PatternSender>(videoClock, 640, 480);
  c->tone = std::make_unique<common::ToneSender>(audioClock, 1, 440);
  c->connection = client.connect([&](rtc::PeerConnection& pc) {
    client::transceiverOf(pc, rtc::MediaKind::Audio)->send(c->tone->source());
    auto video = client::transceiverOf(pc, rtc::MediaKind::Video);
    video->send(c->pattern->source());
    c->seeing = video->receiveEncodedVideo(
        [s = &c->seen](const rtc::EncodedVideoFrame& f) { s->count(f); });
  });
  return c;
}

// The value of an unlabelled counter in the server's /metrics; 0 if absent.
double scrape(const std::string& url, const std::string& metric) {
  httplib::Client http(url);
  auto result = http.Get("/metrics");
  if (!result || result->status != 200) return 0;
  std::istringstream lines(result->body);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(metric + " ", 0) == 0) return std::stod(line.substr(metric.size() + 1));
  }
  return 0;
}

// A viewer that decodes and checks every picture, and times each from the
// moment the broadcaster pushed it to the moment it was decoded here.
class DelayProbe {
 public:
  DelayProbe(client::ConnectionClient& client, const common::PatternSender& pattern)
      : pattern_(pattern) {
    connection_ = client.connect([this](rtc::PeerConnection& pc) {
      seeing_ = client::transceiverOf(pc, rtc::MediaKind::Video)
                    ->receiveVideo([this](const rtc::VideoFrame& f) { onPicture(f); });
    });
  }
  ~DelayProbe() {
    connection_.reset();
    seeing_.reset();
  }
  void reset() {
    std::lock_guard lock(mutex_);
    delaysMs_.clear();
  }
  Summary delays() const {
    std::lock_guard lock(mutex_);
    return summarize(delaysMs_);
  }
  common::PatternCount pictures() const { return check_.read(); }

 private:
  void onPicture(const rtc::VideoFrame& frame) {  // decoding thread
    const auto now = std::chrono::steady_clock::now();
    check_.check(frame);
    const auto sent = pattern_.sentAt(check_.read().lastNumber);
    if (!sent) return;
    std::lock_guard lock(mutex_);
    delaysMs_.push_back(std::chrono::duration<double, std::milli>(now - *sent).count());
  }

  const common::PatternSender& pattern_;
  common::PatternCheck check_;
  mutable std::mutex mutex_;
  std::vector<double> delaysMs_;
  std::unique_ptr<rtc::MediaSink> seeing_;
  std::unique_ptr<client::ClientConnection> connection_;
};

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

int viewers(const Target& target, const std::vector<int>& viewerCounts,
            const ViewersOptions& options, int seconds, int serverPid) {
  const bool audio = options.audio;
  client::ConnectionClient broadcasting(target.factory, {target.url, "/broadcaster"});
  client::ConnectionClient watching(target.factory, {target.url, "/viewer"});
  std::unique_ptr<examples::broadcaster::BroadcastSender> sender;
  if (!options.external) {
    sender = std::make_unique<examples::broadcaster::BroadcastSender>(broadcasting, 640, 480);
  }
  // One viewer that decodes, on a factory of its own, for the delay.
  rtc::FactoryOptions probeOptions = target.options;
  probeOptions.minPort = target.probeMinPort;
  probeOptions.maxPort = target.probeMaxPort;
  rtc::Factory decoding(probeOptions);
  client::ConnectionClient probing(decoding, {target.url, "/viewer"});
  std::unique_ptr<DelayProbe> probe;
  if (sender) probe = std::make_unique<DelayProbe>(probing, sender->pattern());
  std::vector<std::unique_ptr<examples::broadcaster::BroadcastViewer>> all;
  std::unique_ptr<PionViewers> pion;
  if (!options.pionViewers.empty()) {
    pion = std::make_unique<PionViewers>(options.pionViewers, target.url, audio);
  }
  int viewing = 0;
  for (int count : viewerCounts) {
    // From each new viewer's answer to its first frame: how long a joining
    // viewer waits for a key frame.
    std::vector<double> joinMs;
    std::vector<std::chrono::steady_clock::time_point> answered;
    const int firstNew = viewing;
    const auto joinStart = std::chrono::steady_clock::now();
    const double requestsAtJoin =
        scrape(target.url, "webrtc_examples_relay_key_frame_requests_total");
    if (pion) pion->grow(count);
    while (!pion && static_cast<int>(all.size()) < count) {
      const bool whep = options.mixed && all.size() % 2 == 1;
      all.push_back(std::make_unique<examples::broadcaster::BroadcastViewer>(
          watching, examples::broadcaster::BroadcastViewer::Options{
                        .videoCodecs = {},
                        .audio = audio,
                        .signaling = whep ? examples::broadcaster::Signaling::Whip
                                          : examples::broadcaster::Signaling::Rest}));
      answered.push_back(std::chrono::steady_clock::now());
    }
    viewing = count;
    std::this_thread::sleep_for(3s);
    if (pion) {
      const std::vector<int64_t> first = pion->firstFrameMs();
      for (size_t i = firstNew; i < first.size(); ++i) {
        if (first[i] >= 0) joinMs.push_back(static_cast<double>(first[i]));
      }
    }
    for (size_t i = firstNew; i < all.size(); ++i) {
      const common::FrameCount c = all[i]->encodedFrames().read();
      if (c.frames == 0) continue;
      joinMs.push_back(
          std::chrono::duration<double, std::milli>(c.first - answered[i - firstNew]).count());
    }
    const Summary join = summarize(joinMs);
    const double joinRequests =
        scrape(target.url, "webrtc_examples_relay_key_frame_requests_total") - requestsAtJoin;
    const double joinSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - joinStart).count();
    std::vector<const common::FrameCounter*> counters;
    for (const auto& v : all) counters.push_back(&v->encodedFrames());
    const double requestsBefore =
        scrape(target.url, "webrtc_examples_relay_key_frame_requests_total");
    if (probe) probe->reset();
    const Measured m =
        pion ? measure(*pion, seconds, serverPid) : measure(counters, seconds, serverPid);
    const double requests =
        scrape(target.url, "webrtc_examples_relay_key_frame_requests_total") - requestsBefore;
    const Summary delay = probe ? probe->delays() : Summary{};
    const common::PatternCount checked = probe ? probe->pictures() : common::PatternCount{};
    std::printf(
        "%3d %sviewers%s of a %s broadcast%s: server CPU %5.1f %% of one core; fps per viewer p50 "
        "%.1f min %.1f; delay p50 %.0f ms p99 %.0f ms; key frame requests %.2f/s (%.0f in the "
        "%.1f s of joining); first frame after answer p50 %.0f max %.0f ms (%zu new); probe "
        "pictures %llu, corrupt %llu; server's peers relayed %.0f, re-encoded %.0f\n",
        count, pion ? "Pion " : "", options.mixed && !pion ? " (half WHEP)" : "",
        options.external ? "published" : "640x480", audio ? "" : " (video only)", m.cpu, m.fps.p50,
        m.fps.min, delay.p50, delay.p99, requests / seconds, joinRequests, joinSeconds, join.p50,
        join.max, joinMs.size(), static_cast<unsigned long long>(checked.pictures),
        static_cast<unsigned long long>(checked.bad),
        scrape(target.url, "webrtc_examples_relay_peers{mode=\"relay\"}"),
        scrape(target.url, "webrtc_examples_relay_peers{mode=\"reencode\"}"));
    std::fflush(stdout);
  }
  return 0;
}

int loopback(const Target& target, const std::vector<int>& peerCounts, int seconds, int serverPid) {
  client::ConnectionClient client(target.factory, {target.url, "/audio-video-loopback"});
  auto videoClock = std::make_shared<common::FramePacer>(std::chrono::microseconds(33'333));
  auto audioClock = std::make_shared<common::FramePacer>(10ms);
  for (int peers : peerCounts) {
    std::vector<std::unique_ptr<Looped>> all;
    for (int i = 0; i < peers; ++i) all.push_back(loop(client, videoClock, audioClock));
    std::vector<const common::FrameCounter*> counters;
    for (const auto& c : all) counters.push_back(&c->seen);
    settleThenReport(peers, "loopback peers", "fps back per peer", counters, seconds, serverPid);
  }
  return 0;
}

}  // namespace wx::bench

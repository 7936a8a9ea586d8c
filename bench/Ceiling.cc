// ceiling: libwebrtc's own data-channel rate on this machine, with no server
// and no HTTP: two peers in this process, one channel, N MiB one way, with
// the same flow control as datachannel-buffer-limits. The echo figures of
// `throughput` are to be read against this.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <vector>

#include "Benchmarks.h"
#include "Stats.h"
#include "datachannel-buffer-limits/example.h"

namespace wx::bench {
namespace {

using Clock = std::chrono::steady_clock;
using examples::datachannel_buffer_limits::kHighWater;
using examples::datachannel_buffer_limits::kLowWater;

struct Events {
  std::mutex mutex;
  std::condition_variable changed;
  bool gathered[2] = {false, false};
  std::shared_ptr<rtc::DataChannel> remote;
  bool open = false;
  bool drained = false;
  uint64_t received = 0;
  Clock::time_point lastByte;

  template <typename F>
  void change(F f) {
    std::lock_guard lock(mutex);
    f();
    changed.notify_all();
  }
  template <typename P>
  void wait(P done) {
    std::unique_lock lock(mutex);
    if (!changed.wait_for(lock, std::chrono::seconds(10), done)) {
      throw std::runtime_error("ceiling: timed out");
    }
  }
};

}  // namespace

int ceiling(const Target& target, uint64_t mib, size_t chunkKiB, int runs) {
  std::vector<double> rates;
  for (int run = 0; run < runs; ++run) {
    auto events = std::make_shared<Events>();
    auto a = target.factory.createPeerConnection();
    auto b = target.factory.createPeerConnection();
    // Handlers run on libwebrtc's signaling thread.
    a->onIceGatheringStateChange([events](rtc::IceGatheringState s) {
      if (s == rtc::IceGatheringState::Complete)
        events->change([&] { events->gathered[0] = true; });
    });
    b->onIceGatheringStateChange([events](rtc::IceGatheringState s) {
      if (s == rtc::IceGatheringState::Complete)
        events->change([&] { events->gathered[1] = true; });
    });
    b->onDataChannel([events](std::shared_ptr<rtc::DataChannel> channel) {
      channel->onMessage([events](const rtc::DataChannelMessage& m) {
        events->change([&] {
          events->received += m.data.size();
          events->lastByte = Clock::now();
        });
      });
      events->change([&] { events->remote = std::move(channel); });
    });
    auto channel = a->createDataChannel("ceiling");
    channel->setBufferedAmountLowThreshold(kLowWater);
    channel->onOpen([events] { events->change([&] { events->open = true; }); });
    channel->onBufferedAmountLow([events] { events->change([&] { events->drained = true; }); });

    // Non-trickle negotiation, as the server and client do over REST.
    a->setLocalDescription(a->createOffer());
    events->wait([&] { return events->gathered[0]; });
    b->setRemoteDescription(*a->localDescription());
    b->setLocalDescription(b->createAnswer());
    events->wait([&] { return events->gathered[1]; });
    a->setRemoteDescription(*b->localDescription());
    events->wait([&] { return events->open; });

    const uint64_t total = mib * 1024 * 1024;
    const std::string chunk(chunkKiB * 1024, '\x2a');
    auto start = Clock::now();
    for (uint64_t sent = 0; sent < total;) {
      if (channel->bufferedAmount() >= kHighWater) {
        events->change([&] { events->drained = false; });
        if (channel->bufferedAmount() >= kHighWater) events->wait([&] { return events->drained; });
        continue;
      }
      size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), total - sent));
      if (!channel->sendBinary(std::string_view(chunk).substr(0, n))) {
        throw std::runtime_error("ceiling: send failed");
      }
      sent += n;
    }
    events->wait([&] { return events->received >= total; });
    double ms = std::chrono::duration<double, std::milli>(events->lastByte - start).count();
    rates.push_back(static_cast<double>(total) * 8 / ms / 1000);
    a->close();
    b->close();
  }
  std::printf("%llu MiB one way in %zu KiB chunks, two peers in one process, %d runs\n",
              static_cast<unsigned long long>(mib), chunkKiB, runs);
  print("libwebrtc data channel", "Mbit/s", rates);
  return 0;
}

}  // namespace wx::bench

// datachannel-buffer-limits, server half. Protocol on the channel:
//   server: "#READY" as soon as the channel opens; the client starts only then
//   client: "#START <chunkKiB>", binary chunks..., "#STOP"
//   server: "#START <uploadMs>", as many bytes in chunks of chunkKiB, "#STOP <queueMs>"
// The server counts what it receives (it never stores it) and sends back
// while keeping at most kHighWater queued, so its memory stays bounded.
#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>

#include "datachannel-buffer-limits/example.h"

namespace wx::examples::datachannel_buffer_limits {
namespace {

using Clock = std::chrono::steady_clock;

long long msSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

// Everything here runs on libwebrtc's signaling thread (the channel's
// callbacks), so it needs no lock.
struct Transfer {
  std::weak_ptr<rtc::DataChannel> channel;
  std::string chunk;  // chunkKiB of zeros, sent over and over
  uint64_t received = 0;
  uint64_t toSend = 0;
  uint64_t sent = 0;
  bool started = false;
  bool echoing = false;
  Clock::time_point startedAt;
  Clock::time_point stoppedAt;

  void onMessage(const rtc::DataChannelMessage& message) {
    if (message.binary) {
      if (started) received += message.data.size();
      return;
    }
    if (message.data.starts_with("#START")) return start(message.data);
    if (message.data == "#STOP") return stop();
    spdlog::warn("datachannel-buffer-limits: ignoring message '{:.40}'", message.data);
  }

  void start(const std::string& text) {
    size_t kib = 0;
    const char* digits = text.data() + std::min<size_t>(text.size(), 7);
    auto [end, error] = std::from_chars(digits, text.data() + text.size(), kib);
    if (text.size() < 8 || error != std::errc() || end != text.data() + text.size() || kib == 0 ||
        kib > kMaxChunkKiB || echoing) {
      spdlog::warn("datachannel-buffer-limits: ignoring '{:.40}' (want #START 1..{})", text,
                   kMaxChunkKiB);
      return;
    }
    chunk.assign(kib * 1024, '\0');
    received = 0;
    started = true;
    startedAt = Clock::now();
  }

  void stop() {
    auto ch = channel.lock();
    if (!started || !ch) return;
    started = false;
    ch->send("#START " + std::to_string(msSince(startedAt)));
    toSend = received;
    sent = 0;
    echoing = true;
    stoppedAt = Clock::now();
    pump();
  }

  // Queues chunks until kHighWater is queued or all is sent; called again
  // by onBufferedAmountLow.
  void pump() {
    auto ch = channel.lock();
    if (!echoing || !ch) return;
    while (sent < toSend && ch->bufferedAmount() < kHighWater) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), toSend - sent));
      if (!ch->sendBinary(std::string_view(chunk).substr(0, n))) return;  // closed
      sent += n;
    }
    if (sent < toSend) return;
    echoing = false;
    ch->send("#STOP " + std::to_string(msSince(stoppedAt)));
  }
};

struct Session : connections::ExampleSession {
  std::shared_ptr<rtc::DataChannel> channel;
};

}  // namespace

std::unique_ptr<connections::ExampleSession> beforeOffer(rtc::PeerConnection& pc) {
  auto session = std::make_unique<Session>();
  session->channel = pc.createDataChannel("datachannel-buffer-limits");
  // The handlers own the transfer; it holds the channel only weakly.
  auto transfer = std::make_shared<Transfer>();
  transfer->channel = session->channel;
  session->channel->setBufferedAmountLowThreshold(kLowWater);
  session->channel->onMessage(
      [transfer](const rtc::DataChannelMessage& message) { transfer->onMessage(message); });
  session->channel->onBufferedAmountLow([transfer] { transfer->pump(); });
  // A browser must not send before this arrives (client.js explains why):
  // a message is the one event a page gets only once its channel is wired up.
  session->channel->onOpen([transfer] {
    if (auto ch = transfer->channel.lock()) ch->send("#READY");
  });
  return session;
}

}  // namespace wx::examples::datachannel_buffer_limits

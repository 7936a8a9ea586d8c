// datachannel-buffer-limits, server half. The protocol (README.md) is the
// original's server.js, message for message:
//   client: "#START <chunkKiB>", chunks (text or binary), "#STOP"
//   server: "#START <uploadMs>", as many bytes back in chunks of chunkKiB of
//           '.' in the kind the client's chunks had, "#STOP <queueMs>"
// One addition an original client never sees: a text "#READY" is answered
// with "#READY" (our page waits for it, client.js says why).
// The server counts what it receives (it never stores it) and sends back
// while keeping at most kHighWater queued, so its memory stays bounded; no
// chunk it sends is bigger than the peer accepts (maxMessageSize).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <optional>
#include <string_view>

#include "common/Log.h"
#include "datachannel-buffer-limits/example.h"

namespace wx::examples::datachannel_buffer_limits {
namespace {

using Clock = std::chrono::steady_clock;

long long msSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

// The chunk size in "#START <chunkKiB>" as the original reads it
// (parseInt(data.split(' ')[1])): the leading digits of the second word;
// nullopt when there are none. Signs and zero count as none here: the
// original's loop never ends for 0 and sends nothing for a negative size.
std::optional<uint64_t> chunkKiBIn(std::string_view text) {
  size_t space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string_view word = text.substr(space + 1);
  word = word.substr(0, word.find(' '));
  while (!word.empty() && std::isspace(static_cast<unsigned char>(word.front()))) {
    word.remove_prefix(1);
  }
  uint64_t kib = 0;
  auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), kib);
  if (end == word.data()) return std::nullopt;
  if (error == std::errc::result_out_of_range) return kMaxChunkKiB;  // clamped when sending
  if (kib == 0) return std::nullopt;
  return std::min<uint64_t>(kib, kMaxChunkKiB);
}

// Everything here runs on libwebrtc's signaling thread (the channel's
// callbacks), so it needs no lock.
struct Transfer {
  std::weak_ptr<rtc::DataChannel> channel;
  uint64_t chunkKiB = kDefaultChunkKiB;
  std::string chunk;  // the echo's chunk of '.', sent over and over
  uint64_t received = 0;
  bool receivedBinary = false;  // the kind of the last chunk counted
  uint64_t toSend = 0;
  uint64_t sent = 0;
  bool echoing = false;
  bool warned = false;
  Clock::time_point startedAt = Clock::now();
  Clock::time_point stoppedAt;

  void onMessage(const rtc::DataChannelMessage& message) {
    if (!message.binary) {
      if (message.data.starts_with("#START")) return start(message.data);
      if (message.data == "#STOP") return stop();
      if (message.data == "#READY") {
        if (auto ch = channel.lock()) ch->send("#READY");
        return;
      }
    }
    // Anything else is data, text or binary, as in the original.
    received += message.data.size();
    receivedBinary = message.binary;
  }

  void start(const std::string& text) {
    if (echoing) {
      warnOnce("'" + common::escapeForLog(text) + "'");
      return;
    }
    if (auto kib = chunkKiBIn(text)) chunkKiB = *kib;
    received = 0;
    startedAt = Clock::now();
  }

  void stop() {
    auto ch = channel.lock();
    if (!ch) return;
    if (echoing) {
      warnOnce("'#STOP'");
      return;
    }
    ch->send("#START " + std::to_string(msSince(startedAt)));
    // Chunks the peer can take: a bigger message would be refused.
    // At least one byte, so the loop in pump() always moves or stops.
    chunk.assign(
        static_cast<size_t>(std::max<uint64_t>(1, std::min(chunkKiB * 1024, ch->maxMessageSize()))),
        '.');
    toSend = received;
    sent = 0;
    echoing = true;
    stoppedAt = Clock::now();
    pump();
  }

  // Control messages during the echo are ignored; logged once a connection.
  void warnOnce(const std::string& what) {
    if (std::exchange(warned, true)) return;
    spdlog::warn(
        "datachannel-buffer-limits: ignoring {} during the echo (further ones are not logged)",
        what);
  }

  // Queues chunks until kHighWater is queued or all is sent; called again
  // by onBufferedAmountLow.
  void pump() {
    auto ch = channel.lock();
    if (!echoing || !ch) return;
    while (sent < toSend && ch->bufferedAmount() < kHighWater) {
      size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), toSend - sent));
      std::string_view piece = std::string_view(chunk).substr(0, n);
      if (!(receivedBinary ? ch->sendBinary(piece) : ch->send(piece))) return;  // closed
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
  return session;
}

}  // namespace wx::examples::datachannel_buffer_limits

#include "datachannel-buffer-limits/Transfer.h"

#include <string>

#include "datachannel-buffer-limits/example.h"

namespace wx::examples::datachannel_buffer_limits {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kStallTimeout = std::chrono::seconds(10);

double numberAfter(const std::string& text, size_t prefix) {
  try {
    return std::stod(text.substr(prefix));
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

Transfer::Transfer(client::ConnectionClient& client) {
  std::weak_ptr<State> weak = state_;
  connection_ = client.connect([weak](rtc::PeerConnection& pc) {
    // Signaling thread from here on.
    pc.onDataChannel([weak](std::shared_ptr<rtc::DataChannel> channel) {
      auto s = weak.lock();
      if (!s || channel->label() != "datachannel-buffer-limits") return;
      channel->setBufferedAmountLowThreshold(kLowWater);
      // Asks the server whether its side is ready; its "#READY" answer says
      // so (client.js explains why the page needs this, and we speak the
      // same protocol).
      channel->onOpen([open = std::weak_ptr(channel)] {
        if (auto ch = open.lock()) ch->send("#READY");
      });
      channel->onClose([weak] {
        if (auto s = weak.lock()) s->change([&] { s->closed = true; });
      });
      channel->onBufferedAmountLow([weak] {
        if (auto s = weak.lock()) s->change([&] { s->drained = true; });
      });
      channel->onMessage([weak](const rtc::DataChannelMessage& message) {
        if (auto s = weak.lock()) onMessage(*s, message);
      });
      s->change([&] { s->channel = std::move(channel); });
    });
  });
  std::unique_lock lock(state_->mutex);
  waitFor(lock, "the server's #READY", [&] { return state_->ready; });
}

Transfer::~Transfer() { connection_->close(); }

void Transfer::onMessage(State& s, const rtc::DataChannelMessage& message) {
  s.change([&] {
    if (message.binary) {
      s.echoed += message.data.size();
    } else if (message.data == "#READY") {
      s.ready = true;
    } else if (message.data.starts_with("#START ")) {
      s.echoStarted = true;
      s.echoStartedAt = Clock::now();
      s.uploadMs = numberAfter(message.data, 7);
    } else if (message.data.starts_with("#STOP ")) {
      s.echoStopped = true;
      s.echoStoppedAt = Clock::now();
      s.queueMs = numberAfter(message.data, 6);
    }
  });
}

template <typename Done>
void Transfer::waitFor(std::unique_lock<std::mutex>& lock, const char* what, Done done) {
  while (!done()) {
    uint64_t seen = state_->events;
    bool moved = state_->changed.wait_for(
        lock, kStallTimeout, [&] { return done() || state_->closed || state_->events != seen; });
    if (!moved) throw client::ClientError(std::string("stalled waiting for ") + what);
    if (state_->closed && !done()) {
      throw client::ClientError(std::string("channel closed waiting for ") + what);
    }
  }
}

TransferResult Transfer::run(uint64_t mib, size_t chunkKiB) {
  if (chunkKiB == 0 || chunkKiB > kMaxChunkKiB) {
    throw client::ClientError("chunk size must be 1.." + std::to_string(kMaxChunkKiB) + " KiB");
  }
  const uint64_t total = mib * 1024 * 1024;
  const std::string chunk(chunkKiB * 1024, '\x2a');
  std::shared_ptr<rtc::DataChannel> channel;
  {
    std::lock_guard lock(state_->mutex);
    channel = state_->channel;
    state_->echoed = 0;
    state_->echoStarted = state_->echoStopped = false;
  }
  // Sends happen without our lock: send() waits for the signaling thread,
  // whose handlers take it.
  channel->send("#START " + std::to_string(chunkKiB));
  for (uint64_t sent = 0; sent < total;) {
    if (channel->bufferedAmount() >= kHighWater) {
      state_->change([&] { state_->drained = false; });
      // Re-check without our lock (bufferedAmount waits for the signaling
      // thread): a drain before this shows as a low amount, one after it
      // sets `drained`.
      if (channel->bufferedAmount() >= kHighWater) {
        std::unique_lock lock(state_->mutex);
        waitFor(lock, "the send queue to drain", [&] { return state_->drained; });
      }
      continue;
    }
    size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), total - sent));
    if (!channel->sendBinary(std::string_view(chunk).substr(0, n))) {
      throw client::ClientError("send failed: the channel closed");
    }
    sent += n;
  }
  channel->send("#STOP");

  std::unique_lock lock(state_->mutex);
  waitFor(lock, "the echo", [&] { return state_->echoStopped; });
  TransferResult result;
  result.bytes = state_->echoed;
  result.uploadMs = state_->uploadMs;
  result.queueMs = state_->queueMs;
  result.downloadMs =
      std::chrono::duration<double, std::milli>(state_->echoStoppedAt - state_->echoStartedAt)
          .count();
  if (result.bytes != total) {
    throw client::ClientError("sent " + std::to_string(total) + " bytes, got back " +
                              std::to_string(result.bytes));
  }
  return result;
}

}  // namespace wx::examples::datachannel_buffer_limits

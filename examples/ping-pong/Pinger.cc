#include "ping-pong/Pinger.h"

namespace wx::examples::ping_pong {
Pinger::Pinger(client::ConnectionClient& client, std::chrono::milliseconds openTimeout) {
  std::weak_ptr<State> weak = state_;
  connection_ = client.connect([weak](rtc::PeerConnection& pc) {
    // Signaling thread: keep the channel and follow its events.
    pc.onDataChannel([weak](std::shared_ptr<rtc::DataChannel> channel) {
      auto s = weak.lock();
      if (!s || channel->label() != "ping-pong") return;
      channel->onOpen([weak] {
        if (auto s = weak.lock()) s->change([&] { s->open = true; });
      });
      channel->onClose([weak] {
        if (auto s = weak.lock()) s->change([&] { s->closed = true; });
      });
      channel->onMessage([weak](const rtc::DataChannelMessage& message) {
        auto s = weak.lock();
        if (s && message.data == "pong") s->change([&] { ++s->pongs; });
      });
      s->change([&] { s->channel = std::move(channel); });
    });
  });
  std::unique_lock lock(state_->mutex);
  if (!state_->changed.wait_for(lock, openTimeout, [&] { return state_->open; })) {
    throw client::ClientError("the ping-pong channel did not open in time");
  }
}

Pinger::~Pinger() { close(); }

std::optional<std::chrono::nanoseconds> Pinger::ping(std::chrono::milliseconds timeout) {
  std::shared_ptr<rtc::DataChannel> channel;
  uint64_t expected = 0;
  {
    std::lock_guard lock(state_->mutex);
    channel = state_->channel;
    expected = state_->pongs + 1;
  }
  auto sent = std::chrono::steady_clock::now();
  // Not under our lock: send() waits for the signaling thread, which may be
  // waiting for our lock in a handler.
  if (!channel || !channel->send("ping")) return std::nullopt;
  std::unique_lock lock(state_->mutex);
  bool back = state_->changed.wait_for(lock, timeout,
                                       [&] { return state_->pongs >= expected || state_->closed; });
  if (!back || state_->pongs < expected) return std::nullopt;
  return std::chrono::steady_clock::now() - sent;
}

}  // namespace wx::examples::ping_pong

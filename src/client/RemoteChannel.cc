#include "client/RemoteChannel.h"

#include "client/ConnectionClient.h"

namespace wx::client {

void RemoteChannel::attach(rtc::PeerConnection& pc) {
  std::weak_ptr<State> weak = state_;
  // Signaling thread: keep the channel and follow its events.
  pc.onDataChannel([weak](std::shared_ptr<rtc::DataChannel> channel) {
    auto s = weak.lock();
    if (!s || channel->label() != s->label) return;
    channel->onOpen([weak] {
      if (auto s = weak.lock()) s->change([&] { s->open = true; });
    });
    channel->onClose([weak] {
      if (auto s = weak.lock()) s->change([&] { s->closed = true; });
    });
    channel->onMessage([weak](const rtc::DataChannelMessage& message) {
      if (auto s = weak.lock()) s->change([&] { s->messages.push_back(message.data); });
    });
    s->change([&] { s->channel = std::move(channel); });
  });
}

std::shared_ptr<rtc::DataChannel> RemoteChannel::waitOpen(std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mutex);
  if (!state_->changed.wait_for(lock, timeout, [&] { return state_->open || state_->closed; }) ||
      !state_->open) {
    throw ClientError("the " + state_->label + " channel did not open in time");
  }
  return state_->channel;
}

std::optional<std::string> RemoteChannel::next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mutex);
  state_->changed.wait_for(lock, timeout,
                           [&] { return !state_->messages.empty() || state_->closed; });
  if (state_->messages.empty()) return std::nullopt;
  std::string message = std::move(state_->messages.front());
  state_->messages.pop_front();
  return message;
}

}  // namespace wx::client

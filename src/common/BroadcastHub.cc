#include "common/BroadcastHub.h"

#include <spdlog/spdlog.h>

namespace wx::common {

void BroadcastHub::forward(const Media& viewer, const Media* broadcast) {
  // A closed viewer or broadcaster makes libwebrtc refuse: that peer is on
  // its way out, and the others must still switch.
  const auto one = [](rtc::Transceiver* to, rtc::Transceiver* from) {
    if (!to) return;
    try {
      if (from) {
        to->forward(*from);
      } else {
        to->stopSending();
      }
    } catch (const rtc::RtcError& e) {
      spdlog::debug("broadcast: a viewer could not switch: {}", e.what());
    }
  };
  one(viewer.audio.get(), broadcast ? broadcast->audio.get() : nullptr);
  one(viewer.video.get(), broadcast ? broadcast->video.get() : nullptr);
}

std::unique_ptr<BroadcastHub::Membership> BroadcastHub::broadcast(
    const std::shared_ptr<BroadcastHub>& hub, Media media) {
  std::lock_guard lock(hub->mutex_);
  const uint64_t id = hub->nextId_++;
  hub->live_ = std::move(media);
  hub->liveId_ = id;
  // Under the lock, so viewers joining meanwhile wait and see the new one.
  for (const auto& [viewerId, viewer] : hub->viewers_) forward(viewer, &*hub->live_);
  spdlog::info("broadcast {} is live for {} viewers", id, hub->viewers_.size());
  return std::make_unique<Membership>(hub, true, id);
}

std::unique_ptr<BroadcastHub::Membership> BroadcastHub::watch(
    const std::shared_ptr<BroadcastHub>& hub, Media media) {
  std::lock_guard lock(hub->mutex_);
  const uint64_t id = hub->nextId_++;
  if (hub->live_) forward(media, &*hub->live_);
  hub->viewers_.emplace(id, std::move(media));
  return std::make_unique<Membership>(hub, false, id);
}

void BroadcastHub::end(bool broadcaster, uint64_t id) {
  std::lock_guard lock(mutex_);
  if (!broadcaster) {
    viewers_.erase(id);
    return;
  }
  if (id != liveId_) return;  // replaced already
  live_.reset();
  liveId_ = 0;
  for (const auto& [viewerId, viewer] : viewers_) forward(viewer, nullptr);
  spdlog::info("broadcast {} ended; {} viewers wait for the next", id, viewers_.size());
}

BroadcastHub::Media BroadcastHub::offered(rtc::PeerConnection& pc, rtc::Direction direction) {
  Media media;
  for (auto& transceiver : pc.transceivers()) {
    auto& slot = transceiver->kind() == rtc::MediaKind::Audio ? media.audio : media.video;
    if (slot) continue;
    transceiver->setDirection(direction);
    slot = transceiver;
  }
  return media;
}

std::vector<std::string> BroadcastHub::videoCodecsFor() const {
  std::lock_guard lock(mutex_);
  if (!live_ || !live_->video) return {};
  std::string codec;
  try {
    codec = live_->video->receivedCodec();
  } catch (const rtc::RtcError& e) {
    spdlog::debug("broadcast: no codec to prefer: {}", e.what());
  }
  if (codec.empty()) return {};
  std::vector<std::string> order = {codec};
  for (const char* other : {"VP8", "H264", "VP9", "AV1"}) {
    if (other != codec) order.emplace_back(other);
  }
  return order;
}

bool BroadcastHub::live() const {
  std::lock_guard lock(mutex_);
  return live_.has_value();
}

size_t BroadcastHub::viewers() const {
  std::lock_guard lock(mutex_);
  return viewers_.size();
}

BroadcastHub::Membership::~Membership() { hub_->end(broadcaster_, id_); }

}  // namespace wx::common

#include "rtc/VideoRelay.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

#include "api/units/time_delta.h"
#include "api/video/i420_buffer.h"
#include "api/video/video_frame.h"
#include "rtc/SenderBitrate.h"
#include "rtc/VideoCodecs.h"
#include "rtc_base/time_utils.h"
#include "system_wrappers/include/clock.h"

namespace wx::rtc {
namespace {

constexpr ::webrtc::TimeDelta kTick = ::webrtc::TimeDelta::Seconds(1);

uint64_t nextRelayId() {
  static std::atomic<uint64_t> counter{0};
  return ++counter;
}

std::string nextTrackId() {
  static std::atomic<uint64_t> counter{0};
  return "wx-relay-" + std::to_string(++counter);
}

}  // namespace

::rtc::scoped_refptr<::webrtc::I420BufferInterface> RelayFrameBuffer::ToI420() {
  auto black = ::webrtc::I420Buffer::Create(std::max(frame->width, 2), std::max(frame->height, 2));
  ::webrtc::I420Buffer::SetBlack(black.get());
  return black;
}

// The sink the received track's source calls, on its decoding thread. Kept
// apart from the relay so that the relay may go first: the source is told
// to drop the tap on the network thread, and the tap outlives that call.
class VideoRelay::Tap : public ::rtc::VideoSinkInterface<::webrtc::RecordableEncodedFrame> {
 public:
  explicit Tap(std::weak_ptr<VideoRelay> relay) : relay_(std::move(relay)) {}
  void OnFrame(const ::webrtc::RecordableEncodedFrame& frame) override {
    if (auto relay = relay_.lock()) relay->onEncoded(frame);
  }

 private:
  const std::weak_ptr<VideoRelay> relay_;
};

VideoRelay::VideoRelay(::rtc::scoped_refptr<::webrtc::VideoTrackInterface> remote,
                       ::rtc::Thread* network, std::shared_ptr<RelayCounters> counters)
    : id_(nextRelayId()),
      remote_(std::move(remote)),
      network_(network),
      counters_(std::move(counters)) {
  ::webrtc::Clock* clock = ::webrtc::Clock::GetRealTimeClock();
  ntpOffsetMs_ = clock->CurrentNtpInMilliseconds() - clock->TimeInMilliseconds();
}

std::shared_ptr<VideoRelay> VideoRelay::start(
    ::rtc::scoped_refptr<::webrtc::VideoTrackInterface> remote, ::rtc::Thread* network,
    std::shared_ptr<RelayCounters> counters, int64_t maxReencoded,
    std::shared_ptr<PictureDemand> demand) {
  std::shared_ptr<VideoRelay> relay(
      new VideoRelay(std::move(remote), network, std::move(counters)));
  relay->maxReencoded_ = maxReencoded;
  relay->demand_ = std::move(demand);
  relay->demand_->relayStarted();
  relay->tap_ = std::make_shared<Tap>(relay);
  // Attaching also makes the receiver ask its sender for a key frame.
  relay->remote_->GetSource()->AddEncodedSink(relay->tap_.get());
  network->PostDelayedTask(
      [weak = std::weak_ptr<VideoRelay>(relay)] {
        if (auto self = weak.lock()) self->tick(true);
      },
      kTick);
  return relay;
}

VideoRelay::~VideoRelay() {
  demand_->relayStopped();
  // Posted even on the network thread: this may run inside the source's
  // own call (a tap's lock() was the last owner).
  network_->PostTask(
      [remote = remote_, tap = tap_] { remote->GetSource()->RemoveEncodedSink(tap.get()); });
}

void VideoRelay::onEncoded(const ::webrtc::RecordableEncodedFrame& encoded) {
  auto data = encoded.encoded_buffer();
  if (!data || data->size() == 0) return;
  linkDecoder(data->data(), demand_);
  counters_->framesReceived.fetch_add(1, std::memory_order_relaxed);
  bytes_.fetch_add(data->size(), std::memory_order_relaxed);
  const int64_t nowMs = ::rtc::TimeMillis();

  std::lock_guard lock(mutex_);
  const bool key = encoded.is_key_frame();
  if (key) {
    const auto resolution = encoded.resolution();
    if (!resolution.empty()) {
      width_ = static_cast<int>(resolution.width);
      height_ = static_cast<int>(resolution.height);
    }
  }
  if (width_ == 0) return;  // nothing decodes before the first key frame
  // VideoStreamEncoder drops a frame whose NTP time (ms) is not above the
  // previous one's, and stamps RTP time as 90 per NTP ms.
  int64_t ntpMs = nowMs + ntpOffsetMs_;
  if (ntpMs <= lastNtpMs_) ntpMs = lastNtpMs_ + 1;
  lastNtpMs_ = ntpMs;
  auto frame = std::make_shared<RelayedFrame>();
  frame->data = ::webrtc::EncodedImageBuffer::Create(data->data(), data->size());
  frame->key = key;
  frame->codec = encoded.codec();
  frame->seq = ++seq_;
  frame->ntpMs = ntpMs;
  frame->captureMs = nowMs;
  frame->width = width_;
  frame->height = height_;
  ring_[frame->seq % kRingSize] = frame;
  // Under the lock: once remove() returns, its link gets nothing more.
  for (const auto& weak : links_) {
    if (auto link = weak.lock()) link->deliver(frame);
  }
}

std::shared_ptr<const RelayedFrame> VideoRelay::frame(uint64_t seq) const {
  std::lock_guard lock(mutex_);
  const auto& frame = ring_[seq % kRingSize];
  return frame && frame->seq == seq ? frame : nullptr;
}

void VideoRelay::requestKeyFrame() {
  const int64_t nowMs = ::rtc::TimeMillis();
  {
    std::lock_guard lock(mutex_);
    if (lastRequestMs_ > 0 && nowMs - lastRequestMs_ < kKeyFrameGapMs) return;
    lastRequestMs_ = nowMs;
  }
  counters_->keyFrameRequests.fetch_add(1, std::memory_order_relaxed);
  // The source's proxy runs it on the network thread; an encoder's thread
  // must not wait for that.
  network_->PostTask([remote = remote_] { remote->GetSource()->GenerateKeyFrame(); });
}

void VideoRelay::checkLinksSoon() {
  network_->PostTask([weak = weak_from_this()] {
    if (auto self = weak.lock()) self->tick(false);
  });
}

int64_t VideoRelay::pixels() const {
  std::lock_guard lock(mutex_);
  return static_cast<int64_t>(width_) * height_;
}

void VideoRelay::add(const std::shared_ptr<RelayLink>& link) {
  std::lock_guard lock(mutex_);
  links_.push_back(link);
}

void VideoRelay::remove(const RelayLink* link) {
  std::lock_guard lock(mutex_);
  std::erase_if(links_, [link](const std::weak_ptr<RelayLink>& weak) {
    auto locked = weak.lock();
    return !locked || locked.get() == link;
  });
}

void VideoRelay::tick(bool scheduled) {
  const int64_t nowMs = ::rtc::TimeMillis();
  if (scheduled) {
    const uint64_t bytes = bytes_.load(std::memory_order_relaxed);
    if (tickMs_ > 0 && nowMs > tickMs_) {
      const int64_t bps =
          static_cast<int64_t>((bytes - bytesAtTick_) * 8 * 1000) / (nowMs - tickMs_);
      // Smoothed over about three seconds: key frames come in bursts.
      const int64_t before = bitrateBps_;
      bitrateBps_ = before == 0 ? bps : (2 * before + bps) / 3;
    }
    bytesAtTick_ = bytes;
    tickMs_ = nowMs;
    network_->PostDelayedTask(
        [weak = weak_from_this()] {
          if (auto self = weak.lock()) self->tick(true);
        },
        kTick);
  }
  std::vector<std::shared_ptr<RelayLink>> links;
  {
    std::lock_guard lock(mutex_);
    for (const auto& weak : links_) {
      if (auto link = weak.lock()) links.push_back(std::move(link));
    }
  }
  for (const auto& link : links) link->check(nowMs, bitrateBps_, scheduled);
}

// ---------------------------------------------------------------- RelayLink

RelayLink::RelayLink(std::shared_ptr<VideoRelay> relay,
                     ::rtc::scoped_refptr<::webrtc::RtpSenderInterface> sender,
                     ::rtc::scoped_refptr<PushTrackSource> source,
                     ::rtc::scoped_refptr<::webrtc::VideoTrackInterface> track)
    : relay_(std::move(relay)),
      sender_(std::move(sender)),
      source_(std::move(source)),
      track_(std::move(track)),
      createdMs_(::rtc::TimeMillis()) {
  relay_->counters().links.fetch_add(1);
}

std::shared_ptr<RelayLink> RelayLink::create(
    std::shared_ptr<VideoRelay> relay, ::rtc::scoped_refptr<::webrtc::RtpSenderInterface> sender,
    ::webrtc::PeerConnectionFactoryInterface& factory, std::function<bool(int)> restartEstimate) {
  auto source = ::rtc::make_ref_counted<PushTrackSource>();
  auto track = factory.CreateVideoTrack(nextTrackId(), source.get());
  std::shared_ptr<RelayLink> link(
      new RelayLink(relay, std::move(sender), std::move(source), std::move(track)));
  link->restartEstimate_ = std::move(restartEstimate);
  const auto parameters = link->sender_->GetParameters();
  // A sender of a remote offer's section has its range only once the
  // answer is set, and then it is ours.
  link->maxBps_ = !parameters.encodings.empty() && parameters.encodings[0].max_bitrate_bps
                      ? *parameters.encodings[0].max_bitrate_bps
                      : kVideoMaxBitrateBps;
  relay->add(link);
  return link;
}

RelayLink::~RelayLink() {
  detach();
  relay_->counters().links.fetch_sub(1);
}

void RelayLink::detach() {
  relay_->remove(this);
  std::lock_guard lock(mutex_);
  if (detached_) return;
  detached_ = true;
  pictures_.reset();
  if (mode_ != Mode::Relay) relay_->counters().reencodedLinks.fetch_sub(1);
}

void RelayLink::deliver(const std::shared_ptr<const RelayedFrame>& frame) {
  source_->deliver(::webrtc::VideoFrame::Builder()
                       .set_video_frame_buffer(::rtc::make_ref_counted<RelayFrameBuffer>(
                           frame, std::weak_ptr<VideoRelay>(relay_), state_))
                       .set_timestamp_us(::rtc::TimeMicros())
                       .set_ntp_time_ms(frame->ntpMs)
                       .set_rotation(::webrtc::kVideoRotation_0)
                       .build());
}

void RelayLink::check(int64_t nowMs, int64_t streamBps, bool scheduled) {
  int64_t restartAt = 0;
  {
    std::lock_guard lock(mutex_);
    restartAt = checkLocked(nowMs, streamBps, scheduled);
  }
  // Outside the lock: the peer connection's last reference may go with it,
  // and its destruction detaches this link.
  if (restartAt > 0 && restartEstimate_ && restartEstimate_(static_cast<int>(restartAt))) {
    relay_->counters().estimateRestarts.fetch_add(1);
  }
}

int64_t RelayLink::checkLocked(int64_t nowMs, int64_t streamBps, bool scheduled) {
  if (detached_) return 0;
  const int64_t target = state_->targetBps;
  if (scheduled) {
    spdlog::debug(
        "relay {}: a peer {} at a target of {} kbit/s, {:.0f} % lost; the stream is at {} kbit/s",
        relay_->id(), mode_ == Mode::Relay ? "relayed" : "re-encoded", target / 1000,
        state_->lossFraction.load() * 100, streamBps / 1000);
  }
  switch (mode_) {
    case Mode::Relay: {
      if (state_->codecMismatch) {
        switchTo(Mode::ReencodeCodec);
        return 0;
      }
      const bool lossy = state_->lossFraction.load() >= kLossyFraction;
      if (!scheduled && !lossy) return 0;
      const int64_t ageMs = nowMs - createdMs_;
      const double stream = static_cast<double>(streamBps);
      const bool known = streamBps > 0 && target >= 0;
      const bool verySlow =
          known && ageMs >= kVerySlowSettleMs && (target < kVerySlowRatio * stream || lossy);
      const bool slow =
          verySlow || (known && ageMs >= kSettleSeconds * 1000 && target < kSlowRatio * stream);
      if (!slow) {
        slowFor_ = 0;
        state_->holding = false;
        return 0;
      }
      // Hold only if a copy can be had: a peer refused one stays relayed
      // (and builds up delay) rather than frozen with nothing to estimate on.
      state_->holding = relay_->counters().reencodedLinks.load() < relay_->maxReencoded();
      if (++slowFor_ < kSlowSeconds && !verySlow) return 0;
      switchTo(Mode::ReencodeSlow);
      if (mode_ != Mode::ReencodeSlow) return 0;  // refused
      int64_t restartAt = 0;
      if (lossy) {
        // libwebrtc's estimate comes down from a lossy link only gradually,
        // and meanwhile its retransmissions (up to the estimate a second)
        // flood the link and keep the loss up. The copy starts at what got
        // through of the stream (the link took at least that much), never
        // above the estimate.
        const double through = stream * (1.0 - state_->lossFraction.load());
        restartAt = static_cast<int64_t>(
            std::min(std::max(through, kMinRestartBps), static_cast<double>(target)));
      }
      scaleDownBy(scaleFor(restartAt > 0 ? restartAt : target, relay_->pixels(), 1));
      return restartAt;
    }
    case Mode::ReencodeSlow: {
      if (!scheduled) return 0;
      scaleDownBy(scaleFor(target, relay_->pixels(), scale_));
      const bool recovered = target >= kRecoveredRatio * static_cast<double>(streamBps) ||
                             (maxBps_ > 0 && target >= maxBps_ * 9 / 10);
      recoveredFor_ = recovered ? recoveredFor_ + 1 : 0;
      if (recoveredFor_ >= kRecoveredSeconds) switchTo(Mode::Relay);
      return 0;
    }
    case Mode::ReencodeCodec:
      return 0;  // for as long as this link lasts: the next forward() makes a new one
  }
  return 0;
}

int RelayLink::scaleFor(int64_t targetBps, int64_t pixels, int current) {
  if (targetBps < 0 || pixels <= 0) return current;
  const auto needs = [pixels](int scale) { return kBitsPerPixel * pixels / (scale * scale); };
  const auto fits = [&](double margin) {
    int scale = 4;
    while (scale > 1 && targetBps >= margin * needs(scale / 2)) scale /= 2;
    return scale;
  };
  // Down at once; up a size only with the margin.
  return std::max(fits(1.0), std::min(current, fits(kScaleUpMargin)));
}

bool setScaleDownBy(::webrtc::RtpSenderInterface& sender, int scale) {
  // Twice: another thread's call between our Get and Set (a description
  // applied, say) makes the Set's transaction ID stale.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto parameters = sender.GetParameters();
    if (parameters.encodings.empty()) return scale == 1;  // nothing to scale
    auto& encoding = parameters.encodings[0];
    if (encoding.scale_resolution_down_by.value_or(1.0) == scale) return true;
    encoding.scale_resolution_down_by = scale;
    const auto result = sender.SetParameters(parameters);
    if (result.ok()) return true;
    spdlog::debug("a sender's scale not set to 1/{}: {}", scale, result.message());
  }
  return false;
}

void RelayLink::scaleDownBy(int scale) {
  // SetParameters holds the network thread until the peer's encoder queue
  // has reconfigured (a few ms; Debian's libwebrtc has no
  // SetParametersAsync): once per change of size, a few a minute at most.
  if (scale == scale_ || !setScaleDownBy(*sender_, scale)) return;
  spdlog::debug("relay {}: a copy's pictures scaled to 1/{} per side", relay_->id(), scale);
  scale_ = scale;
}

void RelayLink::switchTo(Mode mode) {
  auto& counters = relay_->counters();
  // Re-encoding costs a decode's share and an encode per peer (15-20 % of a
  // core at 640x480): the factory's peers get at most maxReencoded at once,
  // or a swarm of slow (or CPU-starved) viewers would take the machine.
  const bool reserving = mode != Mode::Relay && mode_ == Mode::Relay;
  if (reserving) {
    int64_t now = counters.reencodedLinks.load();
    do {
      if (now >= relay_->maxReencoded()) {
        if (!refusalLogged_) {
          spdlog::warn(
              "relay {}: {} peers are re-encoded already (the most there may be); a "
              "peer {} stays relayed",
              relay_->id(), now,
              mode == Mode::ReencodeCodec ? "with another codec gets no video and"
                                          : "with too little bandwidth");
          refusalLogged_ = true;
        }
        return;
      }
    } while (!counters.reencodedLinks.compare_exchange_weak(now, now + 1));
  }
  // On the network thread, which is the signaling thread: the sender's
  // proxy calls straight through.
  ::webrtc::MediaStreamTrackInterface* track =
      mode == Mode::Relay ? static_cast<::webrtc::MediaStreamTrackInterface*>(track_.get())
                          : relay_->remoteTrack().get();
  // Relayed frames keep their size: VideoStreamEncoder would scale (
  // blacken) the first of them, read with the copy's encoder info.
  // Blocking (SetParameters waits for the encoder queue to reconfigure), so
  // that the relayed frames find the whole size; once per switch back.
  if (mode == Mode::Relay) {
    if (!setScaleDownBy(*sender_, 1)) return;  // the next check tries again
    scale_ = 1;
  }
  // Subscribed before the encoder takes the pictures: the decoder needs a
  // key frame first (PictureDemand.h).
  auto pictures = mode == Mode::Relay ? nullptr : relay_->demand().subscribe();
  if (!sender_->SetTrack(track)) {  // closed: the peer is on its way out
    if (reserving) counters.reencodedLinks.fetch_sub(1);
    return;
  }
  pictures_ = std::move(pictures);
  if (mode == Mode::Relay) {
    counters.toRelay.fetch_add(1);
    counters.reencodedLinks.fetch_sub(1);
  } else {
    counters.toReencode.fetch_add(1);
  }
  mode_ = mode;
  state_->holding = false;
  slowFor_ = 0;
  recoveredFor_ = 0;
}

// ------------------------------------------------------- registry, links

std::shared_ptr<VideoRelay> VideoRelays::relayOf(
    ::rtc::scoped_refptr<::webrtc::VideoTrackInterface> remote) {
  std::lock_guard lock(mutex_);
  std::erase_if(relays_, [](const auto& entry) { return entry.second.expired(); });
  auto& slot = relays_[remote.get()];
  if (auto relay = slot.lock()) return relay;
  auto demand = demandOfLocked(remote.get());
  auto relay =
      VideoRelay::start(std::move(remote), network_, counters_, maxReencoded_, std::move(demand));
  slot = relay;
  return relay;
}

std::shared_ptr<PictureDemand> VideoRelays::demandOf(const ::webrtc::VideoTrackInterface* remote) {
  std::lock_guard lock(mutex_);
  return demandOfLocked(remote);
}

std::shared_ptr<PictureDemand> VideoRelays::demandOfLocked(
    const ::webrtc::VideoTrackInterface* remote) {
  std::erase_if(demands_, [](const auto& entry) { return entry.second.expired(); });
  auto& slot = demands_[remote];
  if (auto demand = slot.lock()) return demand;
  auto demand = std::make_shared<PictureDemand>();
  slot = demand;
  return demand;
}

void RelayLinks::set(const ::webrtc::RtpSenderInterface* sender, std::shared_ptr<RelayLink> link,
                     std::unique_ptr<PictureDemand::Subscription> pictures) {
  Entry old;
  {
    std::lock_guard lock(mutex_);
    auto it = links_.find(sender);
    if (it != links_.end()) {
      old = std::move(it->second);
      links_.erase(it);
    }
    if (link || pictures) links_.emplace(sender, Entry{std::move(link), std::move(pictures)});
  }
  if (old.link) old.link->detach();
}

void RelayLinks::clear() {
  std::map<const ::webrtc::RtpSenderInterface*, Entry> old;
  {
    std::lock_guard lock(mutex_);
    old.swap(links_);
  }
  for (auto& [sender, entry] : old) {
    if (entry.link) entry.link->detach();
  }
}

}  // namespace wx::rtc

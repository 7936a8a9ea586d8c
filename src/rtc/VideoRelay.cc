#include "rtc/VideoRelay.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

#include "api/units/time_delta.h"
#include "api/video/i420_buffer.h"
#include "api/video/video_bitrate_allocation.h"
#include "api/video/video_frame.h"
#include "api/video_codecs/builtin_video_encoder_factory.h"
#include "api/video_codecs/sdp_video_format.h"
#include "api/video_codecs/video_codec.h"
#include "api/video_codecs/video_encoder.h"
#include "modules/video_coding/include/video_error_codes.h"
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

// A step's encoder: takes the received track's decoded pictures (a sink on
// the track; its subscription keeps the track's decoder decoding) and
// encodes them as VP8 at the step's bitrate, for the step's relay. OnFrame
// runs on the track's rendering queue (IncomingVideoStream's), which only
// feeds the track's picture sinks: encoding there holds up no decoding and
// no relayed frame.
class VideoRelay::StepEncoder : public ::rtc::VideoSinkInterface<::webrtc::VideoFrame>,
                                public ::webrtc::EncodedImageCallback {
 public:
  StepEncoder(std::weak_ptr<VideoRelay> relay, int64_t bps,
              std::unique_ptr<PictureDemand::Subscription> pictures)
      : relay_(std::move(relay)), bps_(bps), pictures_(std::move(pictures)) {}

  void requestKeyFrame() { keyWanted_ = true; }

  void OnFrame(const ::webrtc::VideoFrame& picture) override {
    auto buffer = picture.video_frame_buffer();
    if (!buffer || !start(buffer->width(), buffer->height())) return;
    const std::vector<::webrtc::VideoFrameType> types = {
        keyWanted_.exchange(false) ? ::webrtc::VideoFrameType::kVideoFrameKey
                                   : ::webrtc::VideoFrameType::kVideoFrameDelta};
    const int64_t ms = ::rtc::TimeMillis();
    auto frame = ::webrtc::VideoFrame::Builder()
                     .set_video_frame_buffer(buffer)
                     .set_timestamp_rtp(static_cast<uint32_t>(90 * ms))
                     .set_timestamp_ms(ms)
                     .set_rotation(::webrtc::kVideoRotation_0)
                     .build();
    if (encoder_->Encode(frame, &types) != WEBRTC_VIDEO_CODEC_OK) keyWanted_ = true;
  }

  Result OnEncodedImage(const ::webrtc::EncodedImage& image,
                        const ::webrtc::CodecSpecificInfo*) override {
    const bool key = image._frameType == ::webrtc::VideoFrameType::kVideoFrameKey;
    if (auto relay = relay_.lock()) {
      relay->take(image.data(), image.size(), key, ::webrtc::kVideoCodecVP8,
                  key ? static_cast<int>(image._encodedWidth) : 0,
                  key ? static_cast<int>(image._encodedHeight) : 0);
    }
    return Result(Result::OK);
  }

 private:
  // (Re)makes the encoder for pictures of this size; false if it failed.
  bool start(int width, int height) {
    if (encoder_ && width == width_ && height == height_) return true;
    if (!factory_) factory_ = ::webrtc::CreateBuiltinVideoEncoderFactory();
    encoder_ = factory_->CreateVideoEncoder(::webrtc::SdpVideoFormat("VP8"));
    if (!encoder_) return false;
    ::webrtc::VideoCodec codec;
    codec.codecType = ::webrtc::kVideoCodecVP8;
    codec.width = static_cast<uint16_t>(width);
    codec.height = static_cast<uint16_t>(height);
    codec.startBitrate = static_cast<unsigned>(bps_ / 1000);
    codec.maxBitrate = codec.startBitrate;
    codec.minBitrate = 30;
    codec.maxFramerate = 30;
    codec.qpMax = 56;
    codec.mode = ::webrtc::VideoCodecMode::kRealtimeVideo;
    *codec.VP8() = ::webrtc::VideoEncoder::GetDefaultVp8Settings();
    const ::webrtc::VideoEncoder::Settings settings(
        ::webrtc::VideoEncoder::Capabilities(/*loss_notification=*/false), /*number_of_cores=*/1,
        /*max_payload_size=*/1200);
    if (encoder_->InitEncode(&codec, settings) != WEBRTC_VIDEO_CODEC_OK) {
      encoder_.reset();
      return false;
    }
    encoder_->RegisterEncodeCompleteCallback(this);
    ::webrtc::VideoBitrateAllocation allocation;
    allocation.SetBitrate(0, 0, static_cast<uint32_t>(bps_));
    encoder_->SetRates(::webrtc::VideoEncoder::RateControlParameters(allocation, 30.0));
    width_ = width;
    height_ = height;
    keyWanted_ = true;
    return true;
  }

  const std::weak_ptr<VideoRelay> relay_;
  const int64_t bps_;
  const std::unique_ptr<PictureDemand::Subscription> pictures_;
  std::atomic<bool> keyWanted_{true};
  // Rendering queue only:
  std::unique_ptr<::webrtc::VideoEncoderFactory> factory_;
  std::unique_ptr<::webrtc::VideoEncoder> encoder_;
  int width_ = 0;
  int height_ = 0;
};

VideoRelay::~VideoRelay() {
  if (encoder_) {
    counters_->stepEncoders.fetch_sub(1);
    counters_->encoders.fetch_sub(1);
    // Once RemoveSink returns, the track calls the encoder no more.
    network_->PostTask(
        [remote = remote_, encoder = encoder_] { remote->RemoveSink(encoder.get()); });
    return;
  }
  demand_->relayStopped();
  // Posted even on the network thread: this may run inside the source's
  // own call (a tap's lock() was the last owner).
  network_->PostTask(
      [remote = remote_, tap = tap_] { remote->GetSource()->RemoveEncodedSink(tap.get()); });
}

int64_t VideoRelay::stepFitting(int64_t targetBps) {
  for (int64_t step : kStepsBps) {
    if (step <= kStepFit * static_cast<double>(targetBps)) return step;
  }
  return kStepsBps.back();
}

int64_t VideoRelay::stepAbove(int64_t bps) {
  int64_t above = 0;
  for (int64_t step : kStepsBps) {
    if (step > bps) above = step;
  }
  return above;
}

std::shared_ptr<VideoRelay> VideoRelay::step(int64_t bps) {
  if (encoder_) return nullptr;
  {
    std::lock_guard lock(mutex_);
    std::erase_if(steps_, [](const auto& entry) { return entry.second.expired(); });
    if (auto copy = steps_[bps].lock()) return copy;
  }
  int64_t now = counters_->encoders.load();
  do {
    if (now >= maxReencoded_) return nullptr;
  } while (!counters_->encoders.compare_exchange_weak(now, now + 1));
  counters_->stepEncoders.fetch_add(1);
  std::shared_ptr<VideoRelay> copy(new VideoRelay(remote_, network_, counters_));
  copy->stepBps_ = bps;
  copy->demand_ = demand_;
  copy->encoder_ = std::make_shared<StepEncoder>(copy, bps, demand_->subscribe());
  // On the network thread, which is the worker thread: the track's proxy
  // calls straight through.
  remote_->AddOrUpdateSink(copy->encoder_.get(), ::rtc::VideoSinkWants());
  network_->PostDelayedTask(
      [weak = std::weak_ptr<VideoRelay>(copy)] {
        if (auto self = weak.lock()) self->tick(true);
      },
      kTick);
  spdlog::info("relay {}: a re-encoded copy at {} kbit/s for peers that cannot take the stream",
               id_, bps / 1000);
  std::lock_guard lock(mutex_);
  steps_[bps] = copy;
  return copy;
}

void VideoRelay::onEncoded(const ::webrtc::RecordableEncodedFrame& encoded) {
  auto data = encoded.encoded_buffer();
  if (!data || data->size() == 0) return;
  linkDecoder(data->data(), demand_);
  counters_->framesReceived.fetch_add(1, std::memory_order_relaxed);
  const auto resolution = encoded.resolution();
  const bool known = encoded.is_key_frame() && !resolution.empty();
  take(data->data(), data->size(), encoded.is_key_frame(), encoded.codec(),
       known ? static_cast<int>(resolution.width) : 0,
       known ? static_cast<int>(resolution.height) : 0);
}

void VideoRelay::take(const uint8_t* data, size_t size, bool key, ::webrtc::VideoCodecType codec,
                      int width, int height) {
  bytes_.fetch_add(size, std::memory_order_relaxed);
  const int64_t nowMs = ::rtc::TimeMillis();
  const std::weak_ptr<VideoRelay> self = weak_from_this();

  std::lock_guard lock(mutex_);
  if (key && width > 0) {
    width_ = width;
    height_ = height;
  }
  if (width_ == 0) return;  // nothing decodes before the first key frame
  // VideoStreamEncoder drops a frame whose NTP time (ms) is not above the
  // previous one's, and stamps RTP time as 90 per NTP ms.
  int64_t ntpMs = nowMs + ntpOffsetMs_;
  if (ntpMs <= lastNtpMs_) ntpMs = lastNtpMs_ + 1;
  lastNtpMs_ = ntpMs;
  auto frame = std::make_shared<RelayedFrame>();
  frame->data = ::webrtc::EncodedImageBuffer::Create(data, size);
  frame->key = key;
  frame->codec = codec;
  frame->seq = ++seq_;
  frame->ntpMs = ntpMs;
  frame->captureMs = nowMs;
  frame->width = width_;
  frame->height = height_;
  ring_[frame->seq % kRingSize] = frame;
  // Under the lock: once remove() returns, its link gets nothing more.
  for (const auto& weak : links_) {
    if (auto link = weak.lock()) link->deliver(frame, this, self);
  }
}

std::shared_ptr<const RelayedFrame> VideoRelay::frame(uint64_t seq) const {
  std::lock_guard lock(mutex_);
  const auto& frame = ring_[seq % kRingSize];
  return frame && frame->seq == seq ? frame : nullptr;
}

void VideoRelay::requestKeyFrame() {
  if (encoder_) {
    encoder_->requestKeyFrame();
    return;
  }
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
  if (encoder_) return;  // a step's links are checked by their own relay
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
  from_ = relay_.get();
  relay_->counters().links.fetch_add(1);
}

std::shared_ptr<RelayLink> RelayLink::create(
    std::shared_ptr<VideoRelay> relay, ::rtc::scoped_refptr<::webrtc::RtpSenderInterface> sender,
    ::webrtc::PeerConnectionFactoryInterface& factory) {
  auto source = ::rtc::make_ref_counted<PushTrackSource>();
  auto track = factory.CreateVideoTrack(nextTrackId(), source.get());
  std::shared_ptr<RelayLink> link(
      new RelayLink(relay, std::move(sender), std::move(source), std::move(track)));
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
  leaveStep();
  if (pictures_) {
    pictures_.reset();
    relay_->counters().encoders.fetch_sub(1);
  }
  if (mode_ != Mode::Relay) relay_->counters().reencodedLinks.fetch_sub(1);
}

void RelayLink::leaveStep() {
  from_ = relay_.get();
  if (!step_) return;
  step_->remove(this);
  step_.reset();  // the last peer on a step ends it
}

void RelayLink::deliver(const std::shared_ptr<const RelayedFrame>& frame, const VideoRelay* from,
                        const std::weak_ptr<VideoRelay>& fromWeak) {
  if (from != from_.load()) return;
  source_->deliver(::webrtc::VideoFrame::Builder()
                       .set_video_frame_buffer(
                           ::rtc::make_ref_counted<RelayFrameBuffer>(frame, fromWeak, state_))
                       .set_timestamp_us(::rtc::TimeMicros())
                       .set_ntp_time_ms(frame->ntpMs)
                       .set_rotation(::webrtc::kVideoRotation_0)
                       .build());
}

void RelayLink::check(int64_t nowMs, int64_t streamBps, bool scheduled) {
  std::lock_guard lock(mutex_);
  if (detached_) return;
  const int64_t target = state_->targetBps;
  if (scheduled) {
    spdlog::debug("relay {}: a peer {} at a target of {} kbit/s; the stream is at {} kbit/s",
                  relay_->id(),
                  mode_ == Mode::Relay          ? "relayed"
                  : mode_ == Mode::ReencodeSlow ? "on a shared re-encoded copy"
                                                : "re-encoded",
                  target / 1000, streamBps / 1000);
  }
  // Another codec than the frames it gets (the stream's, or a step's VP8).
  if (state_->codecMismatch && mode_ != Mode::ReencodeCodec) {
    switchTo(Mode::ReencodeCodec);
    return;
  }
  if (!scheduled) return;
  switch (mode_) {
    case Mode::Relay:
      if (nowMs - createdMs_ < kSettleSeconds * 1000 || streamBps <= 0 || target < 0 ||
          target >= kSlowRatio * static_cast<double>(streamBps)) {
        slowFor_ = 0;
        return;
      }
      if (++slowFor_ >= kSlowSeconds) switchTo(Mode::ReencodeSlow, VideoRelay::stepFitting(target));
      return;
    case Mode::ReencodeSlow: {
      const bool recovered = target >= kRecoveredRatio * static_cast<double>(streamBps) ||
                             (maxBps_ > 0 && target >= maxBps_ * 9 / 10);
      recoveredFor_ = recovered ? recoveredFor_ + 1 : 0;
      if (recoveredFor_ >= kRecoveredSeconds) {
        switchTo(Mode::Relay);
        return;
      }
      if (!step_ || target < 0) return;
      const int64_t at = step_->stepBps();
      // Still too slow for its step: a lower one, if there is one.
      slowFor_ = target < kSlowRatio * static_cast<double>(at) ? slowFor_ + 1 : 0;
      if (slowFor_ >= kSlowSeconds && at > VideoRelay::kStepsBps.back()) {
        switchTo(Mode::ReencodeSlow, VideoRelay::stepFitting(target));
        return;
      }
      // Its link takes more: the step above.
      const int64_t above = VideoRelay::stepAbove(at);
      upFor_ = above > 0 && target >= VideoRelay::kStepUpRatio * static_cast<double>(above)
                   ? upFor_ + 1
                   : 0;
      if (upFor_ >= kRecoveredSeconds) switchTo(Mode::ReencodeSlow, above);
      return;
    }
    case Mode::ReencodeCodec:
      return;  // for as long as this link lasts: the next forward() makes a new one
  }
}

void RelayLink::switchTo(Mode mode, int64_t stepBps) {
  auto& counters = relay_->counters();
  const auto refuse = [&](const char* what) {
    if (!refusalLogged_) {
      spdlog::warn(
          "relay {}: {} encoders re-encode for peers already (the most there may be); a peer {}",
          relay_->id(), counters.encoders.load(), what);
      refusalLogged_ = true;
    }
  };
  switch (mode) {
    case Mode::Relay:
      leaveStep();
      counters.toRelay.fetch_add(1);
      break;
    case Mode::ReencodeSlow: {
      // Re-encoding costs a decode's share and an encode (15-20 % of a core
      // at 640x480): a step is shared by every peer on it, and the factory
      // runs at most maxReencoded encoders, or a swarm of slow (or
      // CPU-starved) peers would take the machine.
      auto step = relay_->step(stepBps);
      if (!step) {
        refuse(mode_ == Mode::Relay ? "with too little bandwidth stays relayed"
                                    : "stays on its re-encoded copy");
        slowFor_ = 0;
        return;
      }
      if (step == step_) return;
      leaveStep();
      step->add(shared_from_this());
      step_ = std::move(step);
      from_ = step_.get();
      if (mode_ == Mode::Relay) counters.toReencode.fetch_add(1);
      break;
    }
    case Mode::ReencodeCodec: {
      int64_t now = counters.encoders.load();
      do {
        if (now >= relay_->maxReencoded()) {
          refuse("with another codec gets no video");
          return;
        }
      } while (!counters.encoders.compare_exchange_weak(now, now + 1));
      // Subscribed before the encoder takes the pictures: the decoder needs
      // a key frame first (PictureDemand.h). On the network thread, which is
      // the signaling thread: the sender's proxy calls straight through.
      auto pictures = relay_->demand().subscribe();
      if (!sender_->SetTrack(relay_->remoteTrack().get())) {  // closed: on its way out
        counters.encoders.fetch_sub(1);
        return;
      }
      pictures_ = std::move(pictures);
      leaveStep();
      from_ = nullptr;  // the sender takes the received track's pictures
      if (mode_ == Mode::Relay) counters.toReencode.fetch_add(1);
      break;
    }
  }
  if (mode_ == Mode::Relay && mode != Mode::Relay) counters.reencodedLinks.fetch_add(1);
  if (mode_ != Mode::Relay && mode == Mode::Relay) counters.reencodedLinks.fetch_sub(1);
  mode_ = mode;
  slowFor_ = 0;
  recoveredFor_ = 0;
  upFor_ = 0;
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

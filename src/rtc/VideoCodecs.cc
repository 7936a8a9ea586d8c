#include "rtc/VideoCodecs.h"

#include <optional>
#include <utility>

#include "api/video_codecs/builtin_video_decoder_factory.h"
#include "api/video_codecs/builtin_video_encoder_factory.h"
#include "api/video_codecs/video_codec.h"
#include "api/video_codecs/video_decoder.h"
#include "api/video_codecs/video_encoder.h"
#include "modules/video_coding/codecs/interface/common_constants.h"
#include "modules/video_coding/include/video_codec_interface.h"
#include "modules/video_coding/include/video_error_codes.h"
#include "rtc/VideoRelay.h"
#include "rtc_base/time_utils.h"

namespace wx::rtc {
namespace {

constexpr uint64_t kMaxCatchUp = 15;  // frames: half a second at 30 fps

class RelayEncoder : public ::webrtc::VideoEncoder {
 public:
  RelayEncoder(const ::webrtc::SdpVideoFormat& format, ::webrtc::VideoEncoderFactory& builtin)
      : format_(format),
        codecType_(::webrtc::PayloadStringToCodecType(format.name)),
        builtin_(builtin) {}

  void SetFecControllerOverride(::webrtc::FecControllerOverride* override) override {
    fec_ = override;
    if (real_) real_->SetFecControllerOverride(override);
  }
  int InitEncode(const ::webrtc::VideoCodec* codec, const Settings& settings) override {
    codec_ = *codec;
    settings_.emplace(settings);
    needKey_ = true;
    return real_ ? real_->InitEncode(codec, settings) : WEBRTC_VIDEO_CODEC_OK;
  }
  int32_t RegisterEncodeCompleteCallback(::webrtc::EncodedImageCallback* callback) override {
    callback_ = callback;
    return real_ ? real_->RegisterEncodeCompleteCallback(callback) : WEBRTC_VIDEO_CODEC_OK;
  }
  int32_t Release() override { return real_ ? real_->Release() : WEBRTC_VIDEO_CODEC_OK; }
  void SetRates(const RateControlParameters& rates) override {
    rates_.emplace(rates);
    if (viewer_) viewer_->targetBps = rates.bitrate.get_sum_bps();
    if (real_) real_->SetRates(rates);
  }
  // Encoder queue, as Encode. A relayed peer losing a lot is looked at now
  // (RelayLink::check's lossy rule), not at the next tick: at most every
  // kLossCheckGapMs while it lasts (the rule waits for the peer's first
  // second and the stream's bitrate).
  void OnPacketLossRateUpdate(float rate) override {
    if (viewer_) {
      viewer_->lossFraction = rate;
      const int64_t nowMs = ::rtc::TimeMillis();
      if (relaying_ && rate >= RelayLink::kLossyFraction &&
          nowMs - lastLossCheckMs_ >= kLossCheckGapMs) {
        lastLossCheckMs_ = nowMs;
        if (auto relay = relay_.lock()) relay->checkLinksSoon();
      }
    }
    if (real_) real_->OnPacketLossRateUpdate(rate);
  }
  void OnRttUpdate(int64_t rttMs) override {
    if (real_) real_->OnRttUpdate(rttMs);
  }
  void OnLossNotification(const LossNotification& notification) override {
    if (real_) real_->OnLossNotification(notification);
  }
  EncoderInfo GetEncoderInfo() const override {
    if (real_ && !relaying_) return real_->GetEncoderInfo();
    EncoderInfo info;
    info.implementation_name = "relay";
    info.supports_native_handle = true;       // hand us the kNative frame as it is
    info.has_trusted_rate_controller = true;  // no frame dropping for rate
    info.is_hardware_accelerated = false;
    info.supports_simulcast = false;
    return info;
  }

  int32_t Encode(const ::webrtc::VideoFrame& frame,
                 const std::vector<::webrtc::VideoFrameType>* types) override {
    auto* relayed = dynamic_cast<RelayFrameBuffer*>(frame.video_frame_buffer().get());
    if (!relayed) return encodePicture(frame, types);
    if (!relaying_) needKey_ = true;  // back from pictures: the peer's references are those
    relaying_ = true;
    if (viewer_ != relayed->viewer) {
      viewer_ = relayed->viewer;
      relay_ = relayed->relay;
      if (rates_) viewer_->targetBps = rates_->bitrate.get_sum_bps();
    }
    if (!callback_) return WEBRTC_VIDEO_CODEC_UNINITIALIZED;
    const RelayedFrame& f = *relayed->frame;
    // Another codec than this peer's, or one whose frames need layer
    // metadata a received frame does not carry (VP9, AV1): not relayable.
    const bool relayable =
        codecType_ == ::webrtc::kVideoCodecVP8 || codecType_ == ::webrtc::kVideoCodecH264;
    if (f.codec != codecType_ || !relayable) {
      if (!viewer_->codecMismatch.exchange(true)) {
        if (auto relay = relayed->relay.lock()) relay->checkLinksSoon();
      }
      return WEBRTC_VIDEO_CODEC_OK;
    }
    auto relay = relayed->relay.lock();
    if (!relay) return WEBRTC_VIDEO_CODEC_OK;  // the stream is gone
    if (relay->id() != relayId_) {             // another stream: its numbering starts over
      relayId_ = relay->id();
      needKey_ = true;
    }
    if (viewer_->holding.load(std::memory_order_relaxed)) {
      needKey_ = true;  // what it had is stale once it gets frames again
      relay->counters().framesHeld.fetch_add(1, std::memory_order_relaxed);
      return WEBRTC_VIDEO_CODEC_OK;
    }
    const bool keyWanted =
        types && !types->empty() && (*types)[0] == ::webrtc::VideoFrameType::kVideoFrameKey;
    if (keyWanted && !f.key) needKey_ = true;
    if (needKey_) {
      if (!f.key) {
        relay->counters().framesSkipped.fetch_add(1, std::memory_order_relaxed);
        relay->requestKeyFrame();
        return WEBRTC_VIDEO_CODEC_OK;
      }
      needKey_ = false;
      lastSeq_ = f.seq - 1;
    }
    if (f.seq <= lastSeq_) return WEBRTC_VIDEO_CODEC_OK;  // sent already, from the ring
    if (f.seq - lastSeq_ > kMaxCatchUp) return waitForKeyFrame(*relay);
    // VideoStreamEncoder may have skipped frames before this one; send them
    // first, as every VP8 frame is a reference.
    for (uint64_t seq = lastSeq_ + 1; seq < f.seq; ++seq) {
      auto missed = relay->frame(seq);
      if (!missed) return waitForKeyFrame(*relay);
      send(*missed, relay->counters());
      lastSeq_ = seq;
    }
    send(f, relay->counters());
    lastSeq_ = f.seq;
    return WEBRTC_VIDEO_CODEC_OK;
  }

 private:
  int32_t waitForKeyFrame(VideoRelay& relay) {
    needKey_ = true;
    relay.requestKeyFrame();
    return WEBRTC_VIDEO_CODEC_OK;
  }

  void send(const RelayedFrame& f, RelayCounters& counters) {
    ::webrtc::EncodedImage image;
    image.SetEncodedData(f.data);  // shared by every peer; packetizers only read it
    image._encodedWidth = static_cast<uint32_t>(f.width);
    image._encodedHeight = static_cast<uint32_t>(f.height);
    image._frameType = f.key ? ::webrtc::VideoFrameType::kVideoFrameKey
                             : ::webrtc::VideoFrameType::kVideoFrameDelta;
    // The RTP time VideoStreamEncoder gives a frame: 90 kHz of its NTP ms.
    image.SetTimestamp(90u * static_cast<uint32_t>(f.ntpMs));
    image.ntp_time_ms_ = f.ntpMs;
    image.capture_time_ms_ = f.captureMs;
    image.rotation_ = ::webrtc::kVideoRotation_0;

    ::webrtc::CodecSpecificInfo info;
    info.codecType = codecType_;
    if (codecType_ == ::webrtc::kVideoCodecVP8) {
      auto& vp8 = info.codecSpecific.VP8;
      vp8.nonReference = false;  // not known: every frame may be a reference
      vp8.temporalIdx = ::webrtc::kNoTemporalIdx;
      vp8.layerSync = false;
      vp8.keyIdx = ::webrtc::kNoKeyIdx;
      vp8.useExplicitDependencies = false;
    } else if (codecType_ == ::webrtc::kVideoCodecH264) {
      auto& h264 = info.codecSpecific.H264;
      auto mode = format_.parameters.find("packetization-mode");
      h264.packetization_mode = mode != format_.parameters.end() && mode->second == "1"
                                    ? ::webrtc::H264PacketizationMode::NonInterleaved
                                    : ::webrtc::H264PacketizationMode::SingleNalUnit;
      h264.temporal_idx = ::webrtc::kNoTemporalIdx;
      h264.base_layer_sync = false;
      h264.idr_frame = f.key;
    } else {
      return;  // not reached: Encode sends only VP8 and H.264 frames
    }
    callback_->OnEncodedImage(image, &info);
    counters.framesRelayed.fetch_add(1, std::memory_order_relaxed);
  }

  int32_t encodePicture(const ::webrtc::VideoFrame& frame,
                        const std::vector<::webrtc::VideoFrameType>* types) {
    relaying_ = false;
    if (!real_) {
      if (!settings_) return WEBRTC_VIDEO_CODEC_UNINITIALIZED;
      real_ = builtin_.CreateVideoEncoder(format_);
      if (!real_) return WEBRTC_VIDEO_CODEC_ERROR;
      if (fec_) real_->SetFecControllerOverride(fec_);
      if (callback_) real_->RegisterEncodeCompleteCallback(callback_);
      const int result = real_->InitEncode(&codec_, *settings_);
      if (result != WEBRTC_VIDEO_CODEC_OK) {
        real_.reset();
        return result;
      }
      if (rates_) real_->SetRates(*rates_);
    }
    return real_->Encode(frame, types);
  }

  const ::webrtc::SdpVideoFormat format_;
  const ::webrtc::VideoCodecType codecType_;
  ::webrtc::VideoEncoderFactory& builtin_;
  ::webrtc::EncodedImageCallback* callback_ = nullptr;
  ::webrtc::FecControllerOverride* fec_ = nullptr;
  ::webrtc::VideoCodec codec_{};
  std::optional<Settings> settings_;
  std::optional<RateControlParameters> rates_;
  std::unique_ptr<::webrtc::VideoEncoder> real_;
  std::shared_ptr<RelayViewerState> viewer_;  // of the last relayed frame
  std::weak_ptr<VideoRelay> relay_;           // of viewer_'s first relayed frame
  static constexpr int64_t kLossCheckGapMs = 250;
  int64_t lastLossCheckMs_ = 0;
  bool relaying_ = false;
  uint64_t relayId_ = 0;
  bool needKey_ = true;
  uint64_t lastSeq_ = 0;
};

class RelayEncoderFactory : public ::webrtc::VideoEncoderFactory {
 public:
  std::vector<::webrtc::SdpVideoFormat> GetSupportedFormats() const override {
    return builtin_->GetSupportedFormats();
  }
  CodecSupport QueryCodecSupport(const ::webrtc::SdpVideoFormat& format,
                                 absl::optional<std::string> scalabilityMode) const override {
    return builtin_->QueryCodecSupport(format, scalabilityMode);
  }
  std::unique_ptr<::webrtc::VideoEncoder> CreateVideoEncoder(
      const ::webrtc::SdpVideoFormat& format) override {
    return std::make_unique<RelayEncoder>(format, *builtin_);
  }

 private:
  const std::unique_ptr<::webrtc::VideoEncoderFactory> builtin_ =
      ::webrtc::CreateBuiltinVideoEncoderFactory();
};

// What a GatedDecoder and linkDecoder share: the demand its stream's relay
// linked it to. Only touched on the stream's decoding queue.
struct DecoderSlot {
  std::shared_ptr<PictureDemand> demand;
};

// The decoder that saw a frame last on this thread, and that frame's data:
// VideoReceiveStream2 calls the encoded sink (linkDecoder) right after
// Decode, on the same thread.
struct LastDecode {
  std::weak_ptr<DecoderSlot> slot;
  const uint8_t* data = nullptr;
};
thread_local LastDecode lastDecode;

// A builtin decoder that skips delta frames while its stream's demand says
// so (PictureDemand.h), and then waits for a key frame, asking the sender
// for one at most every VideoRelay::kKeyFrameGapMs, before it decodes again.
class GatedDecoder : public ::webrtc::VideoDecoder {
 public:
  GatedDecoder(std::unique_ptr<::webrtc::VideoDecoder> inner,
               std::shared_ptr<RelayCounters> counters)
      : inner_(std::move(inner)), counters_(std::move(counters)) {}

  bool Configure(const Settings& settings) override { return inner_->Configure(settings); }
  int32_t Decode(const ::webrtc::EncodedImage& image, bool missingFrames,
                 int64_t renderTimeMs) override {
    lastDecode = {slot_, image.data()};
    const bool key = image._frameType == ::webrtc::VideoFrameType::kVideoFrameKey;
    if (key) {
      skipping_ = false;
    } else if (slot_->demand && slot_->demand->skipDecoding()) {
      skipping_ = true;
      counters_->framesNotDecoded.fetch_add(1, std::memory_order_relaxed);
      return WEBRTC_VIDEO_CODEC_OK;
    } else if (skipping_) {  // wanted again: a delta frame needs the frames skipped
      counters_->framesNotDecoded.fetch_add(1, std::memory_order_relaxed);
      const int64_t nowMs = ::rtc::TimeMillis();
      if (nowMs - lastKeyFrameRequestMs_ < VideoRelay::kKeyFrameGapMs) {
        return WEBRTC_VIDEO_CODEC_OK;
      }
      lastKeyFrameRequestMs_ = nowMs;
      return WEBRTC_VIDEO_CODEC_OK_REQUEST_KEYFRAME;  // VideoReceiveStream2 sends a PLI
    }
    counters_->framesDecoded.fetch_add(1, std::memory_order_relaxed);
    return inner_->Decode(image, missingFrames, renderTimeMs);
  }
  int32_t RegisterDecodeCompleteCallback(::webrtc::DecodedImageCallback* callback) override {
    return inner_->RegisterDecodeCompleteCallback(callback);
  }
  int32_t Release() override { return inner_->Release(); }
  DecoderInfo GetDecoderInfo() const override { return inner_->GetDecoderInfo(); }
  const char* ImplementationName() const override { return inner_->ImplementationName(); }

 private:
  const std::unique_ptr<::webrtc::VideoDecoder> inner_;
  const std::shared_ptr<RelayCounters> counters_;
  const std::shared_ptr<DecoderSlot> slot_ = std::make_shared<DecoderSlot>();
  bool skipping_ = false;
  int64_t lastKeyFrameRequestMs_ = 0;
};

class GatedDecoderFactory : public ::webrtc::VideoDecoderFactory {
 public:
  explicit GatedDecoderFactory(std::shared_ptr<RelayCounters> counters)
      : counters_(std::move(counters)) {}
  std::vector<::webrtc::SdpVideoFormat> GetSupportedFormats() const override {
    return builtin_->GetSupportedFormats();
  }
  CodecSupport QueryCodecSupport(const ::webrtc::SdpVideoFormat& format,
                                 bool referenceScaling) const override {
    return builtin_->QueryCodecSupport(format, referenceScaling);
  }
  std::unique_ptr<::webrtc::VideoDecoder> CreateVideoDecoder(
      const ::webrtc::SdpVideoFormat& format) override {
    auto inner = builtin_->CreateVideoDecoder(format);
    if (!inner) return nullptr;
    return std::make_unique<GatedDecoder>(std::move(inner), counters_);
  }

 private:
  const std::shared_ptr<RelayCounters> counters_;
  const std::unique_ptr<::webrtc::VideoDecoderFactory> builtin_ =
      ::webrtc::CreateBuiltinVideoDecoderFactory();
};

// Takes every frame and decodes none.
class NoDecoder : public ::webrtc::VideoDecoder {
 public:
  bool Configure(const Settings&) override { return true; }
  int32_t Decode(const ::webrtc::EncodedImage&, bool, int64_t) override {
    return WEBRTC_VIDEO_CODEC_OK;
  }
  int32_t RegisterDecodeCompleteCallback(::webrtc::DecodedImageCallback*) override {
    return WEBRTC_VIDEO_CODEC_OK;
  }
  int32_t Release() override { return WEBRTC_VIDEO_CODEC_OK; }
  const char* ImplementationName() const override { return "none"; }
};

class NoDecoderFactory : public ::webrtc::VideoDecoderFactory {
 public:
  std::vector<::webrtc::SdpVideoFormat> GetSupportedFormats() const override {
    return builtin_->GetSupportedFormats();
  }
  std::unique_ptr<::webrtc::VideoDecoder> CreateVideoDecoder(
      const ::webrtc::SdpVideoFormat&) override {
    return std::make_unique<NoDecoder>();
  }

 private:
  const std::unique_ptr<::webrtc::VideoDecoderFactory> builtin_ =
      ::webrtc::CreateBuiltinVideoDecoderFactory();
};

}  // namespace

std::unique_ptr<::webrtc::VideoEncoderFactory> makeVideoEncoderFactory() {
  return std::make_unique<RelayEncoderFactory>();
}

std::unique_ptr<::webrtc::VideoDecoderFactory> makeVideoDecoderFactory(
    bool decode, std::shared_ptr<RelayCounters> counters) {
  if (decode) return std::make_unique<GatedDecoderFactory>(std::move(counters));
  return std::make_unique<NoDecoderFactory>();
}

void linkDecoder(const uint8_t* frameData, const std::shared_ptr<PictureDemand>& demand) {
  LastDecode last = std::exchange(lastDecode, LastDecode{});
  if (!frameData || last.data != frameData) return;
  if (auto slot = last.slot.lock()) slot->demand = demand;
}

}  // namespace wx::rtc

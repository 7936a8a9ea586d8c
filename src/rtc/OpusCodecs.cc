#include "rtc/OpusCodecs.h"

#include <algorithm>

#include "api/audio_codecs/audio_decoder_factory_template.h"
#include "api/audio_codecs/opus/audio_decoder_opus.h"
#include "api/audio_codecs/opus/audio_encoder_opus.h"

namespace wx::rtc {
namespace {

using ::webrtc::AudioEncoderOpus;

class OpusEncoderFactory : public ::webrtc::AudioEncoderFactory {
 public:
  explicit OpusEncoderFactory(int complexity) : complexity_(std::clamp(complexity, 0, 10)) {}

  std::vector<::webrtc::AudioCodecSpec> GetSupportedEncoders() override {
    std::vector<::webrtc::AudioCodecSpec> specs;
    AudioEncoderOpus::AppendSupportedEncoders(&specs);
    // No transport-wide congestion feedback for audio (rtcp-fb transport-cc
    // is offered only for codecs that adapt to the network): our Opus
    // bitrate is fixed, and the feedback (about one RTCP packet per 5 audio
    // packets, each feeding a bandwidth estimate) cost about a tenth of the
    // server's CPU for audio-only peers.
    for (auto& spec : specs) spec.info.supports_network_adaption = false;
    return specs;
  }

  absl::optional<::webrtc::AudioCodecInfo> QueryAudioEncoder(
      const ::webrtc::SdpAudioFormat& format) override {
    const auto config = AudioEncoderOpus::SdpToConfig(format);
    if (!config) return absl::nullopt;
    return AudioEncoderOpus::QueryAudioEncoder(*config);
  }

  std::unique_ptr<::webrtc::AudioEncoder> MakeAudioEncoder(
      int payloadType, const ::webrtc::SdpAudioFormat& format,
      absl::optional<::webrtc::AudioCodecPairId> codecPairId) override {
    auto config = AudioEncoderOpus::SdpToConfig(format);
    if (!config) return nullptr;
    config->application = ::webrtc::AudioEncoderOpusConfig::ApplicationMode::kAudio;
    // libwebrtc switches between these two by bitrate; both are ours.
    config->complexity = complexity_;
    config->low_rate_complexity = complexity_;
    return AudioEncoderOpus::MakeAudioEncoder(*config, payloadType, codecPairId);
  }

 private:
  const int complexity_;
};

}  // namespace

::rtc::scoped_refptr<::webrtc::AudioEncoderFactory> makeOpusEncoderFactory(int complexity) {
  return ::rtc::make_ref_counted<OpusEncoderFactory>(complexity);
}

::rtc::scoped_refptr<::webrtc::AudioDecoderFactory> makeOpusDecoderFactory() {
  return ::webrtc::CreateAudioDecoderFactory<::webrtc::AudioDecoderOpus>();
}

}  // namespace wx::rtc

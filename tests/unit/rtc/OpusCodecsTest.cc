#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "common/PitchDetector.h"
#include "common/SineWave.h"
#include "rtc/FieldTrials.h"
#include "rtc/OpusCodecs.h"

namespace wx::rtc {
namespace {

constexpr int kRate = 48000;
constexpr int kFrame = kRate / 100;  // 10 ms, as libwebrtc feeds encoders

::webrtc::SdpAudioFormat opusFormat(bool stereo) {
  ::webrtc::SdpAudioFormat format("opus", kRate, 2);
  if (stereo) format.parameters["stereo"] = "1";
  return format;
}

// `seconds` of `tone` encoded by our factory's encoder and decoded again by
// our factory's decoder: interleaved samples as a receiver would hear them.
std::vector<int16_t> roundTrip(common::SineWave& tone, int complexity, bool stereo,
                               double seconds) {
  const auto format = opusFormat(stereo);
  auto encoder = makeOpusEncoderFactory(complexity)->MakeAudioEncoder(111, format, absl::nullopt);
  auto decoder = makeOpusDecoderFactory()->MakeAudioDecoder(format, absl::nullopt);
  EXPECT_TRUE(encoder && decoder);
  if (!encoder || !decoder) return {};
  const int channels = tone.channels();
  EXPECT_EQ(encoder->NumChannels(), static_cast<size_t>(channels));

  std::vector<int16_t> heard;
  std::vector<int16_t> frame(kFrame * channels);
  std::vector<int16_t> decoded(kRate / 10 * channels);  // room for a 100 ms packet
  uint32_t timestamp = 0;
  for (int i = 0; i < seconds * 100; ++i) {
    tone.render(frame);
    ::rtc::Buffer packet;
    encoder->Encode(timestamp, frame, &packet);
    timestamp += kFrame;
    if (packet.empty()) continue;  // the encoder is still collecting a 20 ms packet
    ::webrtc::AudioDecoder::SpeechType type;
    const int samples = decoder->Decode(packet.data(), packet.size(), kRate,
                                        decoded.size() * sizeof(int16_t), decoded.data(), &type);
    EXPECT_GT(samples, 0);
    if (samples > 0) heard.insert(heard.end(), decoded.begin(), decoded.begin() + samples);
  }
  return heard;
}

int peakOf(const std::vector<int16_t>& samples, int channels, int channel) {
  int peak = 0;
  for (size_t i = channel; i < samples.size(); i += channels) {
    peak = std::max(peak, std::abs(static_cast<int>(samples[i])));
  }
  return peak;
}

class OpusComplexity : public testing::TestWithParam<int> {};

TEST_P(OpusComplexity, AMonoToneKeepsItsPitchThroughEncoderAndDecoder) {
  common::SineWave tone(440);
  const std::vector<int16_t> heard = roundTrip(tone, GetParam(), false, 1.0);
  ASSERT_FALSE(heard.empty());
  common::PitchDetector detector;
  detector.push(heard, 1);
  ASSERT_TRUE(detector.frequency().has_value());
  EXPECT_NEAR(*detector.frequency(), 440, 1);
}

// 1 is the server's default; 42 is clamped to 10 rather than refused.
INSTANTIATE_TEST_SUITE_P(Levels, OpusComplexity, testing::Values(0, 1, 9, 42));

TEST(OpusCodecs, StereoKeepsLeftAndRightApart) {
  common::SineWave tone(440, 2);
  tone.setPanning(0);  // all left
  const std::vector<int16_t> heard = roundTrip(tone, 1, true, 0.5);
  ASSERT_FALSE(heard.empty());
  EXPECT_GT(peakOf(heard, 2, 0), 10 * std::max(peakOf(heard, 2, 1), 100));
}

TEST(OpusCodecs, OnlyOpusIsOffered) {
  auto factory = makeOpusEncoderFactory(1);
  const auto specs = factory->GetSupportedEncoders();
  ASSERT_FALSE(specs.empty());
  for (const auto& spec : specs) {
    EXPECT_EQ(spec.format.name, "opus");
    // What keeps rtcp-fb transport-cc out of our audio offers.
    EXPECT_FALSE(spec.info.supports_network_adaption);
  }
  const ::webrtc::SdpAudioFormat pcmu("PCMU", 8000, 1);
  EXPECT_FALSE(factory->QueryAudioEncoder(pcmu).has_value());
  EXPECT_EQ(factory->MakeAudioEncoder(0, pcmu, absl::nullopt), nullptr);
}

TEST(FieldTrials, SendsPacketsOnTheWorkerThreadAndLeavesOtherTrialsAlone) {
  FieldTrials trials;
  EXPECT_TRUE(trials.IsEnabled("WebRTC-SendPacketsOnWorkerThread"));
  EXPECT_EQ(trials.Lookup("WebRTC-Pacer-DrainQueue"), "");
}

}  // namespace
}  // namespace wx::rtc

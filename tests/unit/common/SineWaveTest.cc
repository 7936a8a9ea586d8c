#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/PitchDetector.h"
#include "common/SineWave.h"

namespace wx::common {
namespace {

// Largest absolute sample of one channel of interleaved audio.
int peakOf(const std::vector<int16_t>& samples, int channels, int channel) {
  int peak = 0;
  for (size_t i = channel; i < samples.size(); i += channels) {
    peak = std::max(peak, std::abs(static_cast<int>(samples[i])));
  }
  return peak;
}

std::vector<int16_t> render(SineWave& wave, int frames) {
  std::vector<int16_t> samples(static_cast<size_t>(frames) * wave.channels());
  wave.render(samples);
  return samples;
}

TEST(SineWave, MonoReachesItsAmplitude) {
  SineWave wave(440, 1, 48000, 0.5);
  auto samples = render(wave, 4800);
  EXPECT_NEAR(peakOf(samples, 1, 0), 16383, 20);
}

TEST(SineWave, PanningGainsFollowTheFormula) {
  SineWave wave(440, 2);
  for (double p : {0.0, 25.0, 50.0, 100.0}) {
    wave.setPanning(p);
    EXPECT_DOUBLE_EQ(wave.leftGain(), 1 - p / 100);
    EXPECT_DOUBLE_EQ(wave.rightGain(), p / 100);
  }
  wave.setPanning(150);
  EXPECT_DOUBLE_EQ(wave.panning(), 100);
  wave.setPanning(-3);
  EXPECT_DOUBLE_EQ(wave.panning(), 0);
}

TEST(SineWave, StereoChannelsCarryThePannedGains) {
  SineWave wave(440, 2, 48000, 1.0);
  wave.setPanning(0);
  auto left = render(wave, 4800);
  EXPECT_NEAR(peakOf(left, 2, 0), 32767, 40);
  EXPECT_EQ(peakOf(left, 2, 1), 0);

  wave.setPanning(100);
  auto right = render(wave, 4800);
  EXPECT_EQ(peakOf(right, 2, 0), 0);
  EXPECT_NEAR(peakOf(right, 2, 1), 32767, 40);

  wave.setPanning(25);
  auto mixed = render(wave, 4800);
  EXPECT_NEAR(peakOf(mixed, 2, 0), 0.75 * 32767, 40);
  EXPECT_NEAR(peakOf(mixed, 2, 1), 0.25 * 32767, 40);
}

TEST(SineWave, FramesJoinWithoutAJump) {
  // 441 Hz does not fit a whole number of periods into 10 ms: the phase must
  // carry over, so the step between frames is like any step inside one.
  SineWave wave(441, 1, 48000, 1.0);
  auto first = render(wave, 480);
  auto second = render(wave, 480);
  int largestInside = 0;
  for (size_t i = 1; i < first.size(); ++i) {
    largestInside = std::max(largestInside, std::abs(first[i] - first[i - 1]));
  }
  EXPECT_LE(std::abs(second.front() - first.back()), largestInside + 1);
}

TEST(SineWave, ItsPitchIsItsFrequency) {
  SineWave wave(523, 1);
  PitchDetector detector(48000);
  auto samples = render(wave, 48000);
  detector.push(samples, 1);
  ASSERT_TRUE(detector.frequency());
  EXPECT_NEAR(*detector.frequency(), 523, 1);
}

}  // namespace
}  // namespace wx::common

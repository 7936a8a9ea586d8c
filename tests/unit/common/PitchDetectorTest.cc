#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "common/PitchDetector.h"
#include "common/SineWave.h"

namespace wx::common {
namespace {

std::optional<double> detect(double frequency, int channels = 1, double amplitude = 0.5) {
  SineWave wave(frequency, channels, 48000, amplitude);
  std::vector<int16_t> samples(48000 * channels);  // 1 s
  wave.render(samples);
  PitchDetector detector(48000);
  EXPECT_TRUE(detector.push(samples, channels));
  return detector.frequency();
}

TEST(PitchDetector, Finds440) {
  auto f = detect(440);
  ASSERT_TRUE(f);
  EXPECT_NEAR(*f, 440, 1);
}

TEST(PitchDetector, Finds1000) {
  auto f = detect(1000);
  ASSERT_TRUE(f);
  EXPECT_NEAR(*f, 1000, 2);
}

TEST(PitchDetector, FindsLowAndHighTones) {
  for (double frequency : {55.0, 220.0, 880.0, 4000.0}) {
    auto f = detect(frequency);
    ASSERT_TRUE(f) << frequency;
    EXPECT_NEAR(*f, frequency, frequency * 0.005) << frequency;
  }
}

TEST(PitchDetector, SilenceHasNoPitch) {
  std::vector<int16_t> silence(48000, 0);
  PitchDetector detector(48000);
  EXPECT_TRUE(detector.push(silence, 1));
  EXPECT_FALSE(detector.frequency());
}

TEST(PitchDetector, AQuietHissHasNoPitch) {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> hiss(-PitchDetector::kSilencePeak / 2,
                                          PitchDetector::kSilencePeak / 2);
  std::vector<int16_t> samples(48000);
  for (auto& sample : samples) sample = static_cast<int16_t>(hiss(random));
  PitchDetector detector(48000);
  detector.push(samples, 1);
  EXPECT_FALSE(detector.frequency());
}

TEST(PitchDetector, NoiseOnATopOfAToneDoesNotAddCrossings) {
  std::mt19937 random(11);
  std::uniform_int_distribution<int> noise(-800, 800);
  SineWave wave(440, 1, 48000, 0.5);
  std::vector<int16_t> samples(48000);
  wave.render(samples);
  for (auto& sample : samples) sample = static_cast<int16_t>(sample + noise(random));
  PitchDetector detector(48000);
  detector.push(samples, 1);
  ASSERT_TRUE(detector.frequency());
  EXPECT_NEAR(*detector.frequency(), 440, 2);
}

TEST(PitchDetector, ReportsOncePerWindowAndFollowsAChange) {
  PitchDetector detector(48000, std::chrono::milliseconds(200));
  SineWave wave(440, 1);
  std::vector<int16_t> frame(480);  // 10 ms
  int windows = 0;
  for (int i = 0; i < 40; ++i) {  // 400 ms
    wave.render(frame);
    windows += detector.push(frame, 1);
  }
  EXPECT_EQ(windows, 2);
  ASSERT_TRUE(detector.frequency());
  EXPECT_NEAR(*detector.frequency(), 440, 1);

  wave.setFrequency(880);
  for (int i = 0; i < 40; ++i) {
    wave.render(frame);
    detector.push(frame, 1);
  }
  ASSERT_TRUE(detector.frequency());
  EXPECT_NEAR(*detector.frequency(), 880, 2);
}

TEST(PitchDetector, StereoIsAveraged) {
  auto f = detect(440, 2);
  ASSERT_TRUE(f);
  EXPECT_NEAR(*f, 440, 1);
}

TEST(PitchDetector, NoResultBeforeTheFirstWindow) {
  PitchDetector detector(48000);
  std::vector<int16_t> frame(480, 1000);
  EXPECT_FALSE(detector.push(frame, 1));
  EXPECT_FALSE(detector.frequency());
}

}  // namespace
}  // namespace wx::common

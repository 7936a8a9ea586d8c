#include "common/SineWave.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace wx::common {

SineWave::SineWave(double frequency, int channels, int sampleRate, double amplitude)
    : frequency_(frequency),
      channels_(channels == 2 ? 2 : 1),
      sampleRate_(sampleRate),
      amplitude_(std::clamp(amplitude, 0.0, 1.0)) {}

void SineWave::setPanning(double percent) { panning_ = std::clamp(percent, 0.0, 100.0); }

void SineWave::render(std::span<int16_t> interleaved) {
  constexpr double kTwoPi = 2 * std::numbers::pi;
  const double step = kTwoPi * frequency_ / sampleRate_;
  const double scale = amplitude_ * 32767;
  // Gains are read once per call: a panning change lands on a frame boundary.
  const double left = channels_ == 2 ? leftGain() : 1;
  const double right = rightGain();
  for (size_t i = 0; i + channels_ <= interleaved.size(); i += channels_) {
    const double value = scale * std::sin(phase_);
    interleaved[i] = static_cast<int16_t>(std::lround(value * left));
    if (channels_ == 2) interleaved[i + 1] = static_cast<int16_t>(std::lround(value * right));
    phase_ += step;
    if (phase_ >= kTwoPi) phase_ -= kTwoPi;
  }
}

}  // namespace wx::common

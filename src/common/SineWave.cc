#include "common/SineWave.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace wx::common {
namespace {

// Rounds half away from zero, as lround does, without a library call: this
// runs for every sample of every tone the server sends.
int16_t toSample(double value) {
  return static_cast<int16_t>(value < 0 ? value - 0.5 : value + 0.5);
}

}  // namespace

SineWave::SineWave(double frequency, int channels, int sampleRate, double amplitude)
    : frequency_(frequency),
      channels_(channels == 2 ? 2 : 1),
      sampleRate_(sampleRate),
      amplitude_(std::clamp(amplitude, 0.0, 1.0)) {}

void SineWave::setPanning(double percent) { panning_ = std::clamp(percent, 0.0, 100.0); }

void SineWave::render(std::span<int16_t> interleaved) {
  // The oscillator is a unit vector turned by one step per sample, which
  // costs two multiply-adds where sin() per sample cost a library call. It
  // is scaled back to length 1 after each call so rounding cannot build up.
  const double step = 2 * std::numbers::pi * frequency_ / sampleRate_;
  const double stepCos = std::cos(step);
  const double stepSin = std::sin(step);
  const double scale = amplitude_ * 32767;
  // Gains are read once per call: a panning change lands on a frame boundary.
  const double left = scale * (channels_ == 2 ? leftGain() : 1);
  const double right = scale * rightGain();
  for (size_t i = 0; i + channels_ <= interleaved.size(); i += channels_) {
    interleaved[i] = toSample(sin_ * left);
    if (channels_ == 2) interleaved[i + 1] = toSample(sin_ * right);
    const double nextCos = cos_ * stepCos - sin_ * stepSin;
    sin_ = sin_ * stepCos + cos_ * stepSin;
    cos_ = nextCos;
  }
  const double length = std::hypot(cos_, sin_);
  cos_ /= length;
  sin_ /= length;
}

}  // namespace wx::common

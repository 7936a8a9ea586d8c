#include "common/PitchDetector.h"

#include <algorithm>
#include <cmath>

namespace wx::common {

PitchDetector::PitchDetector(int sampleRate, std::chrono::milliseconds window)
    : sampleRate_(sampleRate),
      windowSize_(std::max<size_t>(2, static_cast<size_t>(sampleRate) * window.count() / 1000)) {
  window_.reserve(windowSize_);
}

bool PitchDetector::push(std::span<const int16_t> interleaved, int channels) {
  if (channels < 1) return false;
  bool completed = false;
  for (size_t i = 0; i + channels <= interleaved.size(); i += channels) {
    float sum = 0;
    for (int c = 0; c < channels; ++c) sum += interleaved[i + c];
    window_.push_back(sum / channels);
    if (window_.size() == windowSize_) {
      frequency_ = analyse();
      window_.clear();
      completed = true;
    }
  }
  return completed;
}

std::optional<double> PitchDetector::analyse() const {
  float peak = 0;
  for (float sample : window_) peak = std::max(peak, std::abs(sample));
  if (peak < kSilencePeak) return std::nullopt;

  // A rising crossing counts only after the signal has gone well below zero
  // (hysteresis), so codec noise around zero does not add crossings.
  const float arm = -0.1f * peak;
  bool armed = false;
  int crossings = 0;
  double first = 0;
  double last = 0;
  for (size_t i = 1; i < window_.size(); ++i) {
    const float before = window_[i - 1];
    const float now = window_[i];
    if (now < arm) armed = true;
    if (armed && before < 0 && now >= 0) {
      // Where the line between the two samples meets zero.
      const double at = static_cast<double>(i - 1) + before / (before - now);
      if (crossings == 0) first = at;
      last = at;
      ++crossings;
      armed = false;
    }
  }
  if (crossings < 2 || last <= first) return std::nullopt;
  return (crossings - 1) * static_cast<double>(sampleRate_) / (last - first);
}

}  // namespace wx::common

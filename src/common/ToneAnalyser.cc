#include "common/ToneAnalyser.h"

#include <cmath>

namespace wx::common {
namespace {

constexpr int kWindowMs = 200;  // PitchDetector's default window

}  // namespace

void ToneAnalyser::push(std::span<const int16_t> interleaved, int channels, int sampleRate) {
  if (channels < 1 || sampleRate <= 0) return;
  std::lock_guard lock(mutex_);
  if (sampleRate != sampleRate_ || squares_.size() != static_cast<size_t>(channels)) {
    sampleRate_ = sampleRate;
    detector_ = PitchDetector(sampleRate, std::chrono::milliseconds(kWindowMs));
    windowFrames_ = static_cast<size_t>(sampleRate) * kWindowMs / 1000;
    squares_.assign(channels, 0);
    frames_ = 0;
  }
  for (size_t i = 0; i + channels <= interleaved.size(); i += channels) {
    for (int c = 0; c < channels; ++c) {
      const double x = interleaved[i + c] / 32768.0;
      squares_[c] += x * x;
    }
    if (++frames_ == windowFrames_) {
      reading_.levels.assign(channels, 0);
      for (int c = 0; c < channels; ++c) reading_.levels[c] = std::sqrt(squares_[c] / frames_);
      squares_.assign(channels, 0);
      frames_ = 0;
    }
  }
  if (detector_.push(interleaved, channels)) {
    reading_.frequency = detector_.frequency();
    ++reading_.windows;
    windowDone_.notify_all();
  }
}

ToneReading ToneAnalyser::reading() const {
  std::lock_guard lock(mutex_);
  return reading_;
}

std::optional<ToneReading> ToneAnalyser::waitFor(
    const std::function<bool(const ToneReading&)>& wanted,
    std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  if (!windowDone_.wait_for(lock, timeout, [&] { return wanted(reading_); })) return std::nullopt;
  return reading_;
}

}  // namespace wx::common

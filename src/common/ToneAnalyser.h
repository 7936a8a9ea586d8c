// Listens to audio arriving on one thread (an AudioSink handler) and lets
// other threads read what it heard: the pitch and each channel's level over
// the last complete window. The sine-wave clients and the pitch-detector
// server use it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "common/PitchDetector.h"

namespace wx::common {

struct ToneReading {
  uint64_t windows = 0;             // complete windows so far; grows by 5 a second
  std::optional<double> frequency;  // Hz; nothing for silence
  std::vector<double> levels;       // RMS per channel, 0..1 of full scale
};

class ToneAnalyser {
 public:
  ToneAnalyser() = default;

  // From the audio thread. A change of rate or channel count starts afresh.
  void push(std::span<const int16_t> interleaved, int channels, int sampleRate);
  // From any thread.
  ToneReading reading() const;
  // Waits up to `timeout` for a window after which `wanted(reading)` holds;
  // returns that reading, or nothing (then reading() has the last one).
  std::optional<ToneReading> waitFor(const std::function<bool(const ToneReading&)>& wanted,
                                     std::chrono::milliseconds timeout) const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable windowDone_;
  int sampleRate_ = 0;
  PitchDetector detector_;
  std::vector<double> squares_;  // per channel, in the window being filled
  size_t frames_ = 0;            // in the window being filled
  size_t windowFrames_ = 0;
  ToneReading reading_;
};

}  // namespace wx::common

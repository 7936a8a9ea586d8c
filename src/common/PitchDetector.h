// Finds the pitch of a tone by counting zero crossings, the way the seed's
// pitch detector does, but timing the first and last crossing of each window
// to a fraction of a sample, so a clean 440 Hz tone reads 440 ± 0.1.
//
// Audio is cut into windows (default 200 ms). When a window is complete,
// frequency() holds its result: the pitch, or nothing for silence or noise
// too quiet to trust. Not thread-safe: feed it from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace wx::common {

class PitchDetector {
 public:
  explicit PitchDetector(int sampleRate = 48000,
                         std::chrono::milliseconds window = std::chrono::milliseconds(200));

  // Feeds interleaved samples (channels are averaged). Returns true when this
  // completed a window, so frequency() has a fresh result.
  bool push(std::span<const int16_t> interleaved, int channels);

  // The last complete window's pitch in Hz; nothing before the first window,
  // or when the last window was silent.
  std::optional<double> frequency() const { return frequency_; }

  // A window whose loudest sample is below this is silence.
  static constexpr int kSilencePeak = 300;  // ≈ 1% of full scale

 private:
  std::optional<double> analyse() const;

  int sampleRate_;
  std::vector<float> window_;  // mono samples of the window being filled
  size_t windowSize_;
  std::optional<double> frequency_;
};

}  // namespace wx::common

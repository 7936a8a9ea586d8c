// A sine tone as 16-bit PCM, mono or stereo, for the sine-wave examples and
// for native clients that send a tone. The phase carries over from one call
// to the next, so consecutive frames join without clicks, also across a
// change of frequency.
#pragma once

#include <cstdint>
#include <span>

namespace wx::common {

class SineWave {
 public:
  // `amplitude` is a fraction of full scale (0..1).
  explicit SineWave(double frequency, int channels = 1, int sampleRate = 48000,
                    double amplitude = 0.5);

  void setFrequency(double frequency) { frequency_ = frequency; }
  double frequency() const { return frequency_; }

  // 0 is all left, 100 all right, 50 both at half gain: left gain is
  // 1 - p/100 and right gain p/100. Mono output ignores it.
  void setPanning(double percent);
  double panning() const { return panning_; }
  double leftGain() const { return 1 - panning_ / 100; }
  double rightGain() const { return panning_ / 100; }

  int channels() const { return channels_; }
  int sampleRate() const { return sampleRate_; }

  // Fills `interleaved` (frames × channels samples) with the next frames.
  void render(std::span<int16_t> interleaved);

 private:
  double frequency_;
  int channels_;
  int sampleRate_;
  double amplitude_;
  double panning_ = 50;
  // The current phase as a point on the unit circle (cos, sin).
  double cos_ = 1;
  double sin_ = 0;
};

}  // namespace wx::common

// A sine tone sent through an AudioSource: one 10 ms frame per tick of a
// FramePacer (shared with other streams), so the tone runs at real-time
// pace without a thread of its own. The sine-wave servers and the
// pitch-detector client send with it.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "common/FramePacer.h"
#include "common/SineWave.h"
#include "rtc/AudioSource.h"

namespace wx::common {

class ToneSender {
 public:
  // `pacer` must tick every 10 ms.
  ToneSender(std::shared_ptr<FramePacer> pacer, int channels, double frequency);
  ~ToneSender();  // stops ticking before anything else goes
  ToneSender(const ToneSender&) = delete;
  ToneSender& operator=(const ToneSender&) = delete;

  const std::shared_ptr<rtc::AudioSource>& source() const { return source_; }

  // From any thread; the next frame uses them.
  void setFrequency(double hz) { frequency_ = hz; }
  void setPanning(double percent) { panning_ = percent; }
  double frequency() const { return frequency_; }
  double panning() const { return panning_; }

 private:
  void tick();  // on the pacer's thread

  std::shared_ptr<FramePacer> pacer_;
  std::shared_ptr<rtc::AudioSource> source_ = rtc::AudioSource::create();
  std::atomic<double> frequency_;
  std::atomic<double> panning_{50};
  SineWave wave_;
  std::vector<int16_t> frame_;
  std::unique_ptr<FramePacer::Subscription> ticking_;  // last: destroyed first
};

}  // namespace wx::common

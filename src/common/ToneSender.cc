#include "common/ToneSender.h"

namespace wx::common {
namespace {

constexpr int kRate = 48000;
constexpr size_t kFrames = kRate / 100;  // 10 ms

}  // namespace

ToneSender::ToneSender(std::shared_ptr<FramePacer> pacer, int channels, double frequency)
    : pacer_(std::move(pacer)),
      frequency_(frequency),
      wave_(frequency, channels, kRate),
      frame_(kFrames * wave_.channels()) {
  ticking_ = pacer_->subscribe([this] { tick(); });
}

ToneSender::~ToneSender() { ticking_.reset(); }

void ToneSender::tick() {
  wave_.setFrequency(frequency_);
  wave_.setPanning(panning_);
  wave_.render(frame_);
  source_->push({kRate, wave_.channels(), kFrames, frame_});
}

}  // namespace wx::common

#include "common/PatternCheck.h"

#include <algorithm>
#include <cstdlib>

#include "common/PatternSender.h"

namespace wx::common {

void PatternCheck::check(const rtc::VideoFrame& frame) {
  const PatternGeometry g(frame.width, frame.height);
  if (!g.carriesNumber()) return;
  const auto luma = [&frame](int row, int col) {
    return static_cast<int>(frame.y[static_cast<ptrdiff_t>(row) * frame.strideY + col]);
  };
  uint32_t number = 0;
  bool blocks = true;
  for (int bit = 0; bit < PatternGeometry::kNumberBits; ++bit) {
    const int shade = luma(g.numberRow(), g.numberColumn(bit));
    if (shade > 80 && shade < 170) blocks = false;
    if (shade >= 128) number |= 1u << bit;
  }
  {
    // The first picture of each size decides whether that stream is the
    // pattern (a first picture comes from a key frame: it is whole).
    std::lock_guard lock(mutex_);
    if (frame.width != width_ || frame.height != height_) {
      width_ = frame.width;
      height_ = frame.height;
      isPattern_ = blocks;
    }
    if (!isPattern_) {
      ++count_.others;
      return;
    }
  }
  // The stripes on a grid of points, away from the number band, the square's
  // rows and the stripes' 255-to-0 edge (blurred by any encoder). A picture
  // may have been scaled down on its way, 2 or 4 times per side (a server's
  // copy for a slow link): its stripes are then that much steeper, and it is
  // measured against the scale it is closest to.
  const int shift = PatternGeometry::stripeShift(number);
  const auto errorAtScale = [&](int scale) {
    double error = 0;
    int samples = 0;
    for (int row = g.bandHeight() + 4; row < frame.height - 2;
         row += std::max(3, frame.height / 16)) {
      if (g.inSquareRows(row)) continue;
      for (int col = 3; col < frame.width - 2; col += std::max(3, frame.width / 20)) {
        // A scaled pixel is the mean of scale x scale pixels, centred
        // (scale - 1) / 2 further along each axis.
        const int expected = (scale * (col + row) + scale - 1 + shift) & 0xff;
        if (expected < 24 || expected > 231) continue;
        error += std::abs(luma(row, col) - expected);
        ++samples;
      }
    }
    return samples ? error / samples : 0;
  };
  const double meanError = std::min({errorAtScale(1), errorAtScale(2), errorAtScale(4)});

  std::lock_guard lock(mutex_);
  PatternCount& c = count_;
  if (c.pictures > 0) {
    const uint32_t step = (number - c.lastNumber) & PatternGeometry::kNumberMask;
    if (step == 1) {
      ++c.inOrder;
    } else if (step == 0 || step > PatternGeometry::kNumberMask / 2) {
      ++c.backwards;
    } else {
      c.skipped += step - 1;
    }
  }
  if (c.pictures == 0) c.firstWasGood = meanError <= kBadError;
  ++c.pictures;
  c.lastNumber = number;
  c.worstError = std::max(c.worstError, meanError);
  if (meanError > kBadError) ++c.bad;
}

PatternCount PatternCheck::read() const {
  std::lock_guard lock(mutex_);
  return count_;
}

}  // namespace wx::common

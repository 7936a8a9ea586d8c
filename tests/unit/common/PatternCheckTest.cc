// PatternCheck: a pattern picture passes at its own size and scaled down 2
// or 4 times per side (a server's copy for a slow link); a picture of
// another frame's stripes does not.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "common/PatternCheck.h"
#include "common/PatternSender.h"

namespace wx::common {
namespace {

constexpr int kWidth = 640;
constexpr int kHeight = 480;

// Frame `n`'s luma as PatternSender draws it (without the square, whose rows
// the check skips), with its stripes shifted by `extraShift`.
std::vector<uint8_t> patternLuma(uint32_t n, int extraShift = 0) {
  std::vector<uint8_t> y(static_cast<size_t>(kWidth) * kHeight);
  const PatternGeometry g(kWidth, kHeight);
  const int shift = PatternGeometry::stripeShift(n) + extraShift;
  for (int row = 0; row < kHeight; ++row) {
    for (int col = 0; col < kWidth; ++col) {
      uint8_t shade = static_cast<uint8_t>((col + row + shift) & 0xff);
      if (row < g.bandHeight()) {
        const int bit = col / g.blockWidth();
        shade = bit < PatternGeometry::kNumberBits && (n >> bit) & 1 ? 235 : 16;
      }
      y[static_cast<size_t>(row) * kWidth + col] = shade;
    }
  }
  return y;
}

// The mean of each scale x scale block, as a scaler would give.
std::vector<uint8_t> scaledDown(const std::vector<uint8_t>& y, int scale) {
  const int width = kWidth / scale;
  const int height = kHeight / scale;
  std::vector<uint8_t> out(static_cast<size_t>(width) * height);
  for (int row = 0; row < height; ++row) {
    for (int col = 0; col < width; ++col) {
      int sum = 0;
      for (int dy = 0; dy < scale; ++dy) {
        for (int dx = 0; dx < scale; ++dx) {
          sum += y[static_cast<size_t>(row * scale + dy) * kWidth + col * scale + dx];
        }
      }
      out[static_cast<size_t>(row) * width + col] = static_cast<uint8_t>(sum / (scale * scale));
    }
  }
  return out;
}

PatternCount checked(const std::vector<uint8_t>& y, int scale) {
  const int width = kWidth / scale;
  const int height = kHeight / scale;
  const std::vector<uint8_t> chroma(static_cast<size_t>(width) * height / 4, 128);
  PatternCheck check;
  check.check(
      {width, height, 0, y.data(), chroma.data(), chroma.data(), width, width / 2, width / 2});
  return check.read();
}

TEST(PatternCheck, APatternPicturePassesWholeAndScaledDown) {
  for (int scale : {1, 2, 4}) {
    const PatternCount count = checked(scaledDown(patternLuma(1234), scale), scale);
    EXPECT_EQ(count.pictures, 1u) << "scale 1/" << scale;
    EXPECT_EQ(count.bad, 0u) << "scale 1/" << scale << ", error " << count.worstError;
    EXPECT_EQ(count.lastNumber, 1234u) << "scale 1/" << scale;
  }
}

TEST(PatternCheck, AnotherFramesStripesAreCorruptAtAnyScale) {
  for (int scale : {1, 2, 4}) {
    const PatternCount count = checked(scaledDown(patternLuma(1234, 100), scale), scale);
    EXPECT_EQ(count.pictures, 1u) << "scale 1/" << scale;
    EXPECT_EQ(count.bad, 1u) << "scale 1/" << scale << ", error " << count.worstError;
  }
}

}  // namespace
}  // namespace wx::common

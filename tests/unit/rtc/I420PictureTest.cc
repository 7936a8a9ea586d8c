#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "rtc/I420Picture.h"

namespace wx::rtc {
namespace {

// A picture of one colour, given in BT.601 limited-range Y, U, V.
I420Picture solid(int width, int height, uint8_t y, uint8_t u, uint8_t v) {
  I420Picture picture(width, height);
  std::fill_n(picture.y(), width * height, y);
  std::fill_n(picture.u(), picture.chromaWidth() * picture.chromaHeight(), u);
  std::fill_n(picture.v(), picture.chromaWidth() * picture.chromaHeight(), v);
  return picture;
}

TEST(I420Picture, WhiteBecomesWhiteRgbaAndArgb32) {
  I420Picture white = solid(8, 4, 235, 128, 128);
  std::vector<uint8_t> rgba(8 * 4 * 4);
  toRgba(white.view(), rgba.data(), 8 * 4);
  for (size_t i = 0; i < rgba.size(); ++i) EXPECT_GE(rgba[i], 250) << i;
  std::vector<uint8_t> argb(8 * 4 * 4);
  toArgb32(white.view(), argb.data(), 8 * 4);
  EXPECT_EQ(argb, rgba);  // white is the same in either byte order
}

TEST(I420Picture, RedKeepsItsChannelOrder) {
  // Pure red in BT.601: Y 81, U 90, V 240.
  I420Picture red = solid(4, 4, 81, 90, 240);
  std::vector<uint8_t> rgba(4 * 4 * 4);
  toRgba(red.view(), rgba.data(), 4 * 4);
  EXPECT_GE(rgba[0], 240);  // R
  EXPECT_LE(rgba[1], 15);   // G
  EXPECT_LE(rgba[2], 15);   // B
  EXPECT_EQ(rgba[3], 255);  // A
  std::vector<uint8_t> argb(4 * 4 * 4);
  toArgb32(red.view(), argb.data(), 4 * 4);
  EXPECT_LE(argb[0], 15);   // B first: Cairo's native-endian ARGB32
  EXPECT_GE(argb[2], 240);  // R third
}

TEST(I420Picture, RgbaRoundTripIsClose) {
  I420Picture in = solid(16, 16, 120, 100, 160);
  std::vector<uint8_t> rgba(16 * 16 * 4);
  toRgba(in.view(), rgba.data(), 16 * 4);
  I420Picture out(16, 16);
  fromRgba(rgba.data(), 16 * 4, out);
  EXPECT_NEAR(out.y()[0], 120, 2);
  EXPECT_NEAR(out.u()[0], 100, 2);
  EXPECT_NEAR(out.v()[0], 160, 2);
}

TEST(I420Picture, ScaleFillsTheTargetSize) {
  I420Picture small = solid(32, 24, 200, 128, 128);
  I420Picture big(640, 480);
  scale(small.view(), big);
  EXPECT_EQ(big.view().width, 640);
  EXPECT_EQ(big.view().height, 480);
  EXPECT_EQ(big.y()[0], 200);
  EXPECT_EQ(big.y()[640 * 480 - 1], 200);
}

TEST(I420Picture, CopyFromTakesTheFramesSize) {
  I420Picture source = solid(10, 6, 50, 60, 70);
  I420Picture copy;
  EXPECT_TRUE(copy.empty());
  copy.copyFrom(source.view());
  EXPECT_EQ(copy.width(), 10);
  EXPECT_EQ(copy.height(), 6);
  EXPECT_EQ(copy.v()[copy.chromaWidth() * copy.chromaHeight() - 1], 70);
}

}  // namespace
}  // namespace wx::rtc

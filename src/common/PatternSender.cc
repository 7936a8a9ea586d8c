#include "common/PatternSender.h"

#include <algorithm>

namespace wx::common {
namespace {

uint32_t packSize(int width, int height) {
  const auto even = [](int n) { return static_cast<uint32_t>(std::clamp(n & ~1, 2, 4096)); };
  return even(width) << 16 | even(height);
}

}  // namespace

PatternSender::PatternSender(std::shared_ptr<FramePacer> pacer, int width, int height)
    : pacer_(std::move(pacer)), size_(packSize(width, height)) {
  ticking_ = pacer_->subscribe([this] { tick(); });
}

PatternSender::~PatternSender() { ticking_.reset(); }

void PatternSender::resize(int width, int height) { size_ = packSize(width, height); }

void PatternSender::tick() {
  const uint32_t size = size_;
  const int width = static_cast<int>(size >> 16);
  const int height = static_cast<int>(size & 0xffff);
  const int chromaWidth = width / 2;
  const int chromaHeight = height / 2;
  planes_.resize(static_cast<size_t>(width) * height + 2u * chromaWidth * chromaHeight);
  uint8_t* y = planes_.data();
  uint8_t* u = y + static_cast<size_t>(width) * height;
  uint8_t* v = u + static_cast<size_t>(chromaWidth) * chromaHeight;

  const uint64_t n = sent_;
  const PatternGeometry g(width, height);
  const int shift = PatternGeometry::stripeShift(n);
  for (int row = 0; row < height; ++row) {
    for (int col = 0; col < width; ++col) {
      y[row * width + col] = static_cast<uint8_t>((col + row + shift) & 0xff);
    }
  }
  // A bright square crossing from left to right, a quarter of the height.
  const int side = g.squareSide();
  const int left = static_cast<int>(n * 4 % static_cast<uint64_t>(std::max(1, width - side)));
  for (int row = g.squareTop(); row < g.squareTop() + side; ++row) {
    std::fill_n(y + row * width + left, side, uint8_t{235});
  }
  // The frame's number, for PatternCheck.
  if (g.carriesNumber()) {
    for (int bit = 0; bit < PatternGeometry::kNumberBits; ++bit) {
      const uint8_t shade = (n >> bit) & 1 ? 235 : 16;
      for (int row = 0; row < g.bandHeight(); ++row) {
        std::fill_n(y + row * width + bit * g.blockWidth(), g.blockWidth(), shade);
      }
    }
  }
  // Colour that drifts slowly, so successive frames differ in chroma too.
  std::fill_n(u, chromaWidth * chromaHeight, static_cast<uint8_t>(64 + n % 128));
  std::fill_n(v, chromaWidth * chromaHeight, static_cast<uint8_t>(192 - n % 128));

  SentTime& sentTime = sentTimes_[n % kSentTimes];
  sentTime.frame = ~uint64_t{0};  // being rewritten
  sentTime.ticks = std::chrono::steady_clock::now().time_since_epoch().count();
  sentTime.frame = n;
  source_->push({width, height, 0, y, u, v, width, chromaWidth, chromaWidth});
  ++sent_;
}

std::optional<std::chrono::steady_clock::time_point> PatternSender::sentAt(uint32_t number) const {
  const uint64_t last = sent_;
  if (last == 0) return std::nullopt;
  // The latest frame sent whose low 16 bits are `number`.
  const uint64_t back = (last - 1 - number) & PatternGeometry::kNumberMask;
  if (back >= kSentTimes || back >= last) return std::nullopt;
  const uint64_t n = last - 1 - back;
  const SentTime& t = sentTimes_[n % kSentTimes];
  const int64_t ticks = t.ticks;
  if (t.frame != n) return std::nullopt;  // rewritten meanwhile
  return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(ticks));
}

}  // namespace wx::common

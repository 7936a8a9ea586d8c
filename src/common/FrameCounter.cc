#include "common/FrameCounter.h"

#include <thread>

namespace wx::common {

double FrameCounter::measureFps(std::chrono::milliseconds window) const {
  const uint64_t before = read().frames;
  const auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(window);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return static_cast<double>(read().frames - before) / seconds;
}

}  // namespace wx::common

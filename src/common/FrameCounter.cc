#include "common/FrameCounter.h"

#include <thread>

namespace wx::common {

std::vector<double> measureFps(const std::vector<const FrameCounter*>& counters,
                               std::chrono::milliseconds window) {
  std::vector<uint64_t> before;
  for (const FrameCounter* counter : counters) before.push_back(counter->read().frames);
  const auto start = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(window);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<double> fps;
  for (size_t i = 0; i < counters.size(); ++i) {
    fps.push_back(static_cast<double>(counters[i]->read().frames - before[i]) / seconds);
  }
  return fps;
}

double FrameCounter::measureFps(std::chrono::milliseconds window) const {
  return common::measureFps({this}, window).front();
}

}  // namespace wx::common

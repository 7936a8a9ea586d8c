// Internal: the steps of the clock on which delayed work comes due, on our
// task queues (SharedTaskQueueFactory) and on libwebrtc's network thread
// (CoalescingSocketServer) alike. libwebrtc lets most delayed tasks run a
// little late; rounded up to a common step, the periodic tasks of many peers
// (congestion control every 25 ms, RTCP, stats, ICE checks) come due
// together and share a wake-up instead of each taking its own.
#pragma once

#include <chrono>

namespace wx::rtc {

constexpr std::chrono::microseconds kTimerStep{5000};

// `sinceEpoch` (of the steady clock) rounded up to a step.
template <typename Duration>
Duration roundUpToStep(Duration sinceEpoch) {
  const auto step = std::chrono::duration_cast<Duration>(kTimerStep);
  return (sinceEpoch + step - Duration(1)) / step * step;
}

}  // namespace wx::rtc

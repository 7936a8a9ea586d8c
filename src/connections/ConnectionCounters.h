// What one example's connections have done since the server started, for
// /metrics. Updated from HTTP worker threads, the scheduler thread and
// libwebrtc's signaling thread: atomics only, never a lock.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "common/Histogram.h"
#include "connections/CloseReason.h"

namespace wx::connections {

// Seconds. An offer from the warm pool takes about a millisecond, one
// gathered on demand about 0.1-0.2 s; more than a second means trouble.
inline constexpr std::array kOfferSecondsBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                    0.1,   0.25,   0.5,   1.0,  2.5,   5.0};

struct ConnectionCounters {
  std::atomic<uint64_t> created{0};
  std::array<std::atomic<uint64_t>, kCloseReasons.size()> closed{};
  // An answered connection whose ICE failed, or that its connect timer
  // closed before ICE connected. Counted once per connection.
  std::atomic<uint64_t> iceFailures{0};
  // ICE connected but DTLS failed, or had not completed when the connect
  // timer fired. Counted once per connection.
  std::atomic<uint64_t> dtlsFailures{0};
  // POST /NAME/connections that made an offer: time to make it.
  common::Histogram offerSeconds{{kOfferSecondsBuckets.begin(), kOfferSecondsBuckets.end()}};
};

}  // namespace wx::connections

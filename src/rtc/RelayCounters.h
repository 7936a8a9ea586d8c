// What the factory's relays (Forwarding::Relay, VideoRelay.h) did since it
// started, for /metrics and the tests. Any thread; atomics.
#pragma once

#include <atomic>
#include <cstdint>

namespace wx::rtc {

struct RelayTotals {
  uint64_t framesReceived = 0;    // encoded frames the relays took in
  uint64_t framesRelayed = 0;     // frames handed to a peer's packetizer, summed over peers
  uint64_t framesSkipped = 0;     // frames a peer could not use: it waited for a key frame
  uint64_t framesHeld = 0;        // frames not sent to a peer too slow for the stream
  uint64_t keyFrameRequests = 0;  // key frame requests the relays sent to their senders
  uint64_t toReencode = 0;        // peers switched to a re-encoded copy (codec or bandwidth)
  uint64_t toRelay = 0;           // peers switched back to the relayed frames
  uint64_t estimateRestarts = 0;  // of toReencode: lossy peers whose estimate started over
  uint64_t links = 0;             // peers forwarding a relay now
  uint64_t reencodedLinks = 0;    // of which re-encoded now
  // Received video frames the factory's decoders decoded, and those they
  // skipped because nothing wanted the pictures of a relayed stream
  // (PictureDemand.h).
  uint64_t framesDecoded = 0;
  uint64_t framesNotDecoded = 0;
};

struct RelayCounters {
  std::atomic<uint64_t> framesReceived{0};
  std::atomic<uint64_t> framesRelayed{0};
  std::atomic<uint64_t> framesSkipped{0};
  std::atomic<uint64_t> framesHeld{0};
  std::atomic<uint64_t> keyFrameRequests{0};
  std::atomic<uint64_t> toReencode{0};
  std::atomic<uint64_t> toRelay{0};
  std::atomic<uint64_t> estimateRestarts{0};
  std::atomic<int64_t> links{0};
  std::atomic<int64_t> reencodedLinks{0};
  std::atomic<uint64_t> framesDecoded{0};
  std::atomic<uint64_t> framesNotDecoded{0};

  RelayTotals totals() const {
    const auto positive = [](int64_t n) { return static_cast<uint64_t>(n < 0 ? 0 : n); };
    return {framesReceived.load(),   framesRelayed.load(),
            framesSkipped.load(),    framesHeld.load(),
            keyFrameRequests.load(), toReencode.load(),
            toRelay.load(),          estimateRestarts.load(),
            positive(links.load()),  positive(reencodedLinks.load()),
            framesDecoded.load(),    framesNotDecoded.load()};
  }
};

}  // namespace wx::rtc

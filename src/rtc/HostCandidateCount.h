// How many host candidates a complete gathering yields on this machine, as
// learned from the last peer that finished gathering.
//
// Why: libwebrtc reports gathering complete only after its port allocator
// has stepped through its UDP, relay and TCP phases and every port has said
// it is done. PeerConnection spaces the phases 50 ms apart (~100 ms in all);
// ours run back to back (PeerPortAllocator.h), and with no STUN or TURN
// server all our candidates are host ones, made as the phases run. A peer
// that already holds as many candidates as the last complete gathering
// yielded can therefore offer them as complete without waiting for the rest.
// When the interfaces change, a peer that never reaches the count simply
// waits for libwebrtc's own completion, and the count follows.
#pragma once

#include <atomic>

namespace wx::rtc {

class HostCandidateCount {
 public:
  // From a peer whose gathering completed with `count` candidates. A
  // gathering that found none teaches nothing.
  void learn(int count) {
    if (count > 0) expected_.store(count, std::memory_order_relaxed);
  }

  // Whether a peer still gathering, holding `count` candidates, has them
  // all. False until some peer has completed.
  bool isComplete(int count) const {
    int expected = expected_.load(std::memory_order_relaxed);
    return expected > 0 && count >= expected;
  }

 private:
  std::atomic<int> expected_{0};
};

}  // namespace wx::rtc

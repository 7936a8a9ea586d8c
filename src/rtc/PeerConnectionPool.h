// A warm pool of blank peer connections that gathered their host candidates
// ahead of time (ice_candidate_pool_size = 1), so an offer needs neither the
// creation of a peer nor a wait for its candidates. Since a fresh peer needs
// only ~1 ms to its host candidates once any peer has completed a gathering
// (HostCandidateCount.h), the pool matters most for the first offers after
// start, which would otherwise wait the ~105 ms of a whole gathering.
//
// Sizing follows demand: the pool keeps as many idle peers as were taken in
// the last second, within [minIdle, maxIdle]. A peer idle for longer than
// maxAge is replaced, so its candidates (sockets bound to the interfaces of
// that moment) are never stale when used.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "rtc/PeerConnection.h"

namespace wx::rtc {

struct PoolOptions {
  size_t minIdle = 8;
  size_t maxIdle = 32;
  std::chrono::milliseconds maxAge{30'000};
};

class PeerConnectionPool {
 public:
  using Clock = std::chrono::steady_clock;
  using MakePeer = std::function<std::shared_ptr<PeerConnection>()>;

  // With `background` the pool refills itself on its own thread; without
  // it (tests) nothing happens until maintain() is called.
  PeerConnectionPool(PoolOptions options, MakePeer make, bool background = true,
                     std::function<Clock::time_point()> now = Clock::now);
  ~PeerConnectionPool();  // closes the idle peers

  // The oldest idle peer (most likely done gathering), or a fresh one made
  // on the caller's thread when the pool is empty. Throws what make throws.
  std::shared_ptr<PeerConnection> take();

  // One round of upkeep: drop peers past maxAge, then top up to the target.
  // Runs on the pool's thread (or the test's). False when a peer could not be
  // made (out of file descriptors, say): the pool then waits before retrying.
  bool maintain();

  size_t idle() const;
  size_t target() const;

 private:
  struct Idle {
    std::shared_ptr<PeerConnection> peer;
    Clock::time_point since;
  };
  void run();
  size_t targetLocked() const;

  const PoolOptions options_;
  const MakePeer make_;
  const std::function<Clock::time_point()> now_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Idle> idle_;
  std::deque<Clock::time_point> recentTakes_;  // within the last second
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace wx::rtc

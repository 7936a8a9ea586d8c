#include "rtc/PeerConnectionPool.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace wx::rtc {
namespace {

// How often the pool thread looks for stale peers when nothing else wakes it.
constexpr std::chrono::seconds kUpkeepInterval{1};
constexpr std::chrono::seconds kDemandWindow{1};

}  // namespace

PeerConnectionPool::PeerConnectionPool(PoolOptions options, MakePeer make, bool background,
                                       std::function<Clock::time_point()> now)
    : options_(options), make_(std::move(make)), now_(std::move(now)) {
  if (background) thread_ = std::thread([this] { run(); });
}

PeerConnectionPool::~PeerConnectionPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (Idle& entry : idle_) entry.peer->close();
}

std::shared_ptr<PeerConnection> PeerConnectionPool::take() {
  {
    std::lock_guard lock(mutex_);
    recentTakes_.push_back(now_());
    if (!idle_.empty()) {
      auto peer = std::move(idle_.front().peer);
      idle_.pop_front();
      wake_.notify_all();
      return peer;
    }
  }
  wake_.notify_all();
  return make_();
}

size_t PeerConnectionPool::targetLocked() const {
  return std::clamp(recentTakes_.size(), options_.minIdle, options_.maxIdle);
}

size_t PeerConnectionPool::target() const {
  std::lock_guard lock(mutex_);
  return targetLocked();
}

size_t PeerConnectionPool::idle() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

bool PeerConnectionPool::maintain() {
  std::vector<std::shared_ptr<PeerConnection>> stale;
  size_t missing = 0;
  {
    std::lock_guard lock(mutex_);
    const Clock::time_point now = now_();
    while (!recentTakes_.empty() && now - recentTakes_.front() > kDemandWindow) {
      recentTakes_.pop_front();
    }
    while (!idle_.empty() && now - idle_.front().since > options_.maxAge) {
      stale.push_back(std::move(idle_.front().peer));
      idle_.pop_front();
    }
    size_t target = targetLocked();
    missing = idle_.size() < target ? target - idle_.size() : 0;
  }
  // Outside the lock: closing and creating wait for libwebrtc's threads.
  for (auto& peer : stale) peer->close();
  for (size_t i = 0; i < missing; ++i) {
    std::shared_ptr<PeerConnection> peer;
    try {
      peer = make_();
    } catch (const std::exception& e) {
      // Out of descriptors, most likely: serve from what we have.
      spdlog::warn("peer pool: cannot add a peer: {}", e.what());
      return false;
    }
    std::unique_lock lock(mutex_);
    if (stopping_ || idle_.size() >= options_.maxIdle) {
      lock.unlock();
      peer->close();
      break;
    }
    idle_.push_back({std::move(peer), now_()});
  }
  return true;
}

void PeerConnectionPool::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    bool ok = maintain();
    lock.lock();
    wake_.wait_for(lock, kUpkeepInterval,
                   [this, ok] { return stopping_ || (ok && idle_.size() < targetLocked()); });
  }
}

}  // namespace wx::rtc

#include "rtc/WakeUpBatch.h"

#include <algorithm>

namespace wx::rtc {
namespace {

thread_local WakeUpBatch* currentBatch = nullptr;

}  // namespace

WakeUpBatch::WakeUpBatch(bool holdsNetworkThread)
    : holdsNetworkThread_(holdsNetworkThread), outer_(currentBatch) {
  currentBatch = this;
}

WakeUpBatch::~WakeUpBatch() {
  currentBatch = outer_;
  flush();
}

void WakeUpBatch::flush() {
  // Swapped out first: a wake-up may run code that holds another.
  std::vector<Wakeable*> held;
  held.swap(held_);
  for (Wakeable* target : held) target->wakeUpNow();
}

std::chrono::steady_clock::duration WakeUpBatch::heldFor() const {
  return holding() ? std::chrono::steady_clock::now() - firstHeld_
                   : std::chrono::steady_clock::duration::zero();
}

bool WakeUpBatch::hold(Wakeable& target, Wakeable::Kind kind) {
  WakeUpBatch* batch = currentBatch;
  if (!batch) return false;
  if (kind == Wakeable::Kind::NetworkThread && !batch->holdsNetworkThread_) return false;
  if (batch->held_.empty()) batch->firstHeld_ = std::chrono::steady_clock::now();
  if (std::find(batch->held_.begin(), batch->held_.end(), &target) == batch->held_.end()) {
    batch->held_.push_back(&target);
  }
  return true;
}

}  // namespace wx::rtc

#include "common/Histogram.h"

#include <algorithm>

namespace wx::common {

Histogram::Histogram(std::vector<double> upperBounds)
    : upperBounds_(std::move(upperBounds)),
      counts_(std::make_unique<std::atomic<uint64_t>[]>(upperBounds_.size() + 1)) {}

void Histogram::observe(double value) {
  // The first bound >= value; past the last, the +Inf bucket.
  size_t bucket =
      std::lower_bound(upperBounds_.begin(), upperBounds_.end(), value) - upperBounds_.begin();
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot snapshot;
  snapshot.upperBounds = upperBounds_;
  uint64_t running = 0;
  for (size_t i = 0; i < upperBounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    snapshot.cumulativeCounts.push_back(running);
  }
  snapshot.count = running + counts_[upperBounds_.size()].load(std::memory_order_relaxed);
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

}  // namespace wx::common

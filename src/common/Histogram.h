// A cumulative histogram with fixed bucket bounds, as Prometheus exposes
// one: lock-free observe() from any thread, a snapshot for the scrape.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace wx::common {

class Histogram {
 public:
  // `upperBounds` ascending; the +Inf bucket is implied.
  explicit Histogram(std::vector<double> upperBounds);

  // Any thread; never blocks.
  void observe(double value);

  struct Snapshot {
    std::vector<double> upperBounds;
    std::vector<uint64_t> cumulativeCounts;  // per bound: observations <= it
    uint64_t count = 0;                      // every observation (+Inf)
    double sum = 0;
  };
  // Buckets are read one by one while others may observe: a scrape can be
  // off by the observations racing it, never inconsistent by more.
  Snapshot snapshot() const;

 private:
  const std::vector<double> upperBounds_;
  // One per bound, plus one for +Inf; not cumulative.
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

}  // namespace wx::common

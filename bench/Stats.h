// Medians and tails of a set of samples, for the benchmarks' printouts.
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace wx::bench {

struct Summary {
  size_t count = 0;
  double p50 = 0, p99 = 0, min = 0, max = 0;
};

inline Summary summarize(std::vector<double> samples) {
  Summary s;
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) {
    size_t i = static_cast<size_t>(q * static_cast<double>(samples.size() - 1) + 0.5);
    return samples[std::min(i, samples.size() - 1)];
  };
  s.count = samples.size();
  s.p50 = at(0.5);
  s.p99 = at(0.99);
  s.min = samples.front();
  s.max = samples.back();
  return s;
}

inline void print(const std::string& what, const std::string& unit,
                  const std::vector<double>& samples) {
  Summary s = summarize(samples);
  std::printf("%-28s n=%-5zu p50=%9.3f %s  p99=%9.3f %s  min=%9.3f  max=%9.3f\n", what.c_str(),
              s.count, s.p50, unit.c_str(), s.p99, unit.c_str(), s.min, s.max);
  std::fflush(stdout);
}

}  // namespace wx::bench

// What /proc/self says about this process, for /metrics: memory,
// descriptors, threads. Each read costs a few small /proc reads and, for
// the descriptors, a directory listing (at most the open-file limit).
#pragma once

#include <cstddef>
#include <cstdint>

namespace wx::common {

struct ProcessStats {
  uint64_t residentBytes = 0;      // /proc/self/statm, resident pages
  size_t openFileDescriptors = 0;  // entries of /proc/self/fd
  size_t maxFileDescriptors = 0;   // soft RLIMIT_NOFILE (0: unlimited)
  size_t threads = 0;              // /proc/self/stat, num_threads
  double startTimeSeconds = 0;     // since the Unix epoch
};

// Any thread. A field /proc does not give stays 0.
ProcessStats readProcessStats();

}  // namespace wx::common

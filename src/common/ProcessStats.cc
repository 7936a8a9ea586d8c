#include "common/ProcessStats.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace wx::common {
namespace {

// Boot time (seconds since the epoch), from /proc/stat's "btime" line.
uint64_t bootTime() {
  std::ifstream stat("/proc/stat");
  std::string key;
  uint64_t value = 0;
  while (stat >> key) {
    if (key == "btime" && stat >> value) return value;
    stat.ignore(1 << 16, '\n');
  }
  return 0;
}

}  // namespace

ProcessStats readProcessStats() {
  ProcessStats stats;
  const long pageSize = sysconf(_SC_PAGESIZE);
  {
    std::ifstream statm("/proc/self/statm");
    uint64_t size = 0;
    uint64_t resident = 0;
    if (statm >> size >> resident && pageSize > 0) stats.residentBytes = resident * pageSize;
  }
  if (DIR* dir = opendir("/proc/self/fd")) {
    size_t entries = 0;
    while (dirent* entry = readdir(dir)) entries += entry->d_name[0] != '.';
    closedir(dir);
    // The listing's own descriptor is not the process's.
    stats.openFileDescriptors = entries > 0 ? entries - 1 : 0;
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    stats.maxFileDescriptors = limit.rlim_cur;
  }
  {
    // Fields after the command name, which is in parentheses and may hold
    // spaces: state is field 3, num_threads 20, starttime 22.
    std::ifstream statFile("/proc/self/stat");
    std::string line;
    std::getline(statFile, line);
    size_t close = line.rfind(')');
    if (close != std::string::npos) {
      std::istringstream fields(line.substr(close + 2));
      std::string field;
      uint64_t startTicks = 0;
      for (int number = 3; fields >> field && number <= 22; ++number) {
        if (number == 20) stats.threads = std::stoul(field);
        if (number == 22) startTicks = std::stoull(field);
      }
      const long ticksPerSecond = sysconf(_SC_CLK_TCK);
      if (ticksPerSecond > 0) {
        stats.startTimeSeconds =
            static_cast<double>(bootTime()) + static_cast<double>(startTicks) / ticksPerSecond;
      }
    }
  }
  return stats;
}

}  // namespace wx::common

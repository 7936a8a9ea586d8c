#include "ProcessUse.h"

#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

namespace wx::bench {

ProcessUse readProcess(int pid) {
  ProcessUse use;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) use.rssMiB = std::stod(line.substr(6)) / 1024.0;
    if (line.starts_with("VmHWM:")) use.peakRssMiB = std::stod(line.substr(6)) / 1024.0;
    if (line.starts_with("Threads:")) use.threads = std::stol(line.substr(8));
  }
  // /proc/PID/stat: fields 14 and 15 (utime, stime) in clock ticks, after
  // the command name, which is in parentheses and may hold spaces.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  if (auto close = text.rfind(')'); close != std::string::npos) {
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    long ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i >= 14) ticks += std::stol(field);
    }
    use.cpuSeconds = static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  if (DIR* dir = opendir(("/proc/" + std::to_string(pid) + "/fd").c_str())) {
    while (dirent* entry = readdir(dir)) use.fds += entry->d_name[0] != '.';
    closedir(dir);
  }
  return use;
}

double cpuPercentWhile(int pid, const std::function<void()>& work) {
  const double before = readProcess(pid).cpuSeconds;
  const auto start = std::chrono::steady_clock::now();
  work();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return 100 * (readProcess(pid).cpuSeconds - before) / wall;
}

void printUse(const char* when, const ProcessUse& use) {
  std::printf("server %-14s rss=%8.1f MiB  peak=%8.1f MiB  threads=%5ld  fds=%6ld\n", when,
              use.rssMiB, use.peakRssMiB, use.threads, use.fds);
  std::fflush(stdout);
}

}  // namespace wx::bench

// What a process on this machine uses, read from /proc/PID.
#pragma once

#include <functional>
#include <string>

namespace wx::bench {

struct ProcessUse {
  double rssMiB = 0;
  double peakRssMiB = 0;  // VmHWM: the most it ever held
  long threads = 0;
  long fds = 0;
  double cpuSeconds = 0;  // user + system time since the process started
};

ProcessUse readProcess(int pid);
// The process's CPU use, in % of one core, while `work` runs.
double cpuPercentWhile(int pid, const std::function<void()>& work);
void printUse(const char* when, const ProcessUse& use);

}  // namespace wx::bench

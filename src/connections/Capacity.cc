#include "connections/Capacity.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <string>

#include "connections/ConnectionError.h"

namespace wx::connections {

Capacity::Capacity(size_t maxConnections, size_t fdReserve)
    : maxConnections_(maxConnections), fdReserve_(fdReserve) {}

size_t Capacity::freeFileDescriptors() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return SIZE_MAX;
  // The kernel hands out the lowest free number, so a low probe proves that
  // most of the table is free without listing it.
  int probe = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (probe < 0) return 0;
  ::close(probe);
  if (static_cast<rlim_t>(probe) < limit.rlim_cur / 2) return limit.rlim_cur - probe;
  size_t used = 0;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (dirent* entry = readdir(dir)) used += entry->d_name[0] != '.';
    closedir(dir);
  }
  return used >= limit.rlim_cur ? 0 : limit.rlim_cur - used;
}

namespace {

std::string fullMessage(size_t maxConnections) {
  return "server is full: " + std::to_string(maxConnections) +
         " connections open (--max-connections)";
}

constexpr const char* kOutOfDescriptors = "server is out of file descriptors";

}  // namespace

void Capacity::acquire() {
  // Count in first, then check: simultaneous POSTs cannot all slip under
  // the cap.
  size_t before = open_.fetch_add(1);
  if (maxConnections_ != 0 && before >= maxConnections_) {
    --open_;
    throw ConnectionError(ConnectionError::Kind::Unavailable, fullMessage(maxConnections_));
  }
  if (freeFileDescriptors() < fdReserve_) {
    --open_;
    throw ConnectionError(ConnectionError::Kind::Unavailable, kOutOfDescriptors);
  }
}

std::string Capacity::fullReason() const {
  if (maxConnections_ != 0 && open_ >= maxConnections_) return fullMessage(maxConnections_);
  if (freeFileDescriptors() < fdReserve_) return kOutOfDescriptors;
  return "";
}

void Capacity::release() { --open_; }

}  // namespace wx::connections

// --stats for the native client: one line a second with the headline
// figures (common::summarize) of both peers of a connection, ours from
// rtc::PeerConnection::stats() and the server's from its GET
// PREFIX/connections/ID/stats, e.g.
//   stats  client: sent 1.02 Mbit/s, received 1.01 Mbit/s, lost 0.0/s, rtt 0.4 ms, ...
//          | server: sent ...
#pragma once

#include <condition_variable>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/StatsRates.h"
#include "rtc/PeerConnection.h"

namespace wx::client {

class StatsPrinter {
 public:
  // The server's stats JSON (its "summary" is printed); may throw, which
  // prints "-" figures for the server that second.
  using ServerStats = std::function<nlohmann::json()>;

  // Starts printing to `out` at once, then every second, on a thread of its
  // own (the stats calls block: never libwebrtc's threads).
  StatsPrinter(std::shared_ptr<rtc::PeerConnection> pc, ServerStats serverStats, std::FILE* out);
  // Stops and joins: at most one stats call (about a second) later.
  ~StatsPrinter();
  StatsPrinter(const StatsPrinter&) = delete;
  StatsPrinter& operator=(const StatsPrinter&) = delete;

 private:
  void run();
  void printOnce();

  std::shared_ptr<rtc::PeerConnection> pc_;
  ServerStats serverStats_;
  std::FILE* out_;
  common::StatsRates rates_;  // the printer thread's only
  std::mutex mutex_;
  std::condition_variable stopped_;
  bool stop_ = false;  // under mutex_
  std::thread thread_;
};

}  // namespace wx::client

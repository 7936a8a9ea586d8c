// The server's own routes for operators, beside the examples':
//   GET /healthz  200 {"status":"ok","connections":N,"uptimeSeconds":S};
//                 503 {"status":"full"|"shutting-down","error":...} when a
//                 POST would be refused or the server is stopping
//   GET /metrics  Prometheus text (common/PrometheusText.h): connections by
//                 example and state, created and closed totals, offer
//                 latency, ICE and DTLS failures, bytes and packets the
//                 peers' sockets sent and received, process memory,
//                 descriptors and threads
// Both read atomics and each manager's list under its lock, never
// libwebrtc's threads: a scrape costs O(open connections).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "connections/Capacity.h"
#include "connections/ConnectionManager.h"
#include "rest/Http.h"
#include "rtc/NetworkCounters.h"
#include "rtc/RelayCounters.h"

namespace wx::rest {

struct OperationsSource {
  // Every example's manager, by name; they must outlive the router.
  std::vector<std::pair<std::string, const connections::ConnectionManager*>> examples;
  const connections::Capacity* capacity = nullptr;
  const std::atomic<bool>* shuttingDown = nullptr;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  // Every peer's socket traffic (rtc::Factory::networkTotals); none: zeros.
  std::function<rtc::NetworkTotals()> networkTotals = nullptr;
  // What the video relays did (rtc::Factory::relayTotals); none: zeros.
  std::function<rtc::RelayTotals()> relayTotals = nullptr;
};

class Operations {
 public:
  // Handlers run on HttpServer's worker threads.
  static void mount(Router& router, OperationsSource source);

  static HttpResponse health(const OperationsSource& source);
  static std::string metrics(const OperationsSource& source);
};

}  // namespace wx::rest

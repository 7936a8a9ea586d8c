// What a person watching a connection wants from W3C RTCStatsReports (as
// rtc::PeerConnection::stats() gives them: JSON objects keyed by stats ID):
// rates between two reports, and one side's headline figures. The server's
// GET /NAME/connections/ID/stats and the native client's --stats use it;
// web/stats.js does the same for a page's own getStats().
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace wx::common {

// Remembers the counters of the previous report it was given, and derives
// rates from them. Not thread-safe: one per peer, under its owner's lock.
class StatsRates {
 public:
  // For every outbound-rtp, inbound-rtp, data-channel and candidate-pair in
  // `report`: {"type", "kind" (rtp only), and as the type has them
  // "sentBitsPerSecond", "receivedBitsPerSecond", "packetsLostPerSecond", and
  // for received video "framesReceivedPerSecond"},
  // keyed by the stats ID. Each rate is per second over the time since the
  // previous report (its stats' "timestamp", in ms), so over the last second
  // when polled once a second; null for a stats object the previous report
  // lacked (so every rate is null on the first call). packetsLostPerSecond is
  // inbound-rtp's packetsLost; for outbound-rtp, the peer's count in the
  // remote-inbound-rtp whose localId names it (null until the peer reported).
  nlohmann::json update(const nlohmann::json& report);

  // Seconds between the last two reports; nullopt until there are two.
  std::optional<double> intervalSeconds() const { return interval_; }

 private:
  struct Counters {
    double timestampMs = 0;
    std::optional<double> bytesSent, bytesReceived, packetsLost, framesReceived;
  };
  std::map<std::string, Counters> previous_;
  std::optional<double> interval_;
};

// One side's headline figures from its report and StatsRates' rates:
//   {"sentBitsPerSecond", "receivedBitsPerSecond"  everything on the selected
//                                                  candidate pair: media, data,
//                                                  RTCP and ICE
//    "packetsLostPerSecond"   lost of what this side receives (inbound-rtp)
//    "roundTripTime"          seconds, the selected pair's currentRoundTripTime
//    "video": {"sent", "received"}  each {"framesPerSecond", "frameWidth",
//                                   "frameHeight"}, or null without such video;
//                                   received video without framesPerSecond
//                                   (not decoded) has framesReceivedPerSecond
//    "candidatePair": {"local", "remote"}  each {"candidateType", "protocol",
//                                          "address", "port"}, or null}
// A figure the reports do not give yet is null.
nlohmann::json summarize(const nlohmann::json& report, const nlohmann::json& rates);

// The summary as one line, e.g. "sent 812.3 kbit/s, received 31.9 kbit/s,
// lost 0.0/s, rtt 0.4 ms, video sent 30 fps 640x480, path udp host
// 127.0.0.1:50000 -> udp prflx ?:61000"; "-" for an unknown figure, "?" for
// an unknown part of a candidate (libwebrtc withholds a peer-reflexive address).
std::string formatSummary(const nlohmann::json& summary);

}  // namespace wx::common

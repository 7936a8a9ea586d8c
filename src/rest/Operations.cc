#include "rest/Operations.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <map>
#include <utility>

#include "common/ProcessStats.h"
#include "common/PrometheusText.h"
#include "rtc/Types.h"

namespace wx::rest {
namespace {

using common::PrometheusText;
using connections::CloseReason;

constexpr std::array kStates = {
    rtc::PeerConnectionState::New,       rtc::PeerConnectionState::Connecting,
    rtc::PeerConnectionState::Connected, rtc::PeerConnectionState::Disconnected,
    rtc::PeerConnectionState::Failed,    rtc::PeerConnectionState::Closed,
};

// Scrapes and probes must never be answered from a cache.
HttpResponse uncached(HttpResponse response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

// A counter family with one sample per example, from its ConnectionCounters.
void perExample(PrometheusText& out, const OperationsSource& source, std::string_view name,
                std::string_view help,
                std::atomic<uint64_t> connections::ConnectionCounters::*counter) {
  out.family(name, "counter", help);
  for (const auto& [example, manager] : source.examples) {
    out.sample(name, {{"example", example}},
               static_cast<double>((manager->counters().*counter).load()));
  }
}

}  // namespace

void Operations::mount(Router& router, OperationsSource source) {
  router.add("GET", "/healthz", [source](const HttpRequest&) { return health(source); });
  router.add("GET", "/metrics", [source](const HttpRequest&) {
    HttpResponse response;
    response.contentType = PrometheusText::kContentType;
    response.body = metrics(source);
    return uncached(std::move(response));
  });
}

HttpResponse Operations::health(const OperationsSource& source) {
  size_t connections = 0;
  for (const auto& [name, manager] : source.examples) connections += manager->size();
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::steady_clock::now() - source.started);
  nlohmann::json body = {
      {"status", "ok"}, {"connections", connections}, {"uptimeSeconds", uptime.count()}};
  if (source.shuttingDown && *source.shuttingDown) {
    body["status"] = "shutting-down";
    body["error"] = "the server is shutting down";
    return uncached(jsonResponse(body, 503));
  }
  if (source.capacity) {
    if (std::string full = source.capacity->fullReason(); !full.empty()) {
      body["status"] = "full";
      body["error"] = full;
      return uncached(jsonResponse(body, 503));
    }
  }
  return uncached(jsonResponse(body));
}

std::string Operations::metrics(const OperationsSource& source) {
  PrometheusText out;

  out.family("webrtc_examples_connections", "gauge",
             "Open connections by example and connectionState (ICE and DTLS).");
  for (const auto& [name, manager] : source.examples) {
    std::map<rtc::PeerConnectionState, size_t> byState;
    for (const auto& connection : manager->getConnections()) {
      ++byState[connection->peerConnection().connectionState()];  // a cached atomic
    }
    for (rtc::PeerConnectionState state : kStates) {
      out.sample("webrtc_examples_connections", {{"example", name}, {"state", toString(state)}},
                 static_cast<double>(byState[state]));
    }
  }

  perExample(out, source, "webrtc_examples_connections_created_total",
             "Connections created (POST /NAME/connections that got a peer connection).",
             &connections::ConnectionCounters::created);

  out.family("webrtc_examples_connections_closed_total", "counter",
             "Connections closed, by reason: deleted, connect_timeout, reconnect_timeout, "
             "gather_timeout, no_candidates, offer_failed, answer_failed, shutdown, other.");
  for (const auto& [name, manager] : source.examples) {
    for (CloseReason reason : connections::kCloseReasons) {
      out.sample("webrtc_examples_connections_closed_total",
                 {{"example", name}, {"reason", toString(reason)}},
                 static_cast<double>(manager->counters().closed[index(reason)].load()));
    }
  }

  out.family("webrtc_examples_offer_duration_seconds", "histogram",
             "Time to answer a successful POST /NAME/connections (offer made, candidates in).");
  for (const auto& [name, manager] : source.examples) {
    out.histogram("webrtc_examples_offer_duration_seconds", {{"example", name}},
                  manager->counters().offerSeconds.snapshot());
  }

  perExample(out, source, "webrtc_examples_ice_failures_total",
             "Answered connections whose ICE failed or had not connected when the "
             "time-to-connected timer fired.",
             &connections::ConnectionCounters::iceFailures);
  perExample(out, source, "webrtc_examples_dtls_failures_total",
             "Connections whose ICE connected but DTLS failed or had not completed when the "
             "time-to-connected timer fired.",
             &connections::ConnectionCounters::dtlsFailures);

  const auto one = [&out](const char* name, const char* type, const char* help, uint64_t value) {
    out.family(name, type, help);
    out.sample(name, {}, static_cast<double>(value));
  };
  const rtc::NetworkTotals network =
      source.networkTotals ? source.networkTotals() : rtc::NetworkTotals{};
  out.family("webrtc_examples_network_bytes_total", "counter",
             "Bytes the peers' sockets sent and received (STUN, DTLS, SRTP, SCTP; no IP, UDP or "
             "TCP headers), by protocol: udp, or tcp for ICE-TCP.");
  out.sample("webrtc_examples_network_bytes_total", {{"direction", "sent"}, {"protocol", "udp"}},
             static_cast<double>(network.udpBytesSent));
  out.sample("webrtc_examples_network_bytes_total",
             {{"direction", "received"}, {"protocol", "udp"}},
             static_cast<double>(network.udpBytesReceived));
  out.sample("webrtc_examples_network_bytes_total", {{"direction", "sent"}, {"protocol", "tcp"}},
             static_cast<double>(network.tcpBytesSent));
  out.sample("webrtc_examples_network_bytes_total",
             {{"direction", "received"}, {"protocol", "tcp"}},
             static_cast<double>(network.tcpBytesReceived));
  out.family("webrtc_examples_network_udp_packets_total", "counter",
             "UDP datagrams the peers' sockets sent and received (ICE-TCP's packets travel in a "
             "byte stream and are counted in bytes only).");
  out.sample("webrtc_examples_network_udp_packets_total", {{"direction", "sent"}},
             static_cast<double>(network.udpPacketsSent));
  out.sample("webrtc_examples_network_udp_packets_total", {{"direction", "received"}},
             static_cast<double>(network.udpPacketsReceived));
  one("webrtc_examples_network_udp_send_calls_total", "counter",
      "System calls that sent the peers' UDP datagrams: the network thread sends each "
      "socket's datagrams of one socket event, or of the tasks between two waits, in one call.",
      network.udpSendCalls);
  one("webrtc_examples_network_udp_packets_dropped_total", "counter",
      "UDP datagrams the kernel refused to send (a full send buffer, an unreachable address).",
      network.udpPacketsDropped);

  const rtc::RelayTotals relay = source.relayTotals ? source.relayTotals() : rtc::RelayTotals{};
  one("webrtc_examples_relay_frames_received_total", "counter",
      "Encoded video frames the relays took in (one per received frame, however many peers "
      "it goes to).",
      relay.framesReceived);
  one("webrtc_examples_relay_frames_sent_total", "counter",
      "Relayed video frames handed to peers' packetizers, summed over peers.", relay.framesRelayed);
  one("webrtc_examples_relay_frames_skipped_total", "counter",
      "Relayed frames a peer could not use because it waited for a key frame (it joined, "
      "or fell behind), summed over peers.",
      relay.framesSkipped);
  one("webrtc_examples_relay_frames_held_total", "counter",
      "Relayed frames not sent to a peer whose bandwidth estimate was under the slow rule "
      "(0.6 of the stream's bitrate) while its re-encoded copy was on its way, summed over "
      "peers: no queue builds up before the switch.",
      relay.framesHeld);
  one("webrtc_examples_relay_estimate_restarts_total", "counter",
      "Relayed peers moved to a re-encoded copy because they lost 10 % or more of their "
      "packets, whose bandwidth estimate was started over at what got through of the stream.",
      relay.estimateRestarts);
  one("webrtc_examples_relay_key_frame_requests_total", "counter",
      "Key frame requests the relays sent to the peers whose video they relay (at most one "
      "per 300 ms per relay, however many peers ask).",
      relay.keyFrameRequests);
  // A family whose samples differ in one label's value.
  const auto byLabel = [&out](const char* name, const char* type, const char* help,
                              const char* label,
                              std::initializer_list<std::pair<const char*, uint64_t>> samples) {
    out.family(name, type, help);
    for (const auto& [value, n] : samples) {
      out.sample(name, {{label, value}}, static_cast<double>(n));
    }
  };
  byLabel("webrtc_examples_relay_switches_total", "counter",
          "Peers moved from the relayed video to a re-encoded copy (another codec, or a "
          "bandwidth estimate below the stream's bitrate) and back.",
          "to", {{"reencode", relay.toReencode}, {"relay", relay.toRelay}});
  byLabel("webrtc_examples_video_frames_decoded_total", "counter",
          "Received video frames decoded, and those left undecoded because the stream was "
          "only relayed and nothing wanted its pictures.",
          "result", {{"decoded", relay.framesDecoded}, {"skipped", relay.framesNotDecoded}});
  byLabel("webrtc_examples_relay_peers", "gauge",
          "Peers sending a relayed video track now, by how they get it.", "mode",
          {{"relay", relay.links - std::min(relay.links, relay.reencodedLinks)},
           {"reencode", relay.reencodedLinks}});

  // The process, under the names Prometheus' own client libraries use.
  const common::ProcessStats process = common::readProcessStats();
  out.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
  out.sample("process_resident_memory_bytes", {}, static_cast<double>(process.residentBytes));
  out.family("process_open_fds", "gauge", "Number of open file descriptors.");
  out.sample("process_open_fds", {}, static_cast<double>(process.openFileDescriptors));
  out.family("process_max_fds", "gauge", "Maximum number of open file descriptors.");
  out.sample("process_max_fds", {}, static_cast<double>(process.maxFileDescriptors));
  out.family("process_threads", "gauge", "Number of OS threads in the process.");
  out.sample("process_threads", {}, static_cast<double>(process.threads));
  out.family("process_start_time_seconds", "gauge",
             "Start time of the process since unix epoch in seconds.");
  out.sample("process_start_time_seconds", {}, process.startTimeSeconds);
  return out.text();
}

}  // namespace wx::rest

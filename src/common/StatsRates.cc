#include "common/StatsRates.h"

#include <fmt/format.h>

namespace wx::common {
namespace {

using nlohmann::json;

// `object[key]`, or null for a missing key or a non-object (const
// operator[] must not be given either).
const json& field(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

std::optional<double> number(const json& stats, const char* member) {
  auto it = stats.find(member);
  if (it == stats.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::string text(const json& stats, const char* member) {
  auto it = stats.find(member);
  return it != stats.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool hasRates(const std::string& type) {
  return type == "outbound-rtp" || type == "inbound-rtp" || type == "data-channel" ||
         type == "candidate-pair";
}

// (now - before) per second, or null when either is unknown.
json perSecond(std::optional<double> now, std::optional<double> before, double seconds,
               double scale = 1) {
  if (!now || !before || seconds <= 0) return nullptr;
  return (*now - *before) * scale / seconds;
}

// The candidate pair the transport selected; a nominated, succeeded one when
// no transport names one (libwebrtc before the first selection).
const json* selectedPair(const json& report) {
  for (const auto& [id, stats] : report.items()) {
    if (text(stats, "type") != "transport") continue;
    auto pair = report.find(text(stats, "selectedCandidatePairId"));
    if (pair != report.end()) return &*pair;
  }
  for (const auto& [id, stats] : report.items()) {
    if (text(stats, "type") == "candidate-pair" && stats.value("nominated", false) &&
        text(stats, "state") == "succeeded") {
      return &stats;
    }
  }
  return nullptr;
}

json candidate(const json& report, const std::string& id) {
  auto it = report.find(id);
  if (it == report.end()) return nullptr;
  json port = nullptr;
  if (auto p = number(*it, "port")) port = static_cast<int>(*p);
  // A withheld address (peer-reflexive) is missing or empty: null.
  const std::string address = text(*it, "address");
  return {{"candidateType", it->value("candidateType", json(nullptr))},
          {"protocol", it->value("protocol", json(nullptr))},
          {"address", address.empty() ? json(nullptr) : json(address)},
          {"port", port}};
}

// The first video stream of `type`'s frame rate and size, or null. A
// received stream without framesPerSecond (libwebrtc counts it from decoded
// frames, and a relayed stream is not decoded: rtc/PictureDemand.h) gets its
// rate of frames received.
json video(const json& report, const json& rates, const char* type) {
  for (const auto& [id, stats] : report.items()) {
    if (text(stats, "type") != type || text(stats, "kind") != "video") continue;
    if (!stats.contains("frameWidth") && !stats.contains("framesPerSecond")) continue;
    json fps = stats.value("framesPerSecond", json(nullptr));
    if (fps.is_null()) fps = field(field(rates, id.c_str()), "framesReceivedPerSecond");
    return {{"framesPerSecond", fps},
            {"frameWidth", stats.value("frameWidth", json(nullptr))},
            {"frameHeight", stats.value("frameHeight", json(nullptr))}};
  }
  return nullptr;
}

std::string bits(const json& value) {
  if (!value.is_number()) return "-";
  const double bps = value.get<double>();
  if (bps >= 1e6) return fmt::format("{:.2f} Mbit/s", bps / 1e6);
  return fmt::format("{:.1f} kbit/s", bps / 1e3);
}

std::string end(const json& candidate) {
  if (!candidate.is_object()) return "?";
  auto part = [&](const char* name) {
    const json& value = field(candidate, name);
    return value.is_string()   ? value.get<std::string>()
           : value.is_number() ? value.dump()
                               : std::string("?");
  };
  return part("protocol") + " " + part("candidateType") + " " + part("address") + ":" +
         part("port");
}

std::string videoText(const char* direction, const json& video) {
  if (!video.is_object()) return {};
  const json& fps = field(video, "framesPerSecond");
  const json& width = field(video, "frameWidth");
  const json& height = field(video, "frameHeight");
  return fmt::format(", video {} {} fps {}x{}", direction,
                     fps.is_number() ? fmt::format("{:g}", fps.get<double>()) : "-",
                     width.is_number() ? width.dump() : "-",
                     height.is_number() ? height.dump() : "-");
}

}  // namespace

json StatsRates::update(const json& report) {
  std::map<std::string, Counters> current;
  // The peer's loss reports on our outbound streams, by the outbound ID.
  std::map<std::string, std::optional<double>> remoteLoss;
  for (const auto& [id, stats] : report.items()) {
    if (text(stats, "type") == "remote-inbound-rtp") {
      remoteLoss[text(stats, "localId")] = number(stats, "packetsLost");
    }
  }
  json rates = json::object();
  std::optional<double> interval;
  for (const auto& [id, stats] : report.items()) {
    const std::string type = text(stats, "type");
    if (!hasRates(type)) continue;
    Counters now{number(stats, "timestamp").value_or(0), number(stats, "bytesSent"),
                 number(stats, "bytesReceived"),
                 type == "outbound-rtp" ? remoteLoss[id] : number(stats, "packetsLost"),
                 number(stats, "framesReceived")};
    auto before = previous_.find(id);
    const bool known = before != previous_.end();
    const double seconds = known ? (now.timestampMs - before->second.timestampMs) / 1000 : 0;
    const Counters none;
    const Counters& then = known ? before->second : none;
    if (known && seconds > 0) interval = seconds;
    json entry = {{"type", type}};
    if (type == "inbound-rtp" || type == "outbound-rtp") entry["kind"] = text(stats, "kind");
    if (type != "inbound-rtp") {
      entry["sentBitsPerSecond"] = perSecond(now.bytesSent, then.bytesSent, seconds, 8);
    }
    if (type != "outbound-rtp") {
      entry["receivedBitsPerSecond"] = perSecond(now.bytesReceived, then.bytesReceived, seconds, 8);
    }
    if (type == "inbound-rtp" || type == "outbound-rtp") {
      entry["packetsLostPerSecond"] = perSecond(now.packetsLost, then.packetsLost, seconds);
    }
    if (type == "inbound-rtp" && text(stats, "kind") == "video") {
      entry["framesReceivedPerSecond"] =
          perSecond(now.framesReceived, then.framesReceived, seconds);
    }
    rates[id] = std::move(entry);
    current[id] = now;
  }
  previous_ = std::move(current);
  interval_ = interval;
  return rates;
}

json summarize(const json& report, const json& rates) {
  json summary = {{"sentBitsPerSecond", nullptr},
                  {"receivedBitsPerSecond", nullptr},
                  {"packetsLostPerSecond", nullptr},
                  {"roundTripTime", nullptr},
                  {"video",
                   {{"sent", video(report, rates, "outbound-rtp")},
                    {"received", video(report, rates, "inbound-rtp")}}},
                  {"candidatePair", nullptr}};
  if (const json* pair = selectedPair(report)) {
    summary["roundTripTime"] = pair->value("currentRoundTripTime", json(nullptr));
    summary["candidatePair"] = {{"local", candidate(report, text(*pair, "localCandidateId"))},
                                {"remote", candidate(report, text(*pair, "remoteCandidateId"))}};
    auto rate = rates.find(text(*pair, "id"));
    if (rate != rates.end()) {
      summary["sentBitsPerSecond"] = rate->value("sentBitsPerSecond", json(nullptr));
      summary["receivedBitsPerSecond"] = rate->value("receivedBitsPerSecond", json(nullptr));
    }
  }
  // Summed over the received streams; null until one has a rate.
  for (const auto& [id, rate] : rates.items()) {
    if (rate.value("type", "") != "inbound-rtp") continue;
    const json& lost = field(rate, "packetsLostPerSecond");
    if (!lost.is_number()) continue;
    json& sum = summary["packetsLostPerSecond"];
    sum = (sum.is_number() ? sum.get<double>() : 0) + lost.get<double>();
  }
  return summary;
}

std::string formatSummary(const json& summary) {
  const json& lost = field(summary, "packetsLostPerSecond");
  const json& rtt = field(summary, "roundTripTime");
  const json& pair = field(summary, "candidatePair");
  std::string line = fmt::format(
      "sent {}, received {}, lost {}, rtt {}", bits(field(summary, "sentBitsPerSecond")),
      bits(field(summary, "receivedBitsPerSecond")),
      lost.is_number() ? fmt::format("{:.1f}/s", lost.get<double>()) : "-",
      rtt.is_number() ? fmt::format("{:.1f} ms", rtt.get<double>() * 1000) : "-");
  line += videoText("sent", field(field(summary, "video"), "sent"));
  line += videoText("received", field(field(summary, "video"), "received"));
  if (pair.is_object()) {
    line += ", path " + end(field(pair, "local")) + " -> " + end(field(pair, "remote"));
  }
  return line;
}

}  // namespace wx::common

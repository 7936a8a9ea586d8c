#include "rest/Json.h"

#include "connections/ConnectionError.h"
#include "rtc/Sdp.h"

namespace wx::rest {

using connections::ConnectionError;

nlohmann::json toJson(const std::optional<rtc::SessionDescription>& description) {
  if (!description) return nlohmann::json::object();
  return {{"type", description->type}, {"sdp", rtc::removeTrickleOption(description->sdp)}};
}

nlohmann::json toJson(const connections::WebRtcConnection& connection) {
  const rtc::PeerConnection& pc = connection.peerConnection();
  nlohmann::json json = {
      {"id", connection.id()},
      {"state", connection.state()},
      {"iceConnectionState", rtc::toString(pc.iceConnectionState())},
      {"localDescription", toJson(pc.localDescription())},
      {"remoteDescription", toJson(pc.remoteDescription())},
      {"signalingState", rtc::toString(pc.signalingState())},
      {"connectionState", rtc::toString(pc.connectionState())},
      {"selectedCandidatePair", toJson(pc.selectedCandidatePair())},
  };
  // The example's own closing fields, e.g. "recording".
  if (nlohmann::json report = connection.report(); report.is_object()) json.update(report);
  return json;
}

nlohmann::json toJson(const std::optional<rtc::CandidatePair>& pair) {
  if (!pair) return nullptr;
  auto end = [](const rtc::IceCandidateInfo& candidate) {
    return nlohmann::json{
        {"candidateType", candidate.candidateType},
        {"protocol", candidate.protocol},
        {"address",
         candidate.address.empty() ? nlohmann::json(nullptr) : nlohmann::json(candidate.address)},
        {"port", candidate.port}};
  };
  return {{"local", end(pair->local)}, {"remote", end(pair->remote)}};
}

nlohmann::json statsJson(connections::WebRtcConnection& connection) {
  const rtc::PeerConnection& pc = connection.peerConnection();
  nlohmann::json json = {
      {"id", connection.id()},
      {"connectionState", rtc::toString(pc.connectionState())},
      {"selectedCandidatePair", toJson(pc.selectedCandidatePair())},
  };
  json.update(connection.statistics());
  return json;
}

nlohmann::json errorJson(const std::string& message) { return {{"error", message}}; }

rtc::SessionDescription parseDescription(const std::string& body) {
  nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    throw ConnectionError(ConnectionError::Kind::BadInput, "body is not valid JSON");
  }
  if (!json.is_object() || !json.contains("type") || !json["type"].is_string() ||
      !json.contains("sdp") || !json["sdp"].is_string()) {
    throw ConnectionError(ConnectionError::Kind::BadInput,
                          "body must be {\"type\": \"answer\", \"sdp\": \"...\"}");
  }
  return {json["type"].get<std::string>(), json["sdp"].get<std::string>()};
}

}  // namespace wx::rest

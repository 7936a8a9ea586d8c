#include "client/ConnectionClient.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "client/StatsPrinter.h"
#include "rtc/Sdp.h"

namespace wx::client {
namespace {

constexpr auto kCandidateWait = std::chrono::seconds(2);

httplib::Client makeHttp(const ConnectionClientOptions& options) {
  httplib::Client http(options.url);
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options.timeout).count();
  http.set_connection_timeout(seconds);
  http.set_read_timeout(seconds);
  http.set_write_timeout(seconds);
  if (!options.caCertificateFile.empty()) http.set_ca_cert_path(options.caCertificateFile.c_str());
  http.enable_server_certificate_verification(!options.insecure);
  return http;
}

// Sends one request and returns the JSON answer; throws ClientError with the
// server's own error message for any non-200 answer.
nlohmann::json request(const ConnectionClientOptions& options, const std::string& method,
                       const std::string& path, const std::string& body = {}) {
  httplib::Client http = makeHttp(options);
  const std::string url = options.prefix + path;
  httplib::Result result = method == "POST"     ? http.Post(url, body, "application/json")
                           : method == "DELETE" ? http.Delete(url)
                                                : http.Get(url);
  if (!result) {
    std::string why = httplib::to_string(result.error());
    if (result.error() == httplib::Error::SSLServerVerification) {
      why += " (the server's certificate is not trusted: --ca-cert FILE, or --insecure)";
    }
    throw ClientError(method + " " + options.url + url + ": " + why);
  }
  nlohmann::json json = nlohmann::json::parse(result->body, nullptr, false);
  if (result->status != 200) {
    std::string why =
        json.is_object() && json.contains("error") ? json["error"].dump() : result->body;
    throw ClientError(method + " " + url + " answered " + std::to_string(result->status) + ": " +
                      why);
  }
  if (json.is_discarded()) throw ClientError(method + " " + url + ": answer is not JSON");
  return json;
}

}  // namespace

ClientConnection::ClientConnection(std::string id, std::shared_ptr<rtc::PeerConnection> pc,
                                   ConnectionClientOptions options)
    : id_(std::move(id)), pc_(std::move(pc)), options_(std::move(options)) {}

ClientConnection::~ClientConnection() { close(); }

void ClientConnection::printStats() {
  if (closed_ || !pc_ || statsPrinter_) return;
  statsPrinter_ = std::make_unique<StatsPrinter>(
      pc_,
      [options = options_, path = "/connections/" + id_ + "/stats"] {
        return request(options, "GET", path);
      },
      stdout);
}

nlohmann::json ClientConnection::close() {
  if (closed_) return nullptr;
  closed_ = true;
  statsPrinter_.reset();  // before the peer closes, so its last line is a live one
  if (pc_) pc_->close();
  try {
    return request(options_, "DELETE", "/connections/" + id_);
  } catch (const std::exception& e) {
    spdlog::warn("[{}] DELETE failed: {}", id_, e.what());
    return nullptr;
  }
}

ConnectionClient::ConnectionClient(rtc::Factory& factory, ConnectionClientOptions options)
    : factory_(factory), options_(std::move(options)) {}

std::unique_ptr<ClientConnection> ConnectionClient::connect(const BeforeAnswer& beforeAnswer) {
  nlohmann::json remote = request(options_, "POST", "/connections");
  if (!remote.is_object() || !remote.contains("id") || !remote.at("id").is_string() ||
      !remote.contains("localDescription") || !remote.at("localDescription").is_object() ||
      !remote.at("localDescription").contains("sdp") ||
      !remote.at("localDescription").at("sdp").is_string()) {
    throw ClientError("POST /connections: answer lacks id or localDescription");
  }
  const std::string id = remote.at("id").get<std::string>();
  std::unique_ptr<ClientConnection> connection;
  try {
    connection = std::make_unique<ClientConnection>(id, factory_.createPeerConnection(), options_);
  } catch (const std::exception& e) {
    // No local peer: still tell the server to drop its half.
    ClientConnection(id, nullptr, options_).close();
    throw ClientError(std::string("cannot create a peer connection: ") + e.what());
  }
  // From here on, a failure closes (and DELETEs) the connection.
  rtc::PeerConnection& pc = connection->peerConnection();
  try {
    pc.setRemoteDescription({"offer", remote.at("localDescription").at("sdp").get<std::string>()});
    if (beforeAnswer) beforeAnswer(pc);
    rtc::SessionDescription answer = pc.createAnswer();
    if (options_.stereo) answer.sdp = rtc::requestOpusStereo(answer.sdp);
    pc.setLocalDescription(answer);
    // Like the seed's client, post the answer without waiting for our own
    // candidates (the server learns our address from our ICE checks), unless
    // told to wait for them. Our own thread: polling blocks no one.
    if (options_.waitForCandidates) {
      const auto deadline = std::chrono::steady_clock::now() + kCandidateWait;
      while (pc.iceGatheringState() != rtc::IceGatheringState::Complete &&
             std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    auto local = pc.localDescription();
    nlohmann::json body = {{"type", "answer"}, {"sdp", local ? local->sdp : answer.sdp}};
    request(options_, "POST", "/connections/" + connection->id() + "/remote-description",
            body.dump());
  } catch (const std::exception& e) {
    throw ClientError(std::string("negotiation failed: ") + e.what());
  }
  if (options_.printStats) connection->printStats();
  return connection;
}

std::shared_ptr<rtc::Transceiver> transceiverOf(rtc::PeerConnection& pc, rtc::MediaKind kind) {
  for (auto& transceiver : pc.transceivers()) {
    if (transceiver->kind() == kind) return transceiver;
  }
  throw ClientError(std::string("the offer has no ") +
                    (kind == rtc::MediaKind::Audio ? "audio" : "video") + " transceiver");
}

}  // namespace wx::client

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

// Sends one request to `path` (prefix included); throws ClientError when the
// server cannot be reached.
httplib::Result send(const ConnectionClientOptions& options, const std::string& method,
                     const std::string& path, const std::string& body,
                     const std::string& contentType) {
  httplib::Client http = makeHttp(options);
  httplib::Headers headers;
  if (!options.bearerToken.empty()) {
    headers.emplace("Authorization", "Bearer " + options.bearerToken);
  }
  httplib::Result result = method == "POST"     ? http.Post(path, headers, body, contentType)
                           : method == "DELETE" ? http.Delete(path, headers)
                                                : http.Get(path, headers);
  if (!result) {
    std::string why = httplib::to_string(result.error());
    if (result.error() == httplib::Error::SSLServerVerification) {
      why += " (the server's certificate is not trusted: --ca-cert FILE, or --insecure)";
    }
    throw ClientError(method + " " + options.url + path + ": " + why);
  }
  return result;
}

// "POST /x answered 415: the body must be application/sdp": the server's
// own error message when it sent one as JSON, else its body.
ClientError refused(const std::string& method, const std::string& path,
                    const httplib::Response& response) {
  nlohmann::json json = nlohmann::json::parse(response.body, nullptr, false);
  std::string why =
      json.is_object() && json.contains("error") ? json["error"].dump() : response.body;
  return ClientError(method + " " + path + " answered " + std::to_string(response.status) + ": " +
                     why);
}

// Sends one request and returns the JSON answer; throws ClientError with the
// server's own error message for any non-200 answer.
nlohmann::json request(const ConnectionClientOptions& options, const std::string& method,
                       const std::string& path, const std::string& body = {}) {
  const std::string url = options.prefix + path;
  httplib::Result result = send(options, method, url, body, "application/json");
  if (result->status != 200) throw refused(method, url, *result);
  nlohmann::json json = nlohmann::json::parse(result->body, nullptr, false);
  if (json.is_discarded()) throw ClientError(method + " " + url + ": answer is not JSON");
  return json;
}

// Until our candidates are all in the local description, at most 2 s. Our
// own thread: polling blocks no one.
void awaitCandidates(rtc::PeerConnection& pc) {
  const auto deadline = std::chrono::steady_clock::now() + kCandidateWait;
  while (pc.iceGatheringState() != rtc::IceGatheringState::Complete &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// A Location header as a path on the same server: "/broadcaster/whip/ID"
// as it is, "http://host:3000/broadcaster/whip/ID" without scheme and host.
std::string locationPath(const std::string& location) {
  for (const char* scheme : {"http://", "https://"}) {
    if (location.starts_with(scheme)) {
      const size_t path = location.find('/', std::string_view(scheme).size());
      return path == std::string::npos ? "/" : location.substr(path);
    }
  }
  if (!location.starts_with("/")) throw ClientError("Location is not a path: " + location);
  return location;
}

}  // namespace

ClientConnection::ClientConnection(std::string id, std::shared_ptr<rtc::PeerConnection> pc,
                                   ConnectionClientOptions options, std::string resource)
    : id_(std::move(id)),
      pc_(std::move(pc)),
      options_(std::move(options)),
      resource_(resource.empty() ? options_.prefix + "/connections/" + id_ : std::move(resource)) {}

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
    httplib::Result result = send(options_, "DELETE", resource_, {}, {});
    if (result->status != 200) throw refused("DELETE", resource_, *result);
    // Ours answers with the closed connection; other WHIP servers with nothing.
    nlohmann::json json = nlohmann::json::parse(result->body, nullptr, false);
    return json.is_discarded() ? nlohmann::json::object() : json;
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
    if (options_.waitForCandidates) awaitCandidates(pc);
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

std::unique_ptr<ClientConnection> ConnectionClient::offer(const std::string& endpoint,
                                                          const BeforeOffer& beforeOffer) {
  std::shared_ptr<rtc::PeerConnection> pc;
  try {
    pc = factory_.createPeerConnection();
  } catch (const std::exception& e) {
    throw ClientError(std::string("cannot create a peer connection: ") + e.what());
  }
  // Closes our peer on every way out that makes no connection (the
  // connection takes it over).
  struct ClosePeer {
    std::shared_ptr<rtc::PeerConnection>& pc;
    ~ClosePeer() {
      if (pc) pc->close();
    }
  } closing{pc};
  std::string sdp;
  try {
    if (beforeOffer) beforeOffer(*pc);
    pc->setLocalDescription(pc->createOffer());
    // Complete, so that a server that takes no trickled candidates has them.
    awaitCandidates(*pc);
    sdp = pc->localDescription().value().sdp;
  } catch (const std::exception& e) {
    throw ClientError(std::string("cannot make the offer: ") + e.what());
  }
  const std::string url = options_.prefix + endpoint;
  httplib::Result result = send(options_, "POST", url, sdp, "application/sdp");
  if (result->status != 201 || !result->has_header("Location")) {
    if (result->status == 201) throw ClientError("POST " + url + " answered without a Location");
    throw refused("POST", url, *result);
  }
  const std::string resource = locationPath(result->get_header_value("Location"));
  const std::string id = resource.substr(resource.rfind('/') + 1);
  // From here on, a failure closes (and DELETEs) the session.
  auto connection = std::make_unique<ClientConnection>(id, std::move(pc), options_, resource);
  try {
    connection->peerConnection().setRemoteDescription({"answer", result->body});
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

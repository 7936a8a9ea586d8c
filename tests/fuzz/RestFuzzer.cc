// Fuzz target `rest`: HTTP requests through rest::Router, as HttpServer
// hands them over once libmicrohttpd has read them, to the real routes
// (ConnectionsApi for two examples, RecordingFiles, StaticFiles) over
// ConnectionManagers whose peers are FakePeerConnections and whose timers
// fire only when the input says (FakeScheduler). No sockets, no libwebrtc.
//
// Input: blocks separated by a line "===":
//   METHOD PATH             any bytes; "{id}" in PATH becomes the ID the
//   name: value             last successful POST .../connections returned
//   (empty line)
//   body
// or a command for the fakes:
//   @tick MS                advance the clock (timers close connections)
//   @state STATE            the last created peer reports connectionState
// Corpus: tests/fuzz/corpus/rest/ (one scenario per file).
//
// Checks: every answer has a status from our taxonomy (a 500 is our bug),
// every JSON body parses, every error is {"error": "..."}, a connection
// takes one answer at most, and what POST and DELETE say is what a later
// GET sees.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/Log.h"
#include "connections/Capacity.h"
#include "connections/ConnectionManager.h"
#include "fuzz/FuzzTarget.h"
#include "record-audio-video-stream/RecordingFiles.h"
#include "rest/ConnectionsApi.h"
#include "rest/Http.h"
#include "rest/StaticFiles.h"
#include "unit/connections/FakePeerConnection.h"
#include "unit/connections/FakeScheduler.h"

namespace wx::fuzz {
namespace {

using rest::HttpRequest;
using rest::HttpResponse;

constexpr size_t kMaxBlocks = 24;      // keeps one input fast
constexpr size_t kMaxConnections = 3;  // so that 503 is reachable
constexpr long kMaxTickMs = 60'000;    // longer than every timer
constexpr std::string_view kSeparator = "\n===\n";

// A record directory with one recording in it, made once per process.
class RecordDir {
 public:
  RecordDir() {
    char templ[] = "/tmp/wx-fuzz-recordings-XXXXXX";
    if (!mkdtemp(templ)) fail(__FILE__, __LINE__, "mkdtemp failed");
    path_ = templ;
    std::ofstream(path_ / "recording.webm") << "not really webm";
  }
  ~RecordDir() {
    std::error_code error;
    std::filesystem::remove_all(path_, error);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

const std::filesystem::path& recordDir() {
  static RecordDir dir;
  return dir.path();
}

std::vector<std::string_view> split(std::string_view text, std::string_view separator) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + separator.size();
  }
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

HttpRequest parseRequest(std::string_view block, const std::string& lastId) {
  HttpRequest request;
  size_t lineEnd = std::min(block.find('\n'), block.size());
  std::string_view line = block.substr(0, lineEnd);
  size_t space = std::min(line.find(' '), line.size());
  request.method = std::string(line.substr(0, space));
  std::string_view rawPath = line.substr(std::min(space + 1, line.size()));
  for (const std::string_view piece : split(rawPath, "{id}")) {
    if (piece.data() != rawPath.data()) request.path += lastId.empty() ? "{id}" : lastId;
    request.path += piece;
  }
  // Headers up to an empty line, then the body.
  size_t at = std::min(lineEnd + 1, block.size());
  while (at < block.size()) {
    size_t end = std::min(block.find('\n', at), block.size());
    std::string_view header = block.substr(at, end - at);
    at = std::min(end + 1, block.size());
    if (header.empty()) break;
    size_t colon = std::min(header.find(':'), header.size());
    std::string_view value = header.substr(std::min(colon + 1, header.size()));
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    request.headers[lower(header.substr(0, colon))] = std::string(value);
  }
  request.body = std::string(block.substr(at));
  return request;
}

std::optional<rtc::PeerConnectionState> stateNamed(std::string_view name) {
  using S = rtc::PeerConnectionState;
  for (S state : {S::New, S::Connecting, S::Connected, S::Disconnected, S::Failed, S::Closed}) {
    if (rtc::toString(state) == name) return state;
  }
  return std::nullopt;
}

// The path's segment before `suffix` ("/p/connections/ID" + suffix -> ID).
std::string idBefore(const std::string& path, std::string_view suffix) {
  if (!path.ends_with(suffix)) return {};
  std::string_view rest = std::string_view(path).substr(0, path.size() - suffix.size());
  size_t slash = rest.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash + 1));
}

// The server under test, fresh for every input.
class Server {
 public:
  Server() : capacity_(kMaxConnections, 0) {
    auto makePeer = [this] {
      auto pc = std::make_shared<testing::FakePeerConnection>();
      peers_.push_back(pc);
      return pc;
    };
    pingPong_ = std::make_unique<connections::ConnectionManager>(
        makePeer, nullptr, scheduler_, connections::WebRtcConnectionOptions{}, &capacity_);
    sineWave_ = std::make_unique<connections::ConnectionManager>(
        makePeer, nullptr, scheduler_, connections::WebRtcConnectionOptions{}, &capacity_);
    rest::ConnectionsApi::mount(router_, *pingPong_, "/ping-pong", {.listConnections = true});
    rest::ConnectionsApi::mount(router_, *sineWave_, "/sine-wave", {.listConnections = false});
    recordings_.mount(router_);
    rest::StaticFiles::mount(router_, {{"ping-pong", "Ping and pong."},
                                       {"sine-wave", "A sine."},
                                       {"record-audio-video-stream", "Records."}});
  }

  void run(std::string_view block) {
    if (block.starts_with("@tick ")) {
      long ms = std::strtol(std::string(block.substr(6)).c_str(), nullptr, 10);
      scheduler_.advance(std::chrono::milliseconds(std::clamp(ms, 0L, kMaxTickMs)));
    } else if (block.starts_with("@state ")) {
      auto state = stateNamed(block.substr(7));
      if (state && !peers_.empty()) peers_.back()->emitConnectionState(*state);
    } else {
      request(parseRequest(block, lastId_));
    }
  }

 private:
  static nlohmann::json checkedJson(const HttpResponse& response) {
    nlohmann::json json = nlohmann::json::parse(response.body, nullptr, false);
    FUZZ_CHECK(!json.is_discarded());
    return json;
  }

  void request(HttpRequest request) {
    const std::string method = request.method;
    const std::string path = request.path;
    const HttpResponse response = router_.handle(std::move(request));
    static const std::set<int> kStatuses = {200, 302, 400, 403, 404, 405, 409, 503};
    if (!kStatuses.contains(response.status)) {
      fail(__FILE__, __LINE__,
           "status " + std::to_string(response.status) + " for " + common::escapeForLog(method) +
               " " + common::escapeForLog(path) + ": " + common::escapeForLog(response.body));
    }
    const bool isJson = response.contentType == "application/json";
    nlohmann::json json = isJson ? checkedJson(response) : nlohmann::json();
    if (response.status >= 400) {
      FUZZ_CHECK(isJson && json.is_object() && json.size() == 1 && json.contains("error") &&
                 json["error"].is_string());
    }
    if (response.status == 405) {
      FUZZ_CHECK(std::any_of(response.headers.begin(), response.headers.end(),
                             [](const auto& header) { return header.first == "Allow"; }));
    }
    if (response.status == 302) {
      FUZZ_CHECK(method == "GET" || method == "HEAD");
    }
    if (response.status != 200 || (method != "POST" && method != "DELETE")) return;

    if (method == "POST" && path.ends_with("/connections")) {
      // A new connection: its ID, and an offer with no trickle option.
      FUZZ_CHECK(json.is_object() && json["id"].is_string());
      FUZZ_CHECK(json["id"].get<std::string>().size() == 36);
      FUZZ_CHECK(json["localDescription"].is_object() &&
                 json["localDescription"]["sdp"].is_string());
      FUZZ_CHECK(json["state"] == "open");
      const std::string offer = json["localDescription"]["sdp"];
      FUZZ_CHECK(offer.find("a=ice-options:trickle") == std::string::npos);
      lastId_ = json["id"];
    } else if (method == "POST") {
      // An answer was applied: once only, and what a GET now shows.
      FUZZ_CHECK(json.is_object() && json["type"] == "answer" && json["sdp"].is_string());
      const std::string id = idBefore(path, "/remote-description");
      FUZZ_CHECK(!id.empty());
      FUZZ_CHECK(answered_.insert(id).second);
      const HttpResponse again = router_.handle({"GET", path, {}, {}, {}});
      FUZZ_CHECK(again.status == 200 && again.body == response.body);
    } else {
      // DELETE: closed, and gone for every later request.
      FUZZ_CHECK(json.is_object() && json["state"] == "closed");
      const HttpResponse again = router_.handle({"GET", path, {}, {}, {}});
      FUZZ_CHECK(again.status == 404);
    }
  }

  // Declared first, destroyed last: the managers' connections cancel their
  // timers and release their capacity when they close.
  testing::FakeScheduler scheduler_;
  connections::Capacity capacity_;
  std::vector<std::shared_ptr<testing::FakePeerConnection>> peers_;
  std::unique_ptr<connections::ConnectionManager> pingPong_;
  std::unique_ptr<connections::ConnectionManager> sineWave_;
  examples::record_audio_video_stream::RecordingFiles recordings_{recordDir(),
                                                                  "/record-audio-video-stream"};
  rest::Router router_;
  std::string lastId_;
  std::set<std::string> answered_;
};

}  // namespace

int fuzzRest(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Server server;
  std::vector<std::string_view> blocks = split(input, kSeparator);
  if (blocks.size() > kMaxBlocks) blocks.resize(kMaxBlocks);
  for (std::string_view block : blocks) server.run(block);
  return 0;
}

}  // namespace wx::fuzz

WX_FUZZ_ENTRY(wx::fuzz::fuzzRest)

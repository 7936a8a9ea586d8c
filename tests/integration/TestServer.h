// A real server on a free loopback port, with every registered example, for
// integration tests. ICE is limited to 127.0.0.1.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "Example.h"
#include "client/ConnectionClient.h"
#include "rest/ExamplesServer.h"
#include "rtc/Factory.h"

namespace wx::testing {

class TestServer {
 public:
  static rest::ExamplesServerOptions loopbackOptions();

  // Records into a fresh temporary directory, removed afterwards, unless
  // given one (which is left alone).
  explicit TestServer(rest::ExamplesServerOptions options = loopbackOptions(),
                      std::optional<std::filesystem::path> recordDir = std::nullopt);
  ~TestServer();

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // A native client for the example `name`, on the tests' loopback factory.
  client::ConnectionClient clientFor(const std::string& name) const;
  httplib::Client http() const;
  rest::ExamplesServer& server() { return *server_; }
  // record-audio-video-stream's directory: fresh per server, removed after.
  const std::filesystem::path& recordDir() const { return recordDir_; }

 private:
  std::filesystem::path recordDir_;
  bool ownsRecordDir_ = false;
  std::unique_ptr<rest::ExamplesServer> server_;
  int port_ = 0;
  std::thread thread_;
};

// The tests' own answering side: one factory per test process, loopback only.
rtc::Factory& clientFactory();

// Runs an example's native CLI half with `flags` (as typed on a command
// line, e.g. {"--count", "3"}); returns its exit code.
int runNativeClient(const examples::NativeClient& native, client::ConnectionClient& client,
                    std::vector<std::string> flags);

// The answer a fresh client peer gives to `offerSdp`, plus that peer (which
// must stay alive for the connection to live).
struct Answer {
  std::shared_ptr<rtc::PeerConnection> peer;
  std::string sdp;
};
Answer answerOffer(const std::string& offerSdp);

}  // namespace wx::testing

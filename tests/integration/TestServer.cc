#include "integration/TestServer.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include "Example.h"

namespace wx::testing {

rest::ExamplesServerOptions TestServer::loopbackOptions() {
  rest::ExamplesServerOptions options;
  options.rtc.iceAllow = {"127.0.0.1"};
  options.rtc.warmPool = true;  // as the server runs by default
  return options;
}

TestServer::TestServer(rest::ExamplesServerOptions options,
                       std::optional<std::filesystem::path> recordDir) {
  if (recordDir) {
    recordDir_ = *recordDir;
  } else {
    std::string dir = (std::filesystem::temp_directory_path() / "wx-recordings-XXXXXX").string();
    if (!mkdtemp(dir.data())) throw std::runtime_error("mkdtemp failed");
    recordDir_ = dir;
    ownsRecordDir_ = true;
  }
  const std::vector<rest::MountedExample> mounted = examples::mountableExamples({recordDir_});
  server_ = std::make_unique<rest::ExamplesServer>(options, mounted);
  port_ = server_->bind("127.0.0.1", 0);
  // Bound already: the kernel queues connections until listen() accepts.
  thread_ = std::thread([this] { server_->listen(); });
}

TestServer::~TestServer() {
  server_->stop();
  thread_.join();
  server_.reset();
  std::error_code ignored;
  if (ownsRecordDir_) std::filesystem::remove_all(recordDir_, ignored);
}

httplib::Client TestServer::http() const {
  httplib::Client client(url());
  client.set_read_timeout(10, 0);
  return client;
}

client::ConnectionClient TestServer::clientFor(const std::string& name) const {
  return client::ConnectionClient(clientFactory(), {url(), "/" + name});
}

int runNativeClient(const examples::NativeClient& native, client::ConnectionClient& client,
                    std::vector<std::string> flags) {
  CLI::App command;
  native.addOptions(command);
  std::reverse(flags.begin(), flags.end());  // CLI11 parses a reversed vector
  command.parse(flags);
  return native.run(client);
}

rtc::Factory& clientFactory() {
  // Never destroyed: peers held by static test state may outlive main().
  rtc::FactoryOptions options;
  options.iceAllow = {"127.0.0.1"};
  static rtc::Factory* factory = new rtc::Factory(options);
  return *factory;
}

Answer answerOffer(const std::string& offerSdp) {
  Answer answer{clientFactory().createPeerConnection(), {}};
  answer.peer->setRemoteDescription({"offer", offerSdp});
  rtc::SessionDescription local = answer.peer->createAnswer();
  answer.peer->setLocalDescription(local);
  answer.sdp = local.sdp;
  return answer;
}

}  // namespace wx::testing

// The native side of sine-wave and sine-wave-stereo as a class, for the CLI,
// the tests and the benchmark: connects, hears the server's tone through a
// ToneAnalyser, and catches the example's control channel. Closes (DELETE)
// when destroyed.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "client/ConnectionClient.h"
#include "client/RemoteChannel.h"
#include "common/ToneAnalyser.h"

namespace wx::examples::sine_wave {

class ToneListener {
 public:
  // Blocking, like ConnectionClient::connect (which throws on failure).
  ToneListener(client::ConnectionClient& client, const std::string& controlLabel);
  ~ToneListener();
  ToneListener(const ToneListener&) = delete;
  ToneListener& operator=(const ToneListener&) = delete;

  const std::string& id() const { return connection_->id(); }
  const common::ToneAnalyser& analyser() const { return analyser_; }
  // The control channel once open; throws client::ClientError after `timeout`.
  std::shared_ptr<rtc::DataChannel> waitForControl(std::chrono::milliseconds timeout) {
    return control_.waitOpen(timeout);
  }

 private:
  common::ToneAnalyser analyser_;
  client::RemoteChannel control_;
  std::unique_ptr<rtc::MediaSink> listening_;
  std::unique_ptr<client::ClientConnection> connection_;
};

}  // namespace wx::examples::sine_wave

// The native halves of broadcaster and viewer as classes, for the CLI and
// the tests: a broadcaster sending a moving pattern and a tone, and a viewer
// counting the pictures it gets. Each connects in its constructor and
// closes (DELETE) when destroyed.
#pragma once

#include <memory>
#include <string>

#include "client/ConnectionClient.h"
#include "client/RemoteChannel.h"
#include "common/FrameCounter.h"
#include "common/PatternSender.h"
#include "common/ToneSender.h"

namespace wx::examples::broadcaster {

class BroadcastSender {
 public:
  BroadcastSender(client::ConnectionClient& client, int width, int height);
  const std::string& id() const { return connection_->id(); }
  // The server's reports of how many viewers watch ("0", "3"...), in order.
  client::RemoteChannel& viewers() { return viewers_; }

 private:
  std::shared_ptr<common::FramePacer> audioClock_;
  std::shared_ptr<common::FramePacer> videoClock_;
  common::ToneSender tone_;
  common::PatternSender pattern_;
  client::RemoteChannel viewers_{"viewers"};
  std::unique_ptr<client::ClientConnection> connection_;  // last: closes first
};

class BroadcastViewer {
 public:
  explicit BroadcastViewer(client::ConnectionClient& client);
  ~BroadcastViewer();
  const std::string& id() const { return connection_->id(); }
  const common::FrameCounter& frames() const { return frames_; }
  // "live" or "waiting", as the server says it, in order.
  client::RemoteChannel& status() { return status_; }

 private:
  common::FrameCounter frames_;
  client::RemoteChannel status_{"broadcast"};
  std::unique_ptr<rtc::MediaSink> seeing_;
  std::unique_ptr<client::ClientConnection> connection_;
};

}  // namespace wx::examples::broadcaster

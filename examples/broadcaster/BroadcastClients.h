// The native halves of broadcaster and viewer as classes, for the CLI and
// the tests: a broadcaster sending a moving pattern and a tone (or only one
// of them), and a viewer counting the pictures and the sound it gets. Each connects in its
// constructor and closes (DELETE) when destroyed.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "client/ConnectionClient.h"
#include "client/RemoteChannel.h"
#include "common/FrameCounter.h"
#include "common/PatternCheck.h"
#include "common/PatternSender.h"
#include "common/ToneSender.h"

namespace wx::examples::broadcaster {

// How a client reaches the server: this project's contract (the server
// offers, and keeps the client told on a data channel), or WHIP/WHEP (the
// client offers; no data channel).
enum class Signaling { Rest, Whip };

class BroadcastSender {
 public:
  // What it sends: a peer with no camera sends only audio, and the reverse.
  struct Kinds {
    bool audio = true;
    bool video = true;
  };
  // Signaling::Whip publishes at the client's prefix + "/whip".
  BroadcastSender(client::ConnectionClient& client, int width, int height, Kinds kinds,
                  Signaling signaling = Signaling::Rest);
  BroadcastSender(client::ConnectionClient& client, int width, int height)
      : BroadcastSender(client, width, height, Kinds{}) {}
  const std::string& id() const { return connection_->id(); }
  const common::PatternSender& pattern() const { return pattern_; }
  // The server's reports of how many viewers watch ("0", "3"...), in order;
  // none with WHIP.
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
  struct Options {
    // The only video codecs its answer accepts, by name
    // (Transceiver::setCodecPreferences); empty: all it supports.
    std::vector<std::string> videoCodecs = {};
    // Take the broadcast's audio; false answers it inactive (video only).
    bool audio = true;
    // Signaling::Whip plays with WHEP, at the client's prefix + "/whep".
    Signaling signaling = Signaling::Rest;
  };
  BroadcastViewer(client::ConnectionClient& client, const Options& options);
  explicit BroadcastViewer(client::ConnectionClient& client) : BroadcastViewer(client, Options{}) {}
  ~BroadcastViewer();
  const std::string& id() const { return connection_->id(); }
  // Pictures decoded (none on a factory that does not decode video).
  const common::FrameCounter& frames() const { return frames_; }
  // The same pictures checked against the broadcaster's pattern.
  const common::PatternCheck& pictures() const { return pictures_; }
  // Encoded frames received, decoded or not.
  const common::FrameCounter& encodedFrames() const { return encodedFrames_; }
  // How many 10 ms audio frames with sound came (not the receiver's zeros).
  uint64_t soundFrames() const { return soundFrames_; }
  // "live" or "waiting", as the server says it, in order; nothing with WHEP.
  client::RemoteChannel& status() { return status_; }

 private:
  common::FrameCounter frames_;
  common::PatternCheck pictures_;
  common::FrameCounter encodedFrames_;
  std::atomic<uint64_t> soundFrames_{0};
  std::unique_ptr<rtc::MediaSink> hearing_;
  client::RemoteChannel status_{"broadcast"};
  std::unique_ptr<rtc::MediaSink> seeing_;
  std::unique_ptr<rtc::MediaSink> counting_;
  std::unique_ptr<client::ClientConnection> connection_;
};

}  // namespace wx::examples::broadcaster

// The answering side's view of a data channel the server opens: attach it
// in beforeAnswer, then wait for it to open and for its messages from your
// own thread. Messages queue until read.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "common/ChangeNotifier.h"
#include "rtc/PeerConnection.h"

namespace wx::client {

class RemoteChannel {
 public:
  explicit RemoteChannel(std::string label) : state_(std::make_shared<State>(std::move(label))) {}

  // In beforeAnswer: catches the server's channel with this label.
  void attach(rtc::PeerConnection& pc);

  // Blocks until the channel is open; throws ClientError after `timeout`.
  std::shared_ptr<rtc::DataChannel> waitOpen(std::chrono::milliseconds timeout);

  // The oldest message not read yet, waiting up to `timeout` for one;
  // nothing on timeout or once the channel closed with none left.
  std::optional<std::string> next(std::chrono::milliseconds timeout);

 private:
  // Shared with the channel's handlers (signaling thread), held weakly there.
  struct State : common::ChangeNotifier {
    explicit State(std::string l) : label(std::move(l)) {}
    std::string label;
    std::shared_ptr<rtc::DataChannel> channel;
    bool open = false;
    bool closed = false;
    std::deque<std::string> messages;
  };
  std::shared_ptr<State> state_;
};

}  // namespace wx::client

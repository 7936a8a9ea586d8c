// The client half of ping-pong as a class: connect, wait for the channel,
// ping and time the pong. Used by the native CLI and the load generator.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "client/ConnectionClient.h"
#include "client/RemoteChannel.h"

namespace wx::examples::ping_pong {

class Pinger {
 public:
  // Connects and returns once the ping-pong channel is open. Throws
  // client::ClientError when negotiation fails or the channel does not open
  // within `openTimeout`.
  explicit Pinger(client::ConnectionClient& client,
                  std::chrono::milliseconds openTimeout = std::chrono::seconds(10));
  ~Pinger();

  // Sends "ping" and waits for the next "pong": the round trip, or nothing
  // after `timeout` or when the channel closed. Call from one thread at a time.
  std::optional<std::chrono::nanoseconds> ping(std::chrono::milliseconds timeout);

  const std::string& id() const { return connection_->id(); }
  // Closes the channel's peer and DELETEs the server's. Idempotent.
  void close() { connection_->close(); }

 private:
  client::RemoteChannel channel_{"ping-pong"};
  std::shared_ptr<rtc::DataChannel> open_;  // once open
  std::unique_ptr<client::ClientConnection> connection_;
};

}  // namespace wx::examples::ping_pong

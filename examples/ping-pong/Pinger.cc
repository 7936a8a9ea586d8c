#include "ping-pong/Pinger.h"

namespace wx::examples::ping_pong {

Pinger::Pinger(client::ConnectionClient& client, std::chrono::milliseconds openTimeout) {
  connection_ = client.connect([this](rtc::PeerConnection& pc) { channel_.attach(pc); });
  open_ = channel_.waitOpen(openTimeout);
}

Pinger::~Pinger() { close(); }

std::optional<std::chrono::nanoseconds> Pinger::ping(std::chrono::milliseconds timeout) {
  const auto sent = std::chrono::steady_clock::now();
  if (!open_->send("ping")) return std::nullopt;
  // The channel is ordered and the server sends nothing but pongs, so the
  // next message answers this ping.
  auto message = channel_.next(timeout);
  if (!message || *message != "pong") return std::nullopt;  // timed out, or closed
  return std::chrono::steady_clock::now() - sent;
}

}  // namespace wx::examples::ping_pong

// An RTCDataChannel: reliable, ordered messages between two peers.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace wx::rtc {

// One message as it arrived: text or binary, with its bytes.
struct DataChannelMessage {
  bool binary = false;
  std::string data;
};

// Abstract so tests can fake it; LibDataChannel is the libwebrtc one.
//
// Threads: every callback below runs on libwebrtc's signaling thread, which
// is also its network thread (Factory.h). Keep handlers short and never block
// in them (no waiting on the network, no blocking PeerConnection calls): no
// peer's packets move while one runs. Hand heavy work to a thread of your own.
class DataChannel {
 public:
  virtual ~DataChannel() = default;

  virtual std::string label() const = 0;
  virtual bool isOpen() const = 0;

  // Queue a message. Returns false, and leaves the channel open, when the
  // channel is not open, the message is bigger than maxMessageSize(), or
  // libwebrtc refused it (its send queue is full: watch bufferedAmount).
  virtual bool send(std::string_view text) = 0;
  virtual bool sendBinary(std::string_view bytes) = 0;

  // The largest message, in bytes, that both peers accept: the smaller of
  // ours (256 KiB) and the peer's a=max-message-size (RFC 8841: 64 KiB when
  // the peer's SDP has none; 0 there means no limit of its own). Known once
  // the channel is open; 0 before. Any thread.
  virtual uint64_t maxMessageSize() const = 0;

  // Bytes queued but not yet handed to the transport.
  virtual uint64_t bufferedAmount() const = 0;
  // onBufferedAmountLow fires when bufferedAmount falls to this level or below.
  virtual void setBufferedAmountLowThreshold(uint64_t bytes) = 0;

  virtual void close() = 0;

  // One slot per event; setting again replaces the handler. onOpen and
  // onClose are one-shot: set after the event happened, they still fire once
  // (posted to the signaling thread).
  virtual void onOpen(std::function<void()> handler) = 0;
  virtual void onClose(std::function<void()> handler) = 0;
  virtual void onMessage(std::function<void(const DataChannelMessage&)> handler) = 0;
  virtual void onBufferedAmountLow(std::function<void()> handler) = 0;
};

}  // namespace wx::rtc

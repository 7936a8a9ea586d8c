// Internal (includes libwebrtc): DataChannel on top of libwebrtc's.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "api/data_channel_interface.h"
#include "rtc/DataChannel.h"
#include "rtc_base/thread.h"

namespace wx::rtc {

class LibDataChannel : public DataChannel,
                       public ::webrtc::DataChannelObserver,
                       public std::enable_shared_from_this<LibDataChannel> {
 public:
  // `maxMessageSize` asks the peer connection for the negotiated limit
  // (DataChannel::maxMessageSize); called once, when the channel opens, on
  // whichever thread sees it open. `sctpAbortLogged` is shared by a peer
  // connection's channels: the first to close on an SCTP ABORT sets it and
  // logs the abort (logSctpAbort), so a peer connection logs it once.
  static std::shared_ptr<LibDataChannel> create(
      ::rtc::scoped_refptr<::webrtc::DataChannelInterface> channel, ::rtc::Thread* signaling,
      std::function<uint64_t()> maxMessageSize, std::shared_ptr<std::atomic<bool>> sctpAbortLogged);
  LibDataChannel(::rtc::scoped_refptr<::webrtc::DataChannelInterface> channel,
                 ::rtc::Thread* signaling, std::function<uint64_t()> maxMessageSize,
                 std::shared_ptr<std::atomic<bool>> sctpAbortLogged);
  ~LibDataChannel() override;

  std::string label() const override { return channel_->label(); }
  bool isOpen() const override;
  bool send(std::string_view text) override { return sendBuffer(text, false); }
  bool sendBinary(std::string_view bytes) override { return sendBuffer(bytes, true); }
  uint64_t maxMessageSize() const override { return maxMessageSize_; }
  uint64_t bufferedAmount() const override { return channel_->buffered_amount(); }
  void setBufferedAmountLowThreshold(uint64_t bytes) override { lowThreshold_ = bytes; }
  void close() override { channel_->Close(); }

  void onOpen(std::function<void()> handler) override;
  void onClose(std::function<void()> handler) override;
  void onMessage(std::function<void(const DataChannelMessage&)> handler) override;
  void onBufferedAmountLow(std::function<void()> handler) override;

  // libwebrtc's observer; runs on the signaling thread.
  void OnStateChange() override;
  void OnMessage(const ::webrtc::DataBuffer& buffer) override;
  void OnBufferedAmountChange(uint64_t sentBytes) override;

 private:
  bool sendBuffer(std::string_view bytes, bool binary);
  // Stores a one-shot handler, or schedules it at once if its event passed.
  void setOneShot(std::function<void()> LibDataChannel::*slot, std::function<void()> handler,
                  const std::atomic<bool>& happened);

  ::rtc::scoped_refptr<::webrtc::DataChannelInterface> channel_;
  ::rtc::Thread* signaling_;
  const std::function<uint64_t()> queryMaxMessageSize_;
  const std::shared_ptr<std::atomic<bool>> sctpAbortLogged_;
  std::atomic<uint64_t> maxMessageSize_{0};  // set on open
  mutable std::mutex mutex_;
  std::function<void()> onOpen_;
  std::function<void()> onClose_;
  std::function<void(const DataChannelMessage&)> onMessage_;
  std::function<void()> onLow_;
  std::atomic<bool> opened_{false};
  std::atomic<bool> closed_{false};
  std::atomic<uint64_t> lowThreshold_{0};
  // Set when a send leaves more than the threshold queued; cleared when the
  // queue drains to the threshold and onBufferedAmountLow fires.
  std::atomic<bool> aboveThreshold_{false};
};

}  // namespace wx::rtc

#include "rtc/LibDataChannel.h"

#include <spdlog/spdlog.h>

#include "rtc/WebRtcLog.h"

namespace wx::rtc {

std::shared_ptr<LibDataChannel> LibDataChannel::create(
    ::rtc::scoped_refptr<::webrtc::DataChannelInterface> channel, ::rtc::Thread* signaling,
    std::function<uint64_t()> maxMessageSize, std::shared_ptr<std::atomic<bool>> sctpAbortLogged) {
  auto wrapper = std::make_shared<LibDataChannel>(
      std::move(channel), signaling, std::move(maxMessageSize), std::move(sctpAbortLogged));
  wrapper->channel_->RegisterObserver(wrapper.get());
  // The channel may have opened before the observer was registered.
  wrapper->OnStateChange();
  return wrapper;
}

LibDataChannel::LibDataChannel(::rtc::scoped_refptr<::webrtc::DataChannelInterface> channel,
                               ::rtc::Thread* signaling, std::function<uint64_t()> maxMessageSize,
                               std::shared_ptr<std::atomic<bool>> sctpAbortLogged)
    : channel_(std::move(channel)),
      signaling_(signaling),
      queryMaxMessageSize_(std::move(maxMessageSize)),
      sctpAbortLogged_(std::move(sctpAbortLogged)) {}

LibDataChannel::~LibDataChannel() { channel_->UnregisterObserver(); }

bool LibDataChannel::isOpen() const {
  return opened_ && channel_->state() == ::webrtc::DataChannelInterface::kOpen;
}

bool LibDataChannel::sendBuffer(std::string_view bytes, bool binary) {
  // libwebrtc closes the channel when the transport refuses a message as too
  // big ("Closing the DataChannel due to a failure to send data"): refuse it
  // here instead, and the channel stays open.
  if (!isOpen() || bytes.size() > maxMessageSize_) return false;
  ::webrtc::DataBuffer buffer(::rtc::CopyOnWriteBuffer(bytes.data(), bytes.size()), binary);
  if (!channel_->Send(buffer)) return false;
  if (!aboveThreshold_ && channel_->buffered_amount() > lowThreshold_) {
    aboveThreshold_ = true;
    // Sent from another thread, the queue may have drained below the
    // threshold already, between Send and the check: look again on the
    // signaling thread, after any change event still on its way.
    if (!signaling_->IsCurrent()) {
      signaling_->PostTask([weak = weak_from_this()] {
        if (auto self = weak.lock()) self->OnBufferedAmountChange(0);
      });
    }
  }
  return true;
}

void LibDataChannel::setOneShot(std::function<void()> LibDataChannel::*slot,
                                std::function<void()> handler, const std::atomic<bool>& happened) {
  {
    // Under the lock that OnStateChange takes to mark the event and take the
    // handler: the handler is either taken by it or sees the event passed.
    std::lock_guard lock(mutex_);
    if (!happened) {
      this->*slot = std::move(handler);
      return;
    }
  }
  // The event is over: run the handler once on the signaling thread, as the
  // event itself would have.
  signaling_->PostTask([weak = weak_from_this(), handler = std::move(handler)] {
    if (auto self = weak.lock(); self && handler) handler();
  });
}

void LibDataChannel::onOpen(std::function<void()> handler) {
  setOneShot(&LibDataChannel::onOpen_, std::move(handler), opened_);
}

void LibDataChannel::onClose(std::function<void()> handler) {
  setOneShot(&LibDataChannel::onClose_, std::move(handler), closed_);
}

void LibDataChannel::onMessage(std::function<void(const DataChannelMessage&)> handler) {
  std::lock_guard lock(mutex_);
  onMessage_ = std::move(handler);
}

void LibDataChannel::onBufferedAmountLow(std::function<void()> handler) {
  std::lock_guard lock(mutex_);
  onLow_ = std::move(handler);
}

void LibDataChannel::OnStateChange() {
  auto state = channel_->state();
  std::function<void()> opened;
  std::function<void()> closed;
  bool closedNow = false;
  // Asked before the lock: from another thread the query waits for the
  // signaling thread, which may be waiting for this lock.
  uint64_t maxMessageSize = 0;
  if (state == ::webrtc::DataChannelInterface::kOpen && !opened_) {
    maxMessageSize = queryMaxMessageSize_();
  }
  {
    std::lock_guard lock(mutex_);
    if (state == ::webrtc::DataChannelInterface::kOpen && !opened_) {
      maxMessageSize_ = maxMessageSize;
      opened_ = true;  // after the size: isOpen() implies a known size
      opened = std::exchange(onOpen_, nullptr);
    }
    if (state == ::webrtc::DataChannelInterface::kClosed && !closed_.exchange(true)) {
      closed = std::exchange(onClose_, nullptr);
      closedNow = true;
    }
  }
  // An association's abort closes every channel with its error (dcSCTP's
  // OnAborted, via DcSctpTransport): the first one tells.
  if (closedNow) {
    ::webrtc::RTCError error = channel_->error();
    if (error.error_detail() == ::webrtc::RTCErrorDetailType::SCTP_FAILURE &&
        !sctpAbortLogged_->exchange(true)) {
      logSctpAbort(error.message());
    }
  }
  if (opened) opened();
  if (closed) closed();
}

void LibDataChannel::OnMessage(const ::webrtc::DataBuffer& buffer) {
  std::function<void(const DataChannelMessage&)> h;
  {
    std::lock_guard lock(mutex_);
    h = onMessage_;
  }
  if (!h) return;
  DataChannelMessage message{buffer.binary,
                             std::string(buffer.data.cdata<char>(), buffer.data.size())};
  h(message);
}

void LibDataChannel::OnBufferedAmountChange(uint64_t /*sentBytes*/) {
  if (!aboveThreshold_ || channel_->buffered_amount() > lowThreshold_) return;
  aboveThreshold_ = false;
  std::function<void()> h;
  {
    std::lock_guard lock(mutex_);
    h = onLow_;
  }
  if (h) h();
}

}  // namespace wx::rtc

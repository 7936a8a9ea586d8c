#include "rtc/CountingSocket.h"

#include <sys/socket.h>

#include <utility>

#include "rtc/DatagramBatch.h"
#include "rtc_base/async_socket.h"
#include "rtc_base/physical_socket_server.h"

namespace wx::rtc {
namespace {

// The file descriptor of one of libwebrtc's own sockets (a
// PhysicalSocketServer's dispatcher, through its RTTI), or -1.
int descriptorOf(::rtc::Socket* socket) {
  auto* dispatcher = dynamic_cast<::rtc::Dispatcher*>(socket);
  return dispatcher ? dispatcher->GetDescriptor() : -1;
}

class CountingSocket : public ::rtc::AsyncSocketAdapter, private SendBatches::Holder {
 public:
  CountingSocket(::rtc::Socket* socket, bool udp, std::shared_ptr<NetworkCounters> counters,
                 SendBatches* batches)
      : AsyncSocketAdapter(socket),
        udp_(udp),
        counters_(std::move(counters)),
        events_(batches),
        batches_(udp ? batches : nullptr),
        descriptor_(batches_ ? descriptorOf(socket) : -1) {}
  ~CountingSocket() override { sendAndForget(); }

  int Send(const void* data, size_t size) override {
    sendBatch();  // after what is held
    return sent(AsyncSocketAdapter::Send(data, size));
  }
  int SendTo(const void* data, size_t size, const ::rtc::SocketAddress& to) override {
    sockaddr_storage address;
    const size_t length = descriptor_ >= 0 ? to.ToSockAddrStorage(&address) : 0;
    if (length == 0) return sent(AsyncSocketAdapter::SendTo(data, size, to));
    if (!listed_) {
      batches_->add(this);
      listed_ = true;
    }
    if (held_.add(data, size, reinterpret_cast<const sockaddr*>(&address),
                  static_cast<socklen_t>(length))) {
      sendBatch();  // full
    }
    batches_->sendIfOld();
    return static_cast<int>(size);
  }
  int SetOption(Option option, int value) override {
    sendBatch();  // the datagrams held were sent before the option changed
    return AsyncSocketAdapter::SetOption(option, value);
  }
  int Recv(void* data, size_t size, int64_t* timestamp) override {
    return received(AsyncSocketAdapter::Recv(data, size, timestamp));
  }
  int RecvFrom(void* data, size_t size, ::rtc::SocketAddress* from, int64_t* timestamp) override {
    return received(AsyncSocketAdapter::RecvFrom(data, size, from, timestamp));
  }
  // libwebrtc asks a UDP socket for its address once per packet sent
  // (AsyncUDPSocket::SendTo, for the sent packet's info): a getsockname()
  // system call each time, 3 % of a relaying server's samples. A UDP
  // socket's address stays what it is once bound, so it is kept.
  ::rtc::SocketAddress GetLocalAddress() const override {
    if (udp_ && localAddress_.port() != 0) return localAddress_;
    ::rtc::SocketAddress address = AsyncSocketAdapter::GetLocalAddress();
    if (udp_) localAddress_ = address;
    return address;
  }
  int Bind(const ::rtc::SocketAddress& address) override {
    localAddress_.Clear();
    return AsyncSocketAdapter::Bind(address);
  }
  int Connect(const ::rtc::SocketAddress& address) override {
    localAddress_.Clear();
    return AsyncSocketAdapter::Connect(address);
  }
  int Close() override {
    sendAndForget();
    descriptor_ = -1;  // the number may soon be another socket's
    localAddress_.Clear();
    return AsyncSocketAdapter::Close();
  }
  ::rtc::Socket* Accept(::rtc::SocketAddress* from) override {
    ::rtc::Socket* accepted = AsyncSocketAdapter::Accept(from);
    return accepted ? new CountingSocket(accepted, udp_, counters_, events_) : nullptr;
  }

 protected:
  // Handling an event may send datagrams (a SACK read opens the window);
  // they leave together when it is done. Every event, as the socket server
  // handles events one after another without a wait in between.
  void OnReadEvent(::rtc::Socket* socket) override {
    inEvent([&] { AsyncSocketAdapter::OnReadEvent(socket); });
  }
  void OnWriteEvent(::rtc::Socket* socket) override {
    inEvent([&] { AsyncSocketAdapter::OnWriteEvent(socket); });
  }
  void OnConnectEvent(::rtc::Socket* socket) override {
    inEvent([&] { AsyncSocketAdapter::OnConnectEvent(socket); });
  }
  void OnCloseEvent(::rtc::Socket* socket, int error) override {
    inEvent([&] { AsyncSocketAdapter::OnCloseEvent(socket, error); });
  }

 private:
  // The socket may be gone when `handle` returns.
  template <typename Handle>
  void inEvent(Handle handle) {
    SendBatches* events = events_;
    if (events) events->beginEvent();
    handle();
    if (events) events->endEvent();
  }
  void sendHeld() override {
    listed_ = false;
    sendBatch();
  }
  void sendBatch() {
    if (held_.empty()) return;
    const DatagramBatch::Result result = held_.send(descriptor_);
    counters_->sentBatch(result.systemCalls, result.datagrams, result.bytes, result.dropped);
  }
  void sendAndForget() {
    sendBatch();
    if (listed_) batches_->remove(this);
    listed_ = false;
  }
  int sent(int result) {
    if (result > 0) counters_->sent(udp_, static_cast<uint64_t>(result));
    return result;
  }
  int received(int result) {
    if (result > 0) counters_->received(udp_, static_cast<uint64_t>(result));
    return result;
  }

  const bool udp_;
  const std::shared_ptr<NetworkCounters> counters_;
  SendBatches* const events_;   // every socket: its events flush
  SendBatches* const batches_;  // UDP only: holds its datagrams
  int descriptor_;              // -1: datagrams are not held, but sent at once
  DatagramBatch held_;
  bool listed_ = false;                        // in batches_, to be sent at its next flush
  mutable ::rtc::SocketAddress localAddress_;  // UDP, once bound; network thread only
};

}  // namespace

void SendBatches::add(Holder* holder) {
  if (holders_.empty()) firstHeldAt_ = std::chrono::steady_clock::now();
  holders_.push_back(holder);
}

void SendBatches::flush() {
  // Sending calls no libwebrtc code: no socket comes or goes meanwhile.
  for (Holder* holder : holders_) holder->sendHeld();
  holders_.clear();
}

void SendBatches::sendIfOld() {
  if (depth_ > 0 || holders_.empty()) return;
  if (std::chrono::steady_clock::now() - firstHeldAt_ > kMaxHold) flush();
}

void SendBatches::remove(Holder* holder) { std::erase(holders_, holder); }

::rtc::Socket* countSocket(::rtc::Socket* socket, int type,
                           std::shared_ptr<NetworkCounters> counters, SendBatches* batches) {
  if (!socket || !counters) return socket;
  return new CountingSocket(socket, type == SOCK_DGRAM, std::move(counters), batches);
}

}  // namespace wx::rtc

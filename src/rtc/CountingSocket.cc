#include "rtc/CountingSocket.h"

#include <sys/socket.h>

#include <utility>

#include "rtc_base/async_socket.h"

namespace wx::rtc {
namespace {

class CountingSocket : public ::rtc::AsyncSocketAdapter {
 public:
  CountingSocket(::rtc::Socket* socket, bool udp, std::shared_ptr<NetworkCounters> counters)
      : AsyncSocketAdapter(socket), udp_(udp), counters_(std::move(counters)) {}

  int Send(const void* data, size_t size) override {
    return sent(AsyncSocketAdapter::Send(data, size));
  }
  int SendTo(const void* data, size_t size, const ::rtc::SocketAddress& to) override {
    return sent(AsyncSocketAdapter::SendTo(data, size, to));
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
    localAddress_.Clear();
    return AsyncSocketAdapter::Close();
  }
  ::rtc::Socket* Accept(::rtc::SocketAddress* from) override {
    ::rtc::Socket* accepted = AsyncSocketAdapter::Accept(from);
    return accepted ? new CountingSocket(accepted, udp_, counters_) : nullptr;
  }

 private:
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
  mutable ::rtc::SocketAddress localAddress_;  // UDP, once bound; network thread only
};

}  // namespace

::rtc::Socket* countSocket(::rtc::Socket* socket, int type,
                           std::shared_ptr<NetworkCounters> counters) {
  if (!socket || !counters) return socket;
  return new CountingSocket(socket, type == SOCK_DGRAM, std::move(counters));
}

}  // namespace wx::rtc

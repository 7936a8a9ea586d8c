#include "rtc/SctpImmediateAck.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "media/sctp/dcsctp_transport.h"
#include "net/dcsctp/packet/crc32c.h"
#include "net/dcsctp/socket/dcsctp_socket.h"
#include "system_wrappers/include/clock.h"

namespace wx::rtc {

// ImmediateAckSocket derives from dcsctp::DcSctpSocket, whose members (its
// sequence checkers) differ in size with DCHECKs: this file is built with
// DCHECK_ALWAYS_ON, as libtgowt is (CMakeLists.txt), or every DcSctpSocket,
// libwebrtc's own included, would be destroyed with the wrong layout.
static_assert(RTC_DCHECK_IS_ON, "must be built with DCHECK_ALWAYS_ON, as libtgowt is");

namespace {

constexpr size_t kCommonHeaderSize = 12;  // ports, verification tag, checksum
constexpr size_t kChecksumOffset = 8;
constexpr uint8_t kData = 0;
constexpr uint8_t kIData = 64;
constexpr uint8_t kSack = 3;
constexpr uint8_t kImmediateAckFlag = 0x08;  // RFC 7053 section 4

// Calls `visit(offset, type, length)` for each chunk of an SCTP packet
// (RFC 9260 section 3.2: chunks follow the common header, padded to 4
// bytes). False, before or after some visits, if the packet is malformed.
template <typename Visit>
bool forEachChunk(const uint8_t* packet, size_t size, Visit visit) {
  if (size < kCommonHeaderSize) return false;
  for (size_t at = kCommonHeaderSize; at + 4 <= size;) {
    const size_t length = (size_t{packet[at + 2]} << 8) | packet[at + 3];
    if (length < 4 || at + length > size) return false;
    visit(at, packet[at], length);
    at += (length + 3) / 4 * 4;
  }
  return true;
}

uint32_t readU32(const uint8_t* at) {
  return (uint32_t{at[0]} << 24) | (uint32_t{at[1]} << 16) | (uint32_t{at[2]} << 8) | at[3];
}

// Offset of a SACK's a_rwnd: after the chunk header and the cumulative TSN ack.
constexpr size_t kSackWindowOffset = 8;
constexpr size_t kSackMinLength = 16;

// Whether a well-formed packet holds a SACK whose a_rwnd is above `cap`.
bool hasWindowAbove(const uint8_t* packet, size_t size, uint32_t cap) {
  bool above = false;
  const bool wellFormed = forEachChunk(packet, size, [&](size_t at, uint8_t type, size_t length) {
    if (type == kSack && length >= kSackMinLength && readU32(packet + at + kSackWindowOffset) > cap)
      above = true;
  });
  return wellFormed && above;
}

// The checksum covers the packet with its own field zeroed; dcSCTP's
// GenerateCrc32C returns it in the order it is stored, big-endian.
void rewriteChecksum(uint8_t* packet, size_t size) {
  for (size_t i = 0; i < 4; ++i) packet[kChecksumOffset + i] = 0;
  const uint32_t crc = ::dcsctp::GenerateCrc32C(::rtc::ArrayView<const uint8_t>(packet, size));
  for (size_t i = 0; i < 4; ++i) packet[kChecksumOffset + i] = uint8_t(crc >> (24 - 8 * i));
}

// Everything dcSCTP calls back goes to libwebrtc's DcSctpTransport, except
// that an outgoing packet may get the I bit first. All on the network thread:
// dcSCTP calls back only from inside the socket's own methods, which
// DcSctpTransport calls there.
class ImmediateAckCallbacks : public ::dcsctp::DcSctpSocketCallbacks {
 public:
  explicit ImmediateAckCallbacks(::dcsctp::DcSctpSocketCallbacks& inner) : inner_(inner) {}

  void setSocket(const ::dcsctp::DcSctpSocketInterface* socket, size_t cwndFloor) {
    socket_ = socket;
    cwndFloor_ = cwndFloor;
  }

  ::dcsctp::SendPacketStatus SendPacketWithStatus(::rtc::ArrayView<const uint8_t> data) override {
    if (!belowFloor()) return inner_.SendPacketWithStatus(data);
    packet_.assign(data.begin(), data.end());
    if (!requestImmediateAck(packet_.data(), packet_.size())) {
      return inner_.SendPacketWithStatus(data);
    }
    return inner_.SendPacketWithStatus(packet_);
  }
  std::unique_ptr<::dcsctp::Timeout> CreateTimeout(
      ::webrtc::TaskQueueBase::DelayPrecision precision) override {
    return inner_.CreateTimeout(precision);
  }
  ::dcsctp::TimeMs TimeMillis() override { return inner_.TimeMillis(); }
  uint32_t GetRandomInt(uint32_t low, uint32_t high) override {
    return inner_.GetRandomInt(low, high);
  }
  void OnMessageReceived(::dcsctp::DcSctpMessage message) override {
    inner_.OnMessageReceived(std::move(message));
  }
  void OnError(::dcsctp::ErrorKind error, absl::string_view message) override {
    inner_.OnError(error, message);
  }
  void OnAborted(::dcsctp::ErrorKind error, absl::string_view message) override {
    inner_.OnAborted(error, message);
  }
  void OnConnected() override { inner_.OnConnected(); }
  void OnClosed() override { inner_.OnClosed(); }
  void OnConnectionRestarted() override { inner_.OnConnectionRestarted(); }
  void OnStreamsResetFailed(::rtc::ArrayView<const ::dcsctp::StreamID> streams,
                            absl::string_view reason) override {
    inner_.OnStreamsResetFailed(streams, reason);
  }
  void OnStreamsResetPerformed(::rtc::ArrayView<const ::dcsctp::StreamID> streams) override {
    inner_.OnStreamsResetPerformed(streams);
  }
  void OnIncomingStreamsReset(::rtc::ArrayView<const ::dcsctp::StreamID> streams) override {
    inner_.OnIncomingStreamsReset(streams);
  }
  void OnBufferedAmountLow(::dcsctp::StreamID stream) override {
    inner_.OnBufferedAmountLow(stream);
  }
  void OnTotalBufferedAmountLow() override { inner_.OnTotalBufferedAmountLow(); }
  void OnLifecycleMessageFullySent(::dcsctp::LifecycleId id) override {
    inner_.OnLifecycleMessageFullySent(id);
  }
  void OnLifecycleMessageExpired(::dcsctp::LifecycleId id, bool maybeDelivered) override {
    inner_.OnLifecycleMessageExpired(id, maybeDelivered);
  }
  void OnLifecycleMessageDelivered(::dcsctp::LifecycleId id) override {
    inner_.OnLifecycleMessageDelivered(id);
  }
  void OnLifecycleEnd(::dcsctp::LifecycleId id) override { inner_.OnLifecycleEnd(id); }

 private:
  bool belowFloor() const {
    if (!socket_) return false;
    // Reads the socket's state while it sends: same thread, nothing changes.
    auto metrics = socket_->GetMetrics();
    return metrics && metrics->cwnd_bytes < cwndFloor_;
  }

  ::dcsctp::DcSctpSocketCallbacks& inner_;
  const ::dcsctp::DcSctpSocketInterface* socket_ = nullptr;
  size_t cwndFloor_ = 0;
  std::vector<uint8_t> packet_;
};

// The callbacks must exist before dcSCTP's socket, which keeps a reference,
// and outlive it: a base constructed first and destroyed last.
struct CallbacksHolder {
  explicit CallbacksHolder(::dcsctp::DcSctpSocketCallbacks& inner) : callbacks(inner) {}
  ImmediateAckCallbacks callbacks;
};

class ImmediateAckSocket : private CallbacksHolder, public ::dcsctp::DcSctpSocket {
 public:
  ImmediateAckSocket(absl::string_view logPrefix, ::dcsctp::DcSctpSocketCallbacks& inner,
                     std::unique_ptr<::dcsctp::PacketObserver> observer,
                     const ::dcsctp::DcSctpOptions& options)
      : CallbacksHolder(inner), DcSctpSocket(logPrefix, callbacks, std::move(observer), options) {
    // Below the floor of cwnd after loss (cwnd_mtus_min) only after T3-rtx.
    callbacks.setSocket(this, options.cwnd_mtus_min * options.mtu);
  }

  // The peer's SACKs get their a_rwnd capped at maxFlightBytes of the
  // smallest smoothed RTT seen (the path's, without the queueing a busy
  // machine adds; read every kRttEvery packets: GetMetrics is not free).
  void ReceivePacket(::rtc::ArrayView<const uint8_t> data) override {
    if (packetsSinceRtt_++ % kRttEvery == 0) {
      auto metrics = GetMetrics();
      if (metrics && metrics->srtt_ms < minSrttMs_) {
        minSrttMs_ = metrics->srtt_ms;
        maxFlight_ = maxFlightBytes(minSrttMs_);
      }
    }
    // Most packets (data, or SACKs already within the cap) go as they are.
    if (!hasWindowAbove(data.data(), data.size(), maxFlight_)) {
      return DcSctpSocket::ReceivePacket(data);
    }
    packet_.assign(data.begin(), data.end());
    capReceiverWindow(packet_.data(), packet_.size(), maxFlight_);
    DcSctpSocket::ReceivePacket(packet_);
  }

 private:
  static constexpr uint32_t kRttEvery = 64;
  int minSrttMs_ = std::numeric_limits<int>::max();
  uint32_t maxFlight_ = maxFlightBytes(0);
  uint32_t packetsSinceRtt_ = 0;
  std::vector<uint8_t> packet_;
};

class SctpTransportFactory : public ::webrtc::SctpTransportFactoryInterface {
 public:
  explicit SctpTransportFactory(::rtc::Thread* network) : network_(network) {}

  std::unique_ptr<::cricket::SctpTransportInternal> CreateSctpTransport(
      ::rtc::PacketTransportInternal* transport) override {
    return std::make_unique<::webrtc::DcSctpTransport>(
        network_, transport, ::webrtc::Clock::GetRealTimeClock(),
        std::make_unique<ImmediateAckSocketFactory>());
  }

 private:
  ::rtc::Thread* network_;
};

}  // namespace

uint32_t maxFlightBytes(int srttMs) {
  return static_cast<uint32_t>(kMaxFlightAtOneMs * std::sqrt(std::max(srttMs, 1)));
}

bool capReceiverWindow(uint8_t* packet, size_t size, uint32_t cap) {
  if (!hasWindowAbove(packet, size, cap)) return false;
  forEachChunk(packet, size, [&](size_t at, uint8_t type, size_t length) {
    uint8_t* field = packet + at + kSackWindowOffset;
    if (type != kSack || length < kSackMinLength || readU32(field) <= cap) return;
    for (size_t i = 0; i < 4; ++i) field[i] = uint8_t(cap >> (24 - 8 * i));
  });
  rewriteChecksum(packet, size);
  return true;
}

bool requestImmediateAck(uint8_t* packet, size_t size) {
  std::vector<size_t> flags;
  const bool wellFormed = forEachChunk(packet, size, [&](size_t at, uint8_t type, size_t) {
    if (type == kData || type == kIData) flags.push_back(at + 1);
  });
  if (!wellFormed || flags.empty()) return false;
  for (size_t at : flags) packet[at] |= kImmediateAckFlag;
  rewriteChecksum(packet, size);
  return true;
}

std::unique_ptr<::dcsctp::DcSctpSocketInterface> ImmediateAckSocketFactory::Create(
    absl::string_view log_prefix, ::dcsctp::DcSctpSocketCallbacks& callbacks,
    std::unique_ptr<::dcsctp::PacketObserver> packet_observer,
    const ::dcsctp::DcSctpOptions& options) {
  ::dcsctp::DcSctpOptions tuned = options;
  tuned.max_burst = kSctpMaxBurst;
  return std::make_unique<ImmediateAckSocket>(log_prefix, callbacks, std::move(packet_observer),
                                              tuned);
}

std::unique_ptr<::webrtc::SctpTransportFactoryInterface> makeSctpTransportFactory(
    ::rtc::Thread* network) {
  return std::make_unique<SctpTransportFactory>(network);
}

}  // namespace wx::rtc

// Two dcSCTP sockets (libwebrtc's own) over a simulated link and clock: the
// sender loses a burst, then its fast retransmit and the burst's tail, so
// that T3-rtx expires during fast recovery. That is how the
// datachannel-buffer-limits echo to a CPU-starved browser stalled (issue 14,
// src/rtc/SctpImmediateAck.h). Deterministic: no threads, no real time.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <vector>

#include "net/dcsctp/packet/crc32c.h"
#include "net/dcsctp/public/dcsctp_socket_factory.h"
#include "rtc/SctpImmediateAck.h"

namespace wx::rtc {
namespace {

using ::dcsctp::DurationMs;
using ::dcsctp::TimeMs;

struct Peer;

// One clock, every timeout and every packet in flight.
struct Network {
  int64_t now = 0;
  struct Packet {
    int64_t at;
    Peer* to;
    std::vector<uint8_t> bytes;
  };
  std::deque<Packet> inFlight;                             // in order of arrival: one fixed delay
  std::map<std::pair<Peer*, uint64_t>, int64_t> timeouts;  // (owner, id) -> due
  static constexpr int64_t kDelayMs = 1;
};

class FakeTimeout : public ::dcsctp::Timeout {
 public:
  FakeTimeout(Network& net, Peer* owner) : net_(net), owner_(owner) {}
  ~FakeTimeout() override { Stop(); }
  void Start(DurationMs duration, ::dcsctp::TimeoutID id) override {
    id_ = *id;
    net_.timeouts[{owner_, id_}] = net_.now + *duration;
  }
  void Stop() override { net_.timeouts.erase({owner_, id_}); }

 private:
  Network& net_;
  Peer* owner_;
  uint64_t id_ = 0;
};

struct Peer : ::dcsctp::DcSctpSocketCallbacks {
  Network& net;
  Peer* other = nullptr;
  std::unique_ptr<::dcsctp::DcSctpSocketInterface> socket;
  bool connected = false;
  size_t received = 0;                                        // bytes of messages delivered
  int sent = 0;                                               // packets handed to the link
  std::function<bool(int)> drop = [](int) { return false; };  // by packet number

  explicit Peer(Network& n) : net(n) {}

  ::dcsctp::SendPacketStatus SendPacketWithStatus(::rtc::ArrayView<const uint8_t> data) override {
    if (!drop(sent++)) {
      net.inFlight.push_back({net.now + Network::kDelayMs, other, {data.begin(), data.end()}});
    }
    return ::dcsctp::SendPacketStatus::kSuccess;
  }
  std::unique_ptr<::dcsctp::Timeout> CreateTimeout(
      ::webrtc::TaskQueueBase::DelayPrecision) override {
    return std::make_unique<FakeTimeout>(net, this);
  }
  TimeMs TimeMillis() override { return TimeMs(net.now); }
  uint32_t GetRandomInt(uint32_t low, uint32_t) override { return low; }
  void OnMessageReceived(::dcsctp::DcSctpMessage message) override {
    received += message.payload().size();
  }
  void OnError(::dcsctp::ErrorKind, absl::string_view) override {}
  void OnAborted(::dcsctp::ErrorKind, absl::string_view) override {}
  void OnConnected() override { connected = true; }
  void OnClosed() override {}
  void OnConnectionRestarted() override {}
  void OnStreamsResetFailed(::rtc::ArrayView<const ::dcsctp::StreamID>,
                            absl::string_view) override {}
  void OnStreamsResetPerformed(::rtc::ArrayView<const ::dcsctp::StreamID>) override {}
  void OnIncomingStreamsReset(::rtc::ArrayView<const ::dcsctp::StreamID>) override {}
};

// Runs packets and timeouts in time order until `done` or `limitMs`.
template <typename Done>
void run(Network& net, int64_t limitMs, Done done) {
  while (!done() && net.now < limitMs) {
    int64_t next = limitMs;
    if (!net.inFlight.empty()) next = std::min(next, net.inFlight.front().at);
    for (const auto& [key, due] : net.timeouts) next = std::min(next, due);
    net.now = std::max(net.now, next);
    if (!net.inFlight.empty() && net.inFlight.front().at <= net.now) {
      Network::Packet packet = std::move(net.inFlight.front());
      net.inFlight.pop_front();
      packet.to->socket->ReceivePacket(packet.bytes);
      continue;
    }
    for (auto it = net.timeouts.begin(); it != net.timeouts.end(); ++it) {
      if (it->second <= net.now) {
        auto [owner, id] = it->first;
        net.timeouts.erase(it);
        owner->socket->HandleTimeout(::dcsctp::TimeoutID(id));
        break;
      }
    }
  }
}

constexpr size_t kMessage = 64 * 1024;
constexpr int kMessages = 20;
constexpr int kFirstLoss = 300;     // the sender's packet that is lost alone...
constexpr int kBlackoutFrom = 320;  // ...and from here the link drops all it sends
constexpr int64_t kBlackoutMs = 1500;

// Milliseconds from the end of the blackout until the receiver has every
// message, the sender's sockets made by `factory`.
int64_t recoveryMs(::dcsctp::DcSctpSocketFactory& factory) {
  Network net;
  Peer sender(net), receiver(net);
  sender.other = &receiver;
  receiver.other = &sender;
  ::dcsctp::DcSctpOptions options;  // libwebrtc's DcSctpTransport changes none of these here
  sender.socket = factory.Create("sender ", sender, nullptr, options);
  receiver.socket = ::dcsctp::DcSctpSocketFactory().Create("receiver ", receiver, nullptr, options);
  sender.socket->Connect();
  run(net, 1000, [&] { return sender.connected && receiver.connected; });
  EXPECT_TRUE(sender.connected && receiver.connected);

  int64_t blackoutEnd = -1;
  const int first = sender.sent;
  sender.drop = [&](int n) {
    n -= first;
    if (n == kFirstLoss) return true;
    if (n < kBlackoutFrom) return false;
    if (blackoutEnd < 0) blackoutEnd = net.now + kBlackoutMs;
    return net.now < blackoutEnd;
  };
  for (int i = 0; i < kMessages; ++i) {
    EXPECT_EQ(sender.socket->Send(::dcsctp::DcSctpMessage(::dcsctp::StreamID(1), ::dcsctp::PPID(53),
                                                          std::vector<uint8_t>(kMessage, 42)),
                                  {}),
              ::dcsctp::SendStatus::kSuccess);
  }
  const size_t total = kMessages * kMessage;
  run(net, 600'000, [&] { return receiver.received == total; });
  EXPECT_EQ(receiver.received, total);
  EXPECT_GT(blackoutEnd, 0) << "the link never dropped the burst's tail";
  return net.now - blackoutEnd;
}

// A packet as dcSCTP builds one: common header, then chunks padded to 4.
std::vector<uint8_t> packet(std::vector<std::vector<uint8_t>> chunks) {
  std::vector<uint8_t> out = {0x13, 0x88, 0x13, 0x88, 1, 2, 3, 4, 9, 9, 9, 9};
  for (auto& chunk : chunks) {
    out.insert(out.end(), chunk.begin(), chunk.end());
    out.resize((out.size() + 3) / 4 * 4);
  }
  return out;
}
const std::vector<uint8_t> kSack = {3, 0, 0, 16, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0};
// DATA, flags B|E, TSN 9, stream 1, SSN 0, PPID 53, one byte.
const std::vector<uint8_t> kData = {0, 3, 0, 17, 0, 0, 0, 9, 0, 1, 0, 0, 0, 0, 0, 53, 42};

TEST(SctpImmediateAck, SetsTheIBitOnDataChunksAndRewritesTheChecksum) {
  std::vector<uint8_t> bytes = packet({kSack, kData});
  ASSERT_TRUE(requestImmediateAck(bytes.data(), bytes.size()));
  EXPECT_EQ(bytes[12 + 1], 0) << "a SACK's flags are left alone";
  EXPECT_EQ(bytes[28 + 1], 0x0b) << "B|E plus the I bit";
  const uint32_t stored =
      uint32_t{bytes[8]} << 24 | uint32_t{bytes[9]} << 16 | uint32_t{bytes[10]} << 8 | bytes[11];
  std::fill(bytes.begin() + 8, bytes.begin() + 12, 0);
  EXPECT_EQ(stored, ::dcsctp::GenerateCrc32C(bytes));
}

TEST(SctpImmediateAck, LeavesPacketsWithoutDataOrMalformedAlone) {
  std::vector<uint8_t> sackOnly = packet({kSack});
  const auto before = sackOnly;
  EXPECT_FALSE(requestImmediateAck(sackOnly.data(), sackOnly.size()));
  EXPECT_EQ(sackOnly, before);
  std::vector<uint8_t> truncated = packet({kData});
  truncated.resize(truncated.size() - 8);  // the chunk says 17 bytes; 9 are left
  const auto truncatedBefore = truncated;
  EXPECT_FALSE(requestImmediateAck(truncated.data(), truncated.size()));
  EXPECT_EQ(truncated, truncatedBefore);
}

TEST(SctpImmediateAck, CapsTheReceiverWindowOfSacksAndRewritesTheChecksum) {
  std::vector<uint8_t> bytes = packet({kSack, kData});  // a_rwnd 65,536
  const auto before = bytes;
  EXPECT_FALSE(capReceiverWindow(bytes.data(), bytes.size(), 65536));
  EXPECT_EQ(bytes, before) << "a window at or under the cap stays";
  ASSERT_TRUE(capReceiverWindow(bytes.data(), bytes.size(), 4096));
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + 20, bytes.begin() + 24),
            (std::vector<uint8_t>{0, 0, 16, 0}));
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + 28, bytes.end()),
            std::vector<uint8_t>(before.begin() + 28, before.end()))
      << "the DATA chunk is left alone";
  const uint32_t stored =
      uint32_t{bytes[8]} << 24 | uint32_t{bytes[9]} << 16 | uint32_t{bytes[10]} << 8 | bytes[11];
  std::fill(bytes.begin() + 8, bytes.begin() + 12, 0);
  EXPECT_EQ(stored, ::dcsctp::GenerateCrc32C(bytes));
}

// The most bytes a sender made by `factory` has on the link at once while
// it sends 1.8 MB over a lossless link (1 ms each way): its flight, less
// what the receiver holds before its delayed SACK (a packet or two).
size_t mostInFlight(::dcsctp::DcSctpSocketFactory& factory) {
  Network net;
  Peer sender(net), receiver(net);
  sender.other = &receiver;
  receiver.other = &sender;
  ::dcsctp::DcSctpOptions options;
  sender.socket = factory.Create("sender ", sender, nullptr, options);
  receiver.socket = ::dcsctp::DcSctpSocketFactory().Create("receiver ", receiver, nullptr, options);
  sender.socket->Connect();
  run(net, 1000, [&] { return sender.connected && receiver.connected; });
  constexpr int kBulk = 28;  // under dcSCTP's 2 MB send buffer
  for (int i = 0; i < kBulk; ++i) {
    sender.socket->Send(::dcsctp::DcSctpMessage(::dcsctp::StreamID(1), ::dcsctp::PPID(53),
                                                std::vector<uint8_t>(kMessage, 42)),
                        {});
  }
  size_t most = 0;
  run(net, 60'000, [&] {
    size_t bytes = 0;
    for (const auto& p : net.inFlight) {
      if (p.to == &receiver) bytes += p.bytes.size();
    }
    most = std::max(most, bytes);
    return receiver.received == kBulk * kMessage;
  });
  EXPECT_EQ(receiver.received, kBulk * kMessage);
  return most;
}

// The flight stays within maxFlightBytes (2 ms round trip here); dcSCTP's
// own sender, with nothing lost, lets its window grow to the receiver's
// 5 MiB.
TEST(SctpImmediateAck, TheFlightStaysWithinTheCapForTheRoundTrip) {
  ImmediateAckSocketFactory ours;
  ::dcsctp::DcSctpSocketFactory theirs;
  const size_t capped = mostInFlight(ours);
  const size_t uncapped = mostInFlight(theirs);
  EXPECT_LE(capped, maxFlightBytes(2));
  EXPECT_GT(uncapped, 2 * maxFlightBytes(2));
}

// libwebrtc's dcSCTP alone: after T3-rtx during fast recovery one chunk per
// delayed ack (200 ms) gets through. This is the stall; if a libwebrtc update
// fixes it, this expectation fails and SctpImmediateAck can go.
TEST(SctpImmediateAck, WithoutItATimeoutInFastRecoveryCrawlsAtOneChunkPerDelayedAck) {
  // 24.7 s here for the ~170 KB the blackout cost.
  ::dcsctp::DcSctpSocketFactory plain;
  EXPECT_GT(recoveryMs(plain), 10'000);
}

// 1.7 s here, most of it the backed-off T3-rtx still running when the link
// comes back (without the I bit: 24.7 s).
TEST(SctpImmediateAck, WithItTheSenderRecoversInSeconds) {
  ImmediateAckSocketFactory factory;
  EXPECT_LT(recoveryMs(factory), 3'000);
}

}  // namespace
}  // namespace wx::rtc

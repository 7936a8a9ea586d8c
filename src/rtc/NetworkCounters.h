// What every peer's sockets sent and received since the factory started,
// for /metrics. Counted as libwebrtc's sockets see it: STUN, DTLS, SRTP and
// SCTP bytes, without IP, UDP or TCP headers. UDP counts datagrams and their
// bytes; ICE-TCP (RFC 6544) carries packets in a byte stream, so TCP counts
// bytes only.
#pragma once

#include <atomic>
#include <cstdint>

namespace wx::rtc {

struct NetworkTotals {
  uint64_t udpPacketsSent = 0;
  uint64_t udpPacketsReceived = 0;
  uint64_t udpBytesSent = 0;
  uint64_t udpBytesReceived = 0;
  uint64_t tcpBytesSent = 0;
  uint64_t tcpBytesReceived = 0;
  // System calls that sent UDP datagrams: one per datagram, or one per batch
  // (DatagramBatch.h, CountingSocket.h).
  uint64_t udpSendCalls = 0;
  // Datagrams the kernel refused to send (a full send buffer, an unreachable
  // address), after libwebrtc was told they were sent.
  uint64_t udpPacketsDropped = 0;
};

// Added to by the network thread's sockets, read from any thread.
class NetworkCounters {
 public:
  void sent(bool udp, uint64_t bytes) {
    add(udp ? udpBytesSent_ : tcpBytesSent_, bytes);
    if (!udp) return;
    add(udpPacketsSent_, 1);
    add(udpSendCalls_, 1);
  }
  // A batch of UDP datagrams: `calls` system calls sent `packets` datagrams
  // of `bytes` in all and dropped `dropped`.
  void sentBatch(uint64_t calls, uint64_t packets, uint64_t bytes, uint64_t dropped) {
    add(udpSendCalls_, calls);
    add(udpPacketsSent_, packets);
    add(udpBytesSent_, bytes);
    add(udpPacketsDropped_, dropped);
  }
  void received(bool udp, uint64_t bytes) {
    add(udp ? udpBytesReceived_ : tcpBytesReceived_, bytes);
    if (udp) add(udpPacketsReceived_, 1);
  }
  NetworkTotals totals() const {
    return {udpPacketsSent_.load(std::memory_order_relaxed),
            udpPacketsReceived_.load(std::memory_order_relaxed),
            udpBytesSent_.load(std::memory_order_relaxed),
            udpBytesReceived_.load(std::memory_order_relaxed),
            tcpBytesSent_.load(std::memory_order_relaxed),
            tcpBytesReceived_.load(std::memory_order_relaxed),
            udpSendCalls_.load(std::memory_order_relaxed),
            udpPacketsDropped_.load(std::memory_order_relaxed)};
  }

 private:
  static void add(std::atomic<uint64_t>& counter, uint64_t n) {
    counter.fetch_add(n, std::memory_order_relaxed);
  }

  std::atomic<uint64_t> udpPacketsSent_{0};
  std::atomic<uint64_t> udpPacketsReceived_{0};
  std::atomic<uint64_t> udpBytesSent_{0};
  std::atomic<uint64_t> udpBytesReceived_{0};
  std::atomic<uint64_t> tcpBytesSent_{0};
  std::atomic<uint64_t> tcpBytesReceived_{0};
  std::atomic<uint64_t> udpSendCalls_{0};
  std::atomic<uint64_t> udpPacketsDropped_{0};
};

}  // namespace wx::rtc

// Datagrams queued for one UDP socket and sent with one sendmmsg() call.
// Consecutive datagrams to one address, all of one size but the last (which
// may be shorter), go as one UDP GSO send (UDP_SEGMENT, Linux 4.18 and
// later): one pass through the IP stack, cut back into the same datagrams by
// the kernel or the NIC. Data channels send exactly such runs (full SCTP
// packets in DTLS records of one size); a video frame is a run per peer.
//
// Plain POSIX, no libwebrtc. Not thread-safe: one thread owns a batch
// (CountingSocket.h: the network thread).
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace wx::rtc {

class DatagramBatch {
 public:
  // A batch holding this many datagrams is full (add() says so).
  static constexpr size_t kMaxDatagrams = 64;
  // At most this many datagrams in one GSO send (the kernel's
  // UDP_MAX_SEGMENTS: 64 since UDP GSO came in, Linux 4.18; newer kernels
  // take more).
  static constexpr size_t kMaxSegments = 64;
  // At most this many bytes in one GSO send: a UDP datagram's payload, 65,507
  // bytes over IPv4, with room for IPv6's larger header.
  static constexpr size_t kMaxGsoBytes = 65000;
  // A batch keeps this much memory between sends, at most; a full one (64
  // datagrams of up to 1,500 bytes) is allocated for the send that needs it.
  static constexpr size_t kKeptBytes = 16 * 1024;
  static constexpr size_t kKeptDatagrams = 16;

  // Copies a datagram for `to` (`toLength` bytes of address). Returns true
  // when the batch is full: send() it before adding more.
  bool add(const void* data, size_t size, const sockaddr* to, socklen_t toLength);
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  // Bytes of memory the batch holds (kept between sends: kKeptBytes and
  // kKeptDatagrams' entries at most).
  size_t memory() const { return bytes_.capacity() + entries_.capacity() * sizeof(Entry); }

  struct Result {
    size_t datagrams = 0;    // taken by the kernel
    size_t bytes = 0;        // their payload bytes
    size_t dropped = 0;      // refused: a full send buffer, an unreachable address
    size_t messages = 0;     // sendmmsg() messages taken: GSO runs and single datagrams
    size_t systemCalls = 0;  // sendmmsg() calls
  };
  // Sends everything queued on `fd`, a UDP socket, in order, and empties the
  // batch. Datagrams the kernel refuses are dropped, as a network would drop
  // them; a socket whose GSO sends are refused (EIO: a device without
  // checksum offload) sends one datagram per message from then on.
  Result send(int fd);

 private:
  struct Entry {
    size_t offset;
    size_t size;
    sockaddr_storage to;
    socklen_t toLength;
  };
  struct Run {
    size_t count;  // entries from the first, in one message
    size_t bytes;  // their payload
  };
  Run runFrom(size_t first) const;

  std::vector<uint8_t> bytes_;
  std::vector<Entry> entries_;
  bool gso_ = true;  // false: the kernel has no UDP GSO, or refused this socket's
};

}  // namespace wx::rtc

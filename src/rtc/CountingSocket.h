// Internal (includes libwebrtc): a socket that adds what it sends and
// receives to NetworkCounters, keeps a bound UDP socket's local address
// (libwebrtc asks for it per packet), holds the UDP datagrams it is given to
// send until SendBatches sends them, and otherwise is the socket it wraps.
// Network thread only, like every libwebrtc socket.
//
// Compiled with DCHECK_ALWAYS_ON (CMakeLists.txt): it derives from
// rtc::AsyncSocketAdapter, a libwebrtc class with data members.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "rtc/NetworkCounters.h"
#include "rtc_base/socket.h"

namespace wx::rtc {

// The UDP datagrams one thread's sockets send while the thread handles a
// socket's read event, or runs tasks between two waits for events, held and
// sent per socket with one system call when that event's handling ends or
// the thread next waits (DatagramBatch.h: one sendmmsg(), runs of equal
// datagrams as UDP GSO). Why: a sendto() per datagram was the largest
// single cost of the network thread during a data channel echo (27 % of its
// samples on loopback, the kernel's delivery included), and a SACK that
// opens the window, or a video frame, sends several datagrams at once.
// Measured (bench/README.md, issue 17): 16 MiB echoed to the Node client on
// 127.0.0.1, download 480 -> 580 Mbit/s (4 alternating rounds, all
// higher), the server's CPU for it 12 % less.
// A held datagram leaves at most one event's or one run of tasks' handling
// later, and no later than kMaxHold after the oldest held if the thread has
// sent anything since (a backlog of tasks keeps it from waiting); libwebrtc
// is told it was sent when it is held, as with a datagram a network drops,
// so a refusal is only counted (NetworkCounters).
// Thread: the one whose socket server owns it (CoalescingSocketServer).
class SendBatches {
 public:
  // A socket holding datagrams.
  class Holder {
   public:
    virtual void sendHeld() = 0;

   protected:
    ~Holder() = default;
  };

  static constexpr std::chrono::milliseconds kMaxHold{1};

  // Sends every socket's held datagrams.
  void flush();
  // Flushes if the oldest datagram held has waited more than kMaxHold.
  // Within an event nothing is old: its end flushes.
  void sendIfOld();
  // `holder` has datagrams to send at the next flush.
  void add(Holder* holder);
  // `holder` is going away, its datagrams sent.
  void remove(Holder* holder);
  // A socket's read event is handled between these; the outermost end
  // flushes.
  void beginEvent() { ++depth_; }
  void endEvent() {
    if (--depth_ == 0) flush();
  }

 private:
  std::vector<Holder*> holders_;
  std::chrono::steady_clock::time_point firstHeldAt_;
  int depth_ = 0;
};

// Takes ownership of `socket` (SOCK_DGRAM or SOCK_STREAM, as `type` says);
// `counters` and `batches` must outlive the returned socket. Sockets it
// accepts are counted too. A UDP socket's datagrams go through `batches`
// when it is given and the socket is libwebrtc's own (a file descriptor);
// every socket's events flush `batches` when handled.
::rtc::Socket* countSocket(::rtc::Socket* socket, int type,
                           std::shared_ptr<NetworkCounters> counters,
                           SendBatches* batches = nullptr);

}  // namespace wx::rtc

// Internal (includes libwebrtc): the socket server of libwebrtc's network
// thread, wrapping libwebrtc's own, so that the thread wakes less often.
//
// - Wake-ups for posted tasks honour WakeUpBatch (WakeUpBatch.h).
// - Timed waits end on a step of the clock (TimerStep.h). With 20 peers,
//   their congestion controllers alone (every 25 ms each) woke the thread
//   800 times a second. Delayed tasks run up to a step late, the pacer's
//   included (rtc::Thread keeps no precision apart, unlike our task queues),
//   so video packets leave in bursts at most a step apart; socket events
//   and posted tasks are not delayed.
// - Its sockets count what they send and receive, when given counters, and
//   hold the UDP datagrams they send until the event that sent them is
//   handled or the thread next waits (CountingSocket.h, SendBatches).
#pragma once

#include <chrono>
#include <memory>

#include "rtc/CountingSocket.h"
#include "rtc/NetworkCounters.h"
#include "rtc/TimerStep.h"
#include "rtc/WakeUpBatch.h"
#include "rtc_base/socket_server.h"

namespace wx::rtc {

// A wait of `wait` from `now` (on the steady clock) stretched to end on the
// next step, in whole milliseconds (what the socket server's epoll wait
// counts in) rounded up, so that it never ends before the step. Zero and
// infinite waits are kept.
::webrtc::TimeDelta stretchToStep(::webrtc::TimeDelta wait, std::chrono::microseconds now);

// Sends what `network`'s sockets hold (if its socket server is a
// CoalescingSocketServer), blocking on `network` from any other thread: a
// caller that closed a peer connection, say, knows its last datagrams (the
// SCTP ABORT) are on their way before it tells the other side by another
// path (a DELETE), as it could before sends were held.
void sendHeldDatagrams(::rtc::Thread& network);

// Has `network` handle what has arrived on its sockets (one poll that does
// not wait), blocking on it from another thread; nothing on `network`
// itself (a socket server's wait is not reentrant). Before a close, so that
// what the peer sent before the other side closed (an SCTP ABORT, its last
// messages) is handled rather than dropped, whichever reached us first.
void handleArrivedDatagrams(::rtc::Thread& network);

class CoalescingSocketServer : public ::rtc::SocketServer, public Wakeable {
 public:
  explicit CoalescingSocketServer(std::unique_ptr<::rtc::SocketServer> inner,
                                  std::shared_ptr<NetworkCounters> counters = nullptr);

  ::rtc::Socket* CreateSocket(int family, int type) override;
  void SetMessageQueue(::rtc::Thread* queue) override;
  // The network thread, when it has no task to run: first sends what its
  // sockets hold.
  bool Wait(::webrtc::TimeDelta max_wait_duration, bool process_io) override;
  // Any thread.
  void WakeUp() override;
  void wakeUpNow() override;
  // The network thread: sends what its sockets hold now.
  void sendHeld() { batches_.flush(); }

 private:
  std::unique_ptr<::rtc::SocketServer> inner_;
  const std::shared_ptr<NetworkCounters> counters_;
  SendBatches batches_;
};

}  // namespace wx::rtc

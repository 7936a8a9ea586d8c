// Internal (includes libwebrtc): the socket server of libwebrtc's network
// thread, wrapping libwebrtc's own, so that the thread wakes less often.
//
// - Wake-ups for posted tasks honour WakeUpBatch (WakeUpBatch.h).
// - Timed waits end on 5 ms steps of the clock, like the delayed tasks of
//   SharedTaskQueueFactory: the periodic tasks of many peers (each peer's
//   congestion controller runs every 25 ms, RTCP, ICE checks) then come due
//   together and share a wake-up instead of taking one each, 800 a second
//   at 20 peers. Delayed tasks run up to 5 ms late; socket events and
//   posted tasks are not delayed.
#pragma once

#include <memory>

#include "rtc/WakeUpBatch.h"
#include "rtc_base/socket_server.h"

namespace wx::rtc {

class CoalescingSocketServer : public ::rtc::SocketServer, public Wakeable {
 public:
  explicit CoalescingSocketServer(std::unique_ptr<::rtc::SocketServer> inner);

  ::rtc::Socket* CreateSocket(int family, int type) override;
  void SetMessageQueue(::rtc::Thread* queue) override;
  // The network thread, between tasks.
  bool Wait(::webrtc::TimeDelta max_wait_duration, bool process_io) override;
  // Any thread.
  void WakeUp() override;
  void wakeUpNow() override;

 private:
  std::unique_ptr<::rtc::SocketServer> inner_;
};

}  // namespace wx::rtc

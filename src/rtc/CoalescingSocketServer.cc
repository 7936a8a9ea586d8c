#include "rtc/CoalescingSocketServer.h"

#include "rtc/CountingSocket.h"
#include "rtc_base/thread.h"

namespace wx::rtc {

::webrtc::TimeDelta stretchToStep(::webrtc::TimeDelta wait, std::chrono::microseconds now) {
  if (!wait.IsFinite() || wait <= ::webrtc::TimeDelta::Zero()) return wait;
  const auto stepped = roundUpToStep(now + std::chrono::microseconds(wait.us()));
  return ::webrtc::TimeDelta::Micros((stepped - now).count())
      .RoundUpTo(::webrtc::TimeDelta::Millis(1));
}

CoalescingSocketServer::CoalescingSocketServer(std::unique_ptr<::rtc::SocketServer> inner,
                                               std::shared_ptr<NetworkCounters> counters)
    : inner_(std::move(inner)), counters_(std::move(counters)) {}

::rtc::Socket* CoalescingSocketServer::CreateSocket(int family, int type) {
  return countSocket(inner_->CreateSocket(family, type), type, counters_, &batches_);
}

void CoalescingSocketServer::SetMessageQueue(::rtc::Thread* queue) {
  inner_->SetMessageQueue(queue);
}

void sendHeldDatagrams(::rtc::Thread& network) {
  network.BlockingCall([&network] {
    if (auto* server = dynamic_cast<CoalescingSocketServer*>(network.socketserver())) {
      server->sendHeld();
    }
  });
}

void handleArrivedDatagrams(::rtc::Thread& network) {
  if (network.IsCurrent()) return;
  // A task runs outside the socket server's own wait: this one is not nested.
  network.BlockingCall(
      [&network] { network.socketserver()->Wait(::webrtc::TimeDelta::Zero(), true); });
}

bool CoalescingSocketServer::Wait(::webrtc::TimeDelta max_wait_duration, bool process_io) {
  batches_.flush();
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now().time_since_epoch());
  return inner_->Wait(stretchToStep(max_wait_duration, now), process_io);
}

void CoalescingSocketServer::WakeUp() {
  if (!WakeUpBatch::hold(*this, Kind::NetworkThread)) inner_->WakeUp();
}

void CoalescingSocketServer::wakeUpNow() { inner_->WakeUp(); }

}  // namespace wx::rtc

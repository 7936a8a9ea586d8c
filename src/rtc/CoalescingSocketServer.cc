#include "rtc/CoalescingSocketServer.h"

#include <chrono>

namespace wx::rtc {
namespace {

constexpr std::chrono::microseconds kTimerStep{5000};

// `wait` stretched to end on the next step of the steady clock.
::webrtc::TimeDelta toNextStep(::webrtc::TimeDelta wait) {
  if (!wait.IsFinite() || wait <= ::webrtc::TimeDelta::Zero()) return wait;
  using std::chrono::microseconds;
  const auto now =
      std::chrono::duration_cast<microseconds>(std::chrono::steady_clock::now().time_since_epoch());
  const auto due = now + microseconds(wait.us());
  const auto stepped = (due + kTimerStep - microseconds(1)) / kTimerStep * kTimerStep;
  return ::webrtc::TimeDelta::Micros((stepped - now).count());
}

}  // namespace

CoalescingSocketServer::CoalescingSocketServer(std::unique_ptr<::rtc::SocketServer> inner)
    : inner_(std::move(inner)) {}

::rtc::Socket* CoalescingSocketServer::CreateSocket(int family, int type) {
  return inner_->CreateSocket(family, type);
}

void CoalescingSocketServer::SetMessageQueue(::rtc::Thread* queue) {
  inner_->SetMessageQueue(queue);
}

bool CoalescingSocketServer::Wait(::webrtc::TimeDelta max_wait_duration, bool process_io) {
  return inner_->Wait(toNextStep(max_wait_duration), process_io);
}

void CoalescingSocketServer::WakeUp() {
  if (!WakeUpBatch::hold(*this)) inner_->WakeUp();
}

void CoalescingSocketServer::wakeUpNow() { inner_->WakeUp(); }

}  // namespace wx::rtc

#include "rtc/PlayoutAudioDevice.h"

#include <pthread.h>

#include <array>
#include <chrono>

namespace wx::rtc {
namespace {

constexpr int kRate = 48000;
constexpr size_t kFrames = kRate / 100;  // 10 ms
constexpr auto kPeriod = std::chrono::milliseconds(10);

}  // namespace

PlayoutAudioDevice::~PlayoutAudioDevice() { Terminate(); }

int32_t PlayoutAudioDevice::RegisterAudioCallback(::webrtc::AudioTransport* transport) {
  // Waits for a pull in progress, so the old transport is not used after.
  std::lock_guard lock(mutex_);
  transport_ = transport;
  return 0;
}

int32_t PlayoutAudioDevice::PlayoutIsAvailable(bool* available) {
  *available = true;
  return 0;
}

int32_t PlayoutAudioDevice::StartPlayout() {
  std::lock_guard lock(mutex_);
  if (stopping_) return -1;
  playing_ = true;
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  changed_.notify_all();
  return 0;
}

int32_t PlayoutAudioDevice::StopPlayout() {
  std::lock_guard lock(mutex_);
  playing_ = false;
  return 0;
}

int32_t PlayoutAudioDevice::Terminate() {
  {
    std::lock_guard lock(mutex_);
    playing_ = false;
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  return 0;
}

void PlayoutAudioDevice::run() {
  pthread_setname_np(pthread_self(), "rtc-audio-out");
  using SteadyClock = std::chrono::steady_clock;
  std::array<int16_t, kFrames> mix{};  // mono: nobody listens to it
  std::unique_lock lock(mutex_);
  auto next = SteadyClock::now();
  while (!stopping_) {
    if (!playing_) {
      changed_.wait(lock, [&] { return stopping_ || playing_.load(); });
      next = SteadyClock::now();
      continue;
    }
    if (changed_.wait_until(lock, next, [&] { return stopping_; })) break;
    next += kPeriod;
    // After a long stall, skip ahead rather than burst: late audio is stale.
    if (SteadyClock::now() - next > 10 * kPeriod) next = SteadyClock::now();
    if (!transport_ || !playing_) continue;
    size_t written = 0;
    int64_t elapsedMs = 0;
    int64_t ntpMs = 0;
    // Mixing decodes every remote audio stream; their sinks fire in here.
    transport_->NeedMorePlayData(kFrames, sizeof(int16_t), 1, kRate, mix.data(), written,
                                 &elapsedMs, &ntpMs);
  }
}

}  // namespace wx::rtc

// The client half of datachannel-buffer-limits as a class: send N MiB in
// chunks, receive it back, time both ways. Used by the native CLI and the
// load generator's throughput benchmark.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>

#include "client/ConnectionClient.h"
#include "common/ChangeNotifier.h"

namespace wx::examples::datachannel_buffer_limits {

struct TransferResult {
  uint64_t bytes = 0;     // sent, and received back
  double uploadMs = 0;    // as the server timed it: #START to #STOP
  double downloadMs = 0;  // as we timed it: its #START to its #STOP
  double queueMs = 0;     // the server's time to queue the echo
  double uploadMbps() const { return mbps(uploadMs); }
  double downloadMbps() const { return mbps(downloadMs); }

 private:
  double mbps(double ms) const { return ms > 0 ? static_cast<double>(bytes) * 8 / ms / 1000 : 0; }
};

class Transfer {
 public:
  // Connects and waits (up to 10 s) for the server's "#READY" on the channel.
  // Throws client::ClientError.
  explicit Transfer(client::ConnectionClient& client);
  ~Transfer();

  // Sends `mib` MiB in `chunkKiB` chunks, waits for the echo. Blocking;
  // throws client::ClientError on a stall (nothing moves for 10 s) or close.
  TransferResult run(uint64_t mib, size_t chunkKiB);

 private:
  // Shared with the channel's handlers (signaling thread), held weakly there.
  struct State : common::ChangeNotifier {
    std::shared_ptr<rtc::DataChannel> channel;
    bool ready = false;  // the server said "#READY": its channel is open
    bool closed = false;
    bool drained = false;  // bufferedAmount fell to the low-water mark
    bool echoStarted = false;
    bool echoStopped = false;
    uint64_t echoed = 0;
    double uploadMs = 0;
    double queueMs = 0;
    std::chrono::steady_clock::time_point echoStartedAt;
    std::chrono::steady_clock::time_point echoStoppedAt;
    uint64_t events = 0;  // bumped by every change: a transfer that moves is not stalled

    template <typename F>
    void change(F f) {
      ChangeNotifier::change([&] {
        f();
        ++events;
      });
    }
  };
  static void onMessage(State& s, const rtc::DataChannelMessage& message);
  // Waits for `done` (under the lock); throws when the channel closes or
  // nothing happens for 10 s.
  template <typename Done>
  void waitFor(std::unique_lock<std::mutex>& lock, const char* what, Done done);

  std::shared_ptr<State> state_ = std::make_shared<State>();
  std::unique_ptr<client::ClientConnection> connection_;
};

}  // namespace wx::examples::datachannel_buffer_limits

// Keeps a peer told about some state of ours: on every `everyTicks`-th tick
// of a clock, asks `describe()` (which may also act: it runs on our thread)
// and sends the answer on `channel` if the channel is open, the answer is
// not empty (empty: nothing to say), and, with Repeat::WhenChanged, it
// differs from the last one sent. Sending
// waits for libwebrtc's signaling thread, so it happens on the clock's
// thread, never in a libwebrtc callback. Stops when destroyed.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/FramePacer.h"
#include "rtc/DataChannel.h"

namespace wx::common {

class StatusChannel {
 public:
  enum class Repeat { WhenChanged, Always };

  StatusChannel(const std::shared_ptr<FramePacer>& clock, std::shared_ptr<rtc::DataChannel> channel,
                std::function<std::string()> describe, int everyTicks,
                Repeat repeat = Repeat::WhenChanged)
      : channel_(std::move(channel)),
        describe_(std::move(describe)),
        every_(everyTicks),
        repeat_(repeat) {
    ticking_ = clock->subscribe([this] { tick(); });
  }

 private:
  void tick() {
    if (++ticks_ % every_ != 0) return;
    std::string now = describe_();
    if (now.empty() || (repeat_ == Repeat::WhenChanged && now == sent_)) return;
    if (channel_->isOpen() && channel_->send(now)) sent_ = std::move(now);
  }

  std::shared_ptr<rtc::DataChannel> channel_;
  std::function<std::string()> describe_;
  int every_;
  Repeat repeat_;
  int ticks_ = 0;
  std::string sent_;
  std::unique_ptr<FramePacer::Subscription> ticking_;  // last: destroyed first
};

}  // namespace wx::common

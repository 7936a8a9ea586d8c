// Internal (includes libwebrtc): a TaskQueueFactory whose queues share a
// fixed set of threads. libwebrtc's default factory gives every queue its
// own thread, and every peer connection makes two queues (the paced sender
// and the RTP send controller): 2,000 peers would mean 4,000 threads. (With
// FieldTrials.h those two run on the worker thread; the audio and video
// encoder and decoder queues remain, one or two per stream.)
//
// Each queue still runs its tasks one at a time and in order, and
// TaskQueueBase::Current() names it while one of its tasks runs, as
// libwebrtc requires.
//
// Audio encoder queues have a thread of their own, `rtc-audio-enc`: one
// audio tick then wakes it once for every stream's frame (FramePacer holds
// the wake-ups, WakeUpBatch.h), and it holds back its own wake-ups of the
// network thread until it has encoded them all, so that thread also wakes
// once a tick instead of once a packet. Opus at 20 ms costs tens of
// microseconds a frame: one thread encodes hundreds of streams.
#pragma once

#include <memory>

#include "api/task_queue/task_queue_factory.h"

namespace wx::rtc {

class SharedTaskQueueFactory : public ::webrtc::TaskQueueFactory {
 public:
  // `threads` workers run every queue's tasks and keep time for the
  // delayed ones.
  explicit SharedTaskQueueFactory(size_t threads);
  ~SharedTaskQueueFactory() override;

  std::unique_ptr<::webrtc::TaskQueueBase, ::webrtc::TaskQueueDeleter> CreateTaskQueue(
      absl::string_view name, Priority priority) const override;

  struct Pool;

 private:
  // The name libwebrtc gives each audio stream's encoder queue (ChannelSend).
  static constexpr absl::string_view kAudioEncoderQueue = "AudioEncoder";

  std::shared_ptr<Pool> pool_;
  std::shared_ptr<Pool> audioPool_;  // one thread; batches wake-ups
};

}  // namespace wx::rtc

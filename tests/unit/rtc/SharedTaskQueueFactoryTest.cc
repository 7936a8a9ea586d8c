#include <gtest/gtest.h>
#include <pthread.h>

#include <future>
#include <string>

#include "rtc/SharedTaskQueueFactory.h"
#include "rtc/WakeUpBatch.h"

namespace wx::rtc {
namespace {

using Queue = std::unique_ptr<::webrtc::TaskQueueBase, ::webrtc::TaskQueueDeleter>;

Queue makeQueue(const SharedTaskQueueFactory& factory, const char* name) {
  return factory.CreateTaskQueue(name, ::webrtc::TaskQueueFactory::Priority::NORMAL);
}

// The name of the thread that runs a task posted to `queue`, and whether
// the queue was current while it ran.
std::pair<std::string, bool> runOn(::webrtc::TaskQueueBase& queue) {
  std::promise<std::pair<std::string, bool>> ran;
  queue.PostTask([&] {
    char name[16] = {};
    pthread_getname_np(pthread_self(), name, sizeof name);
    ran.set_value({name, queue.IsCurrent()});
  });
  return ran.get_future().get();
}

TEST(SharedTaskQueueFactory, AudioEncodersShareOneThreadOfTheirOwn) {
  SharedTaskQueueFactory factory(2);
  Queue first = makeQueue(factory, "AudioEncoder");
  Queue second = makeQueue(factory, "AudioEncoder");
  Queue other = makeQueue(factory, "EncoderQueue");
  EXPECT_EQ(runOn(*first), std::pair(std::string("rtc-audio-enc"), true));
  EXPECT_EQ(runOn(*second), std::pair(std::string("rtc-audio-enc"), true));
  EXPECT_EQ(runOn(*other), std::pair(std::string("rtc-queues"), true));
}

TEST(SharedTaskQueueFactory, APostInAWakeUpBatchRunsOnceFlushed) {
  SharedTaskQueueFactory factory(2);
  Queue queue = makeQueue(factory, "AudioEncoder");
  std::promise<void> ran;
  WakeUpBatch batch;
  queue->PostTask([&] { ran.set_value(); });
  EXPECT_TRUE(batch.holding());
  batch.flush();
  ran.get_future().get();  // hangs if the flush did not wake the worker
}

TEST(SharedTaskQueueFactory, DelayedTasksRunInOrderOfTheirSteps) {
  SharedTaskQueueFactory factory(2);
  Queue queue = makeQueue(factory, "rtp_send_controller");
  std::promise<std::string> done;
  std::string order;
  queue->PostDelayedTask([&] { order += "b"; }, ::webrtc::TimeDelta::Millis(12));
  queue->PostDelayedTask(
      [&] {
        order += "c";
        done.set_value(order);
      },
      ::webrtc::TimeDelta::Millis(20));
  queue->PostTask([&] { order += "a"; });
  EXPECT_EQ(done.get_future().get(), "abc");
}

}  // namespace
}  // namespace wx::rtc

// ping-pong, native client half: sends "ping" every interval and prints each
// pong with its round-trip time. Exits 0 only if every ping came back.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "ping-pong/example.h"

namespace wx::examples::ping_pong {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int count = 5;
  int intervalMs = 1000;
};

// What the data channel's handlers (signaling thread) tell the main thread.
struct Channel {
  std::mutex mutex;
  std::condition_variable changed;
  std::shared_ptr<rtc::DataChannel> channel;
  bool open = false;
  bool closed = false;
  int pongs = 0;
};

int run(client::ConnectionClient& client, const Options& options) {
  constexpr auto kOpenTimeout = std::chrono::seconds(10);
  constexpr auto kPongTimeout = std::chrono::seconds(2);
  auto state = std::make_shared<Channel>();
  std::weak_ptr<Channel> weak = state;

  auto connection = client.connect([weak](rtc::PeerConnection& pc) {
    pc.onDataChannel([weak](std::shared_ptr<rtc::DataChannel> channel) {
      auto s = weak.lock();
      if (!s || channel->label() != "ping-pong") return;
      channel->onOpen([weak] {
        if (auto s = weak.lock()) {
          std::lock_guard lock(s->mutex);
          s->open = true;
          s->changed.notify_all();
        }
      });
      channel->onClose([weak] {
        if (auto s = weak.lock()) {
          std::lock_guard lock(s->mutex);
          s->closed = true;
          s->changed.notify_all();
        }
      });
      channel->onMessage([weak](const rtc::DataChannelMessage& message) {
        auto s = weak.lock();
        if (!s || message.data != "pong") return;
        std::lock_guard lock(s->mutex);
        ++s->pongs;
        s->changed.notify_all();
      });
      std::lock_guard lock(s->mutex);
      s->channel = std::move(channel);
    });
  });
  std::printf("connection %s: waiting for the ping-pong channel\n", connection->id().c_str());

  std::unique_lock lock(state->mutex);
  if (!state->changed.wait_for(lock, kOpenTimeout, [&] { return state->open; })) {
    std::fprintf(stderr, "error: the ping-pong channel did not open within 10 s\n");
    return 1;
  }
  int received = 0;
  for (int i = 1; i <= options.count; ++i) {
    auto sent = Clock::now();
    // Never call libwebrtc while holding a lock its callbacks take: send()
    // waits for the signaling thread, which may be waiting for this lock.
    lock.unlock();
    state->channel->send("ping");
    lock.lock();
    bool back = state->changed.wait_for(lock, kPongTimeout,
                                        [&] { return state->pongs >= i || state->closed; });
    if (!back || state->pongs < i) {
      std::fprintf(stderr, "error: no pong for ping %d within 2 s\n", i);
      break;
    }
    ++received;
    double rttMs = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
    std::printf("pong %d/%d  rtt %.3f ms\n", i, options.count, rttMs);
    std::fflush(stdout);
    if (i < options.count) {
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(options.intervalMs));  // pacing
      lock.lock();
    }
  }
  lock.unlock();
  connection->close();
  std::printf("%d of %d pongs received\n", received, options.count);
  return received == options.count ? 0 : 1;
}

}  // namespace

NativeClient nativeClient() {
  auto options = std::make_shared<Options>();
  return {
      [options](CLI::App& command) {
        command.add_option("--count", options->count, "pings to send")->check(CLI::PositiveNumber);
        command.add_option("--interval-ms", options->intervalMs, "time between pings")
            ->check(CLI::NonNegativeNumber);
      },
      [options](client::ConnectionClient& client) { return run(client, *options); },
  };
}

}  // namespace wx::examples::ping_pong

// ping-pong, native client half: sends "ping" every interval and prints each
// pong with its round-trip time. Exits 0 only if every ping came back.
#include <cstdio>
#include <thread>

#include "ping-pong/Pinger.h"
#include "ping-pong/example.h"

namespace wx::examples::ping_pong {
namespace {

struct Options {
  int count = 5;
  int intervalMs = 1000;

  void addTo(CLI::App& command) {
    command.add_option("--count", count, "pings to send")->check(CLI::PositiveNumber);
    command.add_option("--interval-ms", intervalMs, "time between pings")
        ->check(CLI::NonNegativeNumber);
  }
};

int run(client::ConnectionClient& client, const Options& options) {
  constexpr auto kPongTimeout = std::chrono::seconds(2);
  Pinger pinger(client);
  std::printf("connection %s: ping-pong channel open\n", pinger.id().c_str());
  int received = 0;
  for (int i = 1; i <= options.count; ++i) {
    auto rtt = pinger.ping(kPongTimeout);
    if (!rtt) {
      std::fprintf(stderr, "error: no pong for ping %d within 2 s\n", i);
      break;
    }
    ++received;
    std::printf("pong %d/%d  rtt %.3f ms\n", i, options.count,
                std::chrono::duration<double, std::milli>(*rtt).count());
    std::fflush(stdout);
    if (i < options.count)
      std::this_thread::sleep_for(std::chrono::milliseconds(options.intervalMs));
  }
  pinger.close();
  std::printf("%d of %d pongs received\n", received, options.count);
  return received == options.count ? 0 : 1;
}

}  // namespace

NativeClient nativeClient() { return makeNativeClient<Options>(run); }

}  // namespace wx::examples::ping_pong

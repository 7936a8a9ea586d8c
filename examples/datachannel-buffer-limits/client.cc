// datachannel-buffer-limits, native client half: sends --mib MiB in
// --chunk-kib KiB chunks, gets them back, prints both rates.
#include <cstdio>

#include "datachannel-buffer-limits/Transfer.h"
#include "datachannel-buffer-limits/example.h"

namespace wx::examples::datachannel_buffer_limits {
namespace {

struct Options {
  uint64_t mib = 16;
  size_t chunkKiB = 64;

  void addTo(CLI::App& command) {
    command.add_option("--mib", mib, "MiB to send and get back")->check(CLI::Range(1, 4096));
    command.add_option("--chunk-kib", chunkKiB, "chunk size in KiB")
        ->check(CLI::Range(size_t{1}, kMaxChunkKiB));
  }
};

int run(client::ConnectionClient& client, const Options& options) {
  Transfer transfer(client);
  std::printf("sending %llu MiB in %zu KiB chunks\n", static_cast<unsigned long long>(options.mib),
              options.chunkKiB);
  TransferResult result = transfer.run(options.mib, options.chunkKiB);
  std::printf("upload:   %8.1f Mbit/s  (%.0f ms, timed by the server)\n", result.uploadMbps(),
              result.uploadMs);
  std::printf("download: %8.1f Mbit/s  (%.0f ms; the server queued it in %.0f ms)\n",
              result.downloadMbps(), result.downloadMs, result.queueMs);
  return 0;
}

}  // namespace

NativeClient nativeClient() { return makeNativeClient<Options>(run); }

}  // namespace wx::examples::datachannel_buffer_limits

// throughput: data-channel echo rates through datachannel-buffer-limits, and
// whether the server's memory stays bounded while it echoes.
#include <cstdio>
#include <vector>

#include "Benchmarks.h"
#include "ProcessUse.h"
#include "Stats.h"
#include "datachannel-buffer-limits/Transfer.h"

namespace wx::bench {

int throughput(const Target& target, uint64_t mib, size_t chunkKiB, int runs, int serverPid) {
  client::ConnectionClient client(target.factory, {target.url, "/datachannel-buffer-limits"});
  if (serverPid > 0) printUse("before", readProcess(serverPid));
  examples::datachannel_buffer_limits::Transfer transfer(client);
  std::vector<double> up;
  std::vector<double> down;
  for (int i = 0; i < runs; ++i) {
    auto result = transfer.run(mib, chunkKiB);
    up.push_back(result.uploadMbps());
    down.push_back(result.downloadMbps());
  }
  std::printf("%llu MiB echoed in %zu KiB chunks, %d runs\n", static_cast<unsigned long long>(mib),
              chunkKiB, runs);
  print("upload (server-timed)", "Mbit/s", up);
  print("download (client-timed)", "Mbit/s", down);
  if (serverPid > 0) printUse("after", readProcess(serverPid));
  return 0;
}

}  // namespace wx::bench

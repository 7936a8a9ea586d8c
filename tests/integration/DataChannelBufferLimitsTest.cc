// datachannel-buffer-limits end to end: the bytes go up and come back, and
// nothing stalls when far more than libwebrtc's 16 MiB queue is sent.
#include <gtest/gtest.h>

#include "datachannel-buffer-limits/Transfer.h"
#include "datachannel-buffer-limits/example.h"
#include "integration/TestServer.h"

namespace wx::testing {
namespace {

using examples::datachannel_buffer_limits::Transfer;
using examples::datachannel_buffer_limits::TransferResult;

TEST(DataChannelBufferLimitsTest, EchoesEveryByteAndReportsBothTimes) {
  TestServer server;
  auto client = server.clientFor("datachannel-buffer-limits");
  Transfer transfer(client);
  TransferResult result = transfer.run(4, 64);
  EXPECT_EQ(result.bytes, 4u * 1024 * 1024);
  EXPECT_GT(result.uploadMbps(), 0);
  EXPECT_GT(result.downloadMbps(), 0);
}

TEST(DataChannelBufferLimitsTest, MoreThanLibwebrtcsQueueCompletesInSmallAndLargeChunks) {
  TestServer server;
  auto client = server.clientFor("datachannel-buffer-limits");
  Transfer transfer(client);
  // 24 MiB: past the 16 MiB at which libwebrtc closes an overfull channel.
  EXPECT_EQ(transfer.run(24, 16).bytes, 24u * 1024 * 1024);
  EXPECT_EQ(transfer.run(24, 256).bytes, 24u * 1024 * 1024);
}

TEST(DataChannelBufferLimitsTest, NativeClientPrintsRatesAndExitsZero) {
  TestServer server;
  auto client = server.clientFor("datachannel-buffer-limits");
  EXPECT_EQ(runNativeClient(examples::datachannel_buffer_limits::nativeClient(), client,
                            {"--mib", "2", "--chunk-kib", "32"}),
            0);
}

TEST(DataChannelBufferLimitsTest, RejectsChunksOverTheMessageSizeLimit) {
  TestServer server;
  auto client = server.clientFor("datachannel-buffer-limits");
  Transfer transfer(client);
  EXPECT_THROW(transfer.run(1, 257), client::ClientError);
  EXPECT_THROW(transfer.run(1, 0), client::ClientError);
}

}  // namespace
}  // namespace wx::testing

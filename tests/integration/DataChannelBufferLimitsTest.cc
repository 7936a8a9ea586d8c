// datachannel-buffer-limits end to end: the bytes go up and come back, and
// nothing stalls when far more than libwebrtc's 16 MiB queue is sent.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "datachannel-buffer-limits/Transfer.h"
#include "datachannel-buffer-limits/example.h"
#include "integration/TestServer.h"

namespace wx::testing {
namespace {

using examples::datachannel_buffer_limits::Transfer;
using examples::datachannel_buffer_limits::TransferResult;

// One sample of the server's /metrics, by its whole name with labels.
double metric(const TestServer& server, const std::string& series) {
  auto response = server.http().Get("/metrics");
  if (!response) return -1;
  std::smatch match;
  const std::regex line("(^|\n)" + std::regex_replace(series, std::regex(R"([{}"])"), R"(\$&)") +
                        " ([0-9.e+]+)");
  return std::regex_search(response->body, match, line) ? std::stod(match[2]) : -1;
}

TEST(DataChannelBufferLimitsTest, EchoesEveryByteAndReportsBothTimes) {
  TestServer server;
  auto client = server.clientFor("datachannel-buffer-limits");
  Transfer transfer(client);
  const std::string sent = R"(webrtc_examples_network_udp_packets_total{direction="sent"})";
  const std::string calls = "webrtc_examples_network_udp_send_calls_total";
  const double sentBefore = metric(server, sent), callsBefore = metric(server, calls);
  TransferResult result = transfer.run(4, 64);
  EXPECT_EQ(result.bytes, 4u * 1024 * 1024);
  EXPECT_GT(result.uploadMbps(), 0);
  EXPECT_GT(result.downloadMbps(), 0);

  // The echo's datagrams (4 MiB in about 1,200-byte SCTP packets, and the
  // SACKs of the upload) left several to a system call (CountingSocket.h).
  const double datagrams = metric(server, sent) - sentBefore;
  const double systemCalls = metric(server, calls) - callsBefore;
  EXPECT_GT(datagrams, 3500);
  EXPECT_GT(systemCalls, 0);
  EXPECT_LT(systemCalls, 0.8 * datagrams);
  EXPECT_EQ(metric(server, "webrtc_examples_network_udp_packets_dropped_total"), 0);
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

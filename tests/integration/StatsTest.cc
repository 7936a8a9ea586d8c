// Statistics end to end: GET /NAME/connections/ID/stats (W3C report, rates
// that move), the connection JSON's connectionState and selected candidate
// pair, and the native client's --stats.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

#include "client/RemoteChannel.h"
#include "integration/TestServer.h"
#include "ping-pong/example.h"
#include "sine-wave/ToneListener.h"

namespace wx::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

json get(TestServer& server, const std::string& path, int status = 200) {
  auto result = server.http().Get(path);
  EXPECT_TRUE(result) << path;
  if (!result) return nullptr;
  EXPECT_EQ(result->status, status) << path << ": " << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
  return json::parse(result->body, nullptr, /*allow_exceptions=*/false);
}

// The first stats object of `type` (and `kind`, if given) in a W3C report.
json ofType(const json& report, const std::string& type, const std::string& kind = "") {
  for (const auto& [id, stats] : report.items()) {
    if (stats.value("type", "") == type && (kind.empty() || stats.value("kind", "") == kind)) {
      return stats;
    }
  }
  return nullptr;
}

// Over loopback both ends are host candidates on 127.0.0.1, or for the
// answerer's side a peer-reflexive one (the native client does not wait for
// its candidates before answering).
void expectLoopbackPair(const json& pair) {
  ASSERT_TRUE(pair.is_object()) << pair.dump();
  for (const char* end : {"local", "remote"}) {
    const json& candidate = pair[end];
    EXPECT_TRUE(candidate["candidateType"] == "host" || candidate["candidateType"] == "prflx")
        << end << " " << candidate.dump();
    EXPECT_EQ(candidate["protocol"], "udp") << end;
    // libwebrtc withholds a peer-reflexive candidate's address.
    EXPECT_EQ(candidate["address"],
              candidate["candidateType"] == "prflx" ? json(nullptr) : json("127.0.0.1"))
        << end;
    EXPECT_GT(candidate["port"].get<int>(), 0) << end;
  }
  EXPECT_EQ(pair["local"]["candidateType"], "host");  // the server's own address
}

TEST(StatsTest, TheRouteGivesTheW3cReportAndRatesThatMove) {
  TestServer server;
  auto client = server.clientFor("sine-wave");
  examples::sine_wave::ToneListener listener(client, "frequency");
  ASSERT_NE(listener.waitForControl(10s), nullptr);  // connected: DTLS and SCTP done
  const std::string path = "/sine-wave/connections/" + listener.id() + "/stats";

  json first = get(server, path);
  ASSERT_TRUE(first.is_object());
  EXPECT_EQ(first["id"], listener.id());
  EXPECT_EQ(first["connectionState"], "connected");
  expectLoopbackPair(first["selectedCandidatePair"]);
  EXPECT_TRUE(first["intervalSeconds"].is_null());  // the first poll of this connection

  // W3C RTCStatsReport: keyed by ID, W3C type and member names.
  const json& report = first["report"];
  ASSERT_TRUE(report.is_object());
  std::set<std::string> types;
  // DOMHighResTimeStamp: milliseconds since the Unix epoch, as in browsers.
  const double nowMs =
      std::chrono::duration<double, std::milli>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  for (const auto& [id, stats] : report.items()) {
    EXPECT_EQ(stats["id"], id);
    ASSERT_TRUE(stats["timestamp"].is_number()) << id;
    EXPECT_NEAR(stats["timestamp"].get<double>(), nowMs, 60'000) << id;
    types.insert(stats["type"].get<std::string>());
  }
  for (const char* type : {"outbound-rtp", "candidate-pair", "local-candidate", "remote-candidate",
                           "data-channel", "transport", "codec"}) {
    EXPECT_TRUE(types.count(type)) << "no " << type << " in " << report.dump();
  }
  const json audioOut = ofType(report, "outbound-rtp", "audio");
  ASSERT_TRUE(audioOut.is_object());
  ASSERT_TRUE(audioOut["bytesSent"].is_number());
  EXPECT_EQ(ofType(report, "data-channel")["label"], "frequency");
  // Rates: one entry per stream, every rate null on the first poll.
  const json& outRate = first["rates"][audioOut["id"].get<std::string>()];
  EXPECT_EQ(outRate["type"], "outbound-rtp");
  EXPECT_EQ(outRate["kind"], "audio");
  EXPECT_TRUE(outRate.contains("sentBitsPerSecond"));
  EXPECT_TRUE(outRate["sentBitsPerSecond"].is_null());
  EXPECT_TRUE(first["summary"]["sentBitsPerSecond"].is_null());

  // Two more of the client's 200 ms analysis windows: at least 200 ms of the
  // server's audio arrived after the first poll.
  const uint64_t windows = listener.analyser().reading().windows;
  ASSERT_TRUE(listener.analyser().waitFor(
      [&](const common::ToneReading& r) { return r.windows >= windows + 2; }, 10s));

  json second = get(server, path);
  ASSERT_TRUE(second.is_object());
  ASSERT_TRUE(second["intervalSeconds"].is_number());
  EXPECT_GT(second["intervalSeconds"].get<double>(), 0);
  const json audioOutLater = second["report"][audioOut["id"].get<std::string>()];
  EXPECT_GT(audioOutLater["bytesSent"].get<double>(), audioOut["bytesSent"].get<double>());
  EXPECT_GT(audioOutLater["packetsSent"].get<double>(), audioOut["packetsSent"].get<double>());
  const json& rate = second["rates"][audioOut["id"].get<std::string>()];
  ASSERT_TRUE(rate["sentBitsPerSecond"].is_number()) << rate.dump();
  EXPECT_GT(rate["sentBitsPerSecond"].get<double>(), 0);
  // The whole path: Opus, RTCP and the channel, on the selected pair.
  const json& summary = second["summary"];
  ASSERT_TRUE(summary["sentBitsPerSecond"].is_number()) << summary.dump();
  EXPECT_GT(summary["sentBitsPerSecond"].get<double>(), 0);
  EXPECT_TRUE(summary["video"]["sent"].is_null());
  // From the report: libwebrtc withholds a peer-reflexive remote address.
  EXPECT_EQ(summary["candidatePair"]["local"]["candidateType"], "host");
  EXPECT_EQ(summary["candidatePair"]["local"]["address"], "127.0.0.1");
  EXPECT_EQ(summary["candidatePair"]["remote"]["protocol"], "udp");
}

TEST(StatsTest, TheConnectionJsonHasItsStateAndSelectedCandidatePair) {
  TestServer server;
  auto client = server.clientFor("ping-pong");
  client::RemoteChannel pongs("ping-pong");
  auto connection = client.connect([&](rtc::PeerConnection& pc) { pongs.attach(pc); });
  ASSERT_NE(pongs.waitOpen(10s), nullptr);
  const std::string path = "/ping-pong/connections/" + connection->id();

  json open = get(server, path);
  EXPECT_EQ(open["connectionState"], "connected");
  expectLoopbackPair(open["selectedCandidatePair"]);

  // The DELETE answer keeps the last pair; the state is closed.
  auto deleted = server.http().Delete(path);
  ASSERT_TRUE(deleted);
  json closed = json::parse(deleted->body);
  EXPECT_EQ(closed["connectionState"], "closed");
  EXPECT_EQ(closed["selectedCandidatePair"], open["selectedCandidatePair"]);
  get(server, path + "/stats", 404);
}

TEST(StatsTest, TheNativeClientPrintsBothSidesOnceASecond) {
  TestServer server;
  client::ConnectionClientOptions options = server.clientFor("ping-pong").options();
  options.printStats = true;
  client::ConnectionClient client(clientFactory(), options);
  ::testing::internal::CaptureStdout();
  // Three pings a second apart: the connection lives at least 2 s.
  const int status = runNativeClient(examples::ping_pong::nativeClient(), client,
                                     {"--count", "3", "--interval-ms", "1000"});
  const std::string output = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(status, 0) << output;
  const std::regex line(
      R"(stats  client: sent [^,]+, received [^,]+, lost [^,]+, rtt [^|]+ \| server: sent .*)");
  int lines = 0;
  bool measured = false;
  std::istringstream in(output);
  for (std::string text; std::getline(in, text);) {
    if (!text.starts_with("stats ")) continue;
    ++lines;
    EXPECT_TRUE(std::regex_match(text, line)) << text;
    // Once both sides had two reports: rates and the path on both sides.
    if (std::regex_search(text, std::regex(R"(client: sent \d.*path udp host 127\.0\.0\.1:\d+ -> )"
                                           R"(.*server: sent \d.*path udp host 127\.0\.0\.1)"))) {
      measured = true;
    }
  }
  EXPECT_GE(lines, 2) << output;
  EXPECT_TRUE(measured) << output;
}

}  // namespace
}  // namespace wx::testing

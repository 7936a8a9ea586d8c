#include <gtest/gtest.h>

#include "common/StatsRates.h"

namespace wx::common {
namespace {

using nlohmann::json;

// A report as libwebrtc gives one (keyed by ID, W3C names), at `ms`, after
// `bytes` each way, `lost` packets lost on the way in and `peerLost` on the
// way out (the peer's remote-inbound-rtp).
json report(double ms, double bytes, double lost, double peerLost) {
  return {
      {"T01",
       {{"id", "T01"},
        {"type", "transport"},
        {"timestamp", ms},
        {"selectedCandidatePairId", "CP1"}}},
      {"CP1",
       {{"id", "CP1"},
        {"type", "candidate-pair"},
        {"timestamp", ms},
        {"localCandidateId", "IL1"},
        {"remoteCandidateId", "IR1"},
        {"bytesSent", bytes},
        {"bytesReceived", 2 * bytes},
        {"currentRoundTripTime", 0.002}}},
      {"IL1",
       {{"id", "IL1"},
        {"type", "local-candidate"},
        {"timestamp", ms},
        {"candidateType", "host"},
        {"protocol", "udp"},
        {"address", "127.0.0.1"},
        {"port", 50000}}},
      {"IR1",
       {{"id", "IR1"},
        {"type", "remote-candidate"},
        {"timestamp", ms},
        {"candidateType", "prflx"},
        {"protocol", "udp"},
        {"port", 61000}}},
      {"OT01V1",
       {{"id", "OT01V1"},
        {"type", "outbound-rtp"},
        {"kind", "video"},
        {"timestamp", ms},
        {"bytesSent", bytes},
        {"framesPerSecond", 30},
        {"frameWidth", 640},
        {"frameHeight", 480}}},
      {"RI01V1",
       {{"id", "RI01V1"},
        {"type", "remote-inbound-rtp"},
        {"kind", "video"},
        {"timestamp", ms},
        {"localId", "OT01V1"},
        {"packetsLost", peerLost}}},
      {"IT01A2",
       {{"id", "IT01A2"},
        {"type", "inbound-rtp"},
        {"kind", "audio"},
        {"timestamp", ms},
        {"bytesReceived", bytes},
        {"packetsLost", lost}}},
      {"D1",
       {{"id", "D1"},
        {"type", "data-channel"},
        {"timestamp", ms},
        {"bytesSent", bytes / 2},
        {"bytesReceived", bytes / 4}}},
  };
}

TEST(StatsRatesTest, TheFirstReportHasEveryRateNull) {
  StatsRates rates;
  json first = rates.update(report(1000, 1000, 0, 0));
  EXPECT_FALSE(rates.intervalSeconds());
  ASSERT_EQ(first.size(), 4u) << first.dump();  // CP1, OT01V1, IT01A2, D1
  for (const auto& [id, rate] : first.items()) {
    for (const auto& [name, value] : rate.items()) {
      if (name != "type" && name != "kind") {
        EXPECT_TRUE(value.is_null()) << id << " " << name;
      }
    }
  }
}

TEST(StatsRatesTest, RatesArePerSecondSinceThePreviousReport) {
  StatsRates rates;
  rates.update(report(1000, 1000, 2, 1));
  // Half a second later: 500 bytes more each way is 8,000 bit/s.
  json second = rates.update(report(1500, 1500, 5, 4));
  ASSERT_TRUE(rates.intervalSeconds());
  EXPECT_DOUBLE_EQ(*rates.intervalSeconds(), 0.5);
  struct Case {
    const char* id;
    const char* rate;
    double expected;
  };
  for (const Case& c :
       {Case{"CP1", "sentBitsPerSecond", 8000}, Case{"CP1", "receivedBitsPerSecond", 16000},
        Case{"OT01V1", "sentBitsPerSecond", 8000},
        Case{"OT01V1", "packetsLostPerSecond", 6},  // the peer's count
        Case{"IT01A2", "receivedBitsPerSecond", 8000}, Case{"IT01A2", "packetsLostPerSecond", 6},
        Case{"D1", "sentBitsPerSecond", 4000}, Case{"D1", "receivedBitsPerSecond", 2000}}) {
    ASSERT_TRUE(second[c.id][c.rate].is_number()) << c.id << " " << c.rate << second.dump();
    EXPECT_DOUBLE_EQ(second[c.id][c.rate].get<double>(), c.expected) << c.id << " " << c.rate;
  }
  EXPECT_EQ(second["OT01V1"]["kind"], "video");
  EXPECT_FALSE(second["OT01V1"].contains("receivedBitsPerSecond"));
  EXPECT_FALSE(second["IT01A2"].contains("sentBitsPerSecond"));
}

TEST(StatsRatesTest, AStreamNewSinceThePreviousReportHasNullRates) {
  StatsRates rates;
  json first = report(1000, 1000, 0, 0);
  first.erase("IT01A2");
  rates.update(first);
  json second = rates.update(report(2000, 2000, 0, 0));
  EXPECT_TRUE(second["IT01A2"]["receivedBitsPerSecond"].is_null());
  EXPECT_TRUE(second["CP1"]["sentBitsPerSecond"].is_number());
}

TEST(StatsRatesTest, TheSummaryTakesTheSelectedPairAndTheVideo) {
  StatsRates rates;
  rates.update(report(1000, 1000, 0, 0));
  json current = report(2000, 2000, 3, 0);
  json summary = summarize(current, rates.update(current));
  EXPECT_DOUBLE_EQ(summary["sentBitsPerSecond"].get<double>(), 8000);
  EXPECT_DOUBLE_EQ(summary["receivedBitsPerSecond"].get<double>(), 16000);
  EXPECT_DOUBLE_EQ(summary["packetsLostPerSecond"].get<double>(), 3);
  EXPECT_DOUBLE_EQ(summary["roundTripTime"].get<double>(), 0.002);
  EXPECT_EQ(summary["video"]["sent"],
            json({{"framesPerSecond", 30}, {"frameWidth", 640}, {"frameHeight", 480}}));
  EXPECT_TRUE(summary["video"]["received"].is_null());
  EXPECT_EQ(summary["candidatePair"]["local"], json({{"candidateType", "host"},
                                                     {"protocol", "udp"},
                                                     {"address", "127.0.0.1"},
                                                     {"port", 50000}}));
  // libwebrtc withholds a peer-reflexive candidate's address.
  EXPECT_TRUE(summary["candidatePair"]["remote"]["address"].is_null());
  EXPECT_EQ(formatSummary(summary),
            "sent 8.0 kbit/s, received 16.0 kbit/s, lost 3.0/s, rtt 2.0 ms, video sent 30 fps "
            "640x480, path udp host 127.0.0.1:50000 -> udp prflx ?:61000");
}

// libwebrtc counts a received stream's framesPerSecond from decoded frames;
// a relayed stream's delta frames are not decoded (rtc/PictureDemand.h), so
// the summary takes the rate of frames received.
TEST(StatsRatesTest, ReceivedVideoWithoutDecodedFramesHasItsReceivedFrameRate) {
  const auto withVideo = [](double ms, double frames) {
    json r = report(ms, ms, 0, 0);
    r["IT01V1"] = {{"id", "IT01V1"},    {"type", "inbound-rtp"}, {"kind", "video"},
                   {"timestamp", ms},   {"bytesReceived", ms},   {"framesReceived", frames},
                   {"frameWidth", 320}, {"frameHeight", 240}};
    return r;
  };
  StatsRates rates;
  rates.update(withVideo(1000, 100));
  json current = withVideo(1500, 115);
  json summary = summarize(current, rates.update(current));
  EXPECT_EQ(summary["video"]["received"],
            json({{"framesPerSecond", 30.0}, {"frameWidth", 320}, {"frameHeight", 240}}));
  // A decoded stream's own framesPerSecond wins.
  current = withVideo(2000, 130);
  current["IT01V1"]["framesPerSecond"] = 29;
  summary = summarize(current, rates.update(current));
  EXPECT_EQ(summary["video"]["received"]["framesPerSecond"], 29);
}

TEST(StatsRatesTest, AnEmptyReportSummarizesAsUnknowns) {
  StatsRates rates;
  json summary = summarize(json::object(), rates.update(json::object()));
  EXPECT_TRUE(summary["sentBitsPerSecond"].is_null());
  EXPECT_TRUE(summary["candidatePair"].is_null());
  EXPECT_EQ(formatSummary(summary), "sent -, received -, lost -, rtt -");
  EXPECT_EQ(formatSummary(json::object()), "sent -, received -, lost -, rtt -");
}

}  // namespace
}  // namespace wx::common

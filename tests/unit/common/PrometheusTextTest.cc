// The Prometheus text format (version 0.0.4) as /metrics writes it, and the
// histogram behind the offer latency: known answers.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include "common/Histogram.h"
#include "common/PrometheusText.h"

namespace wx::common {
namespace {

TEST(PrometheusTextTest, FormatsValuesAsTheFormatSpellsThem) {
  struct Case {
    double value;
    const char* text;
  };
  const Case cases[] = {
      {0, "0"},
      {3, "3"},
      {0.005, "0.005"},
      {2.5, "2.5"},
      {123456789, "123456789"},
      {std::numeric_limits<double>::infinity(), "+Inf"},
      {-std::numeric_limits<double>::infinity(), "-Inf"},
      {std::nan(""), "NaN"},
  };
  for (const Case& c : cases) EXPECT_EQ(PrometheusText::formatValue(c.value), c.text) << c.text;
}

TEST(PrometheusTextTest, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(PrometheusText::escapeLabelValue("plain-name"), "plain-name");
  EXPECT_EQ(PrometheusText::escapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(PrometheusText::escapeHelp("one\\two\nthree \"q\""), "one\\\\two\\nthree \"q\"");
}

TEST(PrometheusTextTest, WritesFamiliesAndSamples) {
  PrometheusText out;
  out.family("webrtc_examples_connections", "gauge", "Open connections.");
  out.sample("webrtc_examples_connections", {{"example", "ping-pong"}, {"state", "new"}}, 2);
  out.family("process_threads", "gauge", "Threads.");
  out.sample("process_threads", {}, 7);
  EXPECT_EQ(out.text(),
            "# HELP webrtc_examples_connections Open connections.\n"
            "# TYPE webrtc_examples_connections gauge\n"
            "webrtc_examples_connections{example=\"ping-pong\",state=\"new\"} 2\n"
            "# HELP process_threads Threads.\n"
            "# TYPE process_threads gauge\n"
            "process_threads 7\n");
}

TEST(PrometheusTextTest, WritesAHistogramWithCumulativeBuckets) {
  Histogram histogram({0.01, 0.1, 1});
  histogram.observe(0.005);  // <= 0.01
  histogram.observe(0.01);   // a bound is inclusive (le)
  histogram.observe(0.5);    // <= 1
  histogram.observe(7);      // +Inf only
  PrometheusText out;
  out.histogram("offer_seconds", {{"example", "x"}}, histogram.snapshot());
  EXPECT_EQ(out.text(),
            "offer_seconds_bucket{example=\"x\",le=\"0.01\"} 2\n"
            "offer_seconds_bucket{example=\"x\",le=\"0.1\"} 2\n"
            "offer_seconds_bucket{example=\"x\",le=\"1\"} 3\n"
            "offer_seconds_bucket{example=\"x\",le=\"+Inf\"} 4\n"
            "offer_seconds_sum{example=\"x\"} 7.515\n"
            "offer_seconds_count{example=\"x\"} 4\n");
}

TEST(HistogramTest, CountsEveryObservationFromManyThreads) {
  Histogram histogram({1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&histogram] {
      for (int i = 0; i < 10'000; ++i) histogram.observe(i % 2 ? 0.5 : 2.0);
    });
  }
  for (auto& thread : threads) thread.join();
  const Histogram::Snapshot snapshot = histogram.snapshot();
  EXPECT_EQ(snapshot.count, 40'000u);
  EXPECT_EQ(snapshot.cumulativeCounts.at(0), 20'000u);
  EXPECT_DOUBLE_EQ(snapshot.sum, 20'000 * 0.5 + 20'000 * 2.0);
}

}  // namespace
}  // namespace wx::common

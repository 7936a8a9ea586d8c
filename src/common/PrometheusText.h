// Writes the Prometheus text exposition format, version 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/): for each
// metric family a "# HELP" and a "# TYPE" line, then its samples
// `name{label="value",...} number`. Debian has no C++ Prometheus client, and
// this is all a scrape needs.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/Histogram.h"

namespace wx::common {

class PrometheusText {
 public:
  static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

  using Labels = std::vector<std::pair<std::string_view, std::string_view>>;

  // Starts a family: `type` is "counter", "gauge" or "histogram".
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, const Labels& labels, double value);
  // NAME_bucket{...,le="..."} for each bound and +Inf, NAME_sum, NAME_count.
  void histogram(std::string_view name, const Labels& labels, const Histogram::Snapshot& snapshot);

  const std::string& text() const { return text_; }

  // A label value with \, " and newline escaped, as the format wants.
  static std::string escapeLabelValue(std::string_view value);
  // Shortest text that reads back as `value`; "+Inf", "-Inf", "NaN".
  static std::string formatValue(double value);
  // HELP text with \ and newline escaped.
  static std::string escapeHelp(std::string_view help);

 private:
  void writeLabels(const Labels& labels, std::string_view le = {});

  std::string text_;
};

}  // namespace wx::common

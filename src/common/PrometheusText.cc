#include "common/PrometheusText.h"

#include <fmt/format.h>

#include <cmath>

namespace wx::common {

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
  fmt::format_to(std::back_inserter(text_), "# HELP {} {}\n# TYPE {} {}\n", name, escapeHelp(help),
                 name, type);
}

void PrometheusText::sample(std::string_view name, const Labels& labels, double value) {
  text_ += name;
  writeLabels(labels);
  text_ += ' ';
  text_ += formatValue(value);
  text_ += '\n';
}

void PrometheusText::histogram(std::string_view name, const Labels& labels,
                               const Histogram::Snapshot& snapshot) {
  const std::string bucket = std::string(name) + "_bucket";
  for (size_t i = 0; i < snapshot.upperBounds.size(); ++i) {
    text_ += bucket;
    writeLabels(labels, formatValue(snapshot.upperBounds[i]));
    text_ += ' ';
    text_ += formatValue(static_cast<double>(snapshot.cumulativeCounts[i]));
    text_ += '\n';
  }
  text_ += bucket;
  writeLabels(labels, "+Inf");
  text_ += ' ';
  text_ += formatValue(static_cast<double>(snapshot.count));
  text_ += '\n';
  sample(std::string(name) + "_sum", labels, snapshot.sum);
  sample(std::string(name) + "_count", labels, static_cast<double>(snapshot.count));
}

void PrometheusText::writeLabels(const Labels& labels, std::string_view le) {
  if (labels.empty() && le.empty()) return;
  text_ += '{';
  bool first = true;
  for (const auto& [key, value] : labels) {
    if (!first) text_ += ',';
    first = false;
    text_ += key;
    text_ += "=\"";
    text_ += escapeLabelValue(value);
    text_ += '"';
  }
  if (!le.empty()) {
    if (!first) text_ += ',';
    text_ += "le=\"";
    text_ += le;
    text_ += '"';
  }
  text_ += '}';
}

std::string PrometheusText::escapeLabelValue(std::string_view value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string PrometheusText::escapeHelp(std::string_view help) {
  std::string escaped;
  for (char c : help) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string PrometheusText::formatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // fmt's shortest round trip: 3 -> "3", 0.005 -> "0.005".
  return fmt::format("{}", value);
}

}  // namespace wx::common

#include "common/ParseNumber.h"

#include <charconv>
#include <cmath>

namespace wx::common {

std::optional<double> parseNumberIn(std::string_view text, double min, double max) {
  // parseFloat skips leading white space and takes one sign; from_chars
  // takes a '-' but no '+', and no hexadecimal in the general format, as
  // parseFloat ("0x10" is 0 to both).
  const auto blank = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  if (text.starts_with('+')) {
    text.remove_prefix(1);
    if (text.starts_with('-')) return std::nullopt;
  }
  double value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  if (!std::isfinite(value) || value < min || value > max) return std::nullopt;
  return value;
}

}  // namespace wx::common

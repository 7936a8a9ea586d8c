#include "common/Log.h"

#include <spdlog/spdlog.h>

namespace wx::common {
namespace {
constexpr size_t kMaxLoggedBytes = 200;
}  // namespace

void setupLogging(const std::string& level) {
  spdlog::set_pattern("%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_level(spdlog::level::from_str(level));
}

std::string escapeForLog(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string escaped;
  for (size_t i = 0; i < text.size() && i < kMaxLoggedBytes; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\\' || c == '"') {
      escaped += '\\';
      escaped += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      escaped += "\\x";
      escaped += kHex[c >> 4];
      escaped += kHex[c & 0xf];
    } else {
      escaped += static_cast<char>(c);
    }
  }
  if (text.size() > kMaxLoggedBytes) escaped += "...";
  return escaped;
}

}  // namespace wx::common

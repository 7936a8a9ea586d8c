#include "common/Log.h"

#include <spdlog/spdlog.h>

namespace wx::common {

void setupLogging(const std::string& level) {
  spdlog::set_pattern("%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_level(spdlog::level::from_str(level));
}

}  // namespace wx::common

#pragma once

#include <string>

namespace wx::common {

// One format for every binary: time, level, message. `level` is an spdlog
// level name ("info", "warn", ...).
void setupLogging(const std::string& level);

}  // namespace wx::common

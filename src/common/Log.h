#pragma once

#include <string>
#include <string_view>

namespace wx::common {

// One format for every binary: time, level, message. `level` is an spdlog
// level name ("info", "warn", ...).
void setupLogging(const std::string& level);

// `text` with every byte outside printable ASCII as \xNN, quotes and
// backslashes escaped, cut at 200 bytes: safe to put in a log line. Use it
// for anything a peer or a client sent.
std::string escapeForLog(std::string_view text);

}  // namespace wx::common

// Control messages from peers (a frequency, a panning) arrive as text. This
// accepts a plain decimal number within a range and nothing else, so a bad
// message can be ignored instead of turning into NaN or a crash.
#pragma once

#include <optional>
#include <string_view>

namespace wx::common {

// "440", " 440.5 " -> the number, if min <= it <= max; "abc", "4e", "", NaN,
// infinities and out-of-range values -> nothing.
std::optional<double> parseNumberIn(std::string_view text, double min, double max);

}  // namespace wx::common

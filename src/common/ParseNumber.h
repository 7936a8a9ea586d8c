// Control messages from peers (a frequency, a panning) arrive as text. The
// original's servers read them with JavaScript's Number.parseFloat: the
// number at the start of the text, whatever follows. This reads the same
// number, and refuses what would have been NaN, an infinity or out of range,
// so a bad message is ignored instead of turning into NaN or a crash.
#pragma once

#include <optional>
#include <string_view>

namespace wx::common {

// "440", " 440.5 ", "440Hz", "4e2", "+5" -> 440, 440.5, 440, 400, 5, if
// min <= it <= max; "", "abc", "nan", "Infinity" and out-of-range values ->
// nothing.
std::optional<double> parseNumberIn(std::string_view text, double min, double max);

}  // namespace wx::common

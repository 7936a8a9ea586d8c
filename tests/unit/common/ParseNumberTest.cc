#include <gtest/gtest.h>

#include "common/ParseNumber.h"

namespace wx::common {
namespace {

// What Number.parseFloat reads, as the original's servers do.
TEST(ParseNumber, ReadsTheNumberAtTheStartAsParseFloatDoes) {
  EXPECT_EQ(parseNumberIn("440", 0, 24000), 440);
  EXPECT_EQ(parseNumberIn(" 440.5\n", 0, 24000), 440.5);
  EXPECT_EQ(parseNumberIn("0", 0, 100), 0);
  EXPECT_EQ(parseNumberIn("100", 0, 100), 100);
  EXPECT_EQ(parseNumberIn("440Hz", 0, 24000), 440);
  EXPECT_EQ(parseNumberIn("4e2", 0, 24000), 400);
  EXPECT_EQ(parseNumberIn("4e", 0, 24000), 4);
  EXPECT_EQ(parseNumberIn("+5", 0, 24000), 5);
  EXPECT_EQ(parseNumberIn(".5", 0, 24000), 0.5);
  EXPECT_EQ(parseNumberIn("1,5", 0, 24000), 1);
  EXPECT_EQ(parseNumberIn("0x10", 0, 24000), 0);
  EXPECT_EQ(parseNumberIn("440 880", 0, 24000), 440);
}

// Where parseFloat gives NaN or an infinity, or the value is out of range.
TEST(ParseNumber, RefusesWhatIsNotAFiniteNumberInRange) {
  for (const char* text : {"", " ", "abc", "nan", "NaN", "inf", "Infinity", "-Infinity", "-1",
                           "24001", "+-1", "--1", "{\"frequency\":440}", "1e400"}) {
    EXPECT_FALSE(parseNumberIn(text, 0, 24000)) << "'" << text << "'";
  }
}

}  // namespace
}  // namespace wx::common
